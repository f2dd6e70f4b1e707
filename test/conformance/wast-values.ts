/**
 * The host side of wast2json scripts: the `spectest` module, turning `{type, value}` arguments into
 * JS API values, and checking results against `expected`. Numbers arrive as unsigned decimal
 * strings, floats as raw bit patterns, so floats are compared by bits (a JS `===` would equate 0
 * with -0 and never match NaN).
 */

export interface WastValue {
  readonly type: string;
  readonly value?: string;
}

// One scratch view for all bit conversions: the runner is single-threaded and never re-enters these.
const view = new DataView(new ArrayBuffer(8));

function f32FromBits(bits: number): number {
  view.setUint32(0, bits);
  return view.getFloat32(0);
}

function f64FromBits(bits: bigint): number {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

function f32Bits(x: number): number {
  view.setFloat32(0, x);
  return view.getUint32(0);
}

function f64Bits(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

/**
 * Host references (`ref.extern N`) as JS objects, one per N, so that an externref that went through
 * Wasm and came back can be recognised by identity, as the spec's own JS harness does.
 */
export class HostRefs {
  private readonly refs = new Map<string, object>();

  get(n: string): object {
    let ref = this.refs.get(n);
    if (ref === undefined) {
      ref = { hostref: n };
      this.refs.set(n, ref);
    }
    return ref;
  }
}

/** The JS value to pass for a wast argument. */
export function toJs(v: WastValue, refs: HostRefs): unknown {
  const value = v.value ?? '';
  switch (v.type) {
    case 'i32': return Number(BigInt.asIntN(32, BigInt(value)));
    case 'i64': return BigInt.asIntN(64, BigInt(value));
    case 'f32': return f32FromBits(Number(value));
    case 'f64': return f64FromBits(BigInt(value));
    case 'externref': case 'funcref': return value === 'null' ? null : refs.get(value);
    default: throw new Error(`unsupported argument type ${v.type}`);
  }
}

/** A float result as it left Wasm, bit for bit (see float-bridge.ts); a JS number would quiet signalling NaNs. */
export interface RawBits {
  readonly rawBits: bigint;
}

function isRawBits(x: unknown): x is RawBits {
  return typeof x === 'object' && x !== null && 'rawBits' in x;
}

const F32_ABS = 0x7fffffff;
const F32_QUIET_NAN = 0x7fc00000;
const F64_ABS = 0x7fff_ffff_ffff_ffffn;
const F64_QUIET_NAN = 0x7ff8_0000_0000_0000n;

/** Whether a returned JS value is the expected wast value. */
export function matches(expected: WastValue, actual: unknown, refs: HostRefs): boolean {
  const value = expected.value ?? '';
  switch (expected.type) {
    case 'i32':
      return typeof actual === 'number' && BigInt.asUintN(32, BigInt(actual)) === BigInt(value);
    case 'i64':
      return typeof actual === 'bigint' && BigInt.asUintN(64, actual) === BigInt(value);
    case 'f32': {
      if (typeof actual !== 'number' && !isRawBits(actual)) return false;
      const bits = isRawBits(actual) ? Number(actual.rawBits) : f32Bits(actual);
      // Canonical: quiet bit only, any sign. Arithmetic: quiet bit set, any payload.
      if (value === 'nan:canonical') return (bits & F32_ABS) === F32_QUIET_NAN;
      if (value === 'nan:arithmetic') return (bits & F32_QUIET_NAN) === F32_QUIET_NAN;
      return bits === Number(value);
    }
    case 'f64': {
      if (typeof actual !== 'number' && !isRawBits(actual)) return false;
      const bits = isRawBits(actual) ? actual.rawBits : f64Bits(actual);
      if (value === 'nan:canonical') return (bits & F64_ABS) === F64_QUIET_NAN;
      if (value === 'nan:arithmetic') return (bits & F64_QUIET_NAN) === F64_QUIET_NAN;
      return bits === BigInt(value);
    }
    case 'externref':
      return value === 'null' ? actual === null : actual === refs.get(value);
    case 'funcref':
      // wast2json only encodes null funcrefs; a non-null one has no identity we could compare.
      return value === 'null' ? actual === null : typeof actual === 'function';
    default:
      throw new Error(`unsupported result type ${expected.type}`);
  }
}

/** A result for failure messages, floats with their bit pattern (which is what was compared). */
export function describe(actual: unknown): string {
  if (typeof actual === 'number') return `${actual} (f32 bits ${f32Bits(actual)}, f64 bits ${f64Bits(actual)})`;
  if (typeof actual === 'bigint') return `${actual}n`;
  if (isRawBits(actual)) return `bits ${actual.rawBits}`;
  if (actual === null) return 'null';
  if (typeof actual === 'function') return 'function';
  return JSON.stringify(actual) ?? String(actual);
}

/** The host module the spec scripts import from, fresh per run because scripts mutate it. */
export function spectest(): WebAssembly.Exports {
  const print = () => {};
  return {
    print, print_i32: print, print_i64: print, print_f32: print, print_f64: print, print_i32_f32: print,
    print_f64_f64: print,
    global_i32: new WebAssembly.Global({ value: 'i32' }, 666),
    global_i64: new WebAssembly.Global({ value: 'i64' }, 666n),
    global_f32: new WebAssembly.Global({ value: 'f32' }, 666.6),
    global_f64: new WebAssembly.Global({ value: 'f64' }, 666.6),
    table: new WebAssembly.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
  };
}
