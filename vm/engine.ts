/**
 * The Wasm engine: compiles a contract once (validate, instrument, V8 compile; cached by code
 * hash), then runs `main` in a fresh instance per call with the host imports, and maps whatever
 * happens to one of four outcomes. Host functions that may wait for the host are imported through
 * JSPI (WebAssembly.Suspending), so `main` runs as a promise.
 */
import { createHash } from 'node:crypto';
import { ContractTrap, Halt, OutOfGas, ValidationError } from './errors.ts';
import { Frame } from './frame.ts';
import { GAS_GLOBAL_EXPORT, instrument, STACK_GLOBAL_EXPORT, InstrumentError } from './instrument.ts';
import { LruCache } from './lru.ts';
import { validateContract } from './validate.ts';
import { foldStartIntoMain } from './wasm/start.ts';
import { functionNames, innermostWasmFrame } from './wasm/names.ts';
import { constructorModule } from './wasm/init-code.ts';
import { HOST_NAMESPACES } from './eei/namespaces.ts';
import { DEFAULT_CONFIG, type EngineConfig } from './config.ts';
import type { ExecutionResult, Host, Message } from './host.ts';

export interface CompiledContract {
  readonly module: WebAssembly.Module;
  /** Memory pages the module starts with: charged per call beyond the free ones. */
  readonly initialPages: number;
  readonly imports: ReadonlyArray<{ module: string; name: string }>;
  /** Function names from the module's name section, by function index (the instrumenter keeps indices). */
  readonly names: ReadonlyMap<number, string>;
}

const EMPTY = new Uint8Array(0);

export function hasJspi(): boolean {
  return typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function'
    && typeof (WebAssembly as { promising?: unknown }).promising === 'function';
}

/** One host-function call of a traced frame: its name, the gas it charged, and the contract function that made it. */
export interface HostCallTrace {
  readonly name: string;
  readonly depth: number;
  readonly gasBefore: bigint;
  readonly gasAfter: bigint;
  /** The calling function's index, from V8's stack (only while tracing); its name when the name section gives one. */
  readonly functionIndex?: number;
  readonly functionName?: string;
}

export class WasmEngine {
  readonly config: EngineConfig;
  private readonly cache: LruCache<string, CompiledContract | ValidationError>;
  /** Set while tracing (debug_traceTransaction): each host call is reported. Off, it costs nothing. */
  tracer: ((entry: HostCallTrace) => void) | null = null;

  constructor(config: EngineConfig = DEFAULT_CONFIG) {
    if (!hasJspi()) {
      throw new Error(`the Wasm engine needs JSPI (WebAssembly.Suspending), which Node ${process.versions.node} lacks; run it under Node 26 or newer`);
    }
    this.config = config;
    this.cache = new LruCache(config.cacheSize);
  }

  /** Validates, instruments and compiles; throws ValidationError for a contract that may not run. */
  compile(code: Uint8Array): CompiledContract {
    const key = createHash('sha256').update(code).digest('base64');
    const cached = this.cache.get(key);
    if (cached instanceof ValidationError) throw cached;
    if (cached) return cached;
    try {
      const compiled = this.compileUncached(code);
      this.cache.set(key, compiled);
      return compiled;
    } catch (e) {
      if (e instanceof ValidationError) this.cache.set(key, e);
      throw e;
    }
  }

  /** Throws ValidationError unless `code` is a deployable contract. */
  validate(code: Uint8Array): void {
    this.compile(code);
  }

