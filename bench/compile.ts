/**
 * (a) What deploying or first calling a contract costs the engine before any code runs: Ewasm
 * validation, instrumentation and V8's compile of a ~40 KB module. Every measured compile gets
 * distinct bytes (a custom section carrying a counter), so neither the engine's cache nor any V8
 * module cache can answer from a previous round.
 */
import { DEFAULT_CONFIG } from '../vm/config.ts';
import { WasmEngine } from '../vm/engine.ts';
import { instrument } from '../vm/instrument.ts';
import { validateContract } from '../vm/validate.ts';
import { Writer } from '../vm/wasm/bytes.ts';
import { watToWasm } from '../scripts/lib/wat.ts';
import { generateWat } from './lib/generate-wat.ts';
import { median, quantile, timeMs } from './lib/stats.ts';

export interface CompileResult {
  readonly bytes: number;
  readonly functions: number;
  readonly instrumentedBytes: number;
  /** Medians in ms. */
  readonly validate: number;
  readonly instrument: number;
  readonly v8Compile: number;
  readonly total: number;
  readonly totalP75: number;
  /** engine.compile on a fresh engine: the same work plus hashing the code for the cache key. */
  readonly engineCompile: number;
  /** new WebAssembly.Module of the uninstrumented module: what V8 alone needs. */
  readonly v8CompileRaw: number;
  readonly rounds: number;
}

/** A copy of `code` with a trailing custom section "bench" holding `n`: same module, new bytes. */
function distinct(code: Uint8Array, n: number): Uint8Array<ArrayBuffer> {
  const payload = new Writer().name('bench').u32(n).finish();
  return new Writer(code.length + payload.length + 8).bytes(code).byte(0).u32(payload.length).bytes(payload).finish();
}

/** Generates a contract of about `targetBytes`: probes the size per function, then scales. */
async function generateContract(targetBytes: number): Promise<{ code: Uint8Array; functions: number }> {
  const probe = 40;
  const perFunction = (await watToWasm(generateWat(probe))).length / probe;
  const functions = Math.max(1, Math.round(targetBytes / perFunction));
  return { code: await watToWasm(generateWat(functions)), functions };
}

export async function compileBench(targetBytes = 40_000, rounds = 60, warmup = 15): Promise<CompileResult> {
  const { code, functions } = await generateContract(targetBytes);
  const config = DEFAULT_CONFIG;
  const options = { costs: config.wasm, stackLimit: config.limits.stackLimit, maxMemoryPages: config.limits.maxMemoryPages };
  let serial = 0;
  let instrumentedBytes = 0;

  const phases = { validate: [] as number[], instrument: [] as number[], v8Compile: [] as number[], total: [] as number[] };
  const engineTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const measured = round >= warmup;
    // The three measurements alternate their order per round; see stats.interleave for why.
    const steps = [
      () => {
        const bytes = distinct(code, serial++);
        let m: ReturnType<typeof validateContract> | undefined;
        let instrumented: Uint8Array<ArrayBuffer> | undefined;
        const v = timeMs(() => { m = validateContract(bytes, config); });
        const i = timeMs(() => { instrumented = instrument(m!, options); });
        const c = timeMs(() => new WebAssembly.Module(instrumented!));
        instrumentedBytes = instrumented!.length;
        if (measured) {
          phases.validate.push(v);
          phases.instrument.push(i);
          phases.v8Compile.push(c);
          phases.total.push(v + i + c);
        }
      },
      () => {
        const bytes = distinct(code, serial++);
        const t = timeMs(() => new WasmEngine(config).compile(bytes));
        if (measured) engineTimes.push(t);
      },
      () => {
        const bytes = distinct(code, serial++);
        const t = timeMs(() => new WebAssembly.Module(bytes));
        if (measured) rawTimes.push(t);
      },
    ];
    if (round % 2 === 1) steps.reverse();
    for (const step of steps) step();
  }
  return {
    bytes: code.length,
    functions,
    instrumentedBytes,
    validate: median(phases.validate),
    instrument: median(phases.instrument),
    v8Compile: median(phases.v8Compile),
    total: median(phases.total),
    totalP75: quantile(phases.total, 0.75),
    engineCompile: median(engineTimes),
    v8CompileRaw: median(rawTimes),
    rounds,
  };
}
