/** A 20-byte account address; in the ABI, storage and topics it is the low 20 bytes of a word. */
export class Address {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array = new Uint8Array(20)) {
    assert(bytes.length == 20, "an address has 20 bytes");
    this.bytes = bytes;
  }

  static get Zero(): Address { return new Address(); }

  /** Reads 20 bytes at `ptr`. */
  static fromPtr(ptr: usize): Address {
    const a = new Uint8Array(20);
    memory.copy(a.dataStart, ptr, 20);
    return new Address(a);
  }

  /** The address in the low 20 bytes of the 32-byte word at `ptr`. */
  static fromWord(ptr: usize): Address { return Address.fromPtr(ptr + 12); }

  /** 0x-prefixed hex, 40 digits (no checksum). */
  static fromHex(text: string): Address {
    assert(text.length == 42 && text.startsWith("0x"), "address: 0x and 40 hex digits");
    const a = new Uint8Array(20);
    for (let i = 0; i < 20; i++) a[i] = <u8>(hexDigit(text.charCodeAt(2 + 2 * i)) << 4 | hexDigit(text.charCodeAt(3 + 2 * i)));
    return new Address(a);
  }

  get ptr(): usize { return this.bytes.dataStart; }

  /** Writes the address as a 32-byte word (12 zero bytes first). */
  toWord(ptr: usize): void {
    memory.fill(ptr, 0, 12);
    memory.copy(ptr + 12, this.bytes.dataStart, 20);
  }

  isZero(): bool {
    const p = this.bytes.dataStart;
    return (load<u64>(p) | load<u64>(p, 8) | <u64>load<u32>(p, 16)) == 0;
  }

  @operator("==") eq(other: Address): bool {
    const p = this.bytes.dataStart, q = other.bytes.dataStart;
    return load<u64>(p) == load<u64>(q) && load<u64>(p, 8) == load<u64>(q, 8) && load<u32>(p, 16) == load<u32>(q, 16);
  }
  @operator("!=") ne(other: Address): bool { return !this.eq(other); }

  toString(): string {
    let s = "0x";
    for (let i = 0; i < 20; i++) {
      const b = this.bytes[i];
      s += String.fromCharCode(hexChar(b >> 4)) + String.fromCharCode(hexChar(b & 15));
    }
    return s;
  }
}

function hexDigit(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  throw new Error("address: not a hex digit");
}

function hexChar(n: i32): i32 { return n < 10 ? 48 + n : 87 + n; }
