/**
 * geth's default tracer, the struct logger (eth/tracers/logger/logger.go): one entry per EVM opcode
 * with pc, op, gas, gasCost, depth and, unless disabled, the stack and the storage the contract has
 * touched so far (on SLOAD and SSTORE); memory and return data on request; `limit` caps the count.
 * Wasm frames give one entry per host-function call (op = the import, e.g. `ethereum.storageStore`,
 * pc 0, `engine: "wasm"`), with the gas before it, what it charged, and the contract function that
 * called it (`functionIndex`, and `function`: its name from the name section, or `wasm-function[N]`).
 */
import { bigIntToBytes, bigIntToHex, bytesToHex, setLengthLeft } from '@ethereumjs/util';
import type { InterpreterStep } from '@ethereumjs/evm';
import type { FrameEnd, FrameStart } from '../../evm-compat/tracing.ts';
import type { HostCallTrace } from '../../vm/index.ts';
import { objectWithLargeArray, type JsonChunks } from '../json-chunks.ts';
import type { JsonObject, Tracer, TracerFactory, TxEnd } from './types.ts';

export interface StructLoggerConfig {
  readonly disableStorage?: boolean;
  readonly disableStack?: boolean;
  readonly enableMemory?: boolean;
  readonly enableReturnData?: boolean;
  /** 0: no limit. */
  readonly limit?: number;
}

const plainHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export class StructLogger implements Tracer {
  private readonly config: StructLoggerConfig;
  readonly logs: JsonObject[] = [];
  /** Per contract: the slots read or written so far, as geth keeps them (64 hex digits, no 0x). */
  private readonly storage = new Map<string, Map<string, string>>();
  /** Per open frame: the return data of its last call. */
  private readonly returnData: Uint8Array[] = [];
  private end: TxEnd | undefined;

  constructor(config: StructLoggerConfig) {
    this.config = config;
  }

  private full(): boolean {
    const limit = this.config.limit ?? 0;
    return limit > 0 && this.logs.length >= limit;
  }

  readonly hooks = {
    enter: (_f: FrameStart) => {
      this.returnData.push(new Uint8Array(0));
    },
    exit: (f: FrameEnd) => {
      this.returnData.pop();
      // A successful create leaves no return data; anything else leaves its output.
      if (this.returnData.length > 0) this.returnData[this.returnData.length - 1] = f.createdAddress ? new Uint8Array(0) : f.output;
    },
    step: (s: InterpreterStep) => this.step(s),
    hostCall: (c: HostCallTrace) => {
      if (this.full()) return;
      const entry: JsonObject = { pc: 0, op: c.name, gas: Number(c.gasBefore), gasCost: Number(c.gasBefore - c.gasAfter), depth: c.depth + 1, engine: 'wasm' };
      if (c.functionIndex !== undefined) {
        entry.functionIndex = c.functionIndex;
        entry.function = c.functionName ?? `wasm-function[${c.functionIndex}]`;
      }
      this.logs.push(entry);
    },
  };

  private async step(s: InterpreterStep): Promise<void> {
    if (this.full()) return;
    const entry: JsonObject = {
      pc: s.pc, op: s.opcode.name, gas: Number(s.gasLeft), gasCost: Number(s.opcode.dynamicFee ?? BigInt(s.opcode.fee)), depth: s.depth + 1,
    };
    const stack = s.stack;
    if (this.config.disableStack !== true) entry.stack = stack.map((v) => bigIntToHex(v));
    if (this.config.enableMemory === true) {
      const words: string[] = [];
      for (let i = 0; i < s.memory.length; i += 32) words.push(plainHex(s.memory.subarray(i, i + 32)));
      entry.memory = words;
    }
    const returnData = this.returnData[this.returnData.length - 1];
    if (this.config.enableReturnData === true && returnData !== undefined && returnData.length > 0) entry.returnData = bytesToHex(returnData);
    if (s.gasRefund > 0n) entry.refund = Number(s.gasRefund);
    const op = s.opcode.name;
    if (this.config.disableStorage !== true && (op === 'SLOAD' || op === 'SSTORE') && stack.length >= 1) {
      const key = setLengthLeft(bigIntToBytes(stack[stack.length - 1]), 32);
      const contract = s.address.toString();
      const slots = this.storage.get(contract) ?? new Map<string, string>();
      this.storage.set(contract, slots);
      if (op === 'SLOAD') {
        slots.set(plainHex(key), plainHex(setLengthLeft(await s.stateManager.getStorage(s.address, key), 32)));
      } else if (stack.length >= 2) {
        slots.set(plainHex(key), plainHex(setLengthLeft(bigIntToBytes(stack[stack.length - 2]), 32)));
      }
      entry.storage = Object.fromEntries(slots);
    }
    this.logs.push(entry);
  }

  txEnd(end: TxEnd): void {
    this.end = end;
  }

  /** Streamed: the steps are serialized in batches as the server writes them. */
  result(): JsonChunks {
    const end = this.end!;
    // geth's fields, and ours: `error` says why it failed (a Wasm validator's or engine's reason, an EVM error).
    const head = { gas: Number(end.gasUsed), failed: end.error !== undefined, ...(end.error !== undefined ? { error: end.error } : {}), returnValue: bytesToHex(end.returnValue) };
    return objectWithLargeArray(head, 'structLogs', this.logs);
  }
}

export const structLogger: TracerFactory = (config) => new StructLogger({
  disableStorage: config.disableStorage === true, disableStack: config.disableStack === true,
  enableMemory: config.enableMemory === true, enableReturnData: config.enableReturnData === true,
  limit: typeof config.limit === 'number' ? config.limit : 0,
});
