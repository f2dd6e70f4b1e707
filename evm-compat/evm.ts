/**
 * @ethereumjs/evm with a second engine: every frame whose code starts with \0asm runs in vm/
 * instead of the EVM interpreter. The EVM still orchestrates every message call (value transfer,
 * checkpoints, CREATE addresses, code deposit, depth), so the two engines cannot disagree on those.
 */
import { EVM, EVMError, NobleBN254, type EVMOpts, type ExecResult } from '@ethereumjs/evm';
import { Address, bytesToBigInt } from '@ethereumjs/util';
import { hasWasmPreamble, ValidationError, WasmEngine, DEFAULT_CONFIG, type EngineConfig, type ExecutionResult, type TxContext } from '../vm/index.ts';
import { CODE_LIMITS, type CodeLimits } from './limits.ts';
import { EvmWasmHost } from './wasm-host.ts';
import { CALL_OPCODES, type CallType, type ExecutionTracer } from './tracing.ts';

type Message = Parameters<EVM['runInterpreter']>[0];
type InterpreterOpts = Parameters<EVM['runInterpreter']>[1];

export interface EwasmEvmOpts extends EVMOpts {
  readonly wasm?: EngineConfig;
  readonly codeLimits?: CodeLimits;
  /** Where `debug.print*` output of Wasm contracts goes. */
  readonly debugPrint?: (line: string) => void;
}

const EMPTY = new Uint8Array(0);

export class EwasmEVM extends EVM {
  readonly wasm: WasmEngine;
  readonly codeLimits: CodeLimits;
  private readonly debugPrint?: (line: string) => void;
  /** Set while a transaction is traced (evm-compat/tracing.ts attaches it); null otherwise. */
  tracer: ExecutionTracer | null = null;
  /** The opcode (or Wasm host call) about to start a message, for the tracer to name the frame. */
  nextCallKind: CallType | undefined;

  constructor(opts: EwasmEvmOpts) {
    // Size limits are enforced per engine below, so the EVM's own (EVM-only) checks are off.
    super({ ...opts, allowUnlimitedContractSize: true, allowUnlimitedInitCodeSize: true });
    this.wasm = new WasmEngine(opts.wasm ?? DEFAULT_CONFIG);
    this.codeLimits = opts.codeLimits ?? CODE_LIMITS;
    this.debugPrint = opts.debugPrint;
  }

  /**
   * EIP-3860 for EVM init code at CREATE and CREATE2: with the EVM's own check switched off (Wasm
   * init code may be larger) an oversized EVM init code would only fail the child frame, while the
   * EIP makes the creating frame itself halt. Peeks at the operands before the opcode runs; the
   * dynamic gas handler has already charged the memory the peek touches.
   */
  override getActiveOpcodes(): ReturnType<EVM['getActiveOpcodes']> {
    const opcodes = super.getActiveOpcodes();
    for (const op of [0xf0, 0xf5]) {
      // The interpreter dispatches through _opcodeMap; _handlers is kept in step for anyone reading it.
      const entry = this._opcodeMap[op];
      const create = entry.opHandler;
      const checked: typeof create = (runState, common) => {
        const [, offset, length] = runState.stack.peek(3);
        if (common.isActivatedEIP(3860) && length > BigInt(this.codeLimits.evmMaxInitCodeSize)
          && !hasWasmPreamble(runState.memory.read(Number(offset), 4))) {
          throw new EVMError(EVMError.errorMessages.INITCODE_SIZE_VIOLATION);
        }
        return create(runState, common);
      };
      this._opcodeMap[op] = { ...entry, opHandler: checked };
      this._handlers.set(op, checked);
    }
    this.reportCallsAndLogs();
    return opcodes;
  }

  /**
   * For tracers: the call opcodes name the message they start, LOGn reports its log. Both cost one
   * null check when nothing traces.
   */
  private reportCallsAndLogs(): void {
    type Handler = (typeof this._opcodeMap)[number]['opHandler'];
    const wrap = (op: number, wrapper: (handler: Handler) => Handler) => {
      const entry = this._opcodeMap[op];
      if (entry === undefined) return;
      const handler = wrapper(entry.opHandler);
      this._opcodeMap[op] = { ...entry, opHandler: handler };
      this._handlers.set(op, handler);
    };
    for (const [op, kind] of CALL_OPCODES) {
      wrap(op, (handler) => (runState, common) => {
        if (this.tracer === null) return handler(runState, common);
        this.nextCallKind = kind;
        // A call that never starts a message (depth, balance) must not name the next one.
        const clear = () => { this.nextCallKind = undefined; };
        const r = handler(runState, common) as unknown;
        if (r instanceof Promise) return r.finally(clear) as never;
        clear();
        return r as never;
      });
    }
    for (let op = 0xa0; op <= 0xa4; op++) {
      wrap(op, (handler) => (runState, common) => {
        handler(runState, common);
        if (this.tracer?.log) {
          const logs = (runState.interpreter as unknown as { _result: { logs: Array<[Uint8Array, Uint8Array[], Uint8Array]> } })._result.logs;
          const [address, topics, data] = logs[logs.length - 1];
          this.tracer.log(address, topics, data);
        }
      });
    }
  }

