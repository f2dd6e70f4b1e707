/**
 * (b) What gas metering and the stack limit cost at run time. The bare kernels are instrumented
 * four ways from the same bytes — nothing, gas only, stack only, both (the engine's default
 * configuration) — and their exported functions called directly, so the numbers contain no EEI,
 * instantiation or promise overhead: only the inserted code.
 */
import { DEFAULT_CONFIG } from '../vm/config.ts';
import type { InstrumentOptions } from '../vm/instrument.ts';
import {
  FULL_TANK, MULMOD_EDGE_CASES, fromWord, instantiateKernels, mulmodReference, prng, randomWord, sha256ChainReference, sumLoopReference, toWord,
  type KernelInstance,
} from './lib/kernels.ts';
import { interleave, median, medianRatio, ratioSpread, timeMs } from './lib/stats.ts';

const VARIANTS: Record<'unmetered' | 'gasOnly' | 'stackOnly' | 'metered', InstrumentOptions> = {
  unmetered: { costs: null, stackLimit: null },
  gasOnly: { costs: DEFAULT_CONFIG.wasm, stackLimit: null },
  stackOnly: { costs: null, stackLimit: DEFAULT_CONFIG.limits.stackLimit },
  metered: { costs: DEFAULT_CONFIG.wasm, stackLimit: DEFAULT_CONFIG.limits.stackLimit, maxMemoryPages: DEFAULT_CONFIG.limits.maxMemoryPages },
};
type Variant = keyof typeof VARIANTS;

interface Kernel {
  readonly name: string;
  readonly unit: string;
  /** Writes the kernel's inputs to memory; runs may then continue from wherever the last one ended. */
  setup?(k: KernelInstance): void;
  /** Sets up, runs `iterations` units of work and throws unless the result matches the reference. */
  runChecked(k: KernelInstance, iterations: number): void;
  run(k: KernelInstance, iterations: number): void;
}

const MODULUS_SEED = 0x5eedn;

function mulmodOperands(): [bigint, bigint, bigint] {
  const next = prng(MODULUS_SEED);
  // Full-width operands and modulus: the common case, a division by an 8-limb divisor.
  return [randomWord(next), randomWord(next), randomWord(next) | (1n << 255n)];
}

function modPow(base: bigint, exponent: number, n: bigint): bigint {
  let result = 1n % n;
  let b = base % n;
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = (result * b) % n;
    b = (b * b) % n;
  }
  return result;
}

const KERNELS: Kernel[] = [
  {
    name: 'SHA-256',
    unit: 'block',
    runChecked(k, iterations) {
      new Uint8Array(k.memory.buffer).fill(0, k.sha256Chain(0), k.sha256Chain(0) + 32);
      const at = k.sha256Chain(iterations);
      const got = Buffer.from(new Uint8Array(k.memory.buffer, at, 32)).toString('hex');
      const want = Buffer.from(sha256ChainReference(iterations)).toString('hex');
      if (got !== want) throw new Error(`SHA-256 kernel: ${got} != ${want}`);
    },
    run: (k, iterations) => k.sha256Chain(iterations),
  },
  {
    name: 'sum loop',
    unit: 'iteration',
    runChecked(k, iterations) {
      const got = BigInt.asUintN(64, k.sumLoop(iterations));
      const want = sumLoopReference(iterations);
      if (got !== want) throw new Error(`sum kernel: ${got} != ${want}`);
    },
    run: (k, iterations) => k.sumLoop(iterations),
  },
  {
    name: 'mulmod256 (Wasm)',
    unit: 'mulmod',
    setup(k) {
      const memory = new Uint8Array(k.memory.buffer);
      mulmodOperands().forEach((value, i) => memory.set(toWord(value), k.words() + 32 * i));
    },
    runChecked(k, iterations) {
      const memory = new Uint8Array(k.memory.buffer);
      const w = k.words();
      for (const [a, b, n] of MULMOD_EDGE_CASES) {
        [a, b, n].forEach((value, i) => memory.set(toWord(value), w + 32 * i));
        k.mulmod256(w, w + 32, w + 64, w + 96);
        const got = fromWord(memory.subarray(w + 96, w + 128));
        if (got !== mulmodReference(a, b, n)) throw new Error(`mulmod256(${a}, ${b}, ${n}) = ${got}`);
      }
      this.setup!(k);
      const [a, b, n] = mulmodOperands();
      k.mulmodChain(iterations, w, w + 32, w + 64);
      const got = fromWord(memory.subarray(w, w + 32));
      const want = (mulmodReference(a, 1n, n) * modPow(b, iterations, n)) % n;
      if (got !== want) throw new Error(`mulmod kernel: ${got} != ${want}`);
    },
    run: (k, iterations) => {
      const w = k.words();
      k.mulmodChain(iterations, w, w + 32, w + 64);
    },
  },
];

