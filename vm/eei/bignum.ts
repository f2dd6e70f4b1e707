/**
 * The `bignum` namespace: 256-bit integer arithmetic on 32-byte big-endian words. See docs/bignum.md.
 *
 * Every function is the EVM opcode of the same name, bit for bit, so a contract can move words
 * between call data, storage, ABI slots and these functions without reordering bytes, and a
 * transcompiler can map an opcode to one host call. Gas is the opcode's plus the schedule's
 * `bignumHostCall`: the prices live in BIGNUM_EVM_GAS, apart from the arithmetic below.
 */
import type { Frame } from '../frame.ts';
import { fn, type HostFunction, type HostNamespace } from './types.ts';
import { bignumImport, bignumWasm } from './bignum-wasm.ts';

/** EVM gas tiers (Yellow Paper): the price of each function's opcode. */
const VERY_LOW = 3;
const LOW = 5;
const MID = 8;
const EXP_BASE = 10;

/** The EVM opcode gas of each bignum function, before the host-call surcharge. */
export const BIGNUM_EVM_GAS = {
  add256: VERY_LOW,
  sub256: VERY_LOW,
  mul256: LOW,
  div256: LOW,
  sdiv256: LOW,
  mod256: LOW,
  smod256: LOW,
  addmod256: MID,
  mulmod256: MID,
  exp256: EXP_BASE,
  lt256: VERY_LOW,
  gt256: VERY_LOW,
  slt256: VERY_LOW,
  sgt256: VERY_LOW,
  eq256: VERY_LOW,
  iszero256: VERY_LOW,
  and256: VERY_LOW,
  or256: VERY_LOW,
  xor256: VERY_LOW,
  not256: VERY_LOW,
  shl256: VERY_LOW,
  shr256: VERY_LOW,
  sar256: VERY_LOW,
} as const satisfies Record<string, number>;

/** EIP-160: exp256 also pays this per significant byte of the exponent. */
export const EXP_BYTE_GAS = 50;

export type BignumName = keyof typeof BIGNUM_EVM_GAS;

const I32 = 'i32';
const MAX = (1n << 256n) - 1n;

/**
 * One 32-byte staging buffer for every conversion: staging a view of memory costs a memcpy but no
 * allocation, and the DataView reads and writes 64-bit limbs
 * instead of building the number a byte at a time. Host calls never interleave (a call returns
 * before the contract can make the next one), so sharing the buffer is safe.
 */
const stage = new Uint8Array(32);
const limbs = new DataView(stage.buffer);

function load(frame: Frame, offset: number): bigint {
  stage.set(frame.view(offset, 32));
  return (limbs.getBigUint64(0) << 192n) | (limbs.getBigUint64(8) << 128n)
    | (limbs.getBigUint64(16) << 64n) | limbs.getBigUint64(24);
}

/** `value` must be in [0, 2^256); setBigUint64 keeps the low 64 bits of what it is given, so no masks are needed. */
function store(frame: Frame, offset: number, value: bigint): void {
  limbs.setBigUint64(0, value >> 192n);
  limbs.setBigUint64(8, value >> 128n);
  limbs.setBigUint64(16, value >> 64n);
  limbs.setBigUint64(24, value);
  frame.write(offset, stage);
}

const wrap = (x: bigint) => BigInt.asUintN(256, x);
const signed = (x: bigint) => BigInt.asIntN(256, x);

/** 2^(8k) for k = 0..32: byteLength searches it instead of formatting the number as text. */
const BYTE_BOUNDS: readonly bigint[] = Array.from({ length: 33 }, (_, k) => 1n << BigInt(8 * k));

/** Bytes needed to write x (0 for 0): the "significant bytes" EIP-160 prices. */
function byteLength(x: bigint): number {
  let lo = 0;
  let hi = 32;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < BYTE_BOUNDS[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** base^exponent mod 2^256 by square-and-multiply, reducing each step so numbers stay at 512 bits at most. */
function pow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = wrap(result * b);
    b = wrap(b * b);
  }
  return result;
}

// Charges come first so that a contract out of gas stops before any memory is read or written;
// operands are all read before the result is written so that the result may alias an operand.

const cost = (frame: Frame, name: BignumName) => BIGNUM_EVM_GAS[name] + frame.config.eei.bignumHostCall;

const unary = (name: BignumName, op: (a: bigint) => bigint): HostFunction =>
  fn([I32, I32], [], (frame: Frame, a: number, result: number) => {
    frame.charge(cost(frame, name));
    store(frame, result, op(load(frame, a)));
  });

