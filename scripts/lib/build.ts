/**
 * Contract sources to Hardhat-shaped artifacts (what `ewasm-devnet build` writes):
 * - AssemblyScript (`*.ts`): the ABI and the dispatcher come from the contract's own declarations
 *   (abi-gen.ts, codegen.ts); runtime and constructor are compiled by asc (assemblyscript.ts).
 * - WAT (`*.wat`): the module is the runtime, wrapped in the standard deployer; the ABI comes from
 *   `<name>.abi.json` next to it, if there is one.
 * - Rust (a directory with Cargo.toml): `cargo build --release --target wasm32-unknown-unknown`,
 *   wrapped in the standard deployer; ABI from `abi.json` in the crate.
 *
 * Init code layout of an AssemblyScript contract: constructor module ++ custom section
 * `ewasm.runtime` (the runtime module) ++ empty custom section `ewasm.args`, after which the
 * deployer's ABI-encoded constructor arguments go (vm/wasm/init-code.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AscError, compileAssemblyScript } from './assemblyscript.ts';
import { abiJson, AbiGenError, readInterface } from './abi-gen.ts';
import { constructorEntry, CONSTRUCTOR_META_MAGIC, CONSTRUCTOR_META_PLACEHOLDER, rewriteContract, runtimeEntry } from './codegen.ts';
import { makeDeployer } from './deployer.ts';
import { watToWasm } from './wat.ts';
import { cargoBuild, findRustToolchain } from './rust.ts';
import { trimForEwasm } from './wasm-trim.ts';
import { ARGS_SECTION } from '../../vm/wasm/init-code.ts';
import { Writer } from '../../vm/wasm/bytes.ts';

export const SDK_INDEX = fileURLToPath(new URL('../../sdk/assemblyscript/index.ts', import.meta.url));
const RUNTIME_SECTION = 'ewasm.runtime';

export interface Artifact {
  readonly _format: 'hh-sol-artifact-1';
  readonly contractName: string;
  readonly sourceName: string;
  readonly abi: unknown[];
  readonly bytecode: string;
  readonly deployedBytecode: string;
  readonly linkReferences: Record<string, never>;
  readonly deployedLinkReferences: Record<string, never>;
}

/** A contract that did not build; `message` is formatted like a compiler's (`file:line:col: error: …`). */
export class BuildError extends Error {
  override name = 'BuildError';
}

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

export function artifact(contractName: string, sourceName: string, abi: unknown[], initCode: Uint8Array, runtime: Uint8Array): Artifact {
  return {
    _format: 'hh-sol-artifact-1', contractName, sourceName, abi,
    bytecode: hex(initCode), deployedBytecode: hex(runtime), linkReferences: {}, deployedLinkReferences: {},
  };
}

function customSection(name: string, payload: Uint8Array): Uint8Array {
  const body = new Writer().name(name).bytes(payload);
  return new Writer().byte(0).sized(body).finish();
}

/** Constructor module + runtime section + args marker, with the constructor's placeholder filled in. */
export function assembleInitCode(constructorModule: Uint8Array, runtime: Uint8Array): Uint8Array {
  const runtimeSection = customSection(RUNTIME_SECTION, runtime);
  const marker = customSection(ARGS_SECTION, new Uint8Array(0));
  const out = new Uint8Array(constructorModule.length + runtimeSection.length + marker.length);
  out.set(constructorModule);
  out.set(runtimeSection, constructorModule.length);
  out.set(marker, constructorModule.length + runtimeSection.length);
  const at = findPlaceholder(constructorModule);
  const view = new DataView(out.buffer);
  view.setUint32(at + 16, out.length, true); // where the arguments start
  view.setUint32(at + 20, constructorModule.length + runtimeSection.length - runtime.length, true);
  view.setUint32(at + 24, runtime.length, true);
  return out;
}

function findPlaceholder(module: Uint8Array): number {
  const pattern = [...CONSTRUCTOR_META_MAGIC, ...new Array(12).fill(CONSTRUCTOR_META_PLACEHOLDER)];
  const found: number[] = [];
  outer: for (let i = 0; i + pattern.length <= module.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (module[i + j] !== pattern[j]) continue outer;
    found.push(i);
  }
  if (found.length !== 1) throw new BuildError(`constructor module has ${found.length} metadata placeholders, expected 1`);
  return found[0];
}

