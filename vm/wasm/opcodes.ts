/**
 * The Wasm 2.0 instruction set as data: for every opcode its name, how its immediates are encoded
 * and its effect on the operand-stack height. The decoder, the Ewasm policy and the instrumenter all
 * read this one table. Prefixed opcodes are keyed as 0xFC00 + sub-opcode and 0xFD00 + sub-opcode.
 */

export type Immediate =
  | 'none'
  | 'blockType'
  | 'label'
  | 'labelTable'
  | 'func'
  | 'callIndirect'
  | 'local'
  | 'global'
  | 'table'
  | 'memarg'
  | 'memoryIndex' // one reserved byte (memory.size, memory.grow, memory.fill)
  | 'i32'
  | 'i64'
  | 'f32'
  | 'f64'
  | 'refType'
  | 'selectTypes'
  | 'dataAndMemory' // memory.init: data index, reserved byte
  | 'data'
  | 'twoMemories' // memory.copy: two reserved bytes
  | 'elemAndTable' // table.init
  | 'elem'
  | 'twoTables' // table.copy
  | 'v128'
  | 'shuffle'
  | 'lane'
  | 'memargLane';

export interface OpInfo {
  readonly code: number;
  readonly name: string;
  readonly immediate: Immediate;
  /** Operand-stack effect; `variable` for calls and block instructions, worked out from types. */
  readonly pops: number;
  readonly pushes: number;
  readonly variable?: true;
}

export const FC = 0xfc00;
export const FD = 0xfd00;

const table = new Map<number, OpInfo>();

function op(code: number, name: string, immediate: Immediate, pops: number, pushes: number, variable?: true): void {
  table.set(code, { code, name, immediate, pops, pushes, ...(variable ? { variable } : {}) });
}

// Control
op(0x00, 'unreachable', 'none', 0, 0);
op(0x01, 'nop', 'none', 0, 0);
op(0x02, 'block', 'blockType', 0, 0, true);
op(0x03, 'loop', 'blockType', 0, 0, true);
op(0x04, 'if', 'blockType', 1, 0, true);
op(0x05, 'else', 'none', 0, 0, true);
op(0x0b, 'end', 'none', 0, 0, true);
op(0x0c, 'br', 'label', 0, 0, true);
op(0x0d, 'br_if', 'label', 1, 0);
op(0x0e, 'br_table', 'labelTable', 1, 0, true);
op(0x0f, 'return', 'none', 0, 0, true);
op(0x10, 'call', 'func', 0, 0, true);
op(0x11, 'call_indirect', 'callIndirect', 1, 0, true);
// Reference
op(0xd0, 'ref.null', 'refType', 0, 1);
op(0xd1, 'ref.is_null', 'none', 1, 1);
op(0xd2, 'ref.func', 'func', 0, 1);
// Parametric
op(0x1a, 'drop', 'none', 1, 0);
op(0x1b, 'select', 'none', 3, 1);
op(0x1c, 'select', 'selectTypes', 3, 1);
// Variables
op(0x20, 'local.get', 'local', 0, 1);
op(0x21, 'local.set', 'local', 1, 0);
op(0x22, 'local.tee', 'local', 1, 1);
op(0x23, 'global.get', 'global', 0, 1);
op(0x24, 'global.set', 'global', 1, 0);
op(0x25, 'table.get', 'table', 1, 1);
op(0x26, 'table.set', 'table', 2, 0);

// Memory
const loads = [
  'i32.load', 'i64.load', 'f32.load', 'f64.load', 'i32.load8_s', 'i32.load8_u', 'i32.load16_s', 'i32.load16_u',
  'i64.load8_s', 'i64.load8_u', 'i64.load16_s', 'i64.load16_u', 'i64.load32_s', 'i64.load32_u',
];
loads.forEach((name, i) => op(0x28 + i, name, 'memarg', 1, 1));
const stores = ['i32.store', 'i64.store', 'f32.store', 'f64.store', 'i32.store8', 'i32.store16', 'i64.store8', 'i64.store16', 'i64.store32'];
stores.forEach((name, i) => op(0x36 + i, name, 'memarg', 2, 0));
op(0x3f, 'memory.size', 'memoryIndex', 0, 1);
op(0x40, 'memory.grow', 'memoryIndex', 1, 1);

