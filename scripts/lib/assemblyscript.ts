/**
 * AssemblyScript source to an Ewasm contract, through asc's programmatic API (no files written).
 *
 * asc's defaults produce modules the Ewasm policy refuses, so the flags below change them:
 *
 *   --runtime stub         A bump allocator that never frees. Every call runs in a fresh instance
 *                          that lives for one call, so a garbage collector would only cost gas and
 *                          code size (the default incremental GC also adds a shadow stack).
 *   --disable bulk-memory  asc would emit memory.copy/memory.fill (0xFC-prefixed, refused by the
 *                          policy); without them it inlines its own byte loops.
 *   --disable nontrapping-f2i, --disable mutable-globals
 *                          Features the policy refuses anyway (float truncation, global
 *                          imports/exports); disabled so asc never reaches for them.
 *                          sign-extension stays on: the policy allows it.
 *   --use abort=…          asc imports env.abort for `throw` and failed assertions. The engine
 *                          accepts that import too (a trap with the message, vm/eei/env.ts), but
 *                          the SDK's handler reverts with the UTF-8 message like Solidity's
 *                          require; `abort: 'trap'` maps it to `unreachable` instead (a failure
 *                          that burns all gas).
 *   --exportStart …        asc emits a start function whenever a global needs initialising at run
 *                          time — always with the stub runtime, whose heap pointer starts at
 *                          __heap_base. The engine would move a start section into `main`
 *                          itself (vm/wasm/start.ts); exporting it instead lets the afterCompile
 *                          transform below do that at build time, so the deployed code is the
 *                          code that runs: it calls the function at the top of `main` and drops
 *                          the export. `main` is the only entry point and every
 *                          call gets a fresh instance, so it still runs exactly once, before any
 *                          contract code.
 *   -O3 (or -Oz)           Speed by default; `optimize: 'size'` trades it for smaller code, which
 *                          matters for the per-byte code deposit.
 *
 * Deliberately not used: --noAssert, which would silently delete the contract's own assert()
 * checks. The result is run through the engine's validator, so anything asc still lets through
 * (a float from Math, an extra export) fails here with the validator's message rather than at deploy.
 */
import asc from 'assemblyscript/asc';
import binaryen from 'assemblyscript/binaryen';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CONFIG } from '../../vm/config.ts';
import { ValidationError } from '../../vm/errors.ts';
import { validateContract } from '../../vm/validate.ts';

export interface AscOptions {
  /**
   * What `throw` and a failed assert() do: revert with the message as raw UTF-8 (default), revert
   * with it ABI-encoded as Error(string) like Solidity's require ('error'; what the SDK uses), or trap.
   */
  readonly abort?: 'revert' | 'error' | 'trap';
  /** Sources by absolute path, read instead of the disk (generated entry files, rewritten contracts). */
  readonly files?: ReadonlyMap<string, string>;
  /** -O3 (default) or -Oz. */
  readonly optimize?: 'speed' | 'size';
  /** More asc flags, appended after ours (so they can override them). */
  readonly flags?: readonly string[];
  /** Skip the Ewasm policy check of the result (for kernels that are not contracts, e.g. benchmarks). */
  readonly skipValidation?: boolean;
}

/** Inline source; `name` is the file name used in diagnostics and for resolving relative imports. */
export interface AscSource {
  readonly source: string;
  readonly name?: string;
}

export class AscError extends Error {
  override name = 'AscError';
}

/** Where asc's start function is exported until it is folded into main. */
export const START_EXPORT = '__ewasm_start';
const ABORT_FILE = '__ewasm_abort.ts';
const OUTPUT = '__ewasm_out.wasm';

/**
 * The revert-on-abort handler, compiled as a second entry file. It is not exported, so it does not
 * become a module export; `--use abort=<file>/<name>` reaches it by its internal name.
 */
const ABORT_SOURCE = `
@external("ethereum", "revert")
declare function __ewasm_revert(dataOffset: usize, dataLength: i32): void;

function __ewasm_abort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  const data = String.UTF8.encode(message === null ? "" : changetype<string>(message));
  __ewasm_revert(changetype<usize>(data), data.byteLength);
  unreachable();
}
`;

/** The same handler, with the message as Solidity's Error(string): selector, offset, length, data. */
const ABORT_ERROR_SOURCE = `
@external("ethereum", "revert")
declare function __ewasm_revert(dataOffset: usize, dataLength: i32): void;

function __ewasm_abort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  const text = String.UTF8.encode(message === null ? "" : changetype<string>(message));
  const length = text.byteLength;
  const out = new Uint8Array(68 + ((length + 31) & ~31));
  out[0] = 0x08; out[1] = 0xc3; out[2] = 0x79; out[3] = 0xa0; out[35] = 0x20;
  store<u32>(out.dataStart + 64, bswap<u32>(<u32>length));
  memory.copy(out.dataStart + 68, changetype<usize>(text), length);
  __ewasm_revert(out.dataStart, out.length);
  unreachable();
}
`;

