/**
 * Rewriting a decoded module section by section: encoders for the sections the instrumenter
 * replaces, appending entries to a vector section while keeping the original ones byte for byte,
 * and reassembling the module with replaced or inserted sections in their canonical order.
 */
import { Writer } from './bytes.ts';
import { SectionId, type FuncType, type Limits, type WasmModule } from './module.ts';

/** The order non-custom sections take in a module. */
const CANONICAL_ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11];

export function encodeTypeSection(types: readonly FuncType[]): Uint8Array {
  const w = new Writer();
  w.u32(types.length);
  for (const t of types) w.byte(0x60).u32(t.params.length).bytes(t.params).u32(t.results.length).bytes(t.results);
  return w.finish();
}

export function encodeFunctionSection(typeIndices: readonly number[]): Uint8Array {
  const w = new Writer();
  w.u32(typeIndices.length);
  for (const t of typeIndices) w.u32(t);
  return w.finish();
}

/** The memories with their maximum lowered to `cap` pages (set to it where none was declared). */
export function encodeCappedMemorySection(memories: readonly Limits[], cap: number): Uint8Array {
  const w = new Writer();
  w.u32(memories.length);
  for (const mem of memories) {
    const max = mem.max === undefined ? cap : Math.min(mem.max, cap);
    w.byte(mem.flags | 1).u32(mem.min).u32(Math.max(max, mem.min));
  }
  return w.finish();
}

export function encodeCodeSection(bodies: readonly Uint8Array[]): Uint8Array {
  const w = new Writer(bodies.reduce((n, b) => n + b.length + 5, 5));
  w.u32(bodies.length);
  for (const b of bodies) w.u32(b.length).bytes(b);
  return w.finish();
}

/** A vector section (globals, exports) with `extra` encoded entries after the module's own, kept verbatim. */
export function appendToVectorSection(m: WasmModule, id: number, ownCount: number, extraCount: number, extra: Uint8Array): Uint8Array {
  const w = new Writer();
  w.u32(ownCount + extraCount);
  const section = m.sections.find((s) => s.id === id);
  if (section) w.bytes(m.bytes.subarray(section.start + leb128Length(m.bytes, section.start), section.end));
  return w.bytes(extra).finish();
}

function leb128Length(bytes: Uint8Array, at: number): number {
  let n = 1;
  while (bytes[at + n - 1] & 0x80) n++;
  return n;
}

/**
 * Writes the module with `replaced` section payloads; a replaced section the module lacks is
 * inserted in order; sections in `omitted` are left out.
 */
export function assemble(m: WasmModule, replaced: ReadonlyMap<number, Uint8Array>,
  omitted: ReadonlySet<number> = new Set()): Uint8Array<ArrayBuffer> {
  const out = new Writer(m.bytes.length + 1024);
  out.bytes(m.bytes.subarray(0, 8));
  const present = new Set(m.sections.map((s) => s.id));
  const missing = CANONICAL_ORDER.filter((id) => replaced.has(id) && !present.has(id));
  const writeSection = (id: number, payload: Uint8Array) => {
    out.byte(id).u32(payload.length).bytes(payload);
  };
  const flushMissingBefore = (order: number) => {
    while (missing.length > 0 && CANONICAL_ORDER.indexOf(missing[0]) < order) {
      const id = missing.shift()!;
      writeSection(id, replaced.get(id)!);
    }
  };
  for (const s of m.sections) {
    if (omitted.has(s.id)) continue;
    if (s.id !== SectionId.custom) flushMissingBefore(CANONICAL_ORDER.indexOf(s.id));
    const payload = s.id !== SectionId.custom ? replaced.get(s.id) : undefined;
    if (payload) writeSection(s.id, payload);
    else out.bytes(m.bytes.subarray(s.headerStart, s.end));
  }
  flushMissingBefore(Infinity);
  return out.finish();
}
