/**
 * AssemblyScript generated from a contract's interface (abi-gen.ts): the selector dispatcher (the
 * runtime's `main`), the constructor's `main`, and the bodies of `@event`/`@error` declarations.
 * Generated names start with `__` so they cannot clash with the contract's own.
 */
import { type AbiType, canonical, type ContractFunction, type ContractInterface, type Field, isDynamic, keccak, selectorOf, signature } from './abi-gen.ts';

/** Bytes the build looks for in the constructor module and overwrites with three u32 (see build.ts). */
export const CONSTRUCTOR_META_MAGIC = Uint8Array.from(Buffer.from('ewasm-devnet:meta', 'latin1').subarray(0, 16));
export const CONSTRUCTOR_META_PLACEHOLDER = 0xff;

const CONTRACT_MODULE = '__contract';

/** AssemblyScript type of a value of ABI type `t`; tuples are classes of the contract module. */
function asType(t: AbiType, tuplePrefix = `${CONTRACT_MODULE}.`): string {
  switch (t.kind) {
    case 'uint': return t.bits <= 8 ? 'u8' : t.bits <= 16 ? 'u16' : t.bits <= 32 ? 'u32' : t.bits <= 64 ? 'u64' : '__sdk.U256';
    case 'int': return t.bits <= 8 ? 'i8' : t.bits <= 16 ? 'i16' : t.bits <= 32 ? 'i32' : t.bits <= 64 ? 'i64' : '__sdk.U256';
    case 'bool': return 'bool';
    case 'address': return '__sdk.Address';
    case 'string': return 'string';
    case 'bytes': case 'fixedBytes': return 'Uint8Array';
    case 'array': return `Array<${asType(t.element, tuplePrefix)}>`;
    case 'fixedArray': return `StaticArray<${asType(t.element, tuplePrefix)}>`;
    case 'tuple': return `${tuplePrefix}${t.className}`;
  }
}

class Helpers {
  readonly code: string[] = [];
  private readonly names = new Map<string, string>();
  /** True when the code goes into the contract's own file, where its classes need no prefix. */
  private readonly inContract: boolean;
  constructor(inContract = false) {
    this.inContract = inContract;
  }

  private type(t: AbiType): string {
    return asType(t, this.inContract ? '' : `${CONTRACT_MODULE}.`);
  }

  /** An expression decoding one `t` from decoder `d`. */
  decode(t: AbiType, d: string): string {
    switch (t.kind) {
      case 'uint': return t.bits > 64 ? `${d}.u256()` : `<${this.type(t)}>${d}.uint(${t.bits})`;
      case 'int': return t.bits > 64 ? `${d}.u256()` : `<${this.type(t)}>${d}.int(${t.bits})`;
      case 'bool': return `${d}.bool()`;
      case 'address': return `${d}.address()`;
      case 'string': return `${d}.string()`;
      case 'bytes': return `${d}.bytes()`;
      case 'fixedBytes': return `${d}.fixedBytes(${t.size})`;
      default: return `${this.helper('dec', t)}(${d})`;
    }
  }

  /** A statement encoding the value `v` of type `t` into encoder `e`. */
  encode(t: AbiType, e: string, v: string): string {
    switch (t.kind) {
      case 'uint': return t.bits > 64 ? `${e}.u256(${v});` : `${e}.uint(<u64>${v});`;
      case 'int': return t.bits > 64 ? `${e}.u256(${v});` : `${e}.int(<i64>${v});`;
      case 'bool': return `${e}.bool(${v});`;
      case 'address': return `${e}.address(${v});`;
      case 'string': return `${e}.string(${v});`;
      case 'bytes': return `${e}.bytes(${v});`;
      case 'fixedBytes': return `${e}.fixedBytes(${v});`;
      default: return `${this.helper('enc', t)}(${e}, ${v});`;
    }
  }

  /** A function returning the 32-byte topic of an indexed value-type argument. */
  topic(t: AbiType): string {
    return this.helper('topic', t);
  }

