#!/usr/bin/env node
// The `ewasm-devnet` command. Plain JavaScript so that any Node >= 20 can start it: the engine
// needs JSPI and TypeScript type stripping (Node 26), so an older Node re-runs this command under
// the Node 26 binary that the `node` npm package installed next to us.
//
// The process the user started must stay the node: whatever stops this launcher (Ctrl-C, SIGTERM,
// kill -9 from a test runner or process manager) must stop the child too, or it would keep the
// port and the data directory's lock. Signals we can catch are forwarded; kill -9 cannot be caught,
// so the child also holds an IPC channel to us and shuts down as soon as it closes (scripts/cli.ts),
// which the kernel does when this process dies, however it dies.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../scripts/cli.ts', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);
const ready = major >= 26 && typeof WebAssembly.Suspending === 'function';

if (ready) {
  await import(cli);
} else {
  let node;
  try {
    node = createRequire(import.meta.url).resolve('node/bin/node');
  } catch {
    console.error(`ewasm-devnet needs Node 26 or newer (this is ${process.version}); run 'npm install' to get it`);
    process.exit(1);
  }
  const child = spawn(node, [cli, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, EWASM_DEVNET_LAUNCHER_PID: String(process.pid) }, // scripts/lifeline.ts
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
