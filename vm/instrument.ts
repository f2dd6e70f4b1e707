/**
 * Rewrites a Wasm module so that it meters its own gas and bounds its own stack depth.
 *
 * Gas: every straight-line segment of a function body (segments end after branches, `if`, `else`,
 * `loop`, `end`, `return`) starts with one inline charge of the segment's summed instruction costs.
 * The counter lives in a local of each function while it runs (a register, where a global would be
 * a memory load and store per charge) and in a mutable i64 global between functions: the local is
 * loaded on entry and after every call, stored before every call and on exit. Its sign is checked
 * at every loop head, before every call and on exit — the only ways to run long or to reach the
 * host — and a negative counter is stored and trapped on, which the engine reads as out-of-gas.
 * Instructions whose work depends on an operand (memory.grow, bulk memory and table operations)
 * call an added helper that charges the global per page, word or element first.
 *
 * Stack: each function adds its frame cost (a fixed base, its params and locals, and its maximum
 * operand-stack height) to a mutable i32 global on entry and traps above the limit, so recursion
 * fails at the same depth on every machine, long before V8's own stack runs out.
 *
 * The body is wrapped in a block so that every exit, including `return` (rewritten as a branch to
 * that block), passes the epilogue: stack release, gas store and check.
 *
 * Function, table and global indices of the original module are left as they are: helpers, globals,
 * types and exports are only appended.
 */
import { Writer } from './wasm/bytes.ts';
import { BLOCK_EMPTY, InstructionReader } from './wasm/code.ts';
import { decodeModule, importedCount, MAX_LOCALS, SectionId, type FuncType, type WasmModule } from './wasm/module.ts';
import { appendToVectorSection, assemble, encodeCappedMemorySection, encodeCodeSection, encodeFunctionSection, encodeTypeSection } from './wasm/edit.ts';
import { FC, ValType } from './wasm/opcodes.ts';
import { costTable, isFreeSchedule, type WasmCostSchedule } from './gas/wasm-costs.ts';

export const GAS_GLOBAL_EXPORT = '__ewasm_gas';
export const STACK_GLOBAL_EXPORT = '__ewasm_stack';

/** Stack units a frame costs besides its params, locals and operand stack (return address, frame pointer, spill slots). */
export const FRAME_BASE_COST = 6;

export interface InstrumentOptions {
  /** Per-instruction gas; null leaves gas unmetered (the gas global is still added). */
  readonly costs: WasmCostSchedule | null;
  /** Total stack units all active frames may hold; null for no limit. */
  readonly stackLimit: number | null;
  /** Caps the maximum of the module's own memory (one it defines) at this many pages. */
  readonly maxMemoryPages?: number;
  /** Initial value of the gas counter, for code that runs at instantiation (start functions). */
  readonly initialGas?: bigint;
}

interface Frame {
  readonly start: number;
  readonly params: number;
  readonly results: number;
}

interface Edit {
  readonly at: number;
  /** End of the original bytes it replaces (== at for a pure insertion). */
  readonly end: number;
  bytes: Uint8Array | null;
  /** Gas of a charge insertion, filled in when its segment closes. */
  cost: number;
  /** Check the counter's sign after charging (the segment heads a loop body). */
  check?: boolean;
}

interface Helper {
  readonly typeIndex: number;
  readonly body: Uint8Array;
}

/**
 * Deepest nesting of blocks, loops and ifs a function may have. V8's baseline compiler spends time
 * per block that grows with the depth (bench/adversarial: 200,000 nested blocks take seconds to
 * compile, the same blocks 1,000 deep a few tens of milliseconds); no real contract nests this deep.
 */
export const MAX_NESTING = 1024;

/** Instructions after which a new metering segment starts. */
const SEGMENT_END = new Set([0x0b, 0x0c, 0x0d, 0x0e, 0x04, 0x05, 0x0f, 0x03]);

export function instrument(input: Uint8Array | WasmModule, options: InstrumentOptions): Uint8Array<ArrayBuffer> {
  const m = input instanceof Uint8Array ? decodeModule(input) : input;
  return new Instrumenter(m, options).run();
}

