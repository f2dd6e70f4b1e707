/**
 * Reads an AssemblyScript contract's declarations and derives its Solidity ABI — the one source
 * of truth for both the ABI JSON and the generated dispatcher (codegen.ts):
 *   export function f(a: address, b: uint256): bool     a function (`@view`, `@pure`, `@payable`
 *                                                        decorators set its state mutability)
 *   export function constructor(name: string): void     the constructor
 *   @event declare function Transfer(from: indexed<address>, value: uint256): void;
 *   @error declare function Insufficient(have: uint256, want: uint256): void;
 *   export class Point { x: uint64 = 0; y: string = ""; }   a tuple, when used in a signature
 * Type names are Solidity's (sdk/assemblyscript/types.ts) or the AssemblyScript types they stand for.
 */
import * as as from 'assemblyscript';
import { keccak256 as keccak_256 } from 'ethereum-cryptography/keccak.js';

export type AbiType =
  | { kind: 'uint' | 'int'; bits: number }
  | { kind: 'bool' | 'address' | 'bytes' | 'string' }
  | { kind: 'fixedBytes'; size: number }
  | { kind: 'array'; element: AbiType }
  | { kind: 'fixedArray'; element: AbiType; length: number }
  | { kind: 'tuple'; className: string; fields: Field[] };

export interface Field { readonly name: string; readonly type: AbiType; readonly indexed?: boolean }

export interface ContractFunction {
  readonly name: string;
  readonly inputs: Field[];
  readonly output: AbiType | null;
  readonly mutability: 'pure' | 'view' | 'nonpayable' | 'payable';
}

export interface SourceEdit { readonly start: number; readonly end: number; readonly text: string }

export interface ContractInterface {
  readonly functions: ContractFunction[];
  readonly constructor: ContractFunction | null;
  readonly events: Array<{ name: string; inputs: Field[]; start: number; end: number }>;
  readonly errors: Array<{ name: string; inputs: Field[]; start: number; end: number }>;
  /** Decorators the compiler does not know (`@view` …), to be blanked out before compiling. */
  readonly decoratorRanges: Array<{ start: number; end: number }>;
}

