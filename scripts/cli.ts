/** The `ewasm-devnet` command line. */
import { runDeployer } from './deployer.ts';
import { NODE_USAGE, runNode } from './node.ts';
import { runExec } from './exec.ts';

const USAGE = `usage: ${NODE_USAGE}

       ewasm-devnet <command> [options]

commands:
  exec      run one Ewasm contract call (or constructor) in memory and print the result as JSON
            ewasm-devnet exec --code <file.wasm|file.wat|0xHEX> [--input 0x..] [--gas N] [--value N]
                              [--caller 0x..] [--address 0x..] [--storage FILE.json] [--deploy]
  deployer  wrap a runtime contract in the standard constructor that returns it, for --deploy
            ewasm-devnet deployer --code <file.wasm|file.wat|0xHEX> [--out FILE.wasm]
  build     compile AssemblyScript, WAT and Rust contracts to artifacts/<Name>.json (Hardhat's shape)
            ewasm-devnet build [paths…] [--out artifacts]   (default path: contracts)
  help      show this text
`;

const argv = process.argv.slice(2);
const [command, ...args] = argv;
switch (command) {
  case 'exec':
    process.exitCode = await runExec(args);
    break;
  case 'build': {
    // Loaded on demand: the compilers it pulls in (asc, binaryen) take seconds to load, and the
    // node's start must not wait for them.
    const { runBuild } = await import('./build.ts');
    process.exitCode = await runBuild(args);
    break;
  }
  case 'deployer':
    process.exitCode = await runDeployer(args);
    break;
  case 'help':
  case '--help':
  case '-h':
    process.stdout.write(USAGE);
    break;
  default:
    if (command === undefined || command.startsWith('-')) {
      process.exitCode = await runNode(argv);
      break;
    }
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
    process.exitCode = 2;
}
