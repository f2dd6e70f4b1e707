/**
 * Decodes the structure of a Wasm binary module: the sections the Ewasm policy and the instrumenter
 * read are parsed, the rest are kept as byte ranges. Function bodies are not decoded here (see
 * code.ts). Type checking of code is left to V8, which compiles the instrumented module.
 */
import { Reader } from './bytes.ts';

export const SectionId = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7, start: 8, element: 9,
  code: 10, data: 11, dataCount: 12,
} as const;

/** The order non-custom sections must appear in. */
const SECTION_ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11];

export type ExternKind = 'func' | 'table' | 'memory' | 'global';
const EXTERN_KINDS: ExternKind[] = ['func', 'table', 'memory', 'global'];

export interface FuncType {
  readonly params: number[];
  readonly results: number[];
}

export interface Limits {
  readonly flags: number;
  readonly min: number;
  readonly max?: number;
}

export interface TableType {
  readonly elemType: number;
  readonly limits: Limits;
}

export interface GlobalType {
  readonly type: number;
  readonly mutable: boolean;
}

export type Import =
  | { module: string; name: string; kind: 'func'; typeIndex: number }
  | { module: string; name: string; kind: 'table'; table: TableType }
  | { module: string; name: string; kind: 'memory'; limits: Limits }
  | { module: string; name: string; kind: 'global'; global: GlobalType };

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

export interface Section {
  readonly id: number;
  /** Offset of the section id byte. */
  readonly headerStart: number;
  /** Payload range. */
  readonly start: number;
  readonly end: number;
  readonly name?: string;
}

export interface FunctionBody {
  /** Range of the whole body, without its size prefix. */
  readonly start: number;
  readonly end: number;
  /** Where the instructions start, after the local declarations. */
  readonly codeStart: number;
  /** Types of the declared locals, run-length encoded as in the binary. */
  readonly locals: ReadonlyArray<{ count: number; type: number }>;
  readonly localCount: number;
}

export interface WasmModule {
  readonly bytes: Uint8Array;
  readonly sections: Section[];
  readonly types: FuncType[];
  readonly imports: Import[];
  /** Type index of each function defined in the module (imports excluded). */
  readonly functions: number[];
  readonly tables: TableType[];
  readonly memories: Limits[];
  readonly globals: GlobalType[];
  readonly exports: Export[];
  readonly start?: number;
  readonly dataCount?: number;
  readonly bodies: FunctionBody[];
  readonly floatConstInGlobalInit: boolean;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];
/** V8's own ceiling; decoding more would only waste memory before V8 refuses the module. */
export const MAX_LOCALS = 50000;

export function hasWasmPreamble(code: Uint8Array): boolean {
  return code.length >= 4 && MAGIC.every((b, i) => code[i] === b);
}