/** A declaration the generator cannot map, with its position for a compiler-style message. */
export class AbiGenError extends Error {
  override name = 'AbiGenError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(message: string, file: string, line: number, column: number) {
    super(`${file}:${line}:${column}: error: ${message}`);
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

const MUTABILITY = new Set(['view', 'pure', 'payable']);
const NATIVE: Record<string, AbiType> = {
  u8: { kind: 'uint', bits: 8 }, u16: { kind: 'uint', bits: 16 }, u32: { kind: 'uint', bits: 32 }, u64: { kind: 'uint', bits: 64 },
  i8: { kind: 'int', bits: 8 }, i16: { kind: 'int', bits: 16 }, i32: { kind: 'int', bits: 32 }, i64: { kind: 'int', bits: 64 },
  U256: { kind: 'uint', bits: 256 }, bool: { kind: 'bool' }, address: { kind: 'address' }, Address: { kind: 'address' },
  string: { kind: 'string' }, bytes: { kind: 'bytes' }, Uint8Array: { kind: 'bytes' },
};

type Node = any; // asc's AST classes are not exported as types that survive type stripping

export function readInterface(text: string, file: string): ContractInterface {
  const parser = new (as as any).Parser();
  parser.parseFile(text, file.replace(/\.ts$/, ''), true);
  const source: Node = parser.sources[0];
  const fail = (message: string, node: Node): never => {
    const { line, column } = position(text, node.range.start);
    throw new AbiGenError(message, file, line, column);
  };
  const classes = new Map<string, Node>();
  for (const s of source.statements) if (s.kind === as.NodeKind.ClassDeclaration) classes.set(s.name.text, s);

  const resolving = new Set<string>();
  const typeOf = (t: Node): AbiType => {
    if (t.kind !== as.NodeKind.NamedType) fail('a function type has no ABI type', t);
    let nameNode = t.name;
    while (nameNode.next) nameNode = nameNode.next;
    const name: string = nameNode.identifier.text;
    const args: Node[] = t.typeArguments ?? [];
    if (t.isNullable) fail(`nullable ${name} has no ABI type`, t);
    if (name === 'Array' && args.length === 1) return { kind: 'array', element: typeOf(args[0]) };
    const fixed = /^FixedArray(\d+)$/.exec(name);
    if (fixed && args.length === 1) return { kind: 'fixedArray', element: typeOf(args[0]), length: Number(fixed[1]) };
    if (NATIVE[name]) return NATIVE[name];
    const m = /^(u?int)(\d+)$/.exec(name);
    if (m && Number(m[2]) % 8 === 0 && Number(m[2]) >= 8 && Number(m[2]) <= 256) return { kind: m[1] === 'uint' ? 'uint' : 'int', bits: Number(m[2]) };
    const b = /^bytes(\d+)$/.exec(name);
    if (b && Number(b[1]) >= 1 && Number(b[1]) <= 32) return { kind: 'fixedBytes', size: Number(b[1]) };
    const cls = classes.get(name);
    if (cls) {
      if (!(cls.flags & as.CommonFlags.Export)) fail(`class ${name} is used in the ABI, so it must be exported`, cls);
      if (resolving.has(name)) fail(`class ${name} contains itself`, cls);
      resolving.add(name);
      const fields: Field[] = [];
      for (const member of cls.members) {
        if (member.kind !== as.NodeKind.FieldDeclaration || member.flags & as.CommonFlags.Static) continue;
        if (!member.type) fail(`field ${member.name.text} needs a type annotation to be part of the ABI`, member);
        fields.push({ name: member.name.text, type: typeOf(member.type) });
      }
      resolving.delete(name);
      return { kind: 'tuple', className: name, fields };
    }
    return fail(`type ${name} has no ABI type (use a Solidity type name from sdk/assemblyscript/types.ts, or an exported class for a tuple)`, t);
  };

  const params = (fn: Node, allowIndexed: boolean): Field[] => fn.signature.parameters.map((p: Node) => {
    let t = p.type;
    let indexed = false;
    if (allowIndexed && t.kind === as.NodeKind.NamedType && t.name.identifier.text === 'indexed' && t.typeArguments?.length === 1) {
      indexed = true;
      t = t.typeArguments[0];
    }
    const type = typeOf(t);
    if (indexed && (type.kind === 'array' || type.kind === 'fixedArray' || type.kind === 'tuple')) fail('indexed arrays and tuples are not supported; index a value type, string or bytes', p);
    return allowIndexed ? { name: p.name.text, type, indexed } : { name: p.name.text, type };
  });

  const result: ContractInterface = { functions: [], constructor: null, events: [], errors: [], decoratorRanges: [] };
  for (const s of source.statements) {
    if (s.kind !== as.NodeKind.FunctionDeclaration) continue;
    const decorators: Node[] = s.decorators ?? [];
    const names = decorators.map((d: Node) => d.name.text as string);
    if (names.includes('event') || names.includes('error')) {
      if (!(s.flags & as.CommonFlags.Declare)) fail(`@${names.includes('event') ? 'event' : 'error'} goes on a declared function: @event declare function ${s.name.text}(...): void;`, s);
      const entry = { name: s.name.text, inputs: params(s, names.includes('event')), start: s.range.start, end: s.range.end };
      (names.includes('event') ? result.events : result.errors).push(entry);
      continue;
    }
    for (const d of decorators) if (MUTABILITY.has(d.name.text)) result.decoratorRanges.push({ start: d.range.start, end: d.range.end });
    if (!(s.flags & as.CommonFlags.Export)) continue;
    const mutability = (names.find((n) => MUTABILITY.has(n)) ?? 'nonpayable') as ContractFunction['mutability'];
    const returnType = s.signature.returnType;
    const isVoid = returnType.kind === as.NodeKind.NamedType && returnType.name.identifier.text === 'void';
    const fn: ContractFunction = { name: s.name.text, inputs: params(s, false), output: isVoid ? null : typeOf(returnType), mutability };
    if (fn.name === 'constructor') {
      if (fn.output) fail('the constructor returns nothing', s);
      (result as { constructor: ContractFunction | null }).constructor = fn;
    } else {
      if (fn.name === 'main') fail('main is generated by the build; name the function differently', s);
      result.functions.push(fn);
    }
  }
  return result;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The canonical type name used in signatures: uint256, bytes32, (uint64,string)[] … */
export function canonical(t: AbiType): string {
  switch (t.kind) {
    case 'uint': case 'int': return `${t.kind}${t.bits}`;
    case 'fixedBytes': return `bytes${t.size}`;
    case 'array': return `${canonical(t.element)}[]`;
    case 'fixedArray': return `${canonical(t.element)}[${t.length}]`;
    case 'tuple': return `(${t.fields.map((f) => canonical(f.type)).join(',')})`;
    default: return t.kind;
  }
}

export function isDynamic(t: AbiType): boolean {
  return t.kind === 'bytes' || t.kind === 'string' || t.kind === 'array' || (t.kind === 'fixedArray' && isDynamic(t.element))
    || (t.kind === 'tuple' && t.fields.some((f) => isDynamic(f.type)));
}

export function signature(name: string, inputs: readonly Field[]): string {
  return `${name}(${inputs.map((i) => canonical(i.type)).join(',')})`;
}

export function keccak(text: string): Uint8Array {
  return keccak_256(new TextEncoder().encode(text));
}

export function selectorOf(name: string, inputs: readonly Field[]): number {
  const h = keccak(signature(name, inputs));
  return ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
}

interface AbiParamJson { name: string; type: string; indexed?: boolean; components?: AbiParamJson[]; internalType?: string }

function param(f: Field): AbiParamJson {
  let t = f.type;
  let suffix = '';
  while (t.kind === 'array' || t.kind === 'fixedArray') {
    suffix = `${t.kind === 'array' ? '[]' : `[${t.length}]`}${suffix}`;
    t = t.element;
  }
  const out: AbiParamJson = { name: f.name, type: t.kind === 'tuple' ? `tuple${suffix}` : canonical(f.type) };
  if (t.kind === 'tuple') {
    out.components = t.fields.map(param);
    out.internalType = `struct ${t.className}${suffix}`;
  }
  if (f.indexed !== undefined) out.indexed = f.indexed;
  return out;
}

/** The ABI JSON, in the shape solc emits. */
export function abiJson(c: ContractInterface): unknown[] {
  const abi: unknown[] = [];
  if (c.constructor) abi.push({ type: 'constructor', inputs: c.constructor.inputs.map(param), stateMutability: c.constructor.mutability });
  for (const e of c.errors) abi.push({ type: 'error', name: e.name, inputs: e.inputs.map(param) });
  for (const e of c.events) abi.push({ type: 'event', name: e.name, anonymous: false, inputs: e.inputs.map(param) });
  for (const f of c.functions) {
    abi.push({ type: 'function', name: f.name, inputs: f.inputs.map(param), outputs: f.output ? [param({ name: '', type: f.output })] : [], stateMutability: f.mutability });
  }
  return abi;
}
