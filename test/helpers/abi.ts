/**
 * Just enough of the Solidity ABI for tests: function selectors, event topics, and encoding and
 * decoding of uintN, address, bool, bytes32, bytes and string (static types in place, dynamic ones
 * as offset + length-prefixed tail).
 */
import { Address } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { concat } from './chain.ts';

/** An entry of a compiled contract's ABI; tests only look at names and types. */
export interface AbiItem {
  readonly type: string;
  readonly name?: string;
  readonly inputs?: ReadonlyArray<{ name: string; type: string; indexed?: boolean }>;
}

export type AbiValue = bigint | boolean | string | Address | Uint8Array;

const utf8 = new TextEncoder();

export const selector = (signature: string): Uint8Array => keccak256(utf8.encode(signature)).slice(0, 4);
export const eventTopic = (signature: string): Uint8Array => keccak256(utf8.encode(signature));

/** The parameter types of `name(type1,type2)`. */
function paramTypes(signature: string): string[] {
  const inner = signature.slice(signature.indexOf('(') + 1, signature.lastIndexOf(')'));
  return inner === '' ? [] : inner.split(',');
}

export function uint256(value: bigint): Uint8Array {
  if (value < 0n || value >= 1n << 256n) throw new Error(`abi: ${value} is not a uint256`);
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));
}

const isDynamic = (type: string) => type === 'string' || type === 'bytes';

function encodeStatic(type: string, value: AbiValue): Uint8Array {
  if (type.startsWith('uint') && typeof value === 'bigint') return uint256(value);
  if (type === 'bool' && typeof value === 'boolean') return uint256(value ? 1n : 0n);
  if (type === 'address' && value instanceof Address) return concat(new Uint8Array(12), value.bytes);
  if (type === 'bytes32' && value instanceof Uint8Array && value.length === 32) return value;
  throw new Error(`abi: cannot encode ${String(value)} as ${type}`);
}

function encodeDynamic(type: string, value: AbiValue): Uint8Array {
  const bytes = type === 'string' && typeof value === 'string' ? utf8.encode(value) : value;
  if (!(bytes instanceof Uint8Array)) throw new Error(`abi: cannot encode ${String(value)} as ${type}`);
  return concat(uint256(BigInt(bytes.length)), bytes, new Uint8Array((32 - (bytes.length % 32)) % 32));
}

export function encodeArgs(types: string[], values: AbiValue[]): Uint8Array {
  if (types.length !== values.length) throw new Error(`abi: ${types.length} types, ${values.length} values`);
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let tailOffset = 32 * types.length;
  types.forEach((type, i) => {
    if (!isDynamic(type)) return heads.push(encodeStatic(type, values[i]));
    const tail = encodeDynamic(type, values[i]);
    heads.push(uint256(BigInt(tailOffset)));
    tails.push(tail);
    tailOffset += tail.length;
  });
  return concat(...heads, ...tails);
}

/** Call data for `signature` (e.g. 'transfer(address,uint256)') with `values`. */
export function encodeCall(signature: string, ...values: AbiValue[]): Uint8Array {
  return concat(selector(signature), encodeArgs(paramTypes(signature), values));
}

const wordAt = (data: Uint8Array, offset: number): bigint => {
  if (offset + 32 > data.length) throw new Error(`abi: no word at ${offset} in ${data.length} bytes`);
  return BigInt(`0x${Buffer.from(data.subarray(offset, offset + 32)).toString('hex')}`);
};

export function decodeArgs(types: string[], data: Uint8Array): AbiValue[] {
  return types.map((type, i) => {
    const head = wordAt(data, 32 * i);
    if (type.startsWith('uint')) return head;
    if (type === 'bool') return head !== 0n;
    if (type === 'address') return new Address(data.slice(32 * i + 12, 32 * i + 32));
    if (type === 'bytes32') return data.slice(32 * i, 32 * i + 32);
    if (isDynamic(type)) {
      const start = Number(head);
      const length = Number(wordAt(data, start));
      const bytes = data.slice(start + 32, start + 32 + length);
      return type === 'string' ? new TextDecoder().decode(bytes) : bytes;
    }
    throw new Error(`abi: cannot decode ${type}`);
  });
}

/** Splits revert data of an error `signature` (e.g. 'Error(string)'): checks the selector, decodes the arguments. */
export function decodeError(signature: string, data: Uint8Array): AbiValue[] {
  const expected = Buffer.from(selector(signature)).toString('hex');
  const actual = Buffer.from(data.subarray(0, 4)).toString('hex');
  if (actual !== expected) throw new Error(`abi: revert data starts with 0x${actual}, not ${signature} (0x${expected})`);
  return decodeArgs(paramTypes(signature), data.subarray(4));
}
