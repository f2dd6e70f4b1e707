/**
 * Solidity ABI encoding and decoding (https://docs.soliditylang.org/en/latest/abi-spec.html).
 *
 * An Encoder is one tuple being written: static values go into its head, dynamic ones (bytes,
 * string, T[], tuples containing them) leave an offset in the head and their encoding in the tail.
 * Nested tuples and arrays are child Encoders added with `inline` (static) or `dynamic`. A Decoder
 * reads a tuple the same way; like Solidity's decoder it reverts with no data on input that is too
 * short or out of range for the declared type (an address with high bits set, a bool of 2, ...).
 * The build generates the calls for a contract's functions (scripts/lib/abi-gen.ts); contracts use
 * these classes directly for calls to other contracts and for abi.encode-like data.
 */
import { U256 } from "./u256";
import { Address } from "./address";
import { revertEmpty } from "./errors";

class ByteBuffer {
  data: Uint8Array;
  length: i32 = 0;

  constructor(capacity: i32 = 128) {
    this.data = new Uint8Array(capacity);
  }

  /** Room for `n` more zero bytes; returns where they start. */
  grow(n: i32): usize {
    if (this.length + n > this.data.length) {
      let capacity = max(this.data.length * 2, 64);
      while (capacity < this.length + n) capacity *= 2;
      const bigger = new Uint8Array(capacity);
      memory.copy(bigger.dataStart, this.data.dataStart, this.length);
      this.data = bigger;
    }
    const at = this.data.dataStart + this.length;
    this.length += n;
    return at;
  }

  append(ptr: usize, n: i32): void {
    memory.copy(this.grow(n), ptr, n);
  }
}

function putU64Word(at: usize, value: u64, fill: u64): void {
  store<u64>(at, fill);
  store<u64>(at, fill, 8);
  store<u64>(at, fill, 16);
  store<u64>(at, bswap<u64>(value), 24);
}

export class Encoder {
  private head: ByteBuffer = new ByteBuffer();
  private tail: ByteBuffer = new ByteBuffer(0);
  /** Head positions holding an offset relative to the tail, to be moved past the head in finish(). */
  private fixups: Array<i32> = new Array<i32>();

  uint(value: u64): Encoder { putU64Word(this.head.grow(32), value, 0); return this; }
  int(value: i64): Encoder { putU64Word(this.head.grow(32), <u64>value, value < 0 ? u64.MAX_VALUE : 0); return this; }
  u256(value: U256): Encoder { value.toWord(this.head.grow(32)); return this; }
  bool(value: bool): Encoder { return this.uint(value ? 1 : 0); }
  address(value: Address): Encoder { value.toWord(this.head.grow(32)); return this; }

  /** bytesN: left-aligned, zero-padded to 32 bytes. */
  fixedBytes(value: Uint8Array): Encoder {
    assert(value.length <= 32, "bytesN holds at most 32 bytes");
    memory.copy(this.head.grow(32), value.dataStart, value.length);
    return this;
  }

  bytes(value: Uint8Array): Encoder { return this.bytesAt(value.dataStart, value.length); }
  string(value: string): Encoder { return this.bytes(Uint8Array.wrap(String.UTF8.encode(value))); }

  /** A static tuple or a fixed array of static values: its words go straight into this head. */
  inline(child: Encoder): Encoder {
    const encoded = child.finish();
    this.head.append(encoded.dataStart, encoded.length);
    return this;
  }

  /** A dynamic value: an offset here, then (a length word if `length` ≥ 0, for T[]) and `child` in the tail. */
  dynamic(child: Encoder, length: i32 = -1): Encoder {
    this.offsetToTail();
    if (length >= 0) putU64Word(this.tail.grow(32), <u64>length, 0);
    const encoded = child.finish();
    this.tail.append(encoded.dataStart, encoded.length);
    return this;
  }

  /** Call data for a function: the 4-byte selector (e.g. 0xa9059cbb for transfer(address,uint256)), then the encoding. */
  finishCall(selector: u32): Uint8Array {
    const args = this.finish();
    const out = new Uint8Array(4 + args.length);
    store<u32>(out.dataStart, bswap<u32>(selector));
    memory.copy(out.dataStart + 4, args.dataStart, args.length);
    return out;
  }

