/**
 * Gas per Wasm instruction, as data. Each rule matches instruction names; the first match wins.
 * docs/gas.md explains where the numbers come from. A schedule is versioned: changing a number
 * changes consensus, so a new schedule gets a new name instead.
 */
import { OPCODES } from '../wasm/opcodes.ts';

export interface WasmCostSchedule {
  readonly name: string;
  /** [pattern on the instruction name, gas] — first match wins; every instruction must match. */
  readonly rules: ReadonlyArray<readonly [RegExp, number]>;
  /** Gas per 64 KiB page added by memory.grow, and per page of initial memory beyond the free ones. */
  readonly memoryPage: number;
  readonly freeInitialPages: number;
  /** Gas per 32-byte word (memory) or per element (table) that a bulk instruction touches. */
  readonly bulkMemoryWord: number;
  readonly bulkTableElement: number;
}

export const WASM_COSTS_V1: WasmCostSchedule = {
  name: 'wasm-v1',
  rules: [
    // Structure: block boundaries themselves emit no machine code.
    [/^(nop|block|loop|end|else)$/, 0],
    [/^unreachable$/, 0],
    [/^(br|br_if|if|return)$/, 1],
    [/^br_table$/, 2],
    [/^call$/, 4],
    [/^call_indirect$/, 6],
    [/^memory\.size$/, 1],
    [/^memory\.grow$/, 10],
    [/^(memory\.(init|copy|fill)|table\.(init|copy|fill|grow))$/, 4],
    [/^(data|elem)\.drop$/, 1],
    [/^table\.(get|set|size)$/, 2],
    [/^ref\./, 1],
    [/^(drop|select)$/, 1],
    [/^(local|global)\./, 1],
    [/\.const$/, 1],
    [/load|store/, 2],
    [/\.(div|rem)(_[su])?$/, 8],
    [/\.(mul|sqrt)$/, 2],
    [/^(i32|i64|f32|f64)\./, 1],
    [/^(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2|simd)\./, 2],
  ],
  memoryPage: 6144,
  freeInitialPages: 1,
  bulkMemoryWord: 3,
  bulkTableElement: 1,
};

/**
 * What Hera's conformance cases assume: no per-instruction metering and free memory. Only EEI
 * charges and explicit useGas calls count.
 */
export const WASM_COSTS_NONE: WasmCostSchedule = {
  name: 'none',
  rules: [[/.*/, 0]],
  memoryPage: 0,
  freeInitialPages: 0,
  bulkMemoryWord: 0,
  bulkTableElement: 0,
};

const compiled = new WeakMap<WasmCostSchedule, Uint16Array>();

/** Per-opcode costs of a schedule as a flat array indexed by opcode key (see opcodes.ts). */
export function costTable(schedule: WasmCostSchedule): Uint16Array {
  let costs = compiled.get(schedule);
  if (costs) return costs;
  costs = new Uint16Array(0x10000);
  for (const [code, info] of OPCODES) {
    const rule = schedule.rules.find(([pattern]) => pattern.test(info.name));
    if (!rule) throw new Error(`cost schedule ${schedule.name} has no rule for ${info.name}`);
    costs[code] = rule[1];
  }
  compiled.set(schedule, costs);
  return costs;
}

export function isFreeSchedule(schedule: WasmCostSchedule): boolean {
  const costs = costTable(schedule);
  return costs.every((c) => c === 0) && schedule.memoryPage === 0 && schedule.bulkMemoryWord === 0
    && schedule.bulkTableElement === 0;
}
