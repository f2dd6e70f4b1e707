/**
 * (c) The host's bignum.mulmod256 against the same operation in pure Wasm (bench/contracts/
 * mulmod.as.ts), both called in a loop from the kernels contract and run through the whole engine
 * with the default (metered) configuration: what a contract author chooses between.
 */
import { DEFAULT_CONFIG } from '../vm/config.ts';
import { WasmEngine } from '../vm/engine.ts';
import { MemoryHost } from '../vm/memory-host.ts';
import { HOST_NAMESPACES } from '../vm/eei/namespaces.ts';
import type { ExecutionResult, Message } from '../vm/host.ts';
import { fromWord, mulmodReference, prng, randomWord, toWord } from './lib/kernels.ts';
import { interleave, median, medianRatio, ratioSpread } from './lib/stats.ts';

const HOST = 3;
const WASM = 2;
const GAS = 1n << 50n;

export interface BignumResult {
  readonly available: boolean;
  readonly iterations: number;
  /** Median µs per mulmod, the per-call overhead (instance, EEI) subtracted. */
  readonly hostUs: number;
  readonly wasmUs: number;
  /** How many times faster the host function is: median per-round wasm / host time. */
  readonly speedup: number;
  readonly spread: [number, number];
  /** Gas per mulmod under the default schedule (deterministic). */
  readonly hostGas: number;
  readonly wasmGas: number;
}

function input(selector: number, iterations: number, words: bigint[]): Uint8Array {
  const out = new Uint8Array(5 + 32 * words.length);
  out[0] = selector;
  new DataView(out.buffer).setUint32(1, iterations);
  words.forEach((w, i) => out.set(toWord(w), 5 + 32 * i));
  return out;
}

export function bignumAvailable(): boolean {
  return Object.hasOwn(HOST_NAMESPACES.bignum, 'mulmod256');
}

export async function bignumBench(contract: Uint8Array, rounds = 31, iterations = 4096): Promise<BignumResult> {
  const engine = new WasmEngine(DEFAULT_CONFIG);
  const host = new MemoryHost(engine);
  const address = new Uint8Array(20).fill(0xbe);
  const next = prng(0xb16n);
  const a = randomWord(next);
  const b = randomWord(next);
  const n = randomWord(next) | (1n << 255n);

  const run = async (selector: number, count: number): Promise<ExecutionResult> => {
    const message: Message = {
      kind: 'call', isStatic: false, depth: 0, gas: GAS, recipient: address, codeAddress: address,
      sender: address, input: input(selector, count, [a, b, n]), value: 0n,
    };
    const result = await engine.execute(message, contract, host);
    if (result.status !== 'success') throw new Error(`kernels contract, selector ${selector}: ${result.status} ${result.error ?? ''}`);
    return result;
  };

  // Both paths must compute the same chain, and the right one.
  let want = a % n;
  for (let i = 0; i < iterations; i++) want = mulmodReference(want, b, n);
  for (const selector of [HOST, WASM]) {
    const got = fromWord((await run(selector, iterations)).output);
    if (got !== want) throw new Error(`mulmod chain via selector ${selector}: ${got} != ${want}`);
  }
  const gasPer = async (selector: number) => {
    const used = async (count: number) => GAS - (await run(selector, count)).gasLeft;
    return Number((await used(2 * iterations)) - (await used(iterations))) / iterations;
  };

  const variants = [
    () => run(HOST, iterations), () => run(WASM, iterations),
    // Empty loops: the per-call part (instantiation, call data, finish) to subtract.
    () => run(HOST, 0), () => run(WASM, 0),
  ];
  await interleave(variants, 5); // warm-up
  const [host_, wasm, hostEmpty, wasmEmpty] = await interleave(variants, rounds);
  const hostNet = host_.map((t, i) => t - hostEmpty[i]);
  const wasmNet = wasm.map((t, i) => t - wasmEmpty[i]);
  return {
    available: true,
    iterations,
    hostUs: (median(hostNet) / iterations) * 1000,
    wasmUs: (median(wasmNet) / iterations) * 1000,
    speedup: medianRatio(wasmNet, hostNet),
    spread: ratioSpread(wasmNet, hostNet),
    hostGas: await gasPer(HOST),
    wasmGas: await gasPer(WASM),
  };
}

// Alone: `node bench/bignum.ts` (the full report is bench/run.ts).
if (process.argv[1] === new URL(import.meta.url).pathname) {
  const { compileKernelsContract } = await import('./lib/kernels.ts');
  // Long chains so that the per-call part (and its noise on a shared machine) is small next to the work.
  const r = await bignumBench(await compileKernelsContract(), 21, 32768);
  console.log(`host mulmod256 ${r.hostUs.toFixed(3)} µs, Wasm mulmod256 ${r.wasmUs.toFixed(3)} µs per op; `
    + `host ÷ Wasm speed ${r.speedup.toFixed(2)}× [IQR ${r.spread[0].toFixed(2)}–${r.spread[1].toFixed(2)}]; gas ${r.hostGas} vs ${r.wasmGas}`);
}
