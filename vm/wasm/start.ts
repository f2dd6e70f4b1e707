/**
 * Start functions, as AssemblyScript emits for static initialisation (`(start $~start)`).
 *
 * The engine does not run a start function at instantiation: it rewrites the module so that
 * `main` calls it first and drops the start section. Why this rather than running it during
 * `new WebAssembly.Instance`:
 * - it runs metered like any function, against the frame's gas, after the frame's base charges,
 *   so running out of gas in it is an ordinary out-of-gas of the call;
 * - it may call any host function, including the suspending ones (storage, calls): JSPI can
 *   suspend inside `main` but not inside instantiation;
 * - a trap in it is reported like a trap in `main`, with its function name.
 * The meaning is unchanged: every call instantiates the module afresh and runs `main` once, so the
 * start function still runs exactly once per instance, before any other contract code.
 */
import { Writer } from './bytes.ts';
import { assemble, encodeCodeSection } from './edit.ts';
import { decodeModule, importedCount, SectionId, type WasmModule } from './module.ts';

/**
 * `m` itself without a start function; otherwise the module with `call start` at the head of the
 * body of the exported `main` (which the policy has checked: defined in the module, () -> (), not
 * the start function itself).
 */
export function foldStartIntoMain(m: WasmModule): WasmModule {
  if (m.start === undefined) return m;
  const mainIndex = m.exports.find((e) => e.name === 'main' && e.kind === 'func')!.index;
  const importedFuncs = importedCount(m, 'func');
  const bodies = m.bodies.map((body, i) => {
    const original = m.bytes.subarray(body.start, body.end);
    if (importedFuncs + i !== mainIndex) return original;
    return new Writer(original.length + 6)
      .bytes(m.bytes.subarray(body.start, body.codeStart))
      .byte(0x10).u32(m.start!)
      .bytes(m.bytes.subarray(body.codeStart, body.end))
      .finish();
  });
  const bytes = assemble(m, new Map([[SectionId.code, encodeCodeSection(bodies)]]), new Set([SectionId.start]));
  return decodeModule(bytes);
}
