/** WAT text to Wasm bytes, through wabt's JavaScript build (no native toolchain needed). */
import wabtInit from 'wabt';
import { modernizeWat } from './wat-legacy.ts';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Promise<Wabt> | null = null;

export class WatError extends Error {
  override name = 'WatError';
}

/**
 * Compiles a WAT module; every Wasm 2.0 feature is accepted here, the engine's policy decides later.
 * Pre-2018 instruction names (`get_local`, `i64.extend_u/i32`, as in old Ewasm code) are read too.
 */
export async function watToWasm(source: string, filename = 'contract.wat'): Promise<Uint8Array> {
  wabt ??= wabtInit();
  const w = await wabt;
  let module;
  try {
    module = w.parseWat(filename, modernizeWat(source), { multi_value: true, bulk_memory: true, reference_types: true, simd: true, sign_extension: true, sat_float_to_int: true, mutable_globals: true, threads: true });
  } catch (e) {
    throw new WatError(`${filename}: ${(e as Error).message.trim()}`);
  }
  try {
    module.resolveNames();
    return module.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}
