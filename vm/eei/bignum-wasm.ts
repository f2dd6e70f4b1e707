/**
 * The bignum functions that run as Wasm (bignum.wat): multiplication and division, where
 * JavaScript `bigint` conversion cost more than the arithmetic (bench/README.md (c)). The library is
 * trusted code, compiled once and never instrumented. It needs the contract's memory (operands are
 * read and results written in place, bounds-checked by Wasm) and gas global (charged before memory
 * is touched: the EVM opcode's gas, as in bignum.ts, plus the schedule's host-call surcharge), and
 * those exist only once the contract is instantiated. So the contract imports the exports of a small
 * per-frame trampoline (bignum-link.wat) that calls the library through a table; the first call
 * instantiates the library and fills the table. No call crosses into JavaScript after that.
 */
import type { Frame } from '../frame.ts';
import { BIGNUM_LINK_BASE64, BIGNUM_WASM_BASE64 } from './bignum-wasm.generated.ts';

export interface BignumWasmExports {
  mulmod256(a: number, b: number, n: number, result: number): void;
  mul256(a: number, b: number, result: number): void;
  mod256(a: number, b: number, result: number): void;
}

/** The names bignum.wat exports, and the EVM gas it charges for each (checked against BIGNUM_EVM_GAS in tests). */
export const BIGNUM_WASM_GAS = { mulmod256: 8, mul256: 5, mod256: 5 } as const;
/** Table slots of bignum-link.wat. */
const SLOTS = ['mulmod256', 'mul256', 'mod256'] as const;

let library: WebAssembly.Module | null = null;
let link: WebAssembly.Module | null = null;
/** One scratch page for every library instance: bignum calls never interleave. */
const scratch = new WebAssembly.Memory({ initial: 1, maximum: 1 });

interface Linked {
  /** What the contract imports. */
  readonly trampoline: BignumWasmExports;
  /** The library itself, once a bignum function has been called. */
  library: BignumWasmExports | null;
}

function instantiateLibrary(frame: Frame): BignumWasmExports {
  library ??= new WebAssembly.Module(Buffer.from(BIGNUM_WASM_BASE64, 'base64'));
  const { memory, gas } = frame.linkable();
  const surcharge = new WebAssembly.Global({ value: 'i64', mutable: false }, BigInt(frame.config.eei.bignumHostCall));
  return new WebAssembly.Instance(library, { s: { scratch }, c: { memory, gas, surcharge } }).exports as unknown as BignumWasmExports;
}

/** The frame's trampoline and library, made on first use. */
function linked(frame: Frame): Linked {
  let l = frame.bignumLibrary as Linked | null;
  if (l === null) {
    link ??= new WebAssembly.Module(Buffer.from(BIGNUM_LINK_BASE64, 'base64'));
    const table = new WebAssembly.Table({ element: 'anyfunc', initial: SLOTS.length });
    const fill = () => {
      const lib = bignumWasm(frame);
      SLOTS.forEach((name, i) => table.set(i, lib[name] as never));
    };
    const trampoline = new WebAssembly.Instance(link, { t: { table, link: fill } }).exports as unknown as BignumWasmExports;
    l = { trampoline, library: null };
    frame.bignumLibrary = l;
  }
  return l;
}

/** The library linked to `frame`'s memory and gas counter (instantiated once per frame). */
export function bignumWasm(frame: Frame): BignumWasmExports {
  const l = linked(frame);
  l.library ??= instantiateLibrary(frame);
  return l.library;
}

/** The Wasm function a contract imports for `name`: the frame's trampoline export. */
export function bignumImport(name: keyof BignumWasmExports): (frame: Frame) => WebAssembly.ImportValue {
  return (frame) => linked(frame).trampoline[name] as unknown as WebAssembly.ImportValue;
}
