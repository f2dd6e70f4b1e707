/**
 * The Ewasm contract policy: what a module must and must not contain to be deployed or run
 * (shared/ewasm-spec.md §2 and §6, plus the devnet's own decisions). Kept apart from the
 * instrumenter, which accepts any Wasm 2.0 module.
 *
 * Allowed beyond the MVP, because today's compilers emit them by default and they are deterministic
 * (AssemblyScript, Rust's wasm32-unknown-unknown, clang): sign extension, multi-value (several
 * results, block parameters), bulk memory (memory.copy/fill/init, data.drop, passive data segments,
 * the data count section; metered per 32-byte word), the table-index byte of call_indirect and the
 * explicit-table form of an active element segment (reference types as LLVM encodes them), and
 * exported globals (Rust exports __data_end and __heap_base; the host never reads them).
 * Refused: floats (including the saturating float-to-int conversions), SIMD, the rest of reference
 * types (ref.*, table.*, typed select, passive element segments), threads, memory64.
 * A start function is allowed and runs at the head of `main` (checkStart, wasm/start.ts); the
 * `env` namespace holds AssemblyScript's `abort` (eei/env.ts).
 */
import { Reader, DecodeError } from './wasm/bytes.ts';
import { AtomicInstructionError, InstructionReader } from './wasm/code.ts';
import { decodeModule, funcTypeOf, hasWasmPreamble, SectionId, type WasmModule } from './wasm/module.ts';
import { FC, FD, isFloatOp, isFloatType, ValType } from './wasm/opcodes.ts';
import { ValidationError } from './errors.ts';
import { WASM_TYPE_CODES, type HostFunction } from './eei/types.ts';
import { HOST_NAMESPACES } from './eei/namespaces.ts';
import type { EngineConfig } from './config.ts';

/** memory.init, data.drop, memory.copy, memory.fill: deterministic, metered per word by the instrumenter. */
const BULK_MEMORY = new Set([FC + 8, FC + 9, FC + 10, FC + 11]);
/** Export names the instrumenter adds (__ewasm_gas, __ewasm_stack); a contract may not take them. */
const RESERVED_EXPORT_PREFIX = '__ewasm_';

const TYPE_NAMES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

function checkValueType(t: number, where: string): void {
  if (isFloatType(t)) throw new ValidationError('floatType', `${where} uses ${TYPE_NAMES[t]}`);
  if (t !== ValType.i32 && t !== ValType.i64) {
    throw new ValidationError('forbiddenFeature', `${where} uses ${TYPE_NAMES[t] ?? `type 0x${t.toString(16)}`}`);
  }
}