const binary = (name: BignumName, op: (a: bigint, b: bigint) => bigint): HostFunction =>
  fn([I32, I32, I32], [], (frame: Frame, a: number, b: number, result: number) => {
    frame.charge(cost(frame, name));
    const x = load(frame, a);
    store(frame, result, op(x, load(frame, b)));
  });

const modular = (name: BignumName, op: (a: bigint, b: bigint, n: bigint) => bigint): HostFunction =>
  fn([I32, I32, I32, I32], [], (frame: Frame, a: number, b: number, n: number, result: number) => {
    frame.charge(cost(frame, name));
    const x = load(frame, a);
    const y = load(frame, b);
    const m = load(frame, n);
    store(frame, result, m === 0n ? 0n : op(x, y, m));
  });

/** Predicates answer in an i32 (0 or 1) instead of a word so that the contract can branch on them directly. */
const compare = (name: BignumName, op: (a: bigint, b: bigint) => boolean): HostFunction =>
  fn([I32, I32], [I32], (frame: Frame, a: number, b: number) => {
    frame.charge(cost(frame, name));
    const x = load(frame, a);
    return op(x, load(frame, b)) ? 1 : 0;
  });

/** Division-like opcodes answer 0 for a zero divisor instead of trapping, as the EVM does. */
const nonZero = (op: (a: bigint, b: bigint) => bigint) => (a: bigint, b: bigint) => (b === 0n ? 0n : op(a, b));

export const BIGNUM: HostNamespace = {
  add256: binary('add256', (a, b) => wrap(a + b)),
  sub256: binary('sub256', (a, b) => wrap(a - b)),
  // In Wasm (bignum.wat): the same results and gas, without bigint conversions.
  mul256: { ...fn([I32, I32, I32], [], (frame: Frame, a: number, b: number, r: number) => bignumWasm(frame).mul256(a, b, r)), wasm: bignumImport('mul256') },
  div256: binary('div256', nonZero((a, b) => a / b)),
  // bigint division truncates toward zero and its remainder takes the dividend's sign: exactly
  // SDIV and SMOD. -2^255 / -1 = 2^255 wraps back to -2^255, as the EVM specifies.
  sdiv256: binary('sdiv256', nonZero((a, b) => wrap(signed(a) / signed(b)))),
  mod256: { ...fn([I32, I32, I32], [], (frame: Frame, a: number, b: number, r: number) => bignumWasm(frame).mod256(a, b, r)), wasm: bignumImport('mod256') },
  smod256: binary('smod256', nonZero((a, b) => wrap(signed(a) % signed(b)))),
  // Full precision: the sum or product is reduced by n before any wrap at 2^256.
  addmod256: modular('addmod256', (a, b, n) => (a + b) % n),
  mulmod256: {
    ...fn([I32, I32, I32, I32], [], (frame: Frame, a: number, b: number, n: number, r: number) => bignumWasm(frame).mulmod256(a, b, n, r)),
    wasm: bignumImport('mulmod256'),
  },

  // The exponent's size sets the price, so only the fixed part can be charged before it is read.
  exp256: fn([I32, I32, I32], [], (frame: Frame, a: number, b: number, result: number) => {
    frame.charge(cost(frame, 'exp256'));
    const base = load(frame, a);
    const exponent = load(frame, b);
    frame.charge(EXP_BYTE_GAS * byteLength(exponent));
    store(frame, result, pow(base, exponent));
  }),

  lt256: compare('lt256', (a, b) => a < b),
  gt256: compare('gt256', (a, b) => a > b),
  slt256: compare('slt256', (a, b) => signed(a) < signed(b)),
  sgt256: compare('sgt256', (a, b) => signed(a) > signed(b)),
  eq256: compare('eq256', (a, b) => a === b),
  iszero256: fn([I32], [I32], (frame: Frame, a: number) => {
    frame.charge(cost(frame, 'iszero256'));
    return load(frame, a) === 0n ? 1 : 0;
  }),

  and256: binary('and256', (a, b) => a & b),
  or256: binary('or256', (a, b) => a | b),
  xor256: binary('xor256', (a, b) => a ^ b),
  not256: unary('not256', (a) => a ^ MAX),

  // Shifts follow the EVM's operand order: `a` is the shift amount, `b` the value shifted.
  shl256: binary('shl256', (shift, value) => (shift >= 256n ? 0n : wrap(value << shift))),
  shr256: binary('shr256', (shift, value) => (shift >= 256n ? 0n : value >> shift)),
  // An arithmetic shift by 255 already leaves only sign bits, so larger shifts are clamped to it.
  sar256: binary('sar256', (shift, value) => wrap(signed(value) >> (shift > 255n ? 255n : shift))),
} satisfies Record<BignumName, HostFunction>;
