/**
 * `ewasm-devnet build [paths…] [--out DIR]`: contracts to Hardhat-shaped artifacts, one JSON per
 * contract (scripts/lib/build.ts). A path is a contract file (`.ts` AssemblyScript, `.wat`), a Rust
 * crate (a directory with Cargo.toml) or a directory searched for those. Rust crates are skipped
 * with a message when no toolchain has the wasm32 target. Exit code 1 if any contract failed.
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Artifact, BuildError, buildAssemblyScript, buildRust, buildWat } from './lib/build.ts';
import { findRustToolchain, NoRustToolchain } from './lib/rust.ts';

export const BUILD_USAGE = 'ewasm-devnet build [paths…] [--out artifacts]   (default path: contracts)';

type Source = { kind: 'assemblyscript' | 'wat' | 'rust'; path: string };

const SKIP_DIRS = new Set(['node_modules', 'target', 'artifacts']);

async function discover(p: string, explicit: boolean): Promise<Source[]> {
  const info = await stat(p);
  if (info.isFile()) {
    if (p.endsWith('.wat')) return [{ kind: 'wat', path: p }];
    if (p.endsWith('.ts') && !p.endsWith('.d.ts')) return [{ kind: 'assemblyscript', path: p }];
    if (explicit) throw new BuildError(`${p}: not a contract source (.ts, .wat, or a Rust crate directory)`);
    return [];
  }
  const entries = (await readdir(p)).sort();
  if (entries.includes('Cargo.toml')) return [{ kind: 'rust', path: p }];
  const found: Source[] = [];
  for (const e of entries) {
    if (e.startsWith('.') || e.startsWith('_') || SKIP_DIRS.has(e) || e.endsWith('.test.ts')) continue;
    found.push(...await discover(path.join(p, e), false));
  }
  return found;
}

const BUILDERS: Record<Source['kind'], (p: string) => Promise<Artifact>> = {
  assemblyscript: (p) => buildAssemblyScript(p),
  wat: (p) => buildWat(p),
  rust: (p) => buildRust(p),
};

export async function runBuild(args: string[]): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({ args, options: { out: { type: 'string', default: 'artifacts' } }, allowPositionals: true, strict: true }));
  } catch (e) {
    process.stderr.write(`ewasm-devnet build: ${(e as Error).message}\nusage: ${BUILD_USAGE}\n`);
    return 2;
  }
  const roots = positionals.length > 0 ? positionals : ['contracts'];
  let sources: Source[] = [];
  try {
    for (const r of roots) sources.push(...await discover(r, true));
  } catch (e) {
    const message = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${(e as NodeJS.ErrnoException).path}: no such file or directory` : (e as Error).message;
    process.stderr.write(`ewasm-devnet build: ${message}\n`);
    return 2;
  }
  if (sources.some((s) => s.kind === 'rust')) {
    try {
      const t = await findRustToolchain();
      process.stdout.write(`Rust: ${t.version} (${t.cargo})\n`);
    } catch (e) {
      if (!(e instanceof NoRustToolchain)) throw e;
      for (const s of sources.filter((s) => s.kind === 'rust')) process.stdout.write(`Skipping ${s.path}: ${e.message}\n`);
      sources = sources.filter((s) => s.kind !== 'rust');
    }
  }
  process.stdout.write(`Compiling ${sources.length} contract${sources.length === 1 ? '' : 's'} to ${values.out}/\n`);
  await mkdir(values.out, { recursive: true });
  const written = new Map<string, string>();
  let failed = 0;
  for (const s of sources) {
    const started = performance.now();
    try {
      const a = await BUILDERS[s.kind](s.path);
      const previous = written.get(a.contractName);
      if (previous) throw new BuildError(`${s.path}: contract name ${a.contractName} is also built from ${previous}`);
      written.set(a.contractName, s.path);
      const out = path.join(values.out, `${a.contractName}.json`);
      await writeFile(out, `${JSON.stringify(a, null, 2)}\n`);
      const size = (hex: string) => ((hex.length - 2) / 2).toLocaleString('en-US');
      process.stdout.write(`  ${s.path} -> ${out} (runtime ${size(a.deployedBytecode)} bytes, init ${size(a.bytecode)} bytes, ${Math.round(performance.now() - started)} ms)\n`);
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      failed++;
      process.stderr.write(`${e.message}\n`);
    }
  }
  if (failed > 0) {
    process.stderr.write(`${failed} of ${sources.length} contracts failed to build\n`);
    return 1;
  }
  return 0;
}