class Instrumenter {
  private readonly m: WasmModule;
  private readonly options: InstrumentOptions;
  private readonly costs: Uint16Array | null;
  private readonly types: FuncType[];
  private readonly funcTypes: number[];
  private readonly gasGlobal: number;
  private readonly stackGlobal: number;
  private readonly helpers: Helper[] = [];
  private readonly helperIndex = new Map<string, number>();
  private readonly firstHelperFunc: number;
  private readonly tableElemTypes: number[];
  private readonly importedFuncs: number;

  constructor(m: WasmModule, options: InstrumentOptions) {
    this.m = m;
    this.options = options;
    this.costs = options.costs && !isFreeSchedule(options.costs) ? costTable(options.costs) : null;
    this.types = [...m.types];
    this.funcTypes = [];
    for (const imp of m.imports) if (imp.kind === 'func') this.funcTypes.push(imp.typeIndex);
    this.importedFuncs = this.funcTypes.length;
    this.funcTypes.push(...m.functions);
    const globals = importedCount(m, 'global') + m.globals.length;
    this.gasGlobal = globals;
    this.stackGlobal = globals + 1;
    this.firstHelperFunc = this.funcTypes.length;
    this.tableElemTypes = [];
    for (const imp of m.imports) if (imp.kind === 'table') this.tableElemTypes.push(imp.table.elemType);
    for (const t of m.tables) this.tableElemTypes.push(t.elemType);
  }

  run(): Uint8Array<ArrayBuffer> {
    const m = this.m;
    const bodies = m.bodies.map((_, i) => this.instrumentBody(i));
    this.checkExports();
    const replaced = new Map<number, Uint8Array>();
    if (this.types.length !== m.types.length) replaced.set(SectionId.type, encodeTypeSection(this.types));
    if (this.helpers.length > 0) replaced.set(SectionId.function, encodeFunctionSection([...m.functions, ...this.helpers.map((h) => h.typeIndex)]));
    const cap = this.options.maxMemoryPages;
    if (cap !== undefined && m.memories.length > 0) replaced.set(SectionId.memory, encodeCappedMemorySection(m.memories, cap));
    const globals = new Writer()
      .byte(ValType.i64).byte(1).byte(0x42).sBig(this.options.initialGas ?? 0n).byte(0x0b)
      .byte(ValType.i32).byte(1).byte(0x41).s32(0).byte(0x0b);
    replaced.set(SectionId.global, appendToVectorSection(m, SectionId.global, m.globals.length, 2, globals.finish()));
    const exports = new Writer().name(GAS_GLOBAL_EXPORT).byte(0x03).u32(this.gasGlobal).name(STACK_GLOBAL_EXPORT).byte(0x03).u32(this.stackGlobal);
    replaced.set(SectionId.export, appendToVectorSection(m, SectionId.export, m.exports.length, 2, exports.finish()));
    if (m.bodies.length > 0) replaced.set(SectionId.code, encodeCodeSection([...bodies, ...this.helpers.map((h) => h.body)]));
    return assemble(m, replaced);
  }

  /** As in checkIndices: an export index just past the original ones would name our helpers and counters. */
  private checkExports(): void {
    for (const e of this.m.exports) {
      const count = e.kind === 'func' ? this.firstHelperFunc : e.kind === 'global' ? this.gasGlobal : Infinity;
      if (e.index >= count) throw new InstrumentError(`export "${e.name}" has an unknown ${e.kind} index ${e.index}`);
    }
  }

  // ---- function bodies ----