/**
 * Runs asc's start function at the top of `main` and removes its export (see the header). Without
 * a `main` of type () -> () the export is left alone: the validator then reports the real problem
 * (no main, wrong signature), and a module that is not a contract (the benchmark kernels) can still
 * call `__ewasm_start` itself.
 */
class FoldStartIntoMain {
  afterCompile(m: binaryen.Module): void {
    const startExport = m.getExport(START_EXPORT);
    const mainExport = m.getExport('main');
    if (!startExport || !mainExport) return;
    const main = binaryen.getExportInfo(mainExport);
    if (main.kind !== binaryen.ExternalFunction) return;
    const func = m.getFunction(main.value);
    const info = binaryen.getFunctionInfo(func);
    if (info.params !== binaryen.none || info.results !== binaryen.none) return;
    const start = binaryen.getExportInfo(startExport).value;
    m.removeExport(START_EXPORT);
    // Re-adding under the same name keeps the export and every call site pointing at it.
    m.removeFunction(main.value);
    m.addFunction(main.value, info.params, info.results, info.vars,
      m.block(null, [m.call(start, [], binaryen.none), info.body], binaryen.none));
  }
}

// asc keeps compiler state in one shared binaryen heap and yields at every file read, so two
// compilations running at once could interleave; they are queued instead.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Compiles an AssemblyScript contract (a file path, or inline source) into Wasm bytes that the
 * Ewasm policy accepts. Throws AscError with asc's diagnostics, or with the validator's reason.
 */
export function compileAssemblyScript(input: string | AscSource, options: AscOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const run = queue.then(() => compile(input, options));
  queue = run.catch(() => undefined);
  return run;
}

async function compile(input: string | AscSource, options: AscOptions): Promise<Uint8Array<ArrayBuffer>> {
  const inline = typeof input === 'string' ? null : input;
  const entryPath = path.resolve(inline ? inline.name ?? 'contract.ts' : input as string);
  const baseDir = path.dirname(entryPath);
  const entry = path.basename(entryPath);
  const virtual = new Map<string, string>();
  if (inline) virtual.set(entry, inline.source);
  const abort = options.abort ?? 'revert';
  if (abort !== 'trap') virtual.set(ABORT_FILE, abort === 'error' ? ABORT_ERROR_SOURCE : ABORT_SOURCE);

  const args = [
    entry,
    ...(abort !== 'trap' ? [ABORT_FILE, '--use', `abort=${ABORT_FILE.replace(/\.ts$/, '')}/__ewasm_abort`] : ['--use', 'abort=']),
    '--baseDir', baseDir,
    '--outFile', OUTPUT,
    '--runtime', 'stub',
    '--disable', 'bulk-memory',
    '--disable', 'nontrapping-f2i',
    '--disable', 'mutable-globals',
    '--exportStart', START_EXPORT,
    options.optimize === 'size' ? '-Oz' : '-O3',
    '--noColors',
    ...(options.flags ?? []),
  ];

  let binary: Uint8Array | null = null;
  const stderr = asc.createMemoryStream();
  const result = await asc.main(args, {
    stdout: asc.createMemoryStream(),
    stderr,
    readFile: async (name, dir) => {
      const full = path.resolve(dir, name);
      if (path.dirname(full) === baseDir && virtual.has(path.basename(full))) return virtual.get(path.basename(full))!;
      const given = options.files?.get(full);
      if (given !== undefined) return given;
      try {
        return await readFile(full, 'utf8');
      } catch {
        return null; // asc probes several candidate paths per import
      }
    },
    writeFile: (name, contents) => {
      if (name === OUTPUT && contents instanceof Uint8Array) binary = contents;
    },
    listFiles: async (dir, base) => {
      try {
        return (await readdir(path.resolve(base, dir))).filter((f) => f.endsWith('.ts'));
      } catch {
        return null;
      }
    },
    transforms: [new FoldStartIntoMain() as unknown as asc.Transform],
  });
  const label = inline ? inline.name ?? 'inline source' : entryPath;
  if (result.error) throw new AscError(`asc failed on ${label}: ${result.error.message}\n${stderr.toString()}`.trim());
  if (!binary) throw new AscError(`asc produced no output for ${label}\n${stderr.toString()}`.trim());
  const code = new Uint8Array(binary as Uint8Array); // a copy on a plain ArrayBuffer, as WebAssembly APIs want

  if (!options.skipValidation) {
    try {
      validateContract(code, DEFAULT_CONFIG);
    } catch (e) {
      if (e instanceof ValidationError) throw new AscError(`${label} compiled, but not to a valid Ewasm contract: ${e.message}`);
      throw e;
    }
  }
  return code;
}
