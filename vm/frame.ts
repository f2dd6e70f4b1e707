/**
 * One running call of a Wasm contract: its message, its memory, its gas counter. Host functions
 * receive the frame and use these methods for every memory access and every charge, so bounds
 * checks and gas live in one place.
 */
import { ContractTrap, OutOfGas } from './errors.ts';
import type { EngineConfig } from './config.ts';
import type { Host, Message } from './host.ts';

export class Frame {
  readonly message: Message;
  /** The code as deployed: what getCodeSize and codeCopy see. */
  readonly code: Uint8Array;
  readonly host: Host;
  readonly config: EngineConfig;
  /** The return data buffer of the last call or create this frame made. */
  returnData: Uint8Array = new Uint8Array(0);
  /** The transaction's refund counter, continued from the message. */
  gasRefund: bigint;
  /** The bignum Wasm library linked to this frame, once the contract has called it (eei/bignum-wasm.ts). */
  bignumLibrary: unknown = null;
  private memory: WebAssembly.Memory | null = null;
  private gas: WebAssembly.Global | null = null;
  private memoryView = new Uint8Array(0);

  constructor(message: Message, code: Uint8Array, host: Host, config: EngineConfig) {
    this.message = message;
    this.code = code;
    this.host = host;
    this.config = config;
    this.gasRefund = message.gasRefund ?? 0n;
  }

  /** Adds a signed refund; the counter never goes below zero (as in ethereumjs). */
  refund(amount: bigint): void {
    this.gasRefund += amount;
    if (this.gasRefund < 0n) this.gasRefund = 0n;
  }

  attach(memory: WebAssembly.Memory, gas: WebAssembly.Global): void {
    this.memory = memory;
    this.gas = gas;
  }

  /** The contract's memory and gas global, for trusted Wasm linked to this frame (bignum-wasm.ts). */
  linkable(): { memory: WebAssembly.Memory; gas: WebAssembly.Global } {
    return { memory: this.memory!, gas: this.gas! };
  }

  get gasLeft(): bigint {
    return this.gas!.value as bigint;
  }

  set gasLeft(value: bigint) {
    this.gas!.value = value;
  }

  charge(amount: number | bigint): void {
    const left = this.gasLeft - BigInt(amount);
    if (left < 0n) {
      this.gasLeft = -1n;
      throw new OutOfGas();
    }
    this.gasLeft = left;
  }

  private bytes(): Uint8Array {
    const buffer = this.memory!.buffer;
    if (this.memoryView.buffer !== buffer) this.memoryView = new Uint8Array(buffer);
    return this.memoryView;
  }

  /** The memory range, bounds-checked; offsets and lengths arrive as signed i32 and are read unsigned. */
  private range(offset: number, length: number): Uint8Array {
    const mem = this.bytes();
    const start = offset >>> 0;
    const len = length >>> 0;
    if (start + len > mem.length) {
      throw new ContractTrap(`memory access out of bounds: ${start}+${len} > ${mem.length}`);
    }
    return mem.subarray(start, start + len);
  }

  /** memory[offset, offset+length) without copying: read it before anything can grow or write memory. */
  view(offset: number, length: number): Uint8Array {
    return this.range(offset, length);
  }

  /** A copy of memory[offset, offset+length). */
  read(offset: number, length: number): Uint8Array {
    return this.range(offset, length).slice();
  }

  write(offset: number, data: Uint8Array): void {
    this.range(offset, data.length).set(data);
  }

  /** Traps now if [offset, offset+length) is not inside memory (checked before any side effect). */
  check(offset: number, length: number): void {
    this.range(offset, length);
  }

  readAddress(offset: number): Uint8Array {
    return this.read(offset, 20);
  }

  readBytes32(offset: number): Uint8Array {
    return this.read(offset, 32);
  }

  /** Unsigned 128-bit little-endian value (call value, balance, gas price). */
  readU128(offset: number): bigint {
    const b = this.range(offset, 16);
    let v = 0n;
    for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return v;
  }

  writeUint(offset: number, value: bigint, size: 16 | 32): void {
    if (value >= 1n << BigInt(size * 8) || value < 0n) {
      throw new ContractTrap(`value does not fit ${size * 8} bits`);
    }
    const out = new Uint8Array(size);
    let v = value;
    for (let i = 0; i < size; i++) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.write(offset, out);
  }

  requireNotStatic(what: string): void {
    if (this.message.isStatic) throw new ContractTrap(`${what} is not allowed in a static call`);
  }
}
