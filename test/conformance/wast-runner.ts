/**
 * Runs the WebAssembly spec scripts in the shared conformance folder (see its README.md) on V8,
 * each once as written ("baseline") and once instrumented (see wast-script.ts).
 *
 * Scripts are converted with wabt's `wast2json` (a Debian package, not an npm one: the npm `wabt`
 * cannot read whole .wast scripts), so callers should check wast2jsonAvailable() first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type Command, type ModeResult, ScriptRun } from './wast-script.ts';

export type { Failure, Mode, ModeResult } from './wast-script.ts';

export interface FileResult {
  readonly file: string;
  readonly baseline: ModeResult;
  readonly instrumented: ModeResult;
}

/** The folder with the .wast files: the copy vendored in test/conformance/data (its README says where it comes from). */
export function specDir(): string {
  return path.join(import.meta.dirname, 'data', 'wasm-spec');
}

export function wast2jsonAvailable(): boolean {
  const probe = spawnSync('wast2json', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

export interface SuiteOptions {
  /** Folder with the .wast files; specDir() by default. */
  readonly dir?: string;
  /** Existing folder for wast2json's output; otherwise a temporary one is made and removed. */
  readonly workDir?: string;
  /** Called before each script, for progress reports. */
  readonly onFile?: (file: string) => void;
}

/** Converts and runs every .wast file in both modes. */
export function runSpecSuite(options: SuiteOptions = {}): FileResult[] {
  const dir = options.dir ?? specDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.wast')).sort();
  const work = options.workDir ?? mkdtempSync(path.join(tmpdir(), 'ewasm-wast-'));
  try {
    return files.map((file) => {
      options.onFile?.(file);
      return runFile(path.join(dir, file), work);
    });
  } finally {
    if (options.workDir === undefined) rmSync(work, { recursive: true, force: true });
  }
}

export function runFile(wastPath: string, work: string): FileResult {
  const file = path.basename(wastPath);
  // One subfolder per script: wast2json names binaries after the output file, keep them apart.
  const out = mkdtempSync(path.join(work, `${path.basename(file, '.wast')}-`));
  const jsonPath = path.join(out, 'script.json');
  const conv = spawnSync('wast2json', [wastPath, '-o', jsonPath], { encoding: 'utf8' });
  if (conv.error !== undefined || conv.status !== 0) {
    throw new Error(`wast2json failed on ${file}: ${conv.error?.message ?? conv.stderr}`);
  }
  const commands = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { commands: Command[] }).commands;
  const baseline = new ScriptRun(file, out, 'baseline', null).run(commands);
  const instrumented = new ScriptRun(file, out, 'instrumented', baseline).run(commands);
  return { file, baseline, instrumented };
}

const WORKER_ROLE = 'ewasm-wast-runner';

type WorkerMessage = { type: 'file'; file: string } | { type: 'done'; results: FileResult[] };

/**
 * runSpecSuite in a worker thread, failing when one script runs longer than `fileTimeoutMs`.
 * A broken instrumenter can retarget a branch into an endless loop; gas is practically unlimited
 * here and synchronous Wasm also blocks mocha's own timeout, so only terminating a worker ends it.
 */
export async function runSpecSuiteInWorker(dir: string, fileTimeoutMs: number): Promise<FileResult[]> {
  // Made here, not in the worker, so it is removed even when the worker has to be killed.
  const workDir = mkdtempSync(path.join(tmpdir(), 'ewasm-wast-'));
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: WORKER_ROLE, dir, workDir } });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<FileResult[]>((resolve, reject) => {
      const arm = (file: string) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          reject(new Error(`${file} did not finish within ${fileTimeoutMs} ms (an endless loop in instrumented code?)`));
        }, fileTimeoutMs);
      };
      arm('startup');
      worker.on('message', (m: WorkerMessage) => (m.type === 'file' ? arm(m.file) : resolve(m.results)));
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`spec runner worker exited early with code ${code}`)));
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (!isMainThread && workerData?.role === WORKER_ROLE) {
  const port = parentPort!;
  const { dir, workDir } = workerData as { dir: string; workDir: string };
  const post = (m: WorkerMessage) => port.postMessage(m);
  post({ type: 'done', results: runSpecSuite({ dir, workDir, onFile: (file) => post({ type: 'file', file }) }) });
}
