/**
 * The anvil_dumpState / anvil_loadState format, read and checked whole before anything is written:
 * a load either applies every account of the dump or none (a half-applied dump leaves a state no
 * one asked for). Numbers may be hex or decimal strings or JSON numbers, as Anvil and Hardhat
 * tools write them.
 */
import { Address, setLengthLeft, unpadBytes } from '@ethereumjs/util';
import { InvalidParams } from './errors.ts';

export interface DumpedAccount {
  readonly address: Address;
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly code: Uint8Array;
  /** 32-byte slot → value without leading zeros (empty: cleared). */
  readonly storage: ReadonlyArray<readonly [Uint8Array, Uint8Array]>;
}

export interface StateDump {
  readonly accounts: readonly DumpedAccount[];
  readonly block?: bigint;
  readonly timestamp?: bigint;
}

const HEX = /^0x[0-9a-fA-F]*$/;

function fail(path: string, want: string): never {
  throw new InvalidParams(`invalid argument 0: state dump: ${path}: want ${want}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integer(value: unknown, path: string, bits: number): bigint {
  let n: bigint | undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) n = BigInt(value);
  else if (typeof value === 'string' && /^(0x[0-9a-fA-F]{1,64}|[0-9]{1,78})$/.test(value)) n = BigInt(value);
  if (n === undefined || n >= 1n << BigInt(bits)) fail(path, `a ${bits}-bit unsigned integer (hex or decimal)`);
  return n;
}

function bytes(value: unknown, path: string, maxLength?: number): Uint8Array {
  if (typeof value !== 'string' || !HEX.test(value) || value.length % 2 !== 0) fail(path, 'hex data with 0x and an even number of digits');
  const out = new Uint8Array(Buffer.from(value.slice(2), 'hex'));
  if (maxLength !== undefined && out.length > maxLength) fail(path, `at most ${maxLength} bytes`);
  return out;
}

/** Parses and checks a whole dump (JSON as bytes); throws InvalidParams naming the first bad field. */
export function parseStateDump(dump: Uint8Array): StateDump {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(dump));
  } catch {
    throw new InvalidParams('invalid argument 0: state dump: not valid JSON');
  }
  if (!isObject(parsed)) fail('the dump', `a JSON object with "accounts", not ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}`);
  if (!isObject(parsed.accounts)) fail('accounts', 'an object of address → account');
  const accounts: DumpedAccount[] = [];
  for (const [key, raw] of Object.entries(parsed.accounts)) {
    const path = `accounts.${key}`;
    if (!/^0x[0-9a-fA-F]{40}$/.test(key)) fail(path, 'a 20-byte hex address as the key');
    if (!isObject(raw)) fail(path, 'an object with nonce, balance, code and storage');
    const storage: Array<[Uint8Array, Uint8Array]> = [];
    if (raw.storage !== undefined && raw.storage !== null) {
      if (!isObject(raw.storage)) fail(`${path}.storage`, 'an object of slot → value');
      for (const [slot, value] of Object.entries(raw.storage)) {
        // Slots and values are words: `0x1` is as good as 32 bytes of it (Hardhat's dumps shorten them).
        const word = (hex: unknown) => (typeof hex === 'string' && hex.length % 2 === 1 ? `0x0${hex.slice(2)}` : hex);
        storage.push([setLengthLeft(bytes(word(slot), `${path}.storage key ${slot}`, 32), 32), unpadBytes(bytes(word(value), `${path}.storage.${slot}`, 32))]);
      }
    }
    accounts.push({
      address: new Address(Buffer.from(key.slice(2), 'hex')),
      nonce: raw.nonce === undefined ? 0n : integer(raw.nonce, `${path}.nonce`, 64),
      balance: raw.balance === undefined ? 0n : integer(raw.balance, `${path}.balance`, 256),
      code: raw.code === undefined || raw.code === null ? new Uint8Array() : bytes(raw.code, `${path}.code`),
      storage,
    });
  }
  const optional = (key: 'block' | 'timestamp') => (parsed[key] === undefined || parsed[key] === null ? undefined : integer(parsed[key], key, 64));
  return { accounts, block: optional('block'), timestamp: optional('timestamp') };
}
