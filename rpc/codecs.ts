/**
 * Param decoding and primitive result encoding at the JSON-RPC edge. Decoding follows geth's
 * hexutil, with its messages so a developer can search for them, except where Hardhat and Anvil
 * take more and clients rely on it: quantities with leading zeros (ethers' toBeHex) and block
 * numbers as JSON numbers.
 */
import { Address, bytesToHex } from '@ethereumjs/util';
import type { BlockTag, CallRequest, LogFilter, TxRequest } from '../node/api.ts';

/** A param that could not be decoded. `path` names the field inside the param (outermost first). */
export class CodecError extends Error {
  override name = 'CodecError';
  readonly path: string[];
  constructor(message: string, path: string[] = []) {
    super(message);
    this.path = path;
  }
}

export type Codec<T> = (raw: unknown) => T;

/** Decodes one field of an object param (absent or null: undefined); an error names the field. */
export function field<T>(obj: Record<string, unknown>, name: string, codec: Codec<T>): T | undefined {
  const raw = obj[name];
  if (raw === undefined || raw === null) return undefined;
  return within(name, () => codec(raw));
}

function within<T>(name: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof CodecError) e.path.unshift(name);
    throw e;
  }
}

function kindOf(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'array';
  return typeof raw === 'object' ? 'object' : typeof raw;
}

function expectString(raw: unknown, into: string): string {
  if (typeof raw !== 'string') throw new CodecError(`cannot unmarshal ${kindOf(raw)} into ${into}`);
  return raw;
}

/** A JSON object (not null, not an array), or a CodecError naming what was expected. */
export function expectObjectOf(raw: unknown, into: string): Record<string, unknown> {
  return expectObject(raw, into);
}

function expectObject(raw: unknown, into: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new CodecError(`cannot unmarshal ${kindOf(raw)} into ${into}`);
  return raw as Record<string, unknown>;
}

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

function stripPrefix(text: string): string {
  if (text === '') throw new CodecError('empty hex string');
  if (!text.startsWith('0x') && !text.startsWith('0X')) throw new CodecError('hex string without 0x prefix');
  return text.slice(2);
}

// ---- quantities ---------------------------------------------------------------------------------

function decodeQuantity(raw: unknown, bits: 64 | 256): bigint {
  const digits = stripPrefix(expectString(raw, 'a hex quantity'));
  if (digits === '') throw new CodecError('hex string "0x"');
  if (!HEX_DIGITS.test(digits)) throw new CodecError('invalid hex string');
  // geth refuses leading zeros; Hardhat and Anvil take them, and ethers' toBeHex writes them ("0x0a").
  const significant = digits.replace(/^0+(?=.)/, '');
  if (significant.length > bits / 4) throw new CodecError(`hex number > ${bits} bits`);
  return BigInt('0x' + significant);
}

/** A 256-bit quantity (balances, values, fees): '0x' + hex digits. */
export const quantity: Codec<bigint> = (raw) => decodeQuantity(raw, 256);

/** A 64-bit quantity (gas, nonces, counts). */
export const uint64: Codec<bigint> = (raw) => decodeQuantity(raw, 64);

/** A 64-bit quantity that must also fit a JavaScript number (indexes, counts). */
export const smallQuantity: Codec<number> = (raw) => {
  const value = uint64(raw);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CodecError('hex number > 53 bits');
  return Number(value);
};

/**
 * Hardhat's and Anvil's cheat methods take a JSON number as well as a quantity (scripts write
 * `evm_increaseTime [3600]`), so these accept both.
 */
export const quantityOrNumber: Codec<bigint> = (raw) => {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw < 0) throw new CodecError(`invalid number ${raw}: want a non-negative integer`);
    return BigInt(raw);
  }
  return quantity(raw);
};

