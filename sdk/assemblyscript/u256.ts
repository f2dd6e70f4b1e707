/**
 * Unsigned 256-bit integers, checked like Solidity 0.8: `+ - *` panic with Panic(0x11) on overflow,
 * `/ %` with Panic(0x12) on a zero divisor. Four 64-bit limbs (l0 least significant); addition,
 * subtraction, comparison, shifts and bit operations run in Wasm, multiplication, division, modulo,
 * mulmod, addmod and exponentiation go to the `bignum` host functions (docs/bignum.md) through
 * 32-byte big-endian scratch words, the layout of storage, the ABI and the EVM stack.
 * `int256` values use the same class as two's complement (see `isNegative`, `sdiv`).
 */
import { bignum } from "./eei";
import { panic, PANIC_OVERFLOW, PANIC_DIVISION_BY_ZERO } from "./errors";

const A = memory.data(32);
const B = memory.data(32);
const N = memory.data(32);
const R = memory.data(32);

export class U256 {
  constructor(public l0: u64 = 0, public l1: u64 = 0, public l2: u64 = 0, public l3: u64 = 0) {}

  static get Zero(): U256 { return new U256(); }
  static get One(): U256 { return new U256(1); }
  static get Max(): U256 { return new U256(u64.MAX_VALUE, u64.MAX_VALUE, u64.MAX_VALUE, u64.MAX_VALUE); }

  static fromU64(value: u64): U256 { return new U256(value); }
  /** Sign-extends, as Solidity converts int64 to int256. */
  static fromI64(value: i64): U256 {
    const fill: u64 = value < 0 ? u64.MAX_VALUE : 0;
    return new U256(<u64>value, fill, fill, fill);
  }

  /** Reads a 32-byte big-endian word. */
  static fromWord(ptr: usize): U256 {
    return new U256(bswap<u64>(load<u64>(ptr, 24)), bswap<u64>(load<u64>(ptr, 16)), bswap<u64>(load<u64>(ptr, 8)), bswap<u64>(load<u64>(ptr)));
  }

  static fromBytes(bytes: Uint8Array): U256 {
    assert(bytes.length == 32, "U256.fromBytes needs 32 bytes");
    return U256.fromWord(bytes.dataStart);
  }

  /** Parses a decimal number, or a hexadecimal one with 0x. Reverts on other characters or overflow. */
  static fromString(text: string): U256 {
    let result = new U256();
    const hex = text.startsWith("0x");
    const base = U256.fromU64(hex ? 16 : 10);
    for (let i = hex ? 2 : 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let digit: i32 = -1;
      if (c >= 48 && c <= 57) digit = c - 48;
      else if (hex && c >= 97 && c <= 102) digit = c - 87;
      else if (hex && c >= 65 && c <= 70) digit = c - 55;
      if (digit < 0) throw new Error("U256.fromString: not a number: " + text);
      result = result * base + U256.fromU64(digit);
    }
    return result;
  }

  /** Writes the value as a 32-byte big-endian word. */
  toWord(ptr: usize): void {
    store<u64>(ptr, bswap<u64>(this.l3));
    store<u64>(ptr, bswap<u64>(this.l2), 8);
    store<u64>(ptr, bswap<u64>(this.l1), 16);
    store<u64>(ptr, bswap<u64>(this.l0), 24);
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(32);
    this.toWord(out.dataStart);
    return out;
  }

  isZero(): bool { return (this.l0 | this.l1 | this.l2 | this.l3) == 0; }
  isNegative(): bool { return <i64>this.l3 < 0; }
  fitsU64(): bool { return (this.l1 | this.l2 | this.l3) == 0; }

  /** The low 64 bits; panics (0x11) if the value does not fit, like a checked Solidity cast would revert. */
  toU64(): u64 {
    if (!this.fitsU64()) panic(PANIC_OVERFLOW);
    return this.l0;
  }

  clone(): U256 { return new U256(this.l0, this.l1, this.l2, this.l3); }

  // Wrapping arithmetic (Solidity's `unchecked { }`).
  addWrapping(b: U256): U256 {
    const r0 = this.l0 + b.l0;
    let c: u64 = r0 < this.l0 ? 1 : 0;
    const t1 = this.l1 + b.l1; const r1 = t1 + c;
    c = (t1 < this.l1 ? 1 : 0) | (r1 < t1 ? 1 : 0);
    const t2 = this.l2 + b.l2; const r2 = t2 + c;
    c = (t2 < this.l2 ? 1 : 0) | (r2 < t2 ? 1 : 0);
    const r3 = this.l3 + b.l3 + c;
    return new U256(r0, r1, r2, r3);
  }

  subWrapping(b: U256): U256 {
    const r0 = this.l0 - b.l0;
    let w: u64 = this.l0 < b.l0 ? 1 : 0;
    const t1 = this.l1 - b.l1; const r1 = t1 - w;
    w = (this.l1 < b.l1 ? 1 : 0) | (t1 < w ? 1 : 0);
    const t2 = this.l2 - b.l2; const r2 = t2 - w;
    w = (this.l2 < b.l2 ? 1 : 0) | (t2 < w ? 1 : 0);
    const r3 = this.l3 - b.l3 - w;
    return new U256(r0, r1, r2, r3);
  }

  mulWrapping(b: U256): U256 { return host2(this, b, 0); }

  @operator("+") add(b: U256): U256 {
    const r = this.addWrapping(b);
    if (r < this) panic(PANIC_OVERFLOW);
    return r;
  }

