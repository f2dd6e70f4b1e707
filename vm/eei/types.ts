/** The shape of a host-function table: signatures and implementations, declared as data. */
import type { Frame } from '../frame.ts';

export type WasmType = 'i32' | 'i64';

export interface HostFunction {
  readonly params: readonly WasmType[];
  readonly results: readonly WasmType[];
  /** May await the host (state reads, nested calls): imported through WebAssembly.Suspending. */
  readonly suspending?: boolean;
  readonly run: (frame: Frame, ...args: never[]) => unknown;
  /**
   * Trusted Wasm to import instead of `run` (bignum-wasm.ts), so calls stay in Wasm. `run` must do
   * the same; the engine uses it when tracing, to see each call.
   */
  readonly wasm?: (frame: Frame) => WebAssembly.ImportValue;
}

export type HostNamespace = Readonly<Record<string, HostFunction>>;

export const WASM_TYPE_CODES: Readonly<Record<WasmType, number>> = { i32: 0x7f, i64: 0x7e };

/** Declares a host function; `run` gets the frame and the Wasm arguments (i32 as number, i64 as bigint). */
export function fn<A extends unknown[]>(
  params: readonly WasmType[],
  results: readonly WasmType[],
  run: (frame: Frame, ...args: A) => unknown,
  suspending = false,
): HostFunction {
  return { params, results, run: run as unknown as HostFunction['run'], ...(suspending ? { suspending } : {}) };
}
