/**
 * The first block and its state: from a geth-format genesis.json (`--genesis FILE`), or from the
 * dev accounts. Wasm code is allowed in `alloc` like any other code.
 */
import { readFile, stat } from 'node:fs/promises';
import { Account, Address, hexToBytes, setLengthLeft, unpadBytes } from '@ethereumjs/util';
import type { MerkleStateManager } from '@ethereumjs/statemanager';

export interface GenesisAlloc {
  readonly balance: bigint;
  readonly nonce: bigint;
  readonly code?: Uint8Array;
  readonly storage: ReadonlyArray<readonly [Uint8Array, Uint8Array]>;
}

export interface GenesisSpec {
  readonly chainId?: bigint;
  readonly gasLimit: bigint;
  readonly baseFee: bigint;
  readonly timestamp: bigint;
  readonly extraData: Uint8Array;
  readonly coinbase: Address;
  readonly alloc: ReadonlyMap<string, GenesisAlloc>;
}

export class GenesisError extends Error {
  override name = 'GenesisError';
}

function quantity(value: unknown, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) return BigInt(value);
  throw new GenesisError(`${field}: expected a non-negative integer, got ${JSON.stringify(value)}`);
}

function bytes(value: unknown, field: string): Uint8Array {
  if (typeof value === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(value)) return hexToBytes(value as `0x${string}`);
  throw new GenesisError(`${field}: expected 0x-prefixed hex bytes`);
}

/** Parses geth's genesis.json: config.chainId, gasLimit, baseFeePerGas, timestamp, extraData, coinbase, alloc. */
export function parseGenesis(json: unknown): GenesisSpec {
  if (typeof json !== 'object' || json === null) throw new GenesisError('genesis must be a JSON object');
  const g = json as Record<string, unknown>;
  const config = (g.config ?? {}) as Record<string, unknown>;
  const alloc = new Map<string, GenesisAlloc>();
  for (const [key, entry] of Object.entries((g.alloc ?? {}) as Record<string, Record<string, unknown>>)) {
    const hex = key.startsWith('0x') ? key : `0x${key}`;
    if (!/^0x[0-9a-fA-F]{40}$/.test(hex)) throw new GenesisError(`alloc: ${key} is not an address`);
    const where = `alloc.${key}`;
    const storage = Object.entries((entry.storage ?? {}) as Record<string, unknown>).map(([slot, value]) =>
      [setLengthLeft(bytes(slot, `${where}.storage`), 32), setLengthLeft(bytes(value, `${where}.storage.${slot}`), 32)] as const);
    alloc.set(hex.toLowerCase(), {
      balance: quantity(entry.balance ?? '0', `${where}.balance`),
      nonce: quantity(entry.nonce ?? '0', `${where}.nonce`),
      ...(entry.code !== undefined ? { code: bytes(entry.code, `${where}.code`) } : {}),
      storage,
    });
  }
  return {
    ...(config.chainId !== undefined ? { chainId: quantity(config.chainId, 'config.chainId') } : {}),
    gasLimit: quantity(g.gasLimit ?? '30000000', 'gasLimit'),
    baseFee: quantity(g.baseFeePerGas ?? '1000000000', 'baseFeePerGas'),
    timestamp: quantity(g.timestamp ?? '0', 'timestamp'),
    extraData: bytes(g.extraData ?? '0x', 'extraData'),
    coinbase: new Address(setLengthLeft(bytes(g.coinbase ?? '0x', 'coinbase'), 20)),
    alloc,
  };
}

/** A genesis file larger than this is refused unread (a path to /dev/zero must not fill memory). */
const MAX_GENESIS_BYTES = 512 * 1024 * 1024;

export async function readGenesis(path: string): Promise<GenesisSpec> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new GenesisError(`${path} is not a file`);
    if (info.size > MAX_GENESIS_BYTES) throw new GenesisError(`${path} is larger than ${MAX_GENESIS_BYTES} bytes`);
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof GenesisError) throw e;
    const { code } = e as { code?: string };
    throw new GenesisError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  try {
    return parseGenesis(JSON.parse(text));
  } catch (e) {
    // V8's message quotes the text around the error: a genesis pointed at a secret must not print it.
    if (e instanceof SyntaxError) {
      const where = /at position \d+(?: \(line \d+ column \d+\))?/.exec(e.message)?.[0];
      throw new GenesisError(`${path} is not a JSON genesis file${where ? ` (invalid JSON ${where})` : ''}`);
    }
    throw e;
  }
}

/** Writes the alloc into the state (code, storage, balance, nonce). */
export async function applyAlloc(state: MerkleStateManager, alloc: ReadonlyMap<string, GenesisAlloc>): Promise<void> {
  for (const [hex, a] of alloc) {
    const address = new Address(hexToBytes(hex as `0x${string}`));
    await state.putAccount(address, new Account(a.nonce, a.balance));
    if (a.code && a.code.length > 0) await state.putCode(address, a.code);
    for (const [slot, value] of a.storage) await state.putStorage(address, slot, unpadBytes(value));
  }
}
