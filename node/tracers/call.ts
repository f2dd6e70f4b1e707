/**
 * geth's callTracer (eth/tracers/native/call.go): the tree of call frames with gas, input, output,
 * error and revert reason, and with `withLog` each frame's own logs with their position among its
 * calls. Options: onlyTopCall, withLog. Wasm frames are frames like EVM ones.
 */
import { bigIntToHex, bytesToHex, type Address } from '@ethereumjs/util';
import type { CallType, FrameEnd, FrameStart } from '../../evm-compat/tracing.ts';
import { decodeRevertReason } from '../revert.ts';
import { gethError } from './errors.ts';
import type { JsonObject, Tracer, TracerFactory, TxEnd, TxStart } from './types.ts';

interface CallLog {
  /** The log's index in the block (geth's log.Index), as it stood when emitted. */
  readonly index: number;
  readonly address: Uint8Array;
  readonly topics: Uint8Array[];
  readonly data: Uint8Array;
  readonly position: number;
}

interface CallFrame {
  type: CallType;
  from: Address;
  to?: Address;
  value?: bigint;
  gas: bigint;
  gasUsed: bigint;
  input: Uint8Array;
  output?: Uint8Array;
  error?: string;
  revertReason?: string;
  calls: CallFrame[];
  logs: CallLog[];
}

export interface CallTracerConfig {
  readonly onlyTopCall?: boolean;
  readonly withLog?: boolean;
}

export class CallTracer implements Tracer {
  private readonly config: CallTracerConfig;
  private readonly stack: CallFrame[] = [];
  private root: CallFrame | undefined;
  private depth = -1;
  /** The next log's index in the block; logs of a frame that fails are taken back, as geth's journal does. */
  private logIndex = 0;
  /** Per open frame (whatever onlyTopCall keeps): how many logs it and its callees emitted. */
  private readonly logCounts: number[] = [];

  constructor(config: CallTracerConfig) {
    this.config = config;
  }

  readonly hooks = {
    enter: (f: FrameStart) => {
      this.depth = f.depth;
      this.logCounts.push(0);
      if (this.config.onlyTopCall === true && f.depth > 0) return;
      const frame: CallFrame = { type: f.type, from: f.from, to: f.to, value: f.value, gas: f.gas, gasUsed: 0n, input: f.input, calls: [], logs: [] };
      this.stack.push(frame);
    },
    exit: (f: FrameEnd) => {
      this.depth = f.depth - 1;
      const emitted = this.logCounts.pop() ?? 0;
      if (f.error !== undefined) this.logIndex -= emitted;
      else if (this.logCounts.length > 0) this.logCounts[this.logCounts.length - 1] += emitted;
      if (this.config.onlyTopCall === true && f.depth > 0) return;
      const frame = this.stack.pop();
      if (frame === undefined) return;
      frame.gasUsed = f.gasUsed;
      if (f.createdAddress) frame.to = f.createdAddress;
      processOutput(frame, f.output, f.error);
      const parent = this.stack[this.stack.length - 1];
      if (parent) parent.calls.push(frame);
      else this.root = frame;
    },
    log: (address: Uint8Array, topics: Uint8Array[], data: Uint8Array) => {
      const index = this.logIndex++;
      if (this.logCounts.length > 0) this.logCounts[this.logCounts.length - 1]++;
      if (this.config.withLog !== true) return;
      if (this.config.onlyTopCall === true && this.depth > 0) return;
      const frame = this.stack[this.stack.length - 1];
      frame?.logs.push({ index, address, topics, data, position: frame.calls.length });
    },
  };

  private tx: TxStart | undefined;

  txStart(tx: TxStart): void {
    this.tx = tx;
    this.logIndex = tx.logIndex ?? 0;
  }

  /** As geth: the top frame's gas is the transaction's limit and its gasUsed the receipt's. */
  txEnd(end: TxEnd): void {
    const root = this.root;
    if (!root || !this.tx) return;
    root.gas = this.tx.gasLimit;
    root.gasUsed = end.gasUsed;
    if (this.config.withLog === true) clearFailedLogs(root, false);
  }

  result(): JsonObject {
    if (!this.root) throw new Error('callTracer: the transaction started no frame');
    return encode(this.root);
  }
}

function processOutput(frame: CallFrame, output: Uint8Array, error: string | undefined): void {
  if (error === undefined) {
    frame.output = output;
    return;
  }
  frame.error = gethError(error);
  if (frame.type === 'CREATE' || frame.type === 'CREATE2') frame.to = undefined;
  if (error !== 'revert' || output.length === 0) return;
  frame.output = output;
  if (output.length >= 4) frame.revertReason = decodeRevertReason(output);
}

function clearFailedLogs(frame: CallFrame, parentFailed: boolean): void {
  const failed = frame.error !== undefined || parentFailed;
  if (failed) frame.logs = [];
  for (const call of frame.calls) clearFailedLogs(call, failed);
}

/** Field order and omissions as geth's gencodec output (from, gas, gasUsed, to, input, output, …, value, type). */
function encode(f: CallFrame): JsonObject {
  const out: JsonObject = {
    from: f.from.toString(),
    gas: bigIntToHex(f.gas),
    gasUsed: bigIntToHex(f.gasUsed),
  };
  if (f.to !== undefined) out.to = f.to.toString();
  out.input = bytesToHex(f.input);
  if (f.output !== undefined && f.output.length > 0) out.output = bytesToHex(f.output);
  if (f.error !== undefined) out.error = f.error;
  if (f.revertReason !== undefined) out.revertReason = f.revertReason;
  if (f.calls.length > 0) out.calls = f.calls.map(encode);
  if (f.logs.length > 0) {
    out.logs = f.logs.map((l) => ({
      address: bytesToHex(l.address), topics: l.topics.map((t) => bytesToHex(t)), data: bytesToHex(l.data),
      index: bigIntToHex(BigInt(l.index)), position: bigIntToHex(BigInt(l.position)),
    }));
  }
  if (f.value !== undefined) out.value = bigIntToHex(f.value);
  out.type = f.type;
  return out;
}

export const callTracer: TracerFactory = (config) => new CallTracer({ onlyTopCall: config.onlyTopCall === true, withLog: config.withLog === true });