// Constants
op(0x41, 'i32.const', 'i32', 0, 1);
op(0x42, 'i64.const', 'i64', 0, 1);
op(0x43, 'f32.const', 'f32', 0, 1);
op(0x44, 'f64.const', 'f64', 0, 1);

// Numeric: [first opcode, pops, names]
const numeric: Array<[number, number, string[]]> = [
  [0x45, 1, ['i32.eqz']],
  [0x46, 2, ['i32.eq', 'i32.ne', 'i32.lt_s', 'i32.lt_u', 'i32.gt_s', 'i32.gt_u', 'i32.le_s', 'i32.le_u', 'i32.ge_s', 'i32.ge_u']],
  [0x50, 1, ['i64.eqz']],
  [0x51, 2, ['i64.eq', 'i64.ne', 'i64.lt_s', 'i64.lt_u', 'i64.gt_s', 'i64.gt_u', 'i64.le_s', 'i64.le_u', 'i64.ge_s', 'i64.ge_u']],
  [0x5b, 2, ['f32.eq', 'f32.ne', 'f32.lt', 'f32.gt', 'f32.le', 'f32.ge']],
  [0x61, 2, ['f64.eq', 'f64.ne', 'f64.lt', 'f64.gt', 'f64.le', 'f64.ge']],
  [0x67, 1, ['i32.clz', 'i32.ctz', 'i32.popcnt']],
  [0x6a, 2, ['i32.add', 'i32.sub', 'i32.mul', 'i32.div_s', 'i32.div_u', 'i32.rem_s', 'i32.rem_u', 'i32.and', 'i32.or', 'i32.xor',
    'i32.shl', 'i32.shr_s', 'i32.shr_u', 'i32.rotl', 'i32.rotr']],
  [0x79, 1, ['i64.clz', 'i64.ctz', 'i64.popcnt']],
  [0x7c, 2, ['i64.add', 'i64.sub', 'i64.mul', 'i64.div_s', 'i64.div_u', 'i64.rem_s', 'i64.rem_u', 'i64.and', 'i64.or', 'i64.xor',
    'i64.shl', 'i64.shr_s', 'i64.shr_u', 'i64.rotl', 'i64.rotr']],
  [0x8b, 1, ['f32.abs', 'f32.neg', 'f32.ceil', 'f32.floor', 'f32.trunc', 'f32.nearest', 'f32.sqrt']],
  [0x92, 2, ['f32.add', 'f32.sub', 'f32.mul', 'f32.div', 'f32.min', 'f32.max', 'f32.copysign']],
  [0x99, 1, ['f64.abs', 'f64.neg', 'f64.ceil', 'f64.floor', 'f64.trunc', 'f64.nearest', 'f64.sqrt']],
  [0xa0, 2, ['f64.add', 'f64.sub', 'f64.mul', 'f64.div', 'f64.min', 'f64.max', 'f64.copysign']],
  [0xa7, 1, ['i32.wrap_i64', 'i32.trunc_f32_s', 'i32.trunc_f32_u', 'i32.trunc_f64_s', 'i32.trunc_f64_u', 'i64.extend_i32_s',
    'i64.extend_i32_u', 'i64.trunc_f32_s', 'i64.trunc_f32_u', 'i64.trunc_f64_s', 'i64.trunc_f64_u', 'f32.convert_i32_s',
    'f32.convert_i32_u', 'f32.convert_i64_s', 'f32.convert_i64_u', 'f32.demote_f64', 'f64.convert_i32_s', 'f64.convert_i32_u',
    'f64.convert_i64_s', 'f64.convert_i64_u', 'f64.promote_f32', 'i32.reinterpret_f32', 'i64.reinterpret_f64',
    'f32.reinterpret_i32', 'f64.reinterpret_i64', 'i32.extend8_s', 'i32.extend16_s', 'i64.extend8_s', 'i64.extend16_s',
    'i64.extend32_s']],
];
for (const [first, pops, names] of numeric) names.forEach((name, i) => op(first + i, name, 'none', pops, 1));

