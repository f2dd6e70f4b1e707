/**
 * Walks the commands of one converted spec script in one mode: "baseline" runs the modules as
 * written, "instrumented" runs every module through our instrumenter first and must behave exactly
 * like the baseline, except that unbounded recursion has to be stopped by our deterministic stack
 * limit instead of by V8. The instrumented walk is given the baseline's result to compare against.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../../vm/config.ts';
import { WASM_COSTS_V1 } from '../../vm/gas/wasm-costs.ts';
import { GAS_GLOBAL_EXPORT, instrument, type InstrumentOptions, STACK_GLOBAL_EXPORT } from '../../vm/instrument.ts';
import { DecodeError } from '../../vm/wasm/bytes.ts';
import { callWithFloatBits, hasFloats } from './float-bridge.ts';
import { describe, HostRefs, matches, spectest, toJs, type WastValue } from './wast-values.ts';

export type Mode = 'baseline' | 'instrumented';

/** Enough gas that metering never ends a spec test; large but far from the i64 limit. */
const UNLIMITED_GAS = 1n << 62n;
const STACK_LIMIT = DEFAULT_LIMITS.stackLimit;
const INSTRUMENT_OPTIONS: InstrumentOptions = { costs: WASM_COSTS_V1, stackLimit: STACK_LIMIT, initialGas: UNLIMITED_GAS };

/**
 * Errors of the Wasm 2.0 suite whose conditions Wasm 3.0 lifted; Node's V8 implements 3.0, so it
 * rightly accepts such modules. Only an assert_invalid / assert_malformed that V8 accepts *and*
 * whose expected error is one of these is set aside as superseded; any other acceptance fails.
 */
const LIFTED_BY_WASM3 = new Set([
  'multiple memories', // multi-memory
  'zero byte expected', // multi-memory: memory.size / memory.grow carry a memory index
  'integer representation too long', // memory64: memarg offsets are u64, up to 10 LEB bytes
  'unknown global', // GC / extended-const: constant expressions may read earlier defined globals
]);

export interface Failure {
  readonly file: string;
  /** Position of the command in the script's command list: identifies it across both runs. */
  readonly index: number;
  readonly line: number;
  readonly command: string;
  readonly reason: string;
}

export interface ModeResult {
  passed: number;
  failed: number;
  skipped: number;
  /** assert_invalid / assert_malformed made valid by Wasm 3.0 (see LIFTED_BY_WASM3), not run in either mode. */
  superseded: number;
  /** assert_exhaustion commands run, and how many of them our stack limit stopped. */
  exhaustion: number;
  exhaustionByLimit: number;
  readonly failures: Failure[];
  /** Indexes of the superseded commands, found by the baseline run and skipped by the instrumented one. */
  readonly supersededAt: Set<number>;
  /** Message of each trap, by command index, so the instrumented run can be held to the same trap. */
  readonly trapMessages: Map<number, string>;
}

interface Action {
  readonly type: 'invoke' | 'get';
  readonly module?: string;
  readonly field: string;
  readonly args?: WastValue[];
}

export interface Command {
  readonly type: string;
  readonly line: number;
  readonly name?: string;
  readonly as?: string;
  readonly filename?: string;
  readonly module_type?: 'binary' | 'text';
  readonly action?: Action;
  readonly expected?: WastValue[];
  /** The error an assert_invalid / assert_malformed expects, as the spec interpreter words it. */
  readonly text?: string;
}

/** A failed expectation inside one command; anything else thrown is a bug in the script or runner. */
class Mismatch extends Error {}

/** A command that does not apply to this engine (see LIFTED_BY_WASM3). */
class Superseded extends Error {}