  private helper(kind: 'dec' | 'enc' | 'topic', t: AbiType): string {
    const key = `${kind}:${JSON.stringify(t)}`;
    const known = this.names.get(key);
    if (known) return known;
    const name = `__${kind}${this.names.size}`;
    this.names.set(key, name);
    const type = this.type(t);
    const lines: string[] = [];
    if (kind === 'topic') {
      lines.push(`function ${name}(v: ${type}): Uint8Array {`, '  const e = new __sdk.Encoder();', `  ${this.encode(t, 'e', 'v')}`, '  return e.finish();', '}');
    } else if (kind === 'dec' && t.kind === 'array') {
      lines.push(`function ${name}(d: __sdk.Decoder): ${type} {`,
        '  const c = d.child();', '  const n = c.length();', '  const items = c.elements();',
        `  const out = new ${type}(0);`, `  for (let i = 0; i < n; i++) out.push(${this.decode(t.element, 'items')});`, '  return out;', '}');
    } else if (kind === 'dec' && t.kind === 'fixedArray') {
      const element = this.type(t.element);
      lines.push(`function ${name}(d: __sdk.Decoder): ${type} {`, `  const s = ${isDynamic(t) ? 'd.child()' : 'd'};`, `  const out = new Array<${element}>(0);`,
        `  for (let i = 0; i < ${t.length}; i++) out.push(${this.decode(t.element, 's')});`, `  return StaticArray.fromArray<${element}>(out);`, '}');
    } else if (kind === 'enc' && t.kind === 'fixedArray') {
      lines.push(`function ${name}(e: __sdk.Encoder, v: ${type}): void {`, `  if (v.length != ${t.length}) __sdk.revertMessage("${canonical(t)} needs ${t.length} elements");`,
        '  const c = new __sdk.Encoder();', `  for (let i = 0; i < ${t.length}; i++) { ${this.encode(t.element, 'c', 'v[i]')} }`, `  e.${isDynamic(t) ? 'dynamic' : 'inline'}(c);`, '}');
    } else if (kind === 'dec' && t.kind === 'tuple') {
      lines.push(`function ${name}(d: __sdk.Decoder): ${type} {`, `  const s = ${isDynamic(t) ? 'd.child()' : 'd'};`, `  const v = new ${type}();`,
        ...t.fields.map((f) => `  v.${f.name} = ${this.decode(f.type, 's')};`), '  return v;', '}');
    } else if (kind === 'enc' && t.kind === 'array') {
      lines.push(`function ${name}(e: __sdk.Encoder, v: ${type}): void {`, '  const c = new __sdk.Encoder();',
        `  for (let i = 0; i < v.length; i++) { ${this.encode(t.element, 'c', 'v[i]')} }`, '  e.dynamic(c, v.length);', '}');
    } else if (kind === 'enc' && t.kind === 'tuple') {
      lines.push(`function ${name}(e: __sdk.Encoder, v: ${type}): void {`, '  const c = new __sdk.Encoder();',
        ...t.fields.map((f) => `  ${this.encode(f.type, 'c', `v.${f.name}`)}`), `  e.${isDynamic(t) ? 'dynamic' : 'inline'}(c);`, '}');
    }
    this.code.push(lines.join('\n'));
    return name;
  }
}

function header(sdkImport: string, contractImport: string): string {
  return `// Generated by ewasm-devnet build from ${contractImport}.ts; do not edit.\n`
    + `import * as __sdk from "${sdkImport}";\nimport * as ${CONTRACT_MODULE} from "${contractImport}";\n`;
}

function callFunction(h: Helpers, fn: ContractFunction, target: string, data: string): string[] {
  const lines: string[] = [];
  if (fn.mutability !== 'payable') lines.push('  if (!__sdk.callValue().isZero()) __sdk.revertEmpty();');
  lines.push(`  const d = new __sdk.Decoder(${data});`);
  fn.inputs.forEach((input, i) => lines.push(`  const a${i} = ${h.decode(input.type, 'd')};`));
  const args = fn.inputs.map((_, i) => `a${i}`).join(', ');
  if (fn.output) {
    lines.push(`  const r = ${target}(${args});`, '  const e = new __sdk.Encoder();', `  ${h.encode(fn.output, 'e', 'r')}`, '  __sdk.returnData(e.finish());');
  } else {
    lines.push(`  ${target}(${args});`);
  }
  return lines;
}

/** The runtime's entry file: `main` reads the selector and calls the matching exported function. */
export function runtimeEntry(c: ContractInterface, sdkImport: string, contractImport: string): string {
  const h = new Helpers();
  const cases: string[] = [];
  const bodies: string[] = [];
  const seen = new Map<number, string>();
  c.functions.forEach((fn, i) => {
    const selector = selectorOf(fn.name, fn.inputs);
    const clash = seen.get(selector);
    if (clash) throw new Error(`${signature(fn.name, fn.inputs)} and ${clash} have the same selector`);
    seen.set(selector, signature(fn.name, fn.inputs));
    cases.push(`    case 0x${selector.toString(16).padStart(8, '0')}: __call${i}(data); return; // ${signature(fn.name, fn.inputs)}`);
    bodies.push(`function __call${i}(data: Uint8Array): void {\n${callFunction(h, fn, `${CONTRACT_MODULE}.${fn.name}`, 'data, 4').join('\n')}\n}`);
  });
  return `${header(sdkImport, contractImport)}
export function main(): void {
  const data = __sdk.callData();
  // Like a Solidity contract without fallback or receive: no selector, or an unknown one, reverts.
  if (data.length < 4) __sdk.revertEmpty();
  switch (bswap<u32>(load<u32>(data.dataStart))) {
${cases.join('\n')}
  }
  __sdk.revertEmpty();
}

${bodies.join('\n\n')}

${h.code.join('\n\n')}
`;
}

