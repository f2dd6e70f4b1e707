/**
 * Contract storage laid out as Solidity lays it out, so eth_getStorageAt reads a Wasm contract the
 * way it reads the same contract written in Solidity:
 * - a state variable of a value type occupies its own slot (Solidity packs several small ones into
 *   one slot; these helpers do not, so give each variable a full-width type or its own slot),
 *   big-endian and right-aligned, as the EVM stores a word;
 * - `mapping(K => V)` at slot p keeps `m[k]` at keccak256(pad32(k) . p), or keccak256(k . p) when k is
 *   a string or bytes; nested mappings apply the rule again;
 * - `string`/`bytes` at slot p: up to 31 bytes in p itself (data left-aligned, length·2 in the last
 *   byte), longer ones store length·2+1 in p and the data from slot keccak256(p) on.
 * Supported value types V: U256, Address, bool and the integer types.
 */
import { storageLoad, storageStore } from "./eei";
import { keccak256At } from "./keccak";
import { U256 } from "./u256";
import { Address } from "./address";

const KEY = memory.data(32);
const VALUE = memory.data(32);
const PAIR = memory.data(64);

function readSlot(slot: U256): usize {
  slot.toWord(KEY);
  storageLoad(KEY, VALUE);
  return VALUE;
}

function writeSlot(slot: U256): void {
  slot.toWord(KEY);
  storageStore(KEY, VALUE);
}

/** Reads the value of type V stored at `slot`. */
export function sload<V>(slot: U256): V {
  const w = readSlot(slot);
  if (isBoolean<V>()) return <V>(load<u8>(w, 31) != 0);
  if (isInteger<V>()) return <V>bswap<u64>(load<u64>(w, 24));
  if (idof<V>() == idof<U256>()) return changetype<V>(U256.fromWord(w));
  if (idof<V>() == idof<Address>()) return changetype<V>(Address.fromWord(w));
  ERROR("sload: unsupported value type");
  return unreachable();
}

/** Stores `value` at `slot`. */
export function sstore<V>(slot: U256, value: V): void {
  if (isBoolean<V>()) putWord(VALUE, value ? 1 : 0, 0);
  else if (isInteger<V>()) putWord(VALUE, <u64>value, isSigned<V>() && <i64>value < 0 ? u64.MAX_VALUE : 0);
  else if (idof<V>() == idof<U256>()) changetype<U256>(value).toWord(VALUE);
  else if (idof<V>() == idof<Address>()) changetype<Address>(value).toWord(VALUE);
  else ERROR("sstore: unsupported value type");
  writeSlot(slot);
}

function putWord(at: usize, value: u64, fill: u64): void {
  store<u64>(at, fill);
  store<u64>(at, fill, 8);
  store<u64>(at, fill, 16);
  store<u64>(at, bswap<u64>(value), 24);
}

/** The slot of `mapping[key]` for a mapping declared at `slot`. */
export function mappingSlot<K>(slot: U256, key: K): U256 {
  if (isString<K>() || idof<K>() == idof<Uint8Array>()) {
    const data = isString<K>() ? Uint8Array.wrap(String.UTF8.encode(changetype<string>(key))) : changetype<Uint8Array>(key);
    const buffer = new Uint8Array(data.length + 32);
    memory.copy(buffer.dataStart, data.dataStart, data.length);
    slot.toWord(buffer.dataStart + data.length);
    keccak256At(buffer.dataStart, buffer.length, VALUE);
    return U256.fromWord(VALUE);
  }
  if (isBoolean<K>()) putWord(PAIR, key ? 1 : 0, 0);
  else if (isInteger<K>()) putWord(PAIR, <u64>key, isSigned<K>() && <i64>key < 0 ? u64.MAX_VALUE : 0);
  else if (idof<K>() == idof<U256>()) changetype<U256>(key).toWord(PAIR);
  else if (idof<K>() == idof<Address>()) changetype<Address>(key).toWord(PAIR);
  else ERROR("mappingSlot: unsupported key type");
  slot.toWord(PAIR + 32);
  return U256.fromWord(hashPair());
}

// keccak256 in Wasm costs thousands of gas, and a contract reads and then writes the same entry
// (a balance in a transfer), so the last few (key . slot) pairs hashed in this call are remembered.
const MEMO_ENTRIES = 4;
const MEMO_PAIRS = memory.data(64 * MEMO_ENTRIES);
const MEMO_HASHES = memory.data(32 * MEMO_ENTRIES);
let memoUsed = 0;
let memoNext = 0;

