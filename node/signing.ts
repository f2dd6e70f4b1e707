/** Message signing for dev accounts: EIP-191 personal messages and EIP-712 typed data. */
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { secp256k1 } from 'ethereum-cryptography/secp256k1.js';
import { bigIntToBytes, concatBytes, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { InvalidParams } from './errors.ts';

/** Typed data a client sent that cannot be signed: its mistake, so -32602 (InvalidParams). */
export class TypedDataError extends InvalidParams {
  override name = 'TypedDataError';
}

function signHash(hash: Uint8Array, key: Uint8Array): Uint8Array {
  const sig = secp256k1.sign(hash, key);
  return concatBytes(setLengthLeft(bigIntToBytes(sig.r), 32), setLengthLeft(bigIntToBytes(sig.s), 32), Uint8Array.of(27 + sig.recovery));
}

/** eth_sign / personal_sign: keccak256("\x19Ethereum Signed Message:\n" + length + message). */
export function signPersonalMessage(message: Uint8Array, key: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${message.length}`);
  return signHash(keccak256(concatBytes(prefix, message)), key);
}

type Field = { name: string; type: string };
type Types = Record<string, Field[]>;

interface TypedData {
  types: Types;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

function dependencies(type: string, types: Types, found = new Set<string>()): Set<string> {
  const base = type.replace(/\[\d*\]$/g, '').replace(/\[\d*\]/g, '');
  if (found.has(base) || !types[base]) return found;
  found.add(base);
  for (const f of types[base]) dependencies(f.type, types, found);
  return found;
}

function encodeType(type: string, types: Types): string {
  const [primary, ...rest] = [...dependencies(type, types)];
  return [primary, ...rest.sort()].map((t) => `${t}(${types[t].map((f) => `${f.type} ${f.name}`).join(',')})`).join('');
}

function toBigInt(value: unknown, type: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) return value.startsWith('-') ? -BigInt(value.slice(1)) : BigInt(value);
  throw new TypedDataError(`invalid ${type} value ${JSON.stringify(value)}`);
}

function toBytes(value: unknown, type: string): Uint8Array {
  if (typeof value === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(value)) return hexToBytes(value as `0x${string}`);
  throw new TypedDataError(`invalid ${type} value ${JSON.stringify(value)}`);
}

function encodeValue(type: string, value: unknown, types: Types): Uint8Array {
  if (types[type]) return hashStruct(type, value as Record<string, unknown>, types);
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) throw new TypedDataError(`${type} expects an array`);
    return keccak256(concatBytes(...value.map((v) => encodeValue(array[1], v, types))));
  }
  if (type === 'string') return keccak256(new TextEncoder().encode(String(value)));
  if (type === 'bytes') return keccak256(toBytes(value, type));
  if (type === 'bool') return setLengthLeft(Uint8Array.of(value === true || value === 'true' ? 1 : 0), 32);
  if (type === 'address') return setLengthLeft(toBytes(value, type), 32);
  if (/^bytes\d+$/.test(type)) {
    const b = toBytes(value, type);
    const out = new Uint8Array(32);
    out.set(b);
    return out;
  }
  if (/^u?int\d*$/.test(type)) {
    const v = toBigInt(value, type);
    return setLengthLeft(bigIntToBytes(BigInt.asUintN(256, v)), 32);
  }
  throw new TypedDataError(`unknown type ${type}`);
}

function hashStruct(type: string, data: Record<string, unknown>, types: Types): Uint8Array {
  const typeHash = keccak256(new TextEncoder().encode(encodeType(type, types)));
  return keccak256(concatBytes(typeHash, ...types[type].map((f) => encodeValue(f.type, data[f.name], types))));
}

/** The EIP-712 digest: keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)). */
export function typedDataHash(input: unknown): Uint8Array {
  const data = (typeof input === 'string' ? JSON.parse(input) : input) as TypedData;
  if (!data || typeof data !== 'object' || !data.types || !data.primaryType || !data.message) {
    throw new TypedDataError('typed data needs types, primaryType, domain and message');
  }
  const types = { ...data.types };
  if (!types.EIP712Domain) throw new TypedDataError('typed data needs an EIP712Domain type');
  if (!types[data.primaryType]) throw new TypedDataError(`primary type ${data.primaryType} is not defined`);
  return keccak256(concatBytes(Uint8Array.of(0x19, 0x01), hashStruct('EIP712Domain', data.domain ?? {}, types),
    hashStruct(data.primaryType, data.message, types)));
}

export function signTypedData(input: unknown, key: Uint8Array): Uint8Array {
  let hash: Uint8Array;
  try {
    hash = typedDataHash(input);
  } catch (e) {
    // A malformed value deep in the message (bad hex, a bad number) is still the client's typed data.
    throw e instanceof TypedDataError ? e : new TypedDataError(`invalid typed data: ${(e as Error).message}`);
  }
  return signHash(hash, key);
}