  /** The encoding: head then tail. */
  finish(): Uint8Array {
    const headLength = this.head.length;
    const out = new Uint8Array(headLength + this.tail.length);
    memory.copy(out.dataStart, this.head.data.dataStart, headLength);
    memory.copy(out.dataStart + headLength, this.tail.data.dataStart, this.tail.length);
    for (let i = 0; i < this.fixups.length; i++) {
      const at = out.dataStart + this.fixups[i] + 28;
      store<u32>(at, bswap<u32>(bswap<u32>(load<u32>(at)) + <u32>headLength));
    }
    return out;
  }

  private bytesAt(ptr: usize, length: i32): Encoder {
    this.offsetToTail();
    putU64Word(this.tail.grow(32), <u64>length, 0);
    const padded = (length + 31) & ~31;
    memory.copy(this.tail.grow(padded), ptr, length);
    return this;
  }

  private offsetToTail(): void {
    this.fixups.push(this.head.length);
    putU64Word(this.head.grow(32), <u64>this.tail.length, 0);
  }
}

export class Decoder {
  /** `base`: where the tuple starts (offsets are relative to it); `pos`: the next head word. */
  constructor(public data: Uint8Array, public base: i32 = 0, public pos: i32 = base) {}

  /** The next head word, or a revert if the data ends first. */
  private word(): usize {
    if (this.pos < 0 || this.pos + 32 > this.data.length) revertEmpty();
    const at = this.data.dataStart + this.pos;
    this.pos += 32;
    return at;
  }

  /** uintN for N ≤ 64. */
  uint(bits: i32): u64 {
    const w = this.word();
    if ((load<u64>(w) | load<u64>(w, 8) | load<u64>(w, 16)) != 0) revertEmpty();
    const value = bswap<u64>(load<u64>(w, 24));
    if (bits < 64 && (value >> <u64>bits) != 0) revertEmpty();
    return value;
  }

  /** intN for N ≤ 64: the word must be the sign extension of an N-bit value. */
  int(bits: i32): i64 {
    const w = this.word();
    const value = <i64>bswap<u64>(load<u64>(w, 24));
    const fill: u64 = value < 0 ? u64.MAX_VALUE : 0;
    if (load<u64>(w) != fill || load<u64>(w, 8) != fill || load<u64>(w, 16) != fill) revertEmpty();
    if (bits < 64) {
      const shift = <i64>(64 - bits);
      if (((value << shift) >> shift) != value) revertEmpty();
    }
    return value;
  }

  u256(): U256 { return U256.fromWord(this.word()); }

  bool(): bool { return this.uint(1) != 0; }

  address(): Address {
    const w = this.word();
    if ((load<u64>(w) | <u64>load<u32>(w, 8)) != 0) revertEmpty();
    return Address.fromWord(w);
  }

  /** bytesN: the first n bytes; the rest of the word must be zero. */
  fixedBytes(n: i32): Uint8Array {
    const w = this.word();
    for (let i = n; i < 32; i++) if (load<u8>(w + i) != 0) revertEmpty();
    const out = new Uint8Array(n);
    memory.copy(out.dataStart, w, n);
    return out;
  }

  bytes(): Uint8Array {
    const c = this.child();
    const length = c.length();
    if (c.pos + length > c.data.length) revertEmpty();
    const out = new Uint8Array(length);
    memory.copy(out.dataStart, c.data.dataStart + c.pos, length);
    return out;
  }

  string(): string {
    const b = this.bytes();
    return String.UTF8.decodeUnsafe(b.dataStart, b.length);
  }

  /** The dynamic value whose offset is the next head word. */
  child(): Decoder {
    const offset = this.uint(32);
    if (<u64>this.base + offset > <u64>this.data.length) revertEmpty();
    return new Decoder(this.data, this.base + <i32>offset);
  }

  /** A T[] length word; at most as many elements as words remain, so a bad length cannot allocate much. */
  length(): i32 {
    const n = this.uint(32);
    if (n > <u64>(this.data.length - this.pos)) revertEmpty();
    return <i32>n;
  }

  /** The elements after a length word, as a tuple of their own (their offsets start there). */
  elements(): Decoder { return new Decoder(this.data, this.pos); }
}
