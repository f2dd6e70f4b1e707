/**
 * Compiles Solidity sources with solc-js (pinned in package.json; pure Wasm, nothing downloaded).
 * Output is cached under .cache/solc/, keyed by the compiler version and the exact standard-JSON
 * input, so a second run skips both loading the compiler and compiling.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { AbiItem } from './abi.ts';

export interface CompiledContract {
  readonly abi: AbiItem[];
  /** Creation code (constructor arguments are appended to it). */
  readonly bytecode: Uint8Array;
  readonly deployedBytecode: Uint8Array;
}

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts: Record<string, Record<string, { abi: AbiItem[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

const CACHE_DIR = new URL('../../.cache/solc/', import.meta.url);
const SOLC_VERSION: string = createRequire(import.meta.url)('solc/package.json').version;

/** Compiles the given .sol files (paths); returns every contract by name. */
export async function compileSolidity(paths: string[]): Promise<Map<string, CompiledContract>> {
  const sources: Record<string, { content: string }> = {};
  for (const path of paths) sources[basename(path)] = { content: await readFile(path, 'utf8') };
  const input = JSON.stringify({
    language: 'Solidity',
    sources,
    settings: {
      // The devnet runs Prague; a newer default target could emit opcodes it does not have.
      evmVersion: 'prague',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  });
  const output = await cached(input);
  const failures = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (failures.length > 0) throw new Error(`solc: ${failures.map((e) => e.formattedMessage).join('\n')}`);

  const contracts = new Map<string, CompiledContract>();
  for (const file of Object.values(output.contracts)) {
    for (const [name, c] of Object.entries(file)) {
      contracts.set(name, {
        abi: c.abi,
        bytecode: Uint8Array.from(Buffer.from(c.evm.bytecode.object, 'hex')),
        deployedBytecode: Uint8Array.from(Buffer.from(c.evm.deployedBytecode.object, 'hex')),
      });
    }
  }
  return contracts;
}

async function cached(input: string): Promise<SolcOutput> {
  const key = createHash('sha256').update(SOLC_VERSION).update('\0').update(input).digest('hex');
  const file = new URL(`${key}.json`, CACHE_DIR);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SolcOutput;
  } catch {
    // Not cached yet (or unreadable): compile.
  }
  // Loaded only on a cache miss: the compiler is large and takes a moment to start.
  const solc = (await import('solc')).default;
  const output = solc.compile(input);
  const parsed = JSON.parse(output) as SolcOutput;
  if (!(parsed.errors ?? []).some((e) => e.severity === 'error')) {
    await mkdir(CACHE_DIR, { recursive: true });
    // Written aside and renamed, so an interrupted run never leaves half a file under the key.
    const partial = new URL(`${key}.${process.pid}.tmp`, CACHE_DIR);
    await writeFile(partial, output);
    await rename(partial, file);
  }
  return parsed;
}