/** Decodes and checks a contract; returns the decoded module for the instrumenter. */
export function validateContract(code: Uint8Array, config: EngineConfig): WasmModule {
  if (!hasWasmPreamble(code)) throw new ValidationError('notWasm', 'code does not start with \\0asm');
  let m: WasmModule;
  try {
    m = decodeModule(code);
  } catch (e) {
    if (e instanceof DecodeError) throw new ValidationError('malformed', e.message);
    throw e;
  }
  const limits = config.limits;

  m.types.forEach((t, i) => {
    t.params.forEach((p) => checkValueType(p, `type ${i}`));
    t.results.forEach((r) => checkValueType(r, `type ${i}`));
  });

  for (const imp of m.imports) {
    const where = `import "${imp.module}"."${imp.name}"`;
    if (imp.kind !== 'func') throw new ValidationError('importKind', `${where} is a ${imp.kind}; only functions may be imported`);
    if (!Object.hasOwn(HOST_NAMESPACES, imp.module) || (imp.module === 'debug' && !config.allowDebug)) {
      throw new ValidationError('importNamespace', `${where}: namespace "${imp.module}" is not allowed`);
    }
    const spec: HostFunction | undefined = Object.hasOwn(HOST_NAMESPACES[imp.module], imp.name)
      ? HOST_NAMESPACES[imp.module][imp.name] : undefined;
    if (!spec) throw new ValidationError('importUnknown', `${where} is not a known host function`);
    const t = m.types[imp.typeIndex];
    const sameTypes = (a: readonly number[], b: readonly string[]) =>
      a.length === b.length && a.every((x, i) => x === WASM_TYPE_CODES[b[i] as 'i32' | 'i64']);
    if (!t || !sameTypes(t.params, spec.params) || !sameTypes(t.results, spec.results)) {
      throw new ValidationError('importSignature',
        `${where} must have type (${spec.params.join(', ')}) -> (${spec.results.join(', ')})`);
    }
  }

  if (m.tables.length > 1) throw new ValidationError('forbiddenFeature', 'more than one table (reference types)');
  for (const t of m.tables) {
    if (t.elemType !== ValType.funcref) throw new ValidationError('forbiddenFeature', 'table of externref (reference types)');
    const size = Math.max(t.limits.min, t.limits.max ?? 0);
    if (size > limits.maxTableSize) throw new ValidationError('tableLimit', `table size ${size} exceeds ${limits.maxTableSize}`);
  }

  if (m.memories.length > 1) throw new ValidationError('forbiddenFeature', 'more than one memory (multi-memory)');
  for (const mem of m.memories) {
    if (mem.flags & ~1) throw new ValidationError('forbiddenFeature', 'shared or 64-bit memory');
    if (mem.min > limits.maxMemoryPages || (mem.max ?? 0) > limits.maxMemoryPages) {
      throw new ValidationError('memoryLimit',
        `memory of ${Math.max(mem.min, mem.max ?? 0)} pages exceeds the limit of ${limits.maxMemoryPages} pages`);
    }
  }

  m.globals.forEach((g, i) => checkValueType(g.type, `global ${i}`));
  if (m.floatConstInGlobalInit) throw new ValidationError('floatInstruction', 'a global is initialised with a float constant');

  const main = m.exports.find((e) => e.name === 'main');
  const memory = m.exports.find((e) => e.name === 'memory');
  // Globals may be exported (Rust's __data_end, __heap_base): inert data the host never reads. The
  // names the instrumenter adds for itself stay reserved.
  const extra = m.exports.find((e) => e.name.startsWith(RESERVED_EXPORT_PREFIX)
    || (e.name !== 'main' && e.name !== 'memory' && e.kind !== 'global'));
  if (!main) throw new ValidationError('noMain', 'no "main" export');
  const importedFuncs = m.imports.length;
  const mainType = main.kind === 'func' ? m.types[m.functions[main.index - importedFuncs]] : undefined;
  if (main.kind !== 'func' || main.index < importedFuncs || !mainType
    || mainType.params.length !== 0 || mainType.results.length !== 0) {
    throw new ValidationError('mainSignature', '"main" must be a function of type () -> () defined in the module');
  }
  if (m.start !== undefined) checkStart(m, main.index);
  if (!memory || memory.kind !== 'memory') throw new ValidationError('noMemory', 'no "memory" export');
  if (extra) throw new ValidationError('extraExport', `export "${extra.name}" is not allowed; only "main", "memory" and globals`);

  checkSegments(m);
  checkCode(m);
  return m;
}

/**
 * A start function (AssemblyScript's static initialisation) is allowed: the engine calls it at the
 * head of `main` instead of at instantiation (wasm/start.ts). So it must be a () -> () function
 * other than `main`, which would otherwise call itself.
 */
function checkStart(m: WasmModule, mainIndex: number): void {
  const start = m.start!;
  const type = funcTypeOf(m, start);
  if (!type) throw new ValidationError('startFunction', `start function ${start} does not exist`);
  if (type.params.length !== 0 || type.results.length !== 0) {
    throw new ValidationError('startFunction', `start function ${start} must have type () -> ()`);
  }
  if (start === mainIndex) throw new ValidationError('startFunction', 'the start function may not be "main"');
}