  override async runInterpreter(message: Message, opts?: InterpreterOpts): Promise<ExecResult> {
    const code = message.code instanceof Uint8Array ? message.code : EMPTY;
    const wasm = hasWasmPreamble(code);
    const limits = this.codeLimits;
    if (message.isCreate === true && code.length > (wasm ? limits.wasmMaxInitCodeSize : limits.evmMaxInitCodeSize)) {
      // EVM init code fails as stock ethereumjs would say it, so EVM-only tooling sees the usual error.
      return wasm ? halt(message, `initcode size ${code.length} exceeds the limit`) : evmHalt(message, EVMError.errorMessages.INITCODE_SIZE_VIOLATION);
    }
    this.tracer?.engine?.(wasm ? 'wasm' : 'evm', code, message.to ?? new Address(new Uint8Array(20)));
    const result = wasm ? await this.runWasm(message, code) : await super.runInterpreter(message, opts);
    if (message.isCreate === true && result.exceptionError === undefined) return this.checkRuntimeCode(message, result, wasm);
    return result;
  }

  /** What a constructor returns must fit its engine: EIP-170 for EVM code, a valid contract for Wasm. */
  private checkRuntimeCode(message: Message, result: ExecResult, fromWasm: boolean): ExecResult {
    const code = result.returnValue;
    const limits = this.codeLimits;
    if (hasWasmPreamble(code)) {
      if (code.length > limits.wasmMaxCodeSize) return halt(message, `Wasm code size ${code.length} exceeds ${limits.wasmMaxCodeSize}`);
      try {
        this.wasm.validate(code);
      } catch (e) {
        if (e instanceof ValidationError) return halt(message, `constructor returned an invalid contract: ${e.message}`);
        throw e;
      }
      return result;
    }
    if (fromWasm && code.length > 0) return halt(message, 'a Wasm constructor must return a Wasm contract');
    if (code.length > limits.evmMaxCodeSize) return evmHalt(message, EVMError.errorMessages.CODESIZE_EXCEEDS_MAXIMUM);
    return result;
  }

  private async runWasm(message: Message, code: Uint8Array): Promise<ExecResult> {
    const to = message.to ?? new Address(new Uint8Array(20));
    const host = new EvmWasmHost(
      {
        evm: this, txContext: () => this.txContext(), debugPrint: this.debugPrint,
        traceLog: (address, topics, data) => this.tracer?.log?.(address, topics, data),
        nameNextCall: (kind) => { if (this.tracer !== null) this.nextCallKind = kind; },
      },
      message.selfdestruct ?? new Map(),
      message.createdAddresses ?? new Set(),
    );
    const r: ExecutionResult = await this.wasm.execute({
      kind: message.isCreate === true ? 'create' : message.delegatecall ? 'callDelegate' : message.isStatic ? 'callStatic' : 'call',
      isStatic: message.isStatic,
      depth: message.depth,
      gas: message.gasLimit,
      recipient: to.bytes,
      sender: message.caller.bytes,
      // For a create the EVM moves the init code to `code` and leaves `data` empty.
      input: message.data,
      value: message.value,
      codeAddress: (message._codeAddress ?? to).bytes,
      gasRefund: message.gasRefund,
    }, code, host);
    const gasUsed = message.gasLimit - r.gasLeft;
    if (r.status === 'success') {
      return {
        returnValue: r.output, executionGasUsed: gasUsed, gasRefund: r.gasRefund, logs: host.logs,
        selfdestruct: host.selfdestruct, createdAddresses: host.createdAddresses,
      };
    }
    if (r.status === 'revert') {
      return { returnValue: r.output, executionGasUsed: gasUsed, gasRefund: message.gasRefund, exceptionError: new EVMError(EVMError.errorMessages.REVERT), logs: [] };
    }
    if (r.status === 'outOfGas') return evmHalt(message, EVMError.errorMessages.OUT_OF_GAS);
    return halt(message, r.error ?? 'failure');
  }

  private txContext(): TxContext {
    const block = this._block;
    const header = block?.header;
    return {
      origin: (this._tx?.origin ?? new Address(new Uint8Array(20))).bytes,
      gasPrice: this._tx?.gasPrice ?? 0n,
      coinbase: header?.coinbase.bytes ?? new Uint8Array(20),
      number: header?.number ?? 0n,
      timestamp: header?.timestamp ?? 0n,
      gasLimit: header?.gasLimit ?? 0n,
      // After the merge the EVM's DIFFICULTY is PREVRANDAO, the header's mixHash.
      difficulty: header === undefined ? 0n : this.common.isActivatedEIP(4399) ? bytesToBigInt(header.prevRandao) : header.difficulty,
      chainId: this.common.chainId(),
      baseFee: header?.baseFeePerGas ?? 0n,
    };
  }
}

/** An exceptional halt: all gas used, nothing returned; `reason` travels in the error for traces. */
function halt(message: Message, reason: string): ExecResult {
  return evmHalt(message, `wasm failure: ${reason}`);
}

/** An exceptional halt with the error as given (one of EVMError.errorMessages for EVM-side causes). */
function evmHalt(message: Message, error: string): ExecResult {
  return {
    returnValue: EMPTY,
    executionGasUsed: message.gasLimit,
    exceptionError: new EVMError(error as never),
    logs: [],
  };
}

export async function createEwasmEVM(opts: EwasmEvmOpts): Promise<EwasmEVM> {
  return new EwasmEVM({ ...opts, bn254: opts.bn254 ?? new NobleBN254() });
}