  private compileUncached(code: Uint8Array): CompiledContract {
    const m = foldStartIntoMain(validateContract(code, this.config));
    let instrumented: Uint8Array<ArrayBuffer>;
    try {
      instrumented = instrument(m, {
        costs: this.config.wasm,
        stackLimit: this.config.limits.stackLimit,
        maxMemoryPages: this.config.limits.maxMemoryPages,
      });
    } catch (e) {
      if (e instanceof InstrumentError) throw new ValidationError('invalid', e.message);
      throw e;
    }
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(instrumented);
    } catch (e) {
      if (e instanceof WebAssembly.CompileError) throw new ValidationError('invalid', e.message.replace(/^WebAssembly\.Module\(\): /, ''));
      throw e;
    }
    return {
      module,
      initialPages: m.memories[0]?.min ?? 0,
      imports: m.imports.map((i) => ({ module: i.module, name: i.name })),
      names: functionNames(m),
    };
  }

  /** Runs `code` for `message`. Never throws for anything the contract does; a throw is an engine bug. */
  async execute(message: Message, code: Uint8Array, host: Host): Promise<ExecutionResult> {
    let compiled: CompiledContract;
    try {
      compiled = this.compile(message.kind === 'create' ? constructorModule(code) : code);
    } catch (e) {
      if (e instanceof ValidationError) return failure(e.message);
      throw e;
    }
    const frame = new Frame(message, code, host, this.config);
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(compiled.module, this.imports(frame, compiled));
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) return failure(`instantiation trapped: ${e.message}`);
      throw e;
    }
    const exports = instance.exports as Record<string, unknown>;
    frame.attach(exports.memory as WebAssembly.Memory, exports[GAS_GLOBAL_EXPORT] as WebAssembly.Global);
    frame.gasLeft = message.gas;
    const stack = exports[STACK_GLOBAL_EXPORT] as WebAssembly.Global;
    const s = this.config.wasm;
    try {
      // Init code is compiled for its one run; deployed code was paid for by its deposit.
      const compile = message.kind === 'create' ? s.initCodeByte * code.length : 0;
      frame.charge(s.frame + compile + Math.max(0, compiled.initialPages - s.freeInitialPages) * s.memoryPage);
      await WebAssembly.promising(exports.main as () => void)();
      return { status: 'success', gasLeft: frame.gasLeft, gasRefund: frame.gasRefund, output: EMPTY };
    } catch (e) {
      if (e instanceof Halt) {
        return { status: e.status, gasLeft: frame.gasLeft, gasRefund: e.status === 'success' ? frame.gasRefund : 0n, output: e.output };
      }
      if (e instanceof OutOfGas || (e instanceof WebAssembly.RuntimeError && frame.gasLeft < 0n)) {
        return { status: 'outOfGas', gasLeft: 0n, gasRefund: 0n, output: EMPTY, error: 'out of gas' };
      }
      if (e instanceof WebAssembly.RuntimeError) {
        const overflow = (stack.value as number) > this.config.limits.stackLimit;
        return failure(overflow ? 'stack limit exceeded' : `trap: ${e.message}${trapSite(e, compiled.names)}`);
      }
      if (e instanceof ContractTrap) return failure(`${e.message}${trapSite(e, compiled.names)}`);
      if (e instanceof RangeError && /call stack/.test(e.message)) {
        // Our stack limit is set well below V8's; reaching V8's means a host frame recursed.
        return failure('native stack exhausted');
      }
      throw e;
    }
  }

  private imports(frame: Frame, compiled: CompiledContract): WebAssembly.Imports {
    const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
    for (const { module, name } of compiled.imports) {
      const spec = HOST_NAMESPACES[module][name];
      if (spec.wasm && !this.tracer) {
        (imports[module] ??= {})[name] = spec.wasm(frame);
        continue;
      }
      let bound = bindFrame(spec.run as HostRun, frame, spec.params.length);
      if (this.tracer) bound = traced(bound, `${module}.${name}`, frame, compiled.names, this.tracer);
      (imports[module] ??= {})[name] = (spec.suspending ? new WebAssembly.Suspending(yielding(bound)) : bound) as WebAssembly.ImportValue;
    }
    return imports;
  }
}

type HostRun = (frame: Frame, ...args: unknown[]) => unknown;

/**
 * How long a contract may hold the event loop before a suspending host call lets it turn once
 * (setImmediate), so the node answers other requests during a long transaction. Only when the
 * contract resumes changes, never what it computes or the gas it uses.
 */
export const YIELD_EVERY_MS = 20;
let nextYield = 0;

function yielding(fn: (...args: never[]) => unknown): (...args: never[]) => unknown {
  return (...args: never[]) => {
    const now = performance.now();
    if (now < nextYield) return fn(...args);
    nextYield = now + YIELD_EVERY_MS;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      nextYield = performance.now() + YIELD_EVERY_MS;
      return fn(...args);
    });
  };
}

/** A closure of the import's exact arity: a rest parameter would allocate an array on every host call. */
function bindFrame(run: HostRun, frame: Frame, arity: number): (...args: never[]) => unknown {
  switch (arity) {
    case 0: return () => run(frame);
    case 1: return (a: unknown) => run(frame, a);
    case 2: return (a: unknown, b: unknown) => run(frame, a, b);
    case 3: return (a: unknown, b: unknown, c: unknown) => run(frame, a, b, c);
    case 4: return (a: unknown, b: unknown, c: unknown, d: unknown) => run(frame, a, b, c, d);
    default: return (...args: unknown[]) => run(frame, ...args);
  }
}

function traced(fn: (...args: never[]) => unknown, name: string, frame: Frame, names: ReadonlyMap<number, string>,
  tracer: (entry: HostCallTrace) => void): (...args: never[]) => unknown {
  return (...args: never[]) => {
    const gasBefore = frame.gasLeft;
    // The caller is the innermost Wasm frame of the stack: tracing only, so the cost is acceptable.
    const caller = innermostWasmFrame(new Error().stack);
    const at = caller === undefined ? {} : { functionIndex: caller.functionIndex, ...(names.has(caller.functionIndex) ? { functionName: names.get(caller.functionIndex) } : {}) };
    const report = () => tracer({ name, depth: frame.message.depth, gasBefore, gasAfter: frame.gasLeft, ...at });
    let result: unknown;
    try {
      result = fn(...args);
    } catch (e) {
      report();
      throw e;
    }
    if (result instanceof Promise) return result.finally(report);
    report();
    return result;
  };
}

/**
 * Where a trap happened, from V8's stack of the error (only on this failure path): the innermost
 * Wasm function, by its name-section name when the module has one. Function indices are the
 * original module's (the instrumenter keeps them); the byte offset V8 gives is the instrumented
 * module's, so it is not reported.
 */
function trapSite(error: Error, names: ReadonlyMap<number, string>): string {
  const frame = innermostWasmFrame(error.stack);
  if (frame === undefined) return '';
  const name = names.get(frame.functionIndex);
  return name === undefined ? ` in wasm-function[${frame.functionIndex}]` : ` in ${name} (wasm-function[${frame.functionIndex}])`;
}

function failure(error: string): ExecutionResult {
  return { status: 'failure', gasLeft: 0n, gasRefund: 0n, output: EMPTY, error };
}