// 0xFC prefix: saturating truncation, bulk memory, tables
['i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u', 'i32.trunc_sat_f64_s', 'i32.trunc_sat_f64_u',
  'i64.trunc_sat_f32_s', 'i64.trunc_sat_f32_u', 'i64.trunc_sat_f64_s', 'i64.trunc_sat_f64_u']
  .forEach((name, i) => op(FC + i, name, 'none', 1, 1));
op(FC + 8, 'memory.init', 'dataAndMemory', 3, 0);
op(FC + 9, 'data.drop', 'data', 0, 0);
op(FC + 10, 'memory.copy', 'twoMemories', 3, 0);
op(FC + 11, 'memory.fill', 'memoryIndex', 3, 0);
op(FC + 12, 'table.init', 'elemAndTable', 3, 0);
op(FC + 13, 'elem.drop', 'elem', 0, 0);
op(FC + 14, 'table.copy', 'twoTables', 3, 0);
op(FC + 15, 'table.grow', 'table', 2, 1);
op(FC + 16, 'table.size', 'table', 0, 1);
op(FC + 17, 'table.fill', 'table', 3, 0);

// 0xFD prefix: 128-bit SIMD. Only decoded and metered; the Ewasm policy refuses it.
const simdNames: Record<number, string> = {
  0: 'v128.load', 1: 'v128.load8x8_s', 2: 'v128.load8x8_u', 3: 'v128.load16x4_s', 4: 'v128.load16x4_u',
  5: 'v128.load32x2_s', 6: 'v128.load32x2_u', 7: 'v128.load8_splat', 8: 'v128.load16_splat', 9: 'v128.load32_splat',
  10: 'v128.load64_splat', 11: 'v128.store', 12: 'v128.const', 13: 'i8x16.shuffle', 92: 'v128.load32_zero',
  93: 'v128.load64_zero',
};
const simdUnary = new Set([
  15, 16, 17, 18, 19, 20, 77, 83, 94, 95, 96, 97, 98, 99, 100, 103, 104, 105, 106, 116, 117, 122, 124, 125, 126, 127, 128,
  129, 131, 132, 135, 136, 137, 138, 148, 160, 161, 163, 164, 167, 168, 169, 170, 192, 193, 195, 196, 199, 200, 201, 202,
  224, 225, 227, 236, 237, 239, 248, 249, 250, 251, 252, 253, 254, 255,
]);
for (let sub = 0; sub <= 255; sub++) {
  const name = simdNames[sub] ?? `simd.${sub}`;
  if (sub <= 10 || sub === 92 || sub === 93) op(FD + sub, name, 'memarg', 1, 1);
  else if (sub === 11) op(FD + sub, name, 'memarg', 2, 0);
  else if (sub === 12) op(FD + sub, name, 'v128', 0, 1);
  else if (sub === 13) op(FD + sub, name, 'shuffle', 2, 1);
  else if (sub >= 21 && sub <= 34) op(FD + sub, name, 'lane', [23, 26, 28, 30, 32, 34].includes(sub) ? 2 : 1, 1);
  else if (sub >= 84 && sub <= 87) op(FD + sub, `v128.load${8 << (sub - 84)}_lane`, 'memargLane', 2, 1);
  else if (sub >= 88 && sub <= 91) op(FD + sub, `v128.store${8 << (sub - 88)}_lane`, 'memargLane', 2, 0);
  else if (sub === 82) op(FD + sub, 'v128.bitselect', 'none', 3, 1);
  else if (simdUnary.has(sub)) op(FD + sub, name, 'none', 1, 1);
  else op(FD + sub, name, 'none', 2, 1);
}

export const OPCODES: ReadonlyMap<number, OpInfo> = table;

/** Numeric types as encoded in the binary format. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const;
export type ValTypeCode = (typeof ValType)[keyof typeof ValType];

export function isFloatType(t: number): boolean {
  return t === ValType.f32 || t === ValType.f64;
}

export function isFloatOp(info: OpInfo): boolean {
  return /f32|f64/.test(info.name);
}
