/**
 * `ewasm-devnet` (also `npm start`): starts the chain and its JSON-RPC server, with Anvil's flag
 * names, and prints the accounts and keys as Anvil does. Ctrl-C shuts down cleanly (a data
 * directory is flushed and closed).
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { bytesToHex, toChecksumAddress } from '@ethereumjs/util';
import { Devnet, NAME_VERSION } from '../node/devnet.ts';
import { DEFAULT_MNEMONIC, devAccounts, MnemonicError } from '../genesis/accounts.ts';
import { GenesisError, readGenesis } from '../genesis/genesis.ts';
import { startRpcServer } from '../rpc/server.ts';
import { stopRequested } from './lifeline.ts';

const ETH = 10n ** 18n;

export const NODE_USAGE = `ewasm-devnet [options]
  --host ADDR         interface to listen on (default 127.0.0.1)
  --port N            JSON-RPC port, HTTP and WebSocket (default 8545; 0 picks a free one)
  --accounts N        dev accounts to create and fund (default 10)
  --balance ETH       balance of each dev account in ether (default 10000)
  --mnemonic WORDS    BIP-39 mnemonic for the dev accounts (default: Hardhat's and Anvil's)
  --chain-id N        chain id (default 31337)
  --block-time S      mine a block every S seconds instead of one per transaction
  --gas-limit N       block gas limit (default 30000000)
  --base-fee WEI      base fee of the genesis block (default 1000000000)
  --datadir DIR       keep chain and state in DIR across restarts (created if missing)
  --genesis FILE      geth-format genesis.json (chain id, alloc with code and storage, gas limit, base fee)
  --allow-hosts A,B   Host header names served besides localhost, 127.0.0.1 and [::1] (any port),
                      or '*' for any; others get HTTP 403 (stops DNS rebinding)
  --allow-origin O,P  origins whose web pages may call the node (CORS), as Anvil (default '*': any)
  --silent            print nothing but errors`;

class UsageError extends Error {}

/** A data directory that cannot be used: said in one line, exit code 1. */
class DataDirError extends Error {}

/** Checks --datadir before LevelDB does, whose errors are a stack trace about "Database failed to open". */
async function checkDataDir(dir: string): Promise<void> {
  const info = await stat(dir).catch((e: { code?: string }) => {
    if (e.code === 'ENOENT') return undefined; // created on open
    throw new DataDirError(`--datadir ${dir}: cannot use it (${e.code ?? String(e)})`);
  });
  if (info && !info.isDirectory()) throw new DataDirError(`--datadir ${dir} is a file, not a directory; give a directory (it is created if missing)`);
}

/** LevelDB's open errors, in words: the lock held by another node, or the cause's message. */
function dataDirOpenError(dir: string, e: unknown): DataDirError | undefined {
  const error = e as { code?: string; cause?: { code?: string; message?: string } };
  if (error.code !== 'LEVEL_DATABASE_NOT_OPEN') return undefined;
  if (error.cause?.code === 'LEVEL_LOCKED') return new DataDirError(`--datadir ${dir} is in use by another running node (its lock is held); stop that node or pick another directory`);
  return new DataDirError(`--datadir ${dir}: cannot open the database: ${(error.cause?.message ?? 'unknown error').split('\n')[0]}`);
}

function integer(value: string | undefined, flag: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) throw new UsageError(`--${flag} must be a non-negative integer`);
  return BigInt(value);
}

function ether(value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const m = /^([0-9]+)(?:\.([0-9]{1,18}))?$/.exec(value);
  if (!m) throw new UsageError('--balance must be an amount of ether, such as 10000 or 0.5');
  return BigInt(m[1]) * ETH + BigInt((m[2] ?? '').padEnd(18, '0') || '0');
}

