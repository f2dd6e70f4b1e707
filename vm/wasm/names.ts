/**
 * Function names from a module's "name" custom section (subsection 1), for traces and errors. A
 * malformed name section is ignored, as engines do: names are debug information, never semantics.
 */
import { Reader } from './bytes.ts';
import { SectionId, type WasmModule } from './module.ts';

const FUNCTION_NAMES = 1;

export function functionNames(m: WasmModule): ReadonlyMap<number, string> {
  const names = new Map<number, string>();
  const section = m.sections.find((s) => s.id === SectionId.custom && s.name === 'name');
  if (!section) return names;
  try {
    const r = new Reader(m.bytes, section.start, section.end);
    r.name();
    while (!r.done) {
      const id = r.byte();
      const size = r.u32();
      const end = r.pos + size;
      if (id === FUNCTION_NAMES) {
        const sub = new Reader(m.bytes, r.pos, end);
        const count = sub.u32();
        for (let i = 0; i < count; i++) {
          const index = sub.u32();
          names.set(index, sub.name());
        }
      }
      r.pos = end;
    }
  } catch {
    // Keep what was read before the damage.
  }
  return names;
}

/** The innermost Wasm frame of a V8 stack trace: `wasm-function[3]:0x1a2` → function index and byte offset. */
export function innermostWasmFrame(stack: string | undefined): { functionIndex: number; offset: number } | undefined {
  const match = stack === undefined ? null : /wasm-function\[(\d+)\]:0x([0-9a-f]+)/.exec(stack);
  return match ? { functionIndex: Number(match[1]), offset: parseInt(match[2], 16) } : undefined;
}