/**
 * Data segments: active in memory 0 (flags 0, or 2 with memory index 0) or passive (flags 1, for
 * memory.init). Element segments: active in table 0 with function indices (flags 0, or 2 with table
 * index 0 and element kind funcref, the form LLVM writes when reference types are on); passive and
 * declarative ones only serve table.init and ref.func, which the policy refuses.
 */
function checkSegments(m: WasmModule): void {
  for (const s of m.sections) {
    if (s.id !== SectionId.element && s.id !== SectionId.data) continue;
    const r = new Reader(m.bytes, s.start, s.end);
    const kind = s.id === SectionId.element ? 'element' : 'data';
    try {
      for (let n = r.u32(), i = 0; i < n; i++) {
        const where = `${kind} segment ${i}`;
        const flags = r.u32();
        if (s.id === SectionId.data) {
          if (flags > 2 || (flags === 2 && r.u32() !== 0)) throw new ValidationError('forbiddenFeature', `${where} is for another memory (multi-memory)`);
          if (flags !== 1) skipI32ConstExpr(r, where);
          r.skip(r.u32());
          continue;
        }
        if (flags !== 0 && flags !== 2) {
          throw new ValidationError('forbiddenFeature', `${where} is passive, declarative or uses expressions (reference types)`);
        }
        if (flags === 2 && r.u32() !== 0) throw new ValidationError('forbiddenFeature', `${where} is for table 1 or above (reference types)`);
        skipI32ConstExpr(r, where);
        if (flags === 2 && r.byte() !== 0) throw new ValidationError('forbiddenFeature', `${where} has an element kind other than funcref`);
        for (let k = r.u32(), j = 0; j < k; j++) r.u32();
      }
    } catch (e) {
      if (e instanceof DecodeError) throw new ValidationError('malformed', e.message);
      throw e;
    }
  }
}

function skipI32ConstExpr(r: Reader, where: string): void {
  const op = r.byte();
  if (op === 0x41) r.sBig(32);
  else if (op === 0x23) r.u32();
  else throw new ValidationError('invalid', `${where} offset is not an i32 constant expression`);
  if (r.byte() !== 0x0b) throw new ValidationError('invalid', `${where} offset is not a constant expression`);
}

function checkCode(m: WasmModule): void {
  const importedFuncs = m.imports.length;
  m.bodies.forEach((body, f) => {
    const where = `function ${importedFuncs + f}`;
    for (const l of body.locals) if (l.count > 0) checkValueType(l.type, `${where} local`);
    const reader = new InstructionReader(m.bytes, body.codeStart, body.end);
    try {
      while (!reader.done) {
        const info = reader.next();
        const code = info.code;
        if (isFloatOp(info)) throw new ValidationError('floatInstruction', `${where} uses ${info.name}`);
        if (code >= FD) throw new ValidationError('forbiddenFeature', `${where} uses SIMD (${info.name})`);
        if (code >= FC && !BULK_MEMORY.has(code)) throw new ValidationError('forbiddenFeature', `${where} uses ${info.name} (reference types)`);
        if (code === 0x1c || code === 0x25 || code === 0x26 || (code >= 0xd0 && code <= 0xd2)) {
          throw new ValidationError('forbiddenFeature', `${where} uses ${info.name} (reference types)`);
        }
        if ((code === 0x02 || code === 0x03 || code === 0x04) && reader.a <= -2) checkValueType(-2 - reader.a, `${where} block`);
        if (code === 0x11 && reader.b !== 0) throw new ValidationError('forbiddenFeature', `${where} calls through table ${reader.b} (reference types)`);
      }
    } catch (e) {
      if (e instanceof AtomicInstructionError) throw new ValidationError('forbiddenFeature', `${where} uses an ${e.message}`);
      if (e instanceof DecodeError) throw new ValidationError('malformed', e.message);
      throw e;
    }
  });
}