  private instrumentBody(index: number): Uint8Array {
    const m = this.m;
    const body = m.bodies[index];
    const type = this.types[m.functions[index]];
    if (type === undefined) throw new InstrumentError(`function ${index} has an unknown type`);
    const costs = this.costs;
    const limit = this.options.stackLimit;
    const edits: Edit[] = [];
    const control: Frame[] = [{ start: 0, params: 0, results: type.results.length }];
    let height = 0;
    let maxHeight = 0;
    let segment: Edit | null = null;
    let afterLoop = false;
    const wrapped = limit !== null || costs !== null;
    const reader = new InstructionReader(m.bytes, body.codeStart, body.end);
    if (costs && body.localCount + type.params.length >= MAX_LOCALS) throw new InstrumentError('too many locals');
    const gasLocal = type.params.length + body.localCount;

    const pop = (n: number) => {
      height = Math.max(control[control.length - 1].start, height - n);
    };
    const push = (n: number) => {
      height += n;
      if (height > maxHeight) maxHeight = height;
    };
    const blockArity = (bt: number): [number, number] => {
      if (bt === BLOCK_EMPTY) return [0, 0];
      if (bt < 0) return [0, 1];
      const t = m.types[bt]; // not this.types: a type we append must not make an unknown index valid
      if (t === undefined) throw new InstrumentError(`unknown block type ${bt}`);
      return [t.params.length, t.results.length];
    };

    while (!reader.done) {
      if (control.length === 0) throw new InstrumentError('operators remaining after end of function');
      const info = reader.next();
      const code = info.code;
      if (costs && segment === null) {
        segment = { at: reader.start, end: reader.start, bytes: null, cost: 0, check: afterLoop };
        edits.push(segment);
        afterLoop = false;
      }
      if (segment) segment.cost += costs![code];
      this.checkIndices(code, reader, control.length, gasLocal);

      switch (code) {
        case 0x02: case 0x03: case 0x04: { // block, loop, if
          if (code === 0x04) pop(1);
          const [params, results] = blockArity(reader.a);
          pop(params);
          const start = height;
          control.push({ start, params, results });
          if (control.length > MAX_NESTING + 1) throw new InstrumentError(`blocks nested deeper than ${MAX_NESTING}`);
          push(params);
          break;
        }
        case 0x05: { // else
          const top = control[control.length - 1];
          height = top.start;
          push(top.params);
          break;
        }
        case 0x0b: { // end
          const top = control.pop()!;
          height = top.start;
          if (control.length > 0) push(top.results);
          break;
        }
        case 0x0c: case 0x0e: case 0x00: // br, br_table, unreachable
          if (code === 0x0e) pop(1);
          height = control[control.length - 1].start;
          break;
        case 0x0f: // return
          if (wrapped) {
            edits.push({ at: reader.start, end: reader.end, bytes: br(control.length - 1), cost: 0 });
          }
          height = control[control.length - 1].start;
          break;
        case 0x10: case 0x11: { // call, call_indirect
          const t = code === 0x10 ? m.types[this.funcTypes[reader.a]] : m.types[reader.a];
          if (t === undefined) throw new InstrumentError(`unknown function or type index ${reader.a}`);
          if (code === 0x11) pop(1);
          if (segment && code === 0x10 && reader.a < this.importedFuncs) segment.cost += this.options.costs!.hostCall;
          pop(t.params.length);
          push(t.results.length);
          if (costs) {
            edits.push({ at: reader.start, end: reader.start, bytes: this.storeAndCheck(gasLocal), cost: 0 });
            edits.push({ at: reader.end, end: reader.end, bytes: this.load(gasLocal), cost: 0 });
          }
          break;
        }
        default: {
          pop(info.pops);
          push(info.pushes);
          if (this.costs && this.isDynamic(code)) {
            const helper = this.dynamicHelper(code, reader.a, m.bytes.subarray(reader.start, reader.end));
            if (helper !== null) {
              // The helper charges the global: hand it the counter and take back what is left.
              const bytes = new Writer().bytes(this.store(gasLocal)).bytes(call(helper)).bytes(this.load(gasLocal)).finish();
              edits.push({ at: reader.start, end: reader.end, bytes, cost: 0 });
            }
          }
        }
      }
      if (segment && SEGMENT_END.has(code)) segment = null;
      if (code === 0x03) afterLoop = true;
    }
    if (control.length !== 0) throw new InstrumentError('function body must end with end');

    const frameCost = FRAME_BASE_COST + type.params.length + body.localCount + maxHeight;
    return this.emitBody(index, type, edits, frameCost, gasLocal);
  }