/** A comma-separated flag value: "a, b" → ["a", "b"]. */
function list(value: string | undefined): string[] | undefined {
  return value?.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function formatEther(wei: bigint): string {
  return `${wei / ETH}.${(wei % ETH).toString().padStart(18, '0')}`;
}

export async function runNode(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '8545' }, accounts: { type: 'string' },
        balance: { type: 'string' }, mnemonic: { type: 'string' }, 'chain-id': { type: 'string' }, 'block-time': { type: 'string' },
        'gas-limit': { type: 'string' }, 'base-fee': { type: 'string' }, datadir: { type: 'string' }, genesis: { type: 'string' },
        'allow-hosts': { type: 'string' }, 'allow-origin': { type: 'string', default: '*' },
        silent: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\nusage: ${NODE_USAGE}\n`);
    return 2;
  }
  const say = values.silent ? () => {} : (line: string) => process.stdout.write(`${line}\n`);
  // Listening from the start: a stop asked for while the chain loads is honoured once it has loaded.
  const stop = stopRequested();
  let devnet: Devnet;
  let mnemonic: string;
  let count: number;
  try {
    mnemonic = values.mnemonic ?? DEFAULT_MNEMONIC;
    count = Number(integer(values.accounts, 'accounts') ?? 10n);
    const blockTime = integer(values['block-time'], 'block-time');
    const port = Number(integer(values.port, 'port'));
    if (port > 65535) throw new UsageError('--port must be at most 65535');
    if (values.datadir !== undefined) await checkDataDir(values.datadir);
    devnet = await Devnet.create({
      mnemonic, accounts: count, balance: ether(values.balance), chainId: integer(values['chain-id'], 'chain-id'),
      blockTime: blockTime === undefined ? undefined : Number(blockTime), gasLimit: integer(values['gas-limit'], 'gas-limit'),
      baseFee: integer(values['base-fee'], 'base-fee'), datadir: values.datadir,
      genesis: values.genesis ? await readGenesis(values.genesis) : undefined, log: say,
    }).catch((e: unknown) => {
      throw dataDirOpenError(values.datadir ?? '', e) ?? e;
    });
    const server = await startRpcServer(devnet, {
      host: values.host, port, log: (line) => process.stderr.write(`${line}\n`),
      allowHosts: list(values['allow-hosts']), allowOrigins: list(values['allow-origin']),
    });
    await banner(devnet, mnemonic, count, say);
    say(`Listening on ${values.host}:${server.port} (HTTP ${server.url}, WebSocket ${server.wsUrl})`);
    await stop;
    say('Shutting down…');
    await server.close();
    await devnet.close();
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof MnemonicError || e instanceof GenesisError) {
      process.stderr.write(`ewasm-devnet: ${e.message}\n`);
      return 2;
    }
    if ((e as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(`ewasm-devnet: port ${values.port} is already in use; pick another with --port\n`);
      return 1;
    }
    if (e instanceof DataDirError) {
      process.stderr.write(`ewasm-devnet: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

async function banner(devnet: Devnet, mnemonic: string, count: number, say: (line: string) => void): Promise<void> {
  const keys = devnet.options.genesis ? [] : devAccounts(mnemonic, count);
  say(`${NAME_VERSION} — Ethereum devnet with Ewasm contracts\n`);
  say('Available Accounts\n==================');
  for (const [i, a] of devnet.accounts().entries()) say(`(${i}) ${toChecksumAddress(a.toString())} (${formatEther(await devnet.getBalance(a, 'latest'))} ETH)`);
  if (keys.length > 0) {
    say('\nPrivate Keys\n==================');
    for (const [i, k] of keys.entries()) say(`(${i}) ${bytesToHex(k.privateKey)}`);
    say(`\nWallet\n==================\nMnemonic:          ${mnemonic}\nDerivation path:   m/44'/60'/0'/0/`);
  }
  const head = (await devnet.getBlock('latest'))!.header;
  say(`\nChain ID\n==================\n${devnet.chainId}`);
  say(`\nBase Fee\n==================\n${head.baseFeePerGas}`);
  say(`\nGas Limit\n==================\n${head.gasLimit}`);
  say(`\nGenesis Timestamp\n==================\n${head.timestamp}\n`);
}