/** geth's math.HexOrDecimal64 (eth_feeHistory's block count): a number, a hex or a decimal string. */
export const hexOrDecimal64: Codec<bigint> = (raw) => {
  if (typeof raw === 'string' && /^[0-9]+$/.test(raw)) {
    const value = BigInt(raw);
    if (value >= 1n << 64n) throw new CodecError(`invalid hex or decimal integer ${raw}`);
    return value;
  }
  if (typeof raw === 'string' && !raw.startsWith('0x') && !raw.startsWith('0X')) throw new CodecError(`invalid hex or decimal integer ${raw}`);
  const value = quantityOrNumber(raw);
  if (value >= 1n << 64n) throw new CodecError('hex number > 64 bits');
  return value;
};

// ---- bytes --------------------------------------------------------------------------------------

/**
 * Hex digits (already checked by HEX_DIGITS) to bytes in one native pass: a 16 MiB deploy must not
 * cost a parseInt per byte. Copied out of the Buffer so callers get a plain Uint8Array.
 */
function hexBytes(digits: string): Uint8Array {
  return new Uint8Array(Buffer.from(digits, 'hex'));
}

/** Arbitrary-length data: '0x' + an even number of hex digits ('0x' is empty data). */
export const data: Codec<Uint8Array> = (raw) => {
  const digits = stripPrefix(expectString(raw, 'hex data'));
  if (digits.length % 2 !== 0) throw new CodecError('hex string of odd length');
  if (!HEX_DIGITS.test(digits)) throw new CodecError('invalid hex string');
  return hexBytes(digits);
};

function fixedBytes(length: number, goType: string): Codec<Uint8Array> {
  return (raw) => {
    const digits = stripPrefix(expectString(raw, goType));
    if (digits.length !== 2 * length) throw new CodecError(`hex string has length ${digits.length}, want ${2 * length} for ${goType}`);
    if (!HEX_DIGITS.test(digits)) throw new CodecError('invalid hex string');
    return hexBytes(digits);
  };
}

/** A 32-byte hash (block and transaction hashes, topics). */
export const hash: Codec<Uint8Array> = fixedBytes(32, 'common.Hash');

const addressBytes = fixedBytes(20, 'common.Address');
/** A 20-byte address; like geth, the EIP-55 checksum is not enforced. */
export const address: Codec<Address> = (raw) => new Address(addressBytes(raw));

/** A storage slot as geth reads one: up to 32 bytes, odd length and a missing 0x allowed, left-padded. */
export const storageSlot: Codec<Uint8Array> = (raw) => {
  let digits = expectString(raw, 'a storage slot');
  if (digits.startsWith('0x') || digits.startsWith('0X')) digits = digits.slice(2);
  if (digits.length % 2 === 1) digits = '0' + digits;
  if (!HEX_DIGITS.test(digits)) throw new CodecError('hex string invalid');
  if (digits.length > 64) throw new CodecError('hex string too long, want at most 32 bytes');
  const slot = new Uint8Array(32);
  slot.set(hexBytes(digits), 32 - digits.length / 2);
  return slot;
};

/** A storage value for the set-storage cheats: data of at most 32 bytes, left-padded to 32. */
export const storageValue: Codec<Uint8Array> = (raw) => {
  const bytes = data(raw);
  if (bytes.length > 32) throw new CodecError('storage value must be at most 32 bytes long');
  const value = new Uint8Array(32);
  value.set(bytes, 32 - bytes.length);
  return value;
};

// ---- plain JSON ---------------------------------------------------------------------------------

export const bool: Codec<boolean> = (raw) => {
  if (typeof raw !== 'boolean') throw new CodecError(`cannot unmarshal ${kindOf(raw)} into bool`);
  return raw;
};

export const text: Codec<string> = (raw) => expectString(raw, 'string');

/** A non-negative safe integer given as a JSON number (milliseconds, counts in cheat methods). */
export const jsonNumber: Codec<number> = (raw) => {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  throw new CodecError(`cannot unmarshal ${kindOf(raw)} into a non-negative integer`);
};

export function arrayOf<T>(item: Codec<T>): Codec<T[]> {
  return (raw) => {
    if (!Array.isArray(raw)) throw new CodecError(`cannot unmarshal ${kindOf(raw)} into array`);
    return raw.map((entry, i) => within(String(i), () => item(entry)));
  };
}

