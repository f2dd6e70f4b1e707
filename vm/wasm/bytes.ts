/** Byte-level reading and writing of the Wasm binary format (LEB128, vectors, names). */

export class DecodeError extends Error {
  override name = 'DecodeError';
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.offset = offset;
  }
}

export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string, at = this.pos): never {
    throw new DecodeError(message, at);
  }

  byte(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++];
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail('unexpected end');
    this.pos += n;
  }

  take(n: number): Uint8Array {
    const start = this.pos;
    this.skip(n);
    return this.bytes.subarray(start, start + n);
  }

  /** Unsigned LEB128 of at most `bits` bits, as a number (bits <= 32). */
  u32(bits = 32): number {
    let result = 0;
    let shift = 0;
    const maxBytes = Math.ceil(bits / 7);
    for (let i = 0; ; i++) {
      const b = this.byte();
      if (i === maxBytes - 1) {
        // The last permitted byte may not carry bits beyond the integer's width.
        const unused = b >> (bits - shift);
        if ((b & 0x80) !== 0 || unused !== 0) this.fail('integer representation too long or too large');
      }
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) return result;
    }
  }

  /** Signed LEB128 of at most `bits` bits (33 or 64), as a bigint. */
  sBig(bits: number): bigint {
    let result = 0n;
    let shift = 0n;
    const maxBytes = Math.ceil(bits / 7);
    let b = 0;
    for (let i = 0; i < maxBytes; i++) {
      b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (i === maxBytes - 1) {
          // Unused high bits of the last byte must all equal the sign bit.
          const used = bits - 7 * (maxBytes - 1);
          const rest = (b & 0x7f) >> (used - 1);
          if (rest !== 0 && rest !== (0x7f >> (used - 1))) this.fail('integer too large');
        }
        if (b & 0x40) result -= 1n << shift;
        return result;
      }
    }
    this.fail('integer representation too long');
  }

  s32(): number {
    return Number(this.sBig(32));
  }

  name(): string {
    const len = this.u32();
    const raw = this.take(len);
    try {
      // ignoreBOM keeps a leading U+FEFF: it is part of the name, and dropping it would make "\u{feff}" equal "".
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
    } catch {
      this.fail('malformed UTF-8 encoding', this.pos - len);
    }
  }
}

export class Writer {
  private buf: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): this {
    this.ensure(1);
    this.buf[this.length++] = b;
    return this;
  }

  bytes(data: Uint8Array | readonly number[]): this {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
    return this;
  }

  u32(value: number): this {
    let v = value >>> 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  sBig(value: bigint): this {
    let v = value;
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  s32(value: number): this {
    if ((value | 0) !== value) return this.sBig(BigInt(value));
    // Number arithmetic: the instrumenter writes one of these per metered segment.
    let v = value;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  name(text: string): this {
    const raw = new TextEncoder().encode(text);
    return this.u32(raw.length).bytes(raw);
  }

  /** A length-prefixed copy of another writer's content (a section or a function body). */
  sized(inner: Writer): this {
    return this.u32(inner.length).bytes(inner.finish());
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length);
  }
}