export interface MeteringResult {
  readonly kernel: string;
  /** Set when a variant computed a wrong result: the kernel was not timed. */
  readonly failure?: string;
  readonly unit: string;
  readonly iterations: number;
  /** Median ms per run. */
  readonly unmeteredMs: number;
  readonly meteredMs: number;
  /** Median per-round ratio to the unmetered run, and its interquartile range. */
  readonly ratio: number;
  readonly spread: [number, number];
  readonly gasOnlyRatio: number;
  readonly stackOnlyRatio: number;
  /** Gas the metered variant charges per unit of work (deterministic). */
  readonly gasPerUnit: number;
}

/** Doubles the work until one unmetered run takes `targetMs`. */
function calibrate(kernel: Kernel, k: KernelInstance, targetMs: number): number {
  for (let iterations = 1; ; iterations *= 2) {
    if (iterations >= 1 << 28 || median([0, 1, 2].map(() => timeMs(() => kernel.run(k, iterations)))) >= targetMs) return iterations;
  }
}

function gasPerUnit(kernel: Kernel, metered: KernelInstance, iterations: number): number {
  const used = (n: number) => {
    metered.refuel();
    kernel.run(metered, n);
    return FULL_TANK - (metered.gas.value as bigint);
  };
  // The difference of two run lengths cancels the per-call part (table setup, loop entry).
  return Number(used(2 * iterations) - used(iterations)) / iterations;
}

export async function meteringBench(bare: Uint8Array, rounds = 41, targetMs = 8): Promise<MeteringResult[]> {
  const results: MeteringResult[] = [];
  for (const kernel of KERNELS) {
    const instances = Object.fromEntries(
      Object.entries(VARIANTS).map(([name, options]) => [name, instantiateKernels(bare, options)]),
    ) as Record<Variant, KernelInstance>;
    const names = Object.keys(VARIANTS) as Variant[];
    for (const name of names) {
      instances[name].refuel();
      kernel.setup?.(instances[name]);
    }
    const iterations = calibrate(kernel, instances.unmetered, targetMs);
    // Same answer from every variant before anything is timed; a wrong answer is an engine bug
    // to report, not a number to print.
    const failure = names.map((name) => {
      instances[name].refuel();
      try {
        kernel.runChecked(instances[name], iterations);
        return null;
      } catch (e) {
        return `${name} variant: ${(e as Error).message}`;
      }
    }).filter((f) => f !== null);
    if (failure.length > 0) {
      results.push({ kernel: kernel.name, unit: kernel.unit, iterations, failure: failure.join('; '), unmeteredMs: NaN, meteredMs: NaN,
        ratio: NaN, spread: [NaN, NaN], gasOnlyRatio: NaN, stackOnlyRatio: NaN, gasPerUnit: NaN });
      continue;
    }
    // Warm-up: lets V8 tier every variant up to its optimizing compiler before measuring.
    await interleave(names.map((name) => () => kernel.run(instances[name], iterations)), 5);
    const times = await interleave(names.map((name) => () => {
      instances[name].refuel();
      kernel.run(instances[name], iterations);
    }), rounds);
    const t = Object.fromEntries(names.map((name, i) => [name, times[i]])) as Record<Variant, number[]>;
    results.push({
      kernel: kernel.name,
      unit: kernel.unit,
      iterations,
      unmeteredMs: median(t.unmetered),
      meteredMs: median(t.metered),
      ratio: medianRatio(t.metered, t.unmetered),
      spread: ratioSpread(t.metered, t.unmetered),
      gasOnlyRatio: medianRatio(t.gasOnly, t.unmetered),
      stackOnlyRatio: medianRatio(t.stackOnly, t.unmetered),
      gasPerUnit: gasPerUnit(kernel, instances.metered, iterations),
    });
  }
  return results;
}
