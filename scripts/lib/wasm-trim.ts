/**
 * What wasm-chisel's `trimexports` and `remove custom sections` did for the Ewasm toolchain:
 * compilers export more than a contract needs (Rust's wasm32 target always exports the globals
 * `__data_end` and `__heap_base`, which older engine policies refuse) and keep debug info (most of
 * a small Rust module's bytes, all of it paid for per byte at deployment: 4,817 bytes from cargo
 * for examples/rust/counter, 821 after trimming). The build keeps only the `main` and `memory` exports and drops
 * custom sections; nothing else in the module changes.
 */
import { Writer } from '../../vm/wasm/bytes.ts';
import { decodeModule, SectionId } from '../../vm/wasm/module.ts';

const EXTERN_KINDS = ['func', 'table', 'memory', 'global'];
const KEEP = new Set(['main', 'memory']);

export function trimForEwasm(bytes: Uint8Array): Uint8Array {
  const m = decodeModule(bytes);
  const out = new Writer(bytes.length);
  out.bytes(bytes.subarray(0, 8));
  for (const s of m.sections) {
    if (s.id === SectionId.custom) continue;
    if (s.id !== SectionId.export) {
      out.bytes(bytes.subarray(s.headerStart, s.end));
      continue;
    }
    const kept = m.exports.filter((e) => KEEP.has(e.name));
    const payload = new Writer();
    payload.u32(kept.length);
    for (const e of kept) payload.name(e.name).byte(EXTERN_KINDS.indexOf(e.kind)).u32(e.index);
    out.byte(SectionId.export).sized(payload);
  }
  return out.finish();
}