/** keccak256 of the 64 bytes at PAIR, from the memo if they were hashed before; returns where the hash is. */
function hashPair(): usize {
  for (let i = 0; i < memoUsed; i++) {
    const p = MEMO_PAIRS + <usize>(i * 64);
    let same = true;
    for (let j = 0; j < 64; j += 8) {
      if (load<u64>(p + j) != load<u64>(PAIR + j)) { same = false; break; }
    }
    if (same) return MEMO_HASHES + <usize>(i * 32);
  }
  const slot = memoNext;
  memoNext = (memoNext + 1) % MEMO_ENTRIES;
  if (memoUsed < MEMO_ENTRIES) memoUsed++;
  memory.copy(MEMO_PAIRS + <usize>(slot * 64), PAIR, 64);
  const out = MEMO_HASHES + <usize>(slot * 32);
  keccak256At(PAIR, 64, out);
  return out;
}

/** A state variable at a fixed slot. */
export class StorageValue<V> {
  readonly slot: U256;
  constructor(slot: u64) { this.slot = U256.fromU64(slot); }
  get(): V { return sload<V>(this.slot); }
  set(value: V): void { sstore<V>(this.slot, value); }
}

/** `mapping(K => V)` declared at a slot. */
export class StorageMap<K, V> {
  readonly slot: U256;
  constructor(slot: u64) { this.slot = U256.fromU64(slot); }
  slotOf(key: K): U256 { return mappingSlot<K>(this.slot, key); }
  get(key: K): V { return sload<V>(this.slotOf(key)); }
  set(key: K, value: V): void { sstore<V>(this.slotOf(key), value); }
}

/** `mapping(K1 => mapping(K2 => V))`, e.g. ERC-20 allowances. */
export class StorageMap2<K1, K2, V> {
  readonly slot: U256;
  constructor(slot: u64) { this.slot = U256.fromU64(slot); }
  slotOf(k1: K1, k2: K2): U256 { return mappingSlot<K2>(mappingSlot<K1>(this.slot, k1), k2); }
  get(k1: K1, k2: K2): V { return sload<V>(this.slotOf(k1, k2)); }
  set(k1: K1, k2: K2, value: V): void { sstore<V>(this.slotOf(k1, k2), value); }
}

/** A `bytes` state variable (Solidity's short/long layout). */
export class StorageBytes {
  readonly slot: U256;
  constructor(slot: u64) { this.slot = U256.fromU64(slot); }

  get(): Uint8Array {
    const w = readSlot(this.slot);
    const last = load<u8>(w, 31);
    if ((last & 1) == 0) {
      const out = new Uint8Array(last >> 1);
      memory.copy(out.dataStart, w, out.length);
      return out;
    }
    const length = <i32>((bswap<u64>(load<u64>(w, 24)) - 1) >> 1);
    const out = new Uint8Array(length);
    let dataSlot = this.dataSlot();
    for (let i = 0; i < length; i += 32) {
      const word = readSlot(dataSlot);
      memory.copy(out.dataStart + i, word, min(32, length - i));
      dataSlot = dataSlot + U256.One;
    }
    return out;
  }

  set(data: Uint8Array): void {
    const length = data.length;
    // Like Solidity, zero the data slots of a longer previous value (they also earn refunds).
    const previous = readSlot(this.slot);
    const oldWords = (load<u8>(previous, 31) & 1) == 0 ? 0 : <i32>((((bswap<u64>(load<u64>(previous, 24)) - 1) >> 1) + 31) >> 5);
    const newWords = length < 32 ? 0 : (length + 31) >> 5;
    if (oldWords > newWords) {
      let stale = this.dataSlot() + U256.fromU64(newWords);
      for (let i = newWords; i < oldWords; i++) {
        putWord(VALUE, 0, 0);
        writeSlot(stale);
        stale = stale + U256.One;
      }
    }
    if (length < 32) {
      putWord(VALUE, 0, 0);
      memory.copy(VALUE, data.dataStart, length);
      store<u8>(VALUE, <u8>(length * 2), 31);
      writeSlot(this.slot);
      return;
    }
    putWord(VALUE, <u64>length * 2 + 1, 0);
    writeSlot(this.slot);
    let dataSlot = this.dataSlot();
    for (let i = 0; i < length; i += 32) {
      putWord(VALUE, 0, 0);
      memory.copy(VALUE, data.dataStart + i, min(32, length - i));
      writeSlot(dataSlot);
      dataSlot = dataSlot + U256.One;
    }
  }

  private dataSlot(): U256 {
    this.slot.toWord(KEY);
    keccak256At(KEY, 32, KEY);
    return U256.fromWord(KEY);
  }
}

/** A `string` state variable: UTF-8 in the `bytes` layout. */
export class StorageString {
  private readonly raw: StorageBytes;
  constructor(slot: u64) { this.raw = new StorageBytes(slot); }
  get(): string {
    const b = this.raw.get();
    return String.UTF8.decodeUnsafe(b.dataStart, b.length);
  }
  set(value: string): void { this.raw.set(Uint8Array.wrap(String.UTF8.encode(value))); }
}