export function decodeModule(bytes: Uint8Array): WasmModule {
  const r = new Reader(bytes);
  if (bytes.length < 4 || !MAGIC.every((b, i) => bytes[i] === b)) r.fail('magic header not detected', 0);
  if (bytes.length < 8 || !VERSION.every((b, i) => bytes[4 + i] === b)) r.fail('unknown binary version', 4);
  r.pos = 8;

  const m = {
    bytes, sections: [] as Section[], types: [] as FuncType[], imports: [] as Import[], functions: [] as number[],
    tables: [] as TableType[], memories: [] as Limits[], globals: [] as GlobalType[], exports: [] as Export[],
    start: undefined as number | undefined, dataCount: undefined as number | undefined, bodies: [] as FunctionBody[],
    floatConstInGlobalInit: false,
  };
  let lastOrder = -1;
  let sawCode = false;
  let dataSegments: number | undefined;

  while (!r.done) {
    const headerStart = r.pos;
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    if (end > bytes.length) r.fail('section out of bounds', headerStart);
    const s = new Reader(bytes, start, end);
    if (id === SectionId.custom) {
      const name = s.name();
      m.sections.push({ id, headerStart, start, end, name });
      r.pos = end;
      continue;
    }
    const order = SECTION_ORDER.indexOf(id);
    if (order < 0) r.fail(`malformed section id ${id}`, headerStart);
    if (order <= lastOrder) r.fail(`unexpected section ${id} (out of order or duplicated)`, headerStart);
    lastOrder = order;
    m.sections.push({ id, headerStart, start, end });

    switch (id) {
      case SectionId.type: {
        for (let n = s.u32(), i = 0; i < n; i++) {
          if (s.byte() !== 0x60) s.fail('malformed function type');
          const params = valTypes(s);
          const results = valTypes(s);
          m.types.push({ params, results });
        }
        break;
      }
      case SectionId.import: {
        for (let n = s.u32(), i = 0; i < n; i++) {
          const module = s.name();
          const name = s.name();
          const kindByte = s.byte();
          const kind = EXTERN_KINDS[kindByte];
          if (kind === undefined) s.fail('malformed import kind');
          if (kind === 'func') m.imports.push({ module, name, kind, typeIndex: s.u32() });
          else if (kind === 'table') m.imports.push({ module, name, kind, table: tableType(s) });
          else if (kind === 'memory') m.imports.push({ module, name, kind, limits: limits(s) });
          else m.imports.push({ module, name, kind, global: globalType(s) });
        }
        break;
      }
      case SectionId.function:
        for (let n = s.u32(), i = 0; i < n; i++) m.functions.push(s.u32());
        break;
      case SectionId.table:
        for (let n = s.u32(), i = 0; i < n; i++) m.tables.push(tableType(s));
        break;
      case SectionId.memory:
        for (let n = s.u32(), i = 0; i < n; i++) m.memories.push(limits(s));
        break;
      case SectionId.global:
        for (let n = s.u32(), i = 0; i < n; i++) {
          m.globals.push(globalType(s));
          if (skipConstExpr(s)) m.floatConstInGlobalInit = true;
        }
        break;
      case SectionId.export: {
        const seen = new Set<string>();
        for (let n = s.u32(), i = 0; i < n; i++) {
          const name = s.name();
          const kind = EXTERN_KINDS[s.byte()];
          if (kind === undefined) s.fail('malformed export kind');
          if (seen.has(name)) s.fail(`duplicate export name "${name}"`);
          seen.add(name);
          m.exports.push({ name, kind, index: s.u32() });
        }
        break;
      }
      case SectionId.start:
        m.start = s.u32();
        break;
      case SectionId.element:
        s.pos = end; // Kept verbatim: instrumentation never renumbers functions or tables.
        break;
      case SectionId.dataCount:
        m.dataCount = s.u32();
        break;
      case SectionId.code: {
        sawCode = true;
        const n = s.u32();
        if (n !== m.functions.length) s.fail('function and code section have inconsistent lengths');
        for (let i = 0; i < n; i++) {
          const bodySize = s.u32();
          const bodyStart = s.pos;
          const bodyEnd = bodyStart + bodySize;
          if (bodyEnd > end) s.fail('function body out of bounds');
          const b = new Reader(bytes, bodyStart, bodyEnd);
          const locals: Array<{ count: number; type: number }> = [];
          let localCount = 0;
          for (let groups = b.u32(), g = 0; g < groups; g++) {
            const count = b.u32();
            localCount += count;
            if (localCount > MAX_LOCALS) b.fail('too many locals');
            locals.push({ count, type: b.byte() });
          }
          m.bodies.push({ start: bodyStart, end: bodyEnd, codeStart: b.pos, locals, localCount });
          s.pos = bodyEnd;
        }
        break;
      }
      case SectionId.data: {
        dataSegments = s.u32();
        s.pos = end;
        break;
      }
    }
    if (s.pos !== end) s.fail('section size mismatch');
    r.pos = end;
  }
  if (!sawCode && m.functions.length > 0) r.fail('function and code section have inconsistent lengths');
  if (m.dataCount !== undefined && (dataSegments ?? 0) !== m.dataCount) {
    r.fail('data count and data section have inconsistent lengths');
  }
  return m;
}

function valTypes(s: Reader): number[] {
  const n = s.u32();
  if (n > s.end - s.pos) s.fail('unexpected end');
  const types: number[] = [];
  for (let i = 0; i < n; i++) types.push(s.byte());
  return types;
}

function limits(s: Reader): Limits {
  const flags = s.byte();
  if (flags > 0x07) s.fail('integer too large');
  const min = s.u32();
  return flags & 1 ? { flags, min, max: s.u32() } : { flags, min };
}

function tableType(s: Reader): TableType {
  const elemType = s.byte();
  return { elemType, limits: limits(s) };
}

function globalType(s: Reader): GlobalType {
  const type = s.byte();
  const mut = s.byte();
  if (mut > 1) s.fail('malformed mutability');
  return { type, mutable: mut === 1 };
}

/** Skips a constant expression; returns true when it contains a float constant. */
function skipConstExpr(s: Reader): boolean {
  let float = false;
  for (;;) {
    const op = s.byte();
    switch (op) {
      case 0x0b: return float;
      case 0x41: s.sBig(32); break;
      case 0x42: s.sBig(64); break;
      case 0x43: s.skip(4); float = true; break;
      case 0x44: s.skip(8); float = true; break;
      case 0x23: case 0xd2: s.u32(); break;
      case 0xd0: s.byte(); break;
      case 0xfd: s.u32(); s.skip(16); break;
      default: s.fail(`illegal opcode in constant expression`);
    }
  }
}

export function funcTypeOf(m: WasmModule, funcIndex: number): FuncType | undefined {
  let i = funcIndex;
  for (const imp of m.imports) {
    if (imp.kind !== 'func') continue;
    if (i === 0) return m.types[imp.typeIndex];
    i--;
  }
  return m.types[m.functions[i]];
}

export function importedCount(m: WasmModule, kind: ExternKind): number {
  let n = 0;
  for (const imp of m.imports) if (imp.kind === kind) n++;
  return n;
}