  /**
   * The instrumented module has one more label and one more local per function (the wrapper block,
   * the gas counter) and more globals, functions and types than the original. An index just past the original ones is invalid in the
   * original but would name one of ours after instrumentation, so it has to be refused here: V8 only
   * sees the instrumented module and would accept it.
   */
  private checkIndices(code: number, reader: InstructionReader, labels: number, locals: number): void {
    if (code >= 0x20 && code <= 0x22 && reader.a >= locals) throw new InstrumentError(`unknown local ${reader.a}`);
    if ((code === 0x0c || code === 0x0d) && reader.a >= labels) throw new InstrumentError(`unknown label ${reader.a}`);
    if (code === 0x0e && reader.labels.some((l) => l >= labels)) throw new InstrumentError('unknown label in br_table');
    if ((code === 0x23 || code === 0x24) && reader.a >= this.gasGlobal) {
      throw new InstrumentError(`unknown global ${reader.a}`);
    }
    if (code === 0xd2 && reader.a >= this.firstHelperFunc) throw new InstrumentError(`unknown function ${reader.a}`);
  }

  private emitBody(index: number, type: FuncType, edits: Edit[], frameCost: number, gasLocal: number): Uint8Array {
    const m = this.m;
    const body = m.bodies[index];
    const limit = this.options.stackLimit;
    const metered = this.costs !== null;
    const w = new Writer(body.end - body.start + edits.length * 16 + 64);
    if (metered) {
      // One more local group: the gas counter, after all existing locals so no index moves.
      w.u32(body.locals.length + 1);
      for (const l of body.locals) w.u32(l.count).byte(l.type);
      w.u32(1).byte(ValType.i64);
    } else {
      w.bytes(m.bytes.subarray(body.start, body.codeStart));
    }
    if (limit !== null) {
      // global.get sh; i32.const cost; i32.add; global.set sh; global.get sh; i32.const limit; i32.gt_u; if unreachable end
      w.byte(0x23).u32(this.stackGlobal).byte(0x41).s32(frameCost).byte(0x6a).byte(0x24).u32(this.stackGlobal);
      w.byte(0x23).u32(this.stackGlobal).byte(0x41).s32(limit).byte(0x4b).byte(0x04).byte(0x40).byte(0x00).byte(0x0b);
    }
    if (metered) w.bytes(this.load(gasLocal));
    if (limit !== null || metered) {
      w.byte(0x02);
      this.blockType(w, type.results);
    }
    let copied = body.codeStart;
    for (const edit of edits) {
      w.bytes(m.bytes.subarray(copied, edit.at));
      if (edit.bytes) w.bytes(edit.bytes);
      else {
        if (edit.cost > 0) this.charge(w, edit.cost, gasLocal);
        if (edit.check) this.check(w, gasLocal);
      }
      copied = edit.end;
    }
    w.bytes(m.bytes.subarray(copied, body.end));
    // The original final `end` closed the wrapper block: release the frame, store and check the gas.
    if (limit !== null) {
      w.byte(0x23).u32(this.stackGlobal).byte(0x41).s32(frameCost).byte(0x6b).byte(0x24).u32(this.stackGlobal);
    }
    if (metered) w.bytes(this.storeAndCheck(gasLocal));
    if (limit !== null || metered) w.byte(0x0b);
    return w.finish();
  }

  /** local.get g; i64.const cost; i64.sub; local.set g */
  private charge(w: Writer, cost: number, gasLocal: number): void {
    w.byte(0x20).u32(gasLocal).byte(0x42).s32(cost).byte(0x7d).byte(0x21).u32(gasLocal);
  }

  /** local.get g; i64.const 0; i64.lt_s; if (local.get g; global.set G; unreachable) end */
  private check(w: Writer, gasLocal: number): void {
    w.byte(0x20).u32(gasLocal).byte(0x42).byte(0x00).byte(0x53).byte(0x04).byte(0x40);
    w.byte(0x20).u32(gasLocal).byte(0x24).u32(this.gasGlobal).byte(0x00).byte(0x0b);
  }