/** Any JSON object, as is (tracer options, typed data), or one given as a JSON string (typed data from MetaMask-style callers). */
export const jsonObject: Codec<Record<string, unknown>> = (raw) => {
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw new CodecError('invalid JSON string');
    }
  }
  return expectObject(raw, 'object');
};

// ---- block tags ---------------------------------------------------------------------------------

const TAGS = new Set(['latest', 'earliest', 'pending', 'safe', 'finalized']);
const MAX_INT64 = (1n << 63n) - 1n;

/** A block number or tag (eth_getBlockByNumber, log filter bounds): no hashes, as geth's rpc.BlockNumber. */
export const blockNumber: Codec<BlockTag> = (raw) => {
  if (typeof raw === 'string' && TAGS.has(raw)) return raw as BlockTag;
  // A JSON number, as Hardhat and Anvil take it.
  if (typeof raw === 'number') return quantityOrNumber(raw);
  const n = uint64(raw);
  if (n > MAX_INT64) throw new CodecError('block number larger than int64');
  return n;
};

/** A block by number, tag or hash, including EIP-1898's `{ blockHash, requireCanonical }` and `{ blockNumber }`. */
export const blockNumberOrHash: Codec<BlockTag> = (raw) => {
  if (typeof raw === 'string' || typeof raw === 'number') return typeof raw === 'string' && raw.length === 66 ? { blockHash: hash(raw) } : blockNumber(raw);
  const obj = expectObject(raw, 'a block number or hash');
  const byHash = field(obj, 'blockHash', hash);
  const byNumber = field(obj, 'blockNumber', blockNumber);
  if (byHash && byNumber !== undefined) throw new CodecError('cannot specify both BlockHash and BlockNumber, choose one or the other');
  if (byHash) {
    const requireCanonical = field(obj, 'requireCanonical', bool);
    return requireCanonical === undefined ? { blockHash: byHash } : { blockHash: byHash, requireCanonical };
  }
  if (byNumber === undefined) throw new CodecError('invalid arguments; neither block nor hash specified');
  return typeof byNumber === 'bigint' ? { blockNumber: byNumber } : byNumber;
};

// ---- requests -----------------------------------------------------------------------------------

export type AccessList = NonNullable<TxRequest['accessList']>;

const accessListEntry: Codec<AccessList[number]> = (raw) => {
  const obj = expectObject(raw, 'an access list entry');
  const entryAddress = field(obj, 'address', address);
  if (!entryAddress) throw new CodecError('missing required field \'address\'');
  return { address: entryAddress, storageKeys: field(obj, 'storageKeys', arrayOf(hash)) ?? [] };
};

export const accessList: Codec<AccessList> = arrayOf(accessListEntry);

const authorization: Codec<NonNullable<CallRequest['authorizationList']>[number]> = (raw) => {
  const obj = expectObject(raw, 'an authorization');
  const required = <T>(name: string, codec: Codec<T>): T => {
    const value = field(obj, name, codec);
    if (value === undefined) throw new CodecError(`missing required field '${name}'`);
    return value;
  };
  // yParity as geth writes it; `v` as some signers do.
  const yParity = field(obj, 'yParity', uint64) ?? field(obj, 'v', uint64);
  if (yParity === undefined) throw new CodecError('missing required field \'yParity\'');
  return {
    chainId: required('chainId', quantity), address: required('address', address), nonce: required('nonce', uint64), yParity,
    r: required('r', quantity), s: required('s', quantity),
  };
};

/** A call as eth_call takes it; `chainId`, when given, must be the node's (the handler checks). */
export type ParsedCall = CallRequest & { readonly chainId?: bigint };