  @operator("-") sub(b: U256): U256 {
    if (this < b) panic(PANIC_OVERFLOW);
    return this.subWrapping(b);
  }

  @operator("*") mul(b: U256): U256 {
    if (this.isZero() || b.isZero()) return new U256();
    const r = host2(this, b, 0);
    if (host2(r, this, 1) != b) panic(PANIC_OVERFLOW);
    return r;
  }

  @operator("/") div(b: U256): U256 {
    if (b.isZero()) panic(PANIC_DIVISION_BY_ZERO);
    return host2(this, b, 1);
  }

  @operator("%") mod(b: U256): U256 {
    if (b.isZero()) panic(PANIC_DIVISION_BY_ZERO);
    return host2(this, b, 2);
  }

  /** Signed division of two's complement values (EVM SDIV); panics on a zero divisor. */
  sdiv(b: U256): U256 {
    if (b.isZero()) panic(PANIC_DIVISION_BY_ZERO);
    return host2(this, b, 3);
  }

  /** this ** e modulo 2^256 (EVM EXP; Solidity's checked `**` would also check overflow). */
  pow(e: U256): U256 { return host2(this, e, 4); }

  /** (this * b) % n in full precision (EVM MULMOD); panics on a zero modulus, as Solidity does. */
  mulmod(b: U256, n: U256): U256 {
    if (n.isZero()) panic(PANIC_DIVISION_BY_ZERO);
    this.toWord(A); b.toWord(B); n.toWord(N);
    bignum.mulmod256(A, B, N, R);
    return U256.fromWord(R);
  }

  /** (this + b) % n in full precision (EVM ADDMOD). */
  addmod(b: U256, n: U256): U256 {
    if (n.isZero()) panic(PANIC_DIVISION_BY_ZERO);
    this.toWord(A); b.toWord(B); n.toWord(N);
    bignum.addmod256(A, B, N, R);
    return U256.fromWord(R);
  }

  @operator("==") eq(b: U256): bool {
    return this.l0 == b.l0 && this.l1 == b.l1 && this.l2 == b.l2 && this.l3 == b.l3;
  }
  @operator("!=") ne(b: U256): bool { return !this.eq(b); }

  @operator("<") lt(b: U256): bool {
    if (this.l3 != b.l3) return this.l3 < b.l3;
    if (this.l2 != b.l2) return this.l2 < b.l2;
    if (this.l1 != b.l1) return this.l1 < b.l1;
    return this.l0 < b.l0;
  }
  @operator(">") gt(b: U256): bool { return b.lt(this); }
  @operator("<=") le(b: U256): bool { return !b.lt(this); }
  @operator(">=") ge(b: U256): bool { return !this.lt(b); }

  @operator("&") and(b: U256): U256 { return new U256(this.l0 & b.l0, this.l1 & b.l1, this.l2 & b.l2, this.l3 & b.l3); }
  @operator("|") or(b: U256): U256 { return new U256(this.l0 | b.l0, this.l1 | b.l1, this.l2 | b.l2, this.l3 | b.l3); }
  @operator("^") xor(b: U256): U256 { return new U256(this.l0 ^ b.l0, this.l1 ^ b.l1, this.l2 ^ b.l2, this.l3 ^ b.l3); }
  @operator.prefix("~") not(): U256 { return new U256(~this.l0, ~this.l1, ~this.l2, ~this.l3); }

  @operator("<<") shl(bits: i32): U256 {
    if (bits >= 256) return new U256();
    let r = this.clone();
    while (bits >= 64) { r = new U256(0, r.l0, r.l1, r.l2); bits -= 64; }
    if (bits == 0) return r;
    const s = <u64>bits, t = <u64>(64 - bits);
    return new U256(r.l0 << s, (r.l1 << s) | (r.l0 >> t), (r.l2 << s) | (r.l1 >> t), (r.l3 << s) | (r.l2 >> t));
  }

  @operator(">>") shr(bits: i32): U256 {
    if (bits >= 256) return new U256();
    let r = this.clone();
    while (bits >= 64) { r = new U256(r.l1, r.l2, r.l3, 0); bits -= 64; }
    if (bits == 0) return r;
    const s = <u64>bits, t = <u64>(64 - bits);
    return new U256((r.l0 >> s) | (r.l1 << t), (r.l1 >> s) | (r.l2 << t), (r.l2 >> s) | (r.l3 << t), r.l3 >> s);
  }

  /** Decimal digits (for console.log and messages). */
  toString(): string {
    if (this.isZero()) return "0";
    let digits = "";
    let v = this.clone();
    const ten = U256.fromU64(10);
    while (!v.isZero()) {
      const q = v / ten;
      digits = String.fromCharCode(48 + <i32>(v - q * ten).l0) + digits;
      v = q;
    }
    return digits;
  }
}

/** One bignum host call on scratch words: 0 mul, 1 div, 2 mod, 3 sdiv, 4 exp. */
function host2(a: U256, b: U256, op: i32): U256 {
  a.toWord(A);
  b.toWord(B);
  switch (op) {
    case 0: bignum.mul256(A, B, R); break;
    case 1: bignum.div256(A, B, R); break;
    case 2: bignum.mod256(A, B, R); break;
    case 3: bignum.sdiv256(A, B, R); break;
    default: bignum.exp256(A, B, R);
  }
  return U256.fromWord(R);
}
