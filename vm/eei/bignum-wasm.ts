/**
 * The bignum functions that run as Wasm (bignum.wat): multiplication and the two divisions'
 * worth of work, where JavaScript `bigint` conversion cost more than the arithmetic (bench/
 * README.md (c)). The module is trusted code, compiled once and never instrumented; per frame it
 * is instantiated on the first bignum call with the contract's own memory (operands are read and
 * results written in place, bounds-checked by Wasm) and the contract's gas global, which it
 * charges before touching memory: the EVM opcode's gas, as in bignum.ts, plus the schedule's
 * host-call surcharge.
 */
import type { Frame } from '../frame.ts';
import { BIGNUM_WASM_BASE64 } from './bignum-wasm.generated.ts';

export interface BignumWasmExports {
  mulmod256(a: number, b: number, n: number, result: number): void;
  mul256(a: number, b: number, result: number): void;
  mod256(a: number, b: number, result: number): void;
}

/** The names bignum.wat exports, and the EVM gas it charges for each (checked against BIGNUM_EVM_GAS in tests). */
export const BIGNUM_WASM_GAS = { mulmod256: 8, mul256: 5, mod256: 5 } as const;

let compiled: WebAssembly.Module | null = null;
const scratch = new WebAssembly.Memory({ initial: 1, maximum: 1 });

/** The library linked to `frame`'s memory and gas counter (instantiated once per frame). */
export function bignumWasm(frame: Frame): BignumWasmExports {
  let lib = frame.bignumLibrary as BignumWasmExports | null;
  if (lib === null) {
    compiled ??= new WebAssembly.Module(Buffer.from(BIGNUM_WASM_BASE64, 'base64'));
    const { memory, gas } = frame.linkable();
    const surcharge = new WebAssembly.Global({ value: 'i64', mutable: false }, BigInt(frame.config.eei.bignumHostCall));
    lib = new WebAssembly.Instance(compiled, { s: { scratch }, c: { memory, gas, surcharge } }).exports as unknown as BignumWasmExports;
    frame.bignumLibrary = lib;
  }
  return lib;
}