/** asc's diagnostics ("ERROR TS2304: … in file.ts(3,5)") as `file:3:5: error TS2304: …`. */
export function formatAscDiagnostics(text: string, cwd: string, baseDir = cwd): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(ERROR|WARNING|INFO) (\w+): (.*)$/.exec(lines[i].trim());
    if (!m) continue;
    let where = '';
    for (let j = i + 1; j < lines.length && j < i + 8; j++) {
      const loc = /in (.+?)\((\d+),(\d+)\)/.exec(lines[j]);
      if (loc) { where = `${path.relative(cwd, path.resolve(baseDir, loc[1])) || loc[1]}:${loc[2]}:${loc[3]}: `; break; }
      if (/^(ERROR|WARNING|INFO) /.test(lines[j].trim())) break;
    }
    out.push(`${where}${m[1].toLowerCase()} ${m[2]}: ${m[3]}`);
  }
  return out.length > 0 ? out.join('\n') : text.trim();
}

function importPath(fromDir: string, file: string): string {
  const rel = path.relative(fromDir, file).replace(/\\/g, '/').replace(/\.ts$/, '');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Builds one AssemblyScript contract. */
export async function buildAssemblyScript(file: string, cwd = process.cwd()): Promise<Artifact> {
  const full = path.resolve(cwd, file);
  const sourceName = path.relative(cwd, full);
  const dir = path.dirname(full);
  const sdk = importPath(dir, SDK_INDEX);
  // `import … from "ewasm-devnet"` names the SDK wherever the contract is; only that line's columns move.
  const text = (await readFile(full, 'utf8')).replace(/(\bfrom\s*)(["'])ewasm-devnet\2/g, `$1"${sdk}"`);
  let iface;
  try {
    iface = readInterface(text, sourceName);
  } catch (e) {
    if (e instanceof AbiGenError) throw new BuildError(e.message);
    throw e;
  }
  const moduleName = path.basename(full, '.ts');
  // `X.as.ts` is the repository's convention for AssemblyScript next to TypeScript; the contract is X.
  const name = moduleName.replace(/\.as$/, '');
  const runtimeFile = path.join(dir, `__ewasm_runtime_${name}.ts`);
  const constructorFile = path.join(dir, `__ewasm_constructor_${name}.ts`);
  const files = new Map([
    [full, rewriteContract(text, iface, sdk)],
    [runtimeFile, runtimeEntry(iface, sdk, `./${moduleName}`)],
    [constructorFile, constructorEntry(iface, sdk, `./${moduleName}`)],
  ]);
  const compile = async (entry: string) => {
    try {
      return await compileAssemblyScript(entry, { files, abort: 'error' });
    } catch (e) {
      if (e instanceof AscError) throw new BuildError(formatAscDiagnostics(e.message, cwd, dir));
      throw e;
    }
  };
  const runtime = await compile(runtimeFile);
  const constructorModule = await compile(constructorFile);
  return artifact(name, sourceName, abiJson(iface), assembleInitCode(constructorModule, runtime), runtime);
}

async function sidecarAbi(file: string): Promise<unknown[]> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown[];
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new BuildError(`${file}: ${(e as Error).message}`);
  }
}

/** Builds a WAT contract: the module is the runtime code. */
export async function buildWat(file: string, cwd = process.cwd()): Promise<Artifact> {
  const full = path.resolve(cwd, file);
  const sourceName = path.relative(cwd, full);
  let runtime: Uint8Array;
  try {
    runtime = await watToWasm(await readFile(full, 'utf8'), sourceName);
  } catch (e) {
    throw new BuildError((e as Error).message);
  }
  const name = path.basename(full, '.wat');
  return artifact(name, sourceName, await sidecarAbi(full.replace(/\.wat$/, '.abi.json')), makeDeployer(runtime), runtime);
}


/** Builds a Rust crate (see rust.ts); exports beyond main/memory and custom sections are trimmed. */
export async function buildRust(dir: string, cwd = process.cwd()): Promise<Artifact> {
  const full = path.resolve(cwd, dir);
  const toolchain = await findRustToolchain();
  let built;
  try {
    built = await cargoBuild(full, toolchain);
  } catch (e) {
    throw new BuildError(`${path.relative(cwd, full)}: ${(e as Error).message}`);
  }
  const runtime = trimForEwasm(built.wasm);
  const name = built.name.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return artifact(name, path.relative(cwd, path.join(full, 'Cargo.toml')), await sidecarAbi(path.join(full, 'abi.json')), makeDeployer(runtime), runtime);
}