  private load(gasLocal: number): Uint8Array {
    return new Writer(8).byte(0x23).u32(this.gasGlobal).byte(0x21).u32(gasLocal).finish();
  }

  private store(gasLocal: number): Uint8Array {
    return new Writer(8).byte(0x20).u32(gasLocal).byte(0x24).u32(this.gasGlobal).finish();
  }

  private storeAndCheck(gasLocal: number): Uint8Array {
    const w = new Writer(24).bytes(this.store(gasLocal));
    this.check(w, gasLocal);
    return w.finish();
  }

  private blockType(w: Writer, results: number[]): void {
    if (results.length === 0) w.byte(0x40);
    else if (results.length === 1) w.byte(results[0]);
    else w.sBig(BigInt(this.typeIndex([], results)));
  }

  private typeIndex(params: number[], results: number[]): number {
    const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    const found = this.types.findIndex((t) => same(t.params, params) && same(t.results, results));
    if (found >= 0) return found;
    this.types.push({ params, results });
    return this.types.length - 1;
  }

  // ---- helpers for instructions whose cost depends on an operand ----

  private isDynamic(code: number): boolean {
    return code === 0x40 || (code >= FC + 8 && code <= FC + 17 && code !== FC + 9 && code !== FC + 13 && code !== FC + 16);
  }

  /** Returns the function index of a helper that charges for and then performs the instruction. */
  private dynamicHelper(code: number, a: number, instr: Uint8Array): number | null {
    const s = this.options.costs!;
    const i32 = ValType.i32;
    let params: number[];
    let results: number[] = [];
    let countParam = 2;
    let unitCost: number;
    let words = false;
    if (code === 0x40) {
      params = [i32]; results = [i32]; countParam = 0; unitCost = s.memoryPage;
    } else if (code <= FC + 11) { // memory.init, memory.copy, memory.fill
      params = [i32, i32, i32]; unitCost = s.bulkMemoryWord; words = true;
    } else if (code === FC + 15) { // table.grow: (ref, n) -> old size
      params = [this.tableElemTypes[a] ?? ValType.funcref, i32]; results = [i32]; countParam = 1;
      unitCost = s.bulkTableElement;
    } else if (code === FC + 17) { // table.fill: (i, ref, n)
      params = [i32, this.tableElemTypes[a] ?? ValType.funcref, i32]; unitCost = s.bulkTableElement;
    } else { // table.init, table.copy
      params = [i32, i32, i32]; unitCost = s.bulkTableElement;
    }
    if (unitCost === 0) return null;
    const key = Array.from(instr).join(',');
    const known = this.helperIndex.get(key);
    if (known !== undefined) return known;

    const w = new Writer();
    w.u32(0); // no locals
    const g = this.gasGlobal;
    w.byte(0x23).u32(g).byte(0x20).u32(countParam).byte(0xad); // global.get g; local.get n; i64.extend_i32_u
    if (words) w.byte(0x42).s32(31).byte(0x7c).byte(0x42).s32(5).byte(0x88); // + 31 >> 5
    w.byte(0x42).s32(unitCost).byte(0x7e).byte(0x7d).byte(0x24).u32(g); // * cost; g - that
    trapIfNegative(w, g);
    for (let i = 0; i < params.length; i++) w.byte(0x20).u32(i);
    w.bytes(instr).byte(0x0b);

    const index = this.firstHelperFunc + this.helpers.length;
    this.helpers.push({ typeIndex: this.typeIndex(params, results), body: w.finish() });
    this.helperIndex.set(key, index);
    return index;
  }
}

export class InstrumentError extends Error {
  override name = 'InstrumentError';
}

function trapIfNegative(w: Writer, g: number): void {
  w.byte(0x23).u32(g).byte(0x42).byte(0x00).byte(0x53).byte(0x04).byte(0x40).byte(0x00).byte(0x0b);
}

function br(depth: number): Uint8Array {
  return new Writer(6).byte(0x0c).u32(depth).finish();
}

function call(func: number): Uint8Array {
  return new Writer(6).byte(0x10).u32(func).finish();
}
