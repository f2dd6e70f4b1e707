/**
 * One set of execution hooks for both engines, in geth's terms (OnEnter, OnExit, OnLog, OnOpcode),
 * so a tracer sees a Wasm frame as a frame like any other whichever engine calls whichever.
 *
 * Frames come from @ethereumjs/evm's beforeMessage/afterMessage events, which fire for every
 * message whatever runs it (the EVM interpreter, vm/ through EwasmEVM.runInterpreter, a
 * precompile). What a message does not say is the opcode that made it (a CALL inside a static
 * frame and a STATICCALL both carry isStatic): the EVM's call opcodes and the Wasm host name it
 * just before the message starts (EwasmEVM.nextCallKind). Logs are reported as they are emitted,
 * from the EVM's LOGn handlers and the Wasm host, so a tracer knows where they fall among calls.
 */
import type { EVMResult, InterpreterStep, Message } from '@ethereumjs/evm';
import type { Address } from '@ethereumjs/util';
import type { HostCallTrace } from '../vm/index.ts';
import type { EwasmEVM } from './evm.ts';

export type CallType = 'CALL' | 'CALLCODE' | 'DELEGATECALL' | 'STATICCALL' | 'CREATE' | 'CREATE2';

/** A frame as it starts: geth's OnEnter arguments. */
export interface FrameStart {
  readonly type: CallType;
  /** 0 for the transaction's own frame. */
  readonly depth: number;
  /** geth's `from`: the account that made the call (for DELEGATECALL, the delegating contract). */
  readonly from: Address;
  /** geth's `to`: the account whose code runs; undefined for a create until it ends. */
  readonly to?: Address;
  readonly input: Uint8Array;
  readonly gas: bigint;
  /** Absent for STATICCALL, as geth reports none. */
  readonly value?: bigint;
}

/** A frame as it ends: geth's OnExit arguments. */
export interface FrameEnd {
  readonly depth: number;
  readonly output: Uint8Array;
  readonly gasUsed: bigint;
  /** @ethereumjs/evm's error text (`revert`, `out of gas`, `wasm failure: …`); absent on success. */
  readonly error?: string;
  /** The new account of a successful create. */
  readonly createdAddress?: Address;
}

export interface ExecutionTracer {
  enter?(frame: FrameStart): void;
  /** Which engine runs the frame that just started (not called for precompiles and code-less accounts). */
  engine?(engine: 'evm' | 'wasm', code: Uint8Array, address: Address): void;
  exit?(frame: FrameEnd): void;
  log?(address: Uint8Array, topics: Uint8Array[], data: Uint8Array): void;
  /** Each EVM opcode, before it runs. Slows execution: only set it when needed. */
  step?(step: InterpreterStep): void | Promise<void>;
  /** Each host-function call of a Wasm frame, after it returns. */
  hostCall?(call: HostCallTrace): void;
}

/** The EVM opcodes that start a message, by the kind a tracer reports. */
export const CALL_OPCODES: ReadonlyMap<number, CallType> = new Map([
  [0xf0, 'CREATE'], [0xf1, 'CALL'], [0xf2, 'CALLCODE'], [0xf4, 'DELEGATECALL'], [0xf5, 'CREATE2'], [0xfa, 'STATICCALL'],
]);

function callType(message: Message, named: CallType | undefined): CallType {
  if (message.to === undefined) return message.salt !== undefined ? 'CREATE2' : 'CREATE';
  if (named !== undefined && named !== 'CREATE' && named !== 'CREATE2') return named;
  if (message.delegatecall) return 'DELEGATECALL';
  return 'CALL';
}

/** Starts reporting `evm`'s execution to `tracer`; returns the function that stops it. */
export function attachTracer(evm: EwasmEVM, tracer: ExecutionTracer): () => void {
  const events = evm.events!;
  // afterMessage gives no depth: frames end in the reverse order they start.
  const depths: number[] = [];
  const before = (message: Message) => {
    depths.push(message.depth);
    const type = callType(message, evm.nextCallKind);
    evm.nextCallKind = undefined;
    const code = message._codeAddress ?? message.to;
    // Copies: the EVM passes views of its memory, which later opcodes overwrite.
    tracer.enter?.({
      type, depth: message.depth,
      from: type === 'DELEGATECALL' ? message.to! : message.caller,
      to: type === 'DELEGATECALL' || type === 'CALLCODE' ? code : message.to,
      input: message.data.slice(), gas: message.gasLimit,
      ...(type === 'STATICCALL' ? {} : { value: message.value }),
    });
  };
  const after = (result: EVMResult) => {
    const exec = result.execResult;
    tracer.exit?.({
      depth: depths.pop() ?? 0, output: exec.returnValue.slice(), gasUsed: exec.executionGasUsed,
      ...(exec.exceptionError ? { error: exec.exceptionError.error } : {}),
      ...(result.createdAddress && !exec.exceptionError ? { createdAddress: result.createdAddress } : {}),
    });
  };
  // A two-argument listener is awaited by the EVM, so a step hook may read state.
  const step = (data: InterpreterStep, resolve?: (result?: unknown) => void) => {
    const r = tracer.step!(data);
    if (r instanceof Promise) r.then(() => resolve?.(), () => resolve?.());
    else resolve?.();
  };
  events.on('beforeMessage', before);
  events.on('afterMessage', after);
  if (tracer.step) events.on('step', step);
  evm.tracer = tracer;
  if (tracer.hostCall) evm.wasm.tracer = tracer.hostCall.bind(tracer);
  return () => {
    events.off('beforeMessage', before);
    events.off('afterMessage', after);
    if (tracer.step) events.off('step', step);
    evm.tracer = null;
    evm.wasm.tracer = null;
    evm.nextCallKind = undefined;
  };
}

/** Several tracers on one run (geth's muxTracer, or a tracer beside the console.log collector). */
export function combineTracers(tracers: ExecutionTracer[]): ExecutionTracer {
  const all = <K extends keyof ExecutionTracer>(key: K) => tracers.filter((t) => t[key] !== undefined);
  const enter = all('enter'), engine = all('engine'), exit = all('exit'), log = all('log'), step = all('step'), hostCall = all('hostCall');
  return {
    enter: (f) => { for (const t of enter) t.enter!(f); },
    engine: (e, c, a) => { for (const t of engine) t.engine!(e, c, a); },
    exit: (f) => { for (const t of exit) t.exit!(f); },
    log: (a, t2, d) => { for (const t of log) t.log!(a, t2, d); },
    ...(step.length ? { step: async (s: InterpreterStep) => { for (const t of step) await t.step!(s); } } : {}),
    ...(hostCall.length ? { hostCall: (c: HostCallTrace) => { for (const t of hostCall) t.hostCall!(c); } } : {}),
  };
}