/** geth's TransactionArgs for eth_call, eth_estimateGas and debug_traceCall. Unknown fields are ignored, as in Go. */
export const callRequest: Codec<ParsedCall> = (raw) => {
  const obj = expectObject(raw, 'transaction args');
  const input = field(obj, 'input', data);
  const legacyData = field(obj, 'data', data);
  if (input && legacyData && bytesToHex(input) !== bytesToHex(legacyData)) {
    throw new CodecError('both "data" and "input" are set and not equal. Please use "input" to pass transaction call data');
  }
  const request = {
    from: field(obj, 'from', address),
    to: field(obj, 'to', address),
    data: input ?? legacyData,
    value: field(obj, 'value', quantity),
    gas: field(obj, 'gas', uint64),
    gasPrice: field(obj, 'gasPrice', quantity),
    maxFeePerGas: field(obj, 'maxFeePerGas', quantity),
    maxPriorityFeePerGas: field(obj, 'maxPriorityFeePerGas', quantity),
    accessList: field(obj, 'accessList', accessList),
    authorizationList: field(obj, 'authorizationList', arrayOf(authorization)),
    blobVersionedHashes: field(obj, 'blobVersionedHashes', arrayOf(hash)),
    maxFeePerBlobGas: field(obj, 'maxFeePerBlobGas', quantity),
    chainId: field(obj, 'chainId', quantity),
  };
  if (request.gasPrice !== undefined && (request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined)) {
    throw new CodecError('both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified');
  }
  return dropUndefined(request);
};

export type ParsedTx = TxRequest & { readonly chainId?: bigint };

/** eth_sendTransaction's request: a call plus a required `from`, nonce, type and access list. */
export const txRequest: Codec<ParsedTx> = (raw) => {
  const call = callRequest(raw);
  const obj = raw as Record<string, unknown>;
  if (!call.from) throw new CodecError('missing required field \'from\'', ['from']);
  const type = field(obj, 'type', uint64);
  if (type !== undefined && type > 2n) throw new CodecError(`transaction type ${type} not supported`, ['type']);
  return dropUndefined({
    ...call, from: call.from, nonce: field(obj, 'nonce', uint64),
    type: type === undefined ? undefined : Number(type) as 0 | 1 | 2,
  });
};

function dropUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as Array<keyof T>) if (obj[key] === undefined) delete obj[key];
  return obj;
}

const MAX_TOPICS = 4;

const topicAlternatives: Codec<Uint8Array[] | null> = (raw) => {
  if (raw === null) return null;
  if (!Array.isArray(raw)) return [hash(raw)];
  // A null among the alternatives matches anything, as in geth.
  if (raw.some((t) => t === null)) return null;
  return arrayOf(hash)(raw);
};

/** geth's FilterCriteria: `address` one or many, `topics` per position null, one hash or alternatives. */
export const logFilter: Codec<LogFilter> = (raw) => {
  const obj = expectObject(raw, 'a log filter');
  const blockHash = field(obj, 'blockHash', hash);
  const fromBlock = field(obj, 'fromBlock', blockNumber);
  const toBlock = field(obj, 'toBlock', blockNumber);
  if (blockHash && (fromBlock !== undefined || toBlock !== undefined)) {
    throw new CodecError('cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other');
  }
  const addresses = field(obj, 'address', (a) => (Array.isArray(a) ? arrayOf(address)(a) : [address(a)]));
  const topics = field(obj, 'topics', (t) => {
    if (!Array.isArray(t)) throw new CodecError(`cannot unmarshal ${kindOf(t)} into topics`);
    if (t.length > MAX_TOPICS) throw new CodecError('exceed max topics');
    return t.map((entry, i) => within(String(i), () => topicAlternatives(entry)));
  });
  return dropUndefined({ blockHash, fromBlock, toBlock, address: addresses, topics });
};

// ---- result encoding ----------------------------------------------------------------------------

/** A quantity: '0x' + hex without leading zeros ('0x0' for zero). */
export function encodeQuantity(value: bigint | number): string {
  if (value < 0) throw new RangeError(`negative quantity ${value}`);
  return '0x' + value.toString(16);
}

export function encodeData(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/** Lowercase, as geth's JSON. */
export function encodeAddress(a: Address): string {
  return a.toString();
}

export function nullable<T, J>(encode: (value: T) => J): (value: T | undefined | null) => J | null {
  return (value) => (value === undefined || value === null ? null : encode(value));
}