/**
 * The constructor's entry file. Its `main` reads the ABI-encoded arguments that follow the module
 * in the init code, runs the contract's `constructor`, and returns the runtime module, which the
 * build appends to this module as a custom section. Where both are is only known after compiling,
 * so the build patches three u32 into the placeholder data segment: arguments' offset, runtime
 * offset, runtime length.
 */
export function constructorEntry(c: ContractInterface, sdkImport: string, contractImport: string): string {
  const h = new Helpers();
  const magic = [...CONSTRUCTOR_META_MAGIC, ...new Array(12).fill(CONSTRUCTOR_META_PLACEHOLDER)];
  const ctor = c.constructor;
  const call = ctor ? callFunction(h, ctor, `${CONTRACT_MODULE}.constructor`, 'args, 0') : ['  if (!__sdk.callValue().isZero()) __sdk.revertEmpty();'];
  return `${header(sdkImport, contractImport)}
const META = memory.data<u8>([${magic.join(', ')}]);

export function main(): void {
  const argsOffset = load<u32>(META, 16);
  const runtimeOffset = load<u32>(META, 20);
  const runtimeLength = load<u32>(META, 24);
  const args = new Uint8Array(__sdk.eei.getCodeSize() - argsOffset);
  __sdk.eei.codeCopy(args.dataStart, argsOffset, args.length);
${call.join('\n')}
  const runtime = new Uint8Array(runtimeLength);
  __sdk.eei.codeCopy(runtime.dataStart, runtimeOffset, runtimeLength);
  __sdk.returnData(runtime);
}

${h.code.join('\n\n')}
`;
}

/**
 * The contract's source with `@view`/`@pure`/`@payable` blanked out and each `@event`/`@error`
 * declaration replaced by a function that emits the log or reverts. Lines and columns stay where
 * they were, so compiler errors point into the file the developer wrote.
 */
export function rewriteContract(text: string, c: ContractInterface, sdkImport: string): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const r of c.decoratorRanges) edits.push({ start: r.start, end: r.end, text: ' '.repeat(r.end - r.start) });
  const h = new Helpers(true);
  const declaration = (name: string, inputs: Field[]) => `function ${name}(${inputs.map((f) => `${f.name}: ${asType(f.type, '')}`).join(', ')}): void`;
  const bytes = (b: Uint8Array) => `[${[...b].join(',')}]`;
  for (const e of c.events) {
    const topics = [`__sdk.wordAt(memory.data<u8>(${bytes(keccak(signature(e.name, e.inputs)))}))`];
    const data: string[] = [];
    for (const f of e.inputs) {
      if (!f.indexed) { data.push(h.encode(f.type, '__e', f.name)); continue; }
      if (f.type.kind === 'string') topics.push(`__sdk.keccak256(Uint8Array.wrap(String.UTF8.encode(${f.name})))`);
      else if (f.type.kind === 'bytes') topics.push(`__sdk.keccak256(${f.name})`);
      else topics.push(`${h.topic(f.type)}(${f.name})`);
    }
    if (topics.length > 4) throw new Error(`event ${e.name} has more than 3 indexed parameters`);
    const body = `{ const __e = new __sdk.Encoder(); ${data.join(' ')} __sdk.emitLog([${topics.join(', ')}], __e.finish()); }`;
    edits.push({ start: e.start, end: e.end, text: keepLines(text.slice(e.start, e.end), `${declaration(e.name, e.inputs)} ${body}`) });
  }
  for (const e of c.errors) {
    const selector = keccak(signature(e.name, e.inputs)).subarray(0, 4);
    const body = `{ const __e = new __sdk.Encoder(); ${e.inputs.map((f) => h.encode(f.type, '__e', f.name)).join(' ')} `
      + `const __args = __e.finish(); const __out = new Uint8Array(4 + __args.length); `
      + `${[...selector].map((b, i) => `__out[${i}] = ${b};`).join(' ')} __out.set(__args, 4); __sdk.revertWith(__out); }`;
    edits.push({ start: e.start, end: e.end, text: keepLines(text.slice(e.start, e.end), `${declaration(e.name, e.inputs)} ${body}`) });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  if (c.events.length + c.errors.length === 0) return out;
  return `${out}\n// Added by ewasm-devnet build for @event/@error:\nimport * as __sdk from "${sdkImport}";\n${h.code.join('\n')}\n`;
}

function keepLines(original: string, replacement: string): string {
  return replacement + '\n'.repeat(original.split('\n').length - 1);
}
