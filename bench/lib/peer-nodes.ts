/**
 * The nodes `npm run bench:peers` compares: ours (bin/ewasm-devnet.js), Hardhat 3 (`hardhat node`,
 * a dev dependency, when EDR's native binding loads) and Anvil (the npm package
 * `@foundry-rs/anvil-linux-amd64`, or ANVIL_BIN, when present). Each runs in its own process on a
 * free loopback port with the same mnemonic; startup is timed from spawn to the first answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/e2e/cli-node.ts';

export const MNEMONIC = 'test test test test test test test test test test test junk';
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

export interface PeerKind {
  readonly name: string;
  /** Why it cannot run here, or undefined when it can. */
  readonly missing?: string;
  command(port: number): { file: string; args: string[]; cwd: string };
}

export interface RunningNode {
  readonly url: string;
  readonly pid: number;
  readonly startupMs: number;
  stop(): Promise<void>;
}

function edrMissing(): string | undefined {
  try {
    require('@nomicfoundation/edr');
    return undefined;
  } catch (e) {
    return `EDR's native binding does not load (${(e as Error).message.split('\n')[0]}); npm test's pretest adds it`;
  }
}

function anvilBinary(): string | undefined {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  try {
    const bin = require.resolve('@foundry-rs/anvil-linux-amd64/bin/anvil');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

export function peerKinds(): PeerKind[] {
  const anvil = anvilBinary();
  return [
    {
      name: 'ewasm-devnet',
      command: (port) => ({ file: process.execPath, args: [`${REPO}bin/ewasm-devnet.js`, '--port', String(port), '--mnemonic', MNEMONIC, '--silent'], cwd: REPO }),
    },
    {
      name: 'Hardhat 3',
      missing: edrMissing(),
      command: (port) => ({ file: process.execPath, args: [`${REPO}node_modules/hardhat/dist/src/cli.js`, 'node', '--port', String(port), '--hostname', '127.0.0.1'], cwd: `${REPO}bench/peers` }),
    },
    {
      name: 'Anvil',
      missing: anvil ? undefined : 'not installed (npm install --no-save @foundry-rs/anvil-linux-amd64, or set ANVIL_BIN)',
      command: (port) => ({ file: anvil!, args: ['--port', String(port), '--host', '127.0.0.1', '--mnemonic', MNEMONIC, '--silent'], cwd: REPO }),
    },
  ];
}

export async function startNode(kind: PeerKind): Promise<RunningNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { file, args, cwd } = kind.command(port);
  const started = performance.now();
  const env = { ...process.env, HARDHAT_DISABLE_TELEMETRY: 'true', NO_COLOR: '1', PATH: `${REPO}node_modules/.bin:${process.env.PATH}` };
  const child: ChildProcess = spawn(file, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = started + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${kind.name} exited: ${stderr}`);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' });
      if (res.ok) {
        await res.arrayBuffer();
        return { url, pid: child.pid!, startupMs: performance.now() - started, stop };
      }
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  await stop();
  throw new Error(`${kind.name} did not answer within 60 s: ${stderr}`);
}

/** Resident memory of a process and its descendants, in MB (npx-style launchers count too). */
export function rssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* gone */ }
  }
  let kb = 0;
  const visit = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch { /* gone */ }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return kb / 1024;
}
