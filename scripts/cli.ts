/**
 * The `ewasm-devnet` command line. Each command imports its module when it runs: the node does not
 * load wabt and the one-shot executor it never uses (startup time is in bench/README.md).
 */
import { exitWithLauncher, releaseLauncher } from './lifeline.ts';

async function usage(): Promise<string> {
  return `usage: ${(await import('./node.ts')).NODE_USAGE}

       ewasm-devnet <command> [options]

commands:
  exec      run one Ewasm contract call (or constructor) in memory and print the result as JSON
            ewasm-devnet exec --code <file.wasm|file.wat|0xHEX> [--input 0x..] [--gas N] [--value N]
                              [--caller 0x..] [--address 0x..] [--storage FILE.json] [--deploy]
  deployer  wrap a runtime contract in the standard constructor that returns it, for --deploy
            ewasm-devnet deployer --code <file.wasm|file.wat|0xHEX> [--out FILE.wasm]
  profile   gas by function (EVM and Wasm frames) of a transaction or call on a running node:
            an SVG flame graph and the top functions as text
            ${(await import('./profile.ts')).PROFILE_USAGE}
  build     compile AssemblyScript, WAT and Rust contracts to artifacts/<Name>.json (Hardhat's shape)
            ewasm-devnet build [paths…] [--out artifacts]   (default path: contracts)
  help      show this text
`;
}

const argv = process.argv.slice(2);
const [command, ...args] = argv;
const serving = command === undefined || command.startsWith('-');
// The node shuts down gracefully when its launcher goes (scripts/node.ts); other commands just stop.
if (!serving) exitWithLauncher();
switch (command) {
  case 'exec':
    process.exitCode = await (await import('./exec.ts')).runExec(args);
    break;
  case 'build': {
    // Loaded on demand: the compilers it pulls in (asc, binaryen) take seconds to load, and the
    // node's start must not wait for them.
    const { runBuild } = await import('./build.ts');
    process.exitCode = await runBuild(args);
    break;
  }
  case 'deployer':
    process.exitCode = await (await import('./deployer.ts')).runDeployer(args);
    break;
  case 'profile':
    process.exitCode = await (await import('./profile.ts')).runProfile(args);
    break;
  case 'help':
  case '--help':
  case '-h':
    process.stdout.write(await usage());
    break;
  default:
    if (serving) {
      process.exitCode = await (await import('./node.ts')).runNode(argv);
      break;
    }
    process.stderr.write(`unknown command "${command}"\n\n${await usage()}`);
    process.exitCode = 2;
}
releaseLauncher();