function fail(reason: string): never {
  throw new Mismatch(reason);
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The state of one walk over one script: registered modules, named instances, host references. */
export class ScriptRun {
  private readonly file: string;
  private readonly dir: string;
  private readonly mode: Mode;
  /** The baseline run of the same script, which the instrumented run is held to; null for the baseline itself. */
  private readonly baseline: ModeResult | null;
  private readonly registry = new Map<string, WebAssembly.Exports>();
  private readonly named = new Map<string, WebAssembly.Instance>();
  private current: WebAssembly.Instance | undefined;
  /** Every instrumented instance, including ones only reachable through imports of others. */
  private readonly instances: WebAssembly.Instance[] = [];
  private readonly refs = new HostRefs();
  private index = 0;

  constructor(file: string, dir: string, mode: Mode, baseline: ModeResult | null) {
    this.file = file;
    this.dir = dir;
    this.mode = mode;
    this.baseline = baseline;
    this.registry.set('spectest', spectest());
  }

  run(commands: Command[]): ModeResult {
    const result: ModeResult = {
      passed: 0, failed: 0, skipped: 0, superseded: 0, exhaustion: 0, exhaustionByLimit: 0, failures: [],
      supersededAt: new Set(), trapMessages: new Map(),
    };
    for (const [index, cmd] of commands.entries()) {
      this.index = index;
      // Text-format modules only exercise wabt's text parser, nothing of ours or of V8's.
      if (cmd.module_type === 'text') {
        result.skipped++;
        continue;
      }
      if (this.baseline?.supersededAt.has(index)) {
        result.superseded++;
        result.supersededAt.add(index);
        continue;
      }
      if (cmd.type === 'assert_exhaustion') result.exhaustion++;
      try {
        this.execute(cmd, result);
        result.passed++;
        if (cmd.type === 'assert_exhaustion' && this.mode === 'instrumented') result.exhaustionByLimit++;
      } catch (e) {
        if (e instanceof Superseded) {
          result.superseded++;
          result.supersededAt.add(index);
          continue;
        }
        result.failed++;
        const reason = e instanceof Mismatch ? e.message : `runner error: ${errorText(e)}`;
        result.failures.push({ file: this.file, index, line: cmd.line, command: cmd.type, reason });
      }
    }
    return result;
  }

  private execute(cmd: Command, result: ModeResult): void {
    switch (cmd.type) {
      case 'module': {
        // A module that fails leaves no current module, so the commands that use it fail too.
        this.current = undefined;
        const module = this.compile(cmd);
        let instance: WebAssembly.Instance;
        try {
          instance = this.instantiate(module);
        } catch (e) {
          fail(`instantiation failed: ${errorText(e)}`);
        }
        this.current = instance;
        if (cmd.name !== undefined) this.named.set(cmd.name, instance);
        return;
      }
      case 'register':
        this.registry.set(cmd.as!, this.instance(cmd.name).exports);
        return;
      case 'action':
        this.perform(cmd.action!);
        return;
      case 'assert_return': {
        const expected = cmd.expected ?? [];
        const actual = this.perform(cmd.action!, expected);
        const same = actual.length === expected.length && expected.every((e, i) => matches(e, actual[i], this.refs));
        if (!same) {
          fail(`expected [${expected.map((e) => `${e.type}:${e.value}`).join(', ')}], got [${actual.map(describe).join(', ')}]`);
        }
        return;
      }
      case 'assert_trap':
        this.expectTrap(() => this.perform(cmd.action!), result);
        return;
      case 'assert_exhaustion':
        this.expectExhaustion(cmd.action!);
        return;
      case 'assert_invalid': case 'assert_malformed':
        this.expectRejected(cmd);
        return;
      case 'assert_unlinkable': {
        const module = this.compile(cmd);
        try {
          this.instantiate(module);
        } catch (e) {
          if (e instanceof WebAssembly.LinkError) return;
          fail(`expected a LinkError, got ${errorText(e)}`);
        }
        fail('instantiation succeeded');
      }
      case 'assert_uninstantiable': {
        const module = this.compile(cmd);
        this.expectTrap(() => this.instantiate(module), result);
        return;
      }
      default:
        throw new Error(`unknown command ${cmd.type}`);
    }
  }

  // ---- modules ----

  private bytes(cmd: Command): Uint8Array<ArrayBuffer> {
    return readFileSync(path.join(this.dir, cmd.filename!));
  }

  private compile(cmd: Command): WebAssembly.Module {
    const original = this.bytes(cmd);
    let code: Uint8Array<ArrayBuffer>;
    try {
      code = this.mode === 'instrumented' ? instrument(original, INSTRUMENT_OPTIONS) : original;
    } catch (e) {
      fail(`instrument() rejected a module V8 should accept: ${errorText(e)}`);
    }
    try {
      return new WebAssembly.Module(code);
    } catch (e) {
      fail(`${this.mode} module does not compile: ${errorText(e)}`);
    }
  }

  private instantiate(module: WebAssembly.Module): WebAssembly.Instance {
    // Every imported module name resolves: unknown ones to an empty object, so a missing import
    // raises the LinkError that assert_unlinkable expects rather than a TypeError.
    const imports: Record<string, WebAssembly.ModuleImports> = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      imports[imp.module] ??= (this.registry.get(imp.module) ?? {}) as WebAssembly.ModuleImports;
    }
    // A start function may call into earlier instances, whose counters a trap may have left raised.
    this.resetCounters();
    const instance = new WebAssembly.Instance(module, imports);
    if (this.mode === 'instrumented') this.instances.push(instance);
    return instance;
  }

  private instance(name: string | undefined): WebAssembly.Instance {
    const instance = name === undefined ? this.current : this.named.get(name);
    if (instance === undefined) fail(`no module ${name ?? '(current)'} to act on`);
    return instance;
  }

  /** Binary assert_invalid / assert_malformed: whichever pipeline this mode runs must refuse the module. */
  private expectRejected(cmd: Command): void {
    const original = this.bytes(cmd);
    if (this.mode === 'baseline') {
      try {
        new WebAssembly.Module(original);
      } catch (e) {
        if (e instanceof WebAssembly.CompileError) return;
        fail(`expected a CompileError, got ${errorText(e)}`);
      }
      if (LIFTED_BY_WASM3.has(cmd.text ?? '')) throw new Superseded(cmd.text);
      fail('V8 accepted the module');
    }
    let output: Uint8Array<ArrayBuffer>;
    try {
      output = instrument(original, INSTRUMENT_OPTIONS);
    } catch (e) {
      // Only the instrumenter's own decode errors count as a rejection; a TypeError would be a crash.
      if (e instanceof DecodeError || (e instanceof Error && e.name === 'InstrumentError')) return;
      fail(`instrument() crashed instead of rejecting: ${errorText(e)}`);
    }
    try {
      new WebAssembly.Module(output);
    } catch {
      return; // V8 still refuses what the instrumenter passed through: the module stays rejected.
    }
    fail('instrument() accepted the module and its output compiles');
  }

  // ---- actions ----

  /**
   * Runs an action with fresh counters; returns its results as a list. With `expected` results
   * given and floats involved, the call goes through float-bridge.ts to keep NaN payloads intact.
   */
  private perform(action: Action, expected?: WastValue[]): unknown[] {
    const instance = this.instance(action.module);
    this.resetCounters();
    const exported = instance.exports[action.field];
    if (action.type === 'get') {
      if (!(exported instanceof WebAssembly.Global)) fail(`export ${action.field} is not a global`);
      return [exported.value];
    }
    if (typeof exported !== 'function') fail(`export ${action.field} is not a function`);
    const args = action.args ?? [];
    if (expected !== undefined && hasFloats([...args, ...expected].map((v) => v.type))) {
      return callWithFloatBits(exported, args, expected.map((v) => v.type), this.refs);
    }
    const result: unknown = exported(...args.map((a) => toJs(a, this.refs)));
    // Several results come back as an array, one as the value itself, none as undefined.
    if (result === undefined) return [];
    return Array.isArray(result) ? result : [result];
  }

  /** Sets every instrumented instance's counters back to "no frames, unlimited gas". */
  private resetCounters(): void {
    for (const instance of this.instances) {
      (instance.exports[STACK_GLOBAL_EXPORT] as WebAssembly.Global).value = 0;
      (instance.exports[GAS_GLOBAL_EXPORT] as WebAssembly.Global).value = UNLIMITED_GAS;
    }
  }

  /**
   * Which instrumentation check caused the last trap, if any. Both trap with `unreachable`, so the
   * counters tell: the stack check leaves its increment in place above the limit, the gas check its
   * charge below zero. Any instance counts, since recursion can run through imported functions.
   */
  private ourTrap(): 'stack' | 'gas' | null {
    for (const instance of this.instances) {
      if (((instance.exports[STACK_GLOBAL_EXPORT] as WebAssembly.Global).value as number) > STACK_LIMIT) return 'stack';
      if (((instance.exports[GAS_GLOBAL_EXPORT] as WebAssembly.Global).value as bigint) < 0n) return 'gas';
    }
    return null;
  }

  /** The call must trap, and in the instrumented run with the same trap as the baseline and not by our checks. */
  private expectTrap(call: () => unknown, result: ModeResult): void {
    try {
      call();
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) fail(`expected a trap, got ${errorText(e)}`);
      result.trapMessages.set(this.index, e.message);
      if (this.mode === 'baseline') return;
      const ours = this.ourTrap();
      if (ours !== null) fail(`trapped on our ${ours} check instead of the program's own trap`);
      const expected = this.baseline?.trapMessages.get(this.index);
      if (expected !== undefined && expected !== e.message) fail(`trap "${e.message}" differs from baseline "${expected}"`);
      return;
    }
    fail('no trap');
  }

  /** Unbounded recursion: V8's RangeError in the baseline; in the instrumented run, our stack limit. */
  private expectExhaustion(action: Action): void {
    try {
      this.perform(action);
    } catch (e) {
      if (this.mode === 'baseline') {
        if (e instanceof RangeError) return;
        fail(`expected stack overflow (RangeError), got ${errorText(e)}`);
      }
      if (!(e instanceof WebAssembly.RuntimeError)) fail(`expected our stack-limit trap, got ${errorText(e)}`);
      const ours = this.ourTrap();
      if (ours !== 'stack') fail(`trap was not caused by the stack limit (${ours ?? 'program trap'}): ${e.message}`);
      return;
    }
    fail('call returned instead of exhausting the stack');
  }
}
