/**
 * Calls a Wasm function with float arguments and results passed as integer bit patterns.
 *
 * The JS API turns every f32/f64 into a JS number, and V8 quiets signalling NaNs on the way, so a
 * script that checks that `select` or `local.tee` keeps a NaN payload intact cannot be verified
 * through plain JS calls. Like the spec's own JS harness, we call the function from a small Wasm
 * module instead, which reinterprets floats as integers on the Wasm side of the boundary.
 */
import { Writer } from '../../vm/wasm/bytes.ts';
import { HostRefs, type RawBits, toJs, type WastValue } from './wast-values.ts';

const VALTYPE: Record<string, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, externref: 0x6f, funcref: 0x70 };
/** The integer type that carries each float type's bits across the boundary. */
const CARRIER: Record<string, string> = { f32: 'i32', f64: 'i64' };
const OP = {
  localGet: 0x20, localSet: 0x21, call: 0x10, end: 0x0b,
  f32FromBits: 0xbe, f64FromBits: 0xbf, f32ToBits: 0xbc, f64ToBits: 0xbd,
};

export function hasFloats(types: readonly string[]): boolean {
  return types.some((t) => t in CARRIER);
}

// Bridges depend only on the signature, so each is compiled once per process.
const compiled = new Map<string, WebAssembly.Module>();

/** Calls `fn` (a Wasm export of type params -> results); float results come back as RawBits. */
export function callWithFloatBits(
  fn: unknown, args: readonly WastValue[], resultTypes: readonly string[], refs: HostRefs,
): unknown[] {
  const paramTypes = args.map((a) => a.type);
  const key = `${paramTypes.join(',')}->${resultTypes.join(',')}`;
  let module = compiled.get(key);
  if (module === undefined) {
    module = new WebAssembly.Module(bridge(paramTypes, resultTypes));
    compiled.set(key, module);
  }
  const instance = new WebAssembly.Instance(module, { m: { f: fn as WebAssembly.ImportValue } });
  const call = instance.exports.w as (...a: unknown[]) => unknown;
  // Float arguments travel as their bit patterns, encoded like the integer of the same width.
  const jsArgs = args.map((a) => toJs(a.type in CARRIER ? { type: CARRIER[a.type], value: a.value } : a, refs));
  const raw = call(...jsArgs);
  const results = resultTypes.length === 0 ? [] : resultTypes.length === 1 ? [raw] : (raw as unknown[]);
  return results.map((r, i) => {
    if (resultTypes[i] === 'f32') return { rawBits: BigInt.asUintN(32, BigInt(r as number)) } satisfies RawBits;
    if (resultTypes[i] === 'f64') return { rawBits: BigInt.asUintN(64, r as bigint) } satisfies RawBits;
    return r;
  });
}

/** (module (import "m" "f" (func params -> results)) (func (export "w") carriers -> carriers ...)) */
function bridge(params: readonly string[], results: readonly string[]): Uint8Array<ArrayBuffer> {
  const code = (t: string) => {
    const c = VALTYPE[t];
    if (c === undefined) throw new Error(`unsupported value type ${t}`);
    return c;
  };
  const carried = (types: readonly string[]) => types.map((t) => code(CARRIER[t] ?? t));
  const out = new Writer();
  out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, body: Writer) => out.byte(id).sized(body);

  const types = new Writer().u32(2);
  types.byte(0x60).u32(params.length).bytes(params.map(code)).u32(results.length).bytes(results.map(code));
  types.byte(0x60).u32(params.length).bytes(carried(params)).u32(results.length).bytes(carried(results));
  section(1, types);
  section(2, new Writer().u32(1).name('m').name('f').byte(0x00).u32(0));
  section(3, new Writer().u32(1).u32(1));
  section(7, new Writer().u32(1).name('w').byte(0x00).u32(1));

  const body = new Writer();
  // One scratch local per result: results are converted from the top of the stack down, so they
  // are parked in locals and pushed again in order.
  body.u32(results.length);
  for (const t of carried(results)) body.u32(1).byte(t);
  params.forEach((t, i) => {
    body.byte(OP.localGet).u32(i);
    if (t === 'f32') body.byte(OP.f32FromBits);
    if (t === 'f64') body.byte(OP.f64FromBits);
  });
  body.byte(OP.call).u32(0);
  for (let i = results.length - 1; i >= 0; i--) {
    if (results[i] === 'f32') body.byte(OP.f32ToBits);
    if (results[i] === 'f64') body.byte(OP.f64ToBits);
    body.byte(OP.localSet).u32(params.length + i);
  }
  for (let i = 0; i < results.length; i++) body.byte(OP.localGet).u32(params.length + i);
  body.byte(OP.end);
  section(10, new Writer().u32(1).sized(body));
  return out.finish();
}
