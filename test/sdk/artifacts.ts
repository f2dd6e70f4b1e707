/**
 * Builds example contracts for tests with the same code as `ewasm-devnet build`, so a test never
 * depends on a stale `artifacts/` folder. Results are cached under .cache/artifacts/, keyed by the
 * contract's source and every file of the SDK and the build, so an unchanged contract is not
 * recompiled (asc takes seconds per module).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Artifact, buildAssemblyScript, buildWat } from '../../scripts/lib/build.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = path.join(ROOT, '.cache/artifacts');
const INPUTS = ['sdk/assemblyscript', 'scripts/lib', 'vm/wasm/init-code.ts'];

async function filesUnder(p: string): Promise<string[]> {
  const full = path.join(ROOT, p);
  if (p.endsWith('.ts')) return [full];
  return (await readdir(full)).filter((f) => f.endsWith('.ts')).sort().map((f) => path.join(full, f));
}

const memo = new Map<string, Promise<Artifact>>();

/** The artifact of a contract source (path relative to the repository root). */
export function exampleArtifact(source: string): Promise<Artifact> {
  let a = memo.get(source);
  if (!a) {
    a = build(source);
    memo.set(source, a);
  }
  return a;
}

async function build(source: string): Promise<Artifact> {
  const hash = createHash('sha256');
  for (const f of [path.join(ROOT, source), ...(await Promise.all(INPUTS.map(filesUnder))).flat()]) {
    hash.update(f).update('\0').update(await readFile(f)).update('\0');
  }
  const file = path.join(CACHE, `${hash.digest('hex')}.json`);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Artifact;
  } catch {
    // not cached yet
  }
  const artifact = source.endsWith('.wat') ? await buildWat(source, ROOT) : await buildAssemblyScript(source, ROOT);
  await mkdir(CACHE, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(artifact));
  await rename(tmp, file);
  return artifact;
}
