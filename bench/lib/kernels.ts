/**
 * The benchmark kernels (bench/contracts/) compiled two ways: as the `kernels` Ewasm contract, and
 * as a bare module that exports the kernel functions themselves, for timing them without the EEI.
 * Also the reference implementations the results are checked against.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { compileAssemblyScript, START_EXPORT } from '../../scripts/lib/assemblyscript.ts';
import { GAS_GLOBAL_EXPORT, instrument, type InstrumentOptions } from '../../vm/instrument.ts';

const CONTRACTS = fileURLToPath(new URL('../contracts/', import.meta.url));

/** The kernels contract (exports main and memory; imports ethereum and bignum). */
export function compileKernelsContract(): Promise<Uint8Array<ArrayBuffer>> {
  return compileAssemblyScript(`${CONTRACTS}kernels.as.ts`);
}

// Re-exporting from an entry file makes the functions module exports; main and its imports are
// not reachable from here, so asc drops them. Same sources, same flags as the contract.
const BARE_SOURCE = `
export { sha256Chain } from "./sha256.as";
export { sumLoop } from "./sum.as";
export { mulmod256, mulmodChain } from "./mulmod.as";
const WORDS = memory.data(4 * 32);
/** Scratch space for mulmod operands. */
export function words(): usize { return WORDS; }
`;

/** The kernel functions as plain exports: not a contract (extra exports), so not validated. */
export function compileBareKernels(): Promise<Uint8Array<ArrayBuffer>> {
  return compileAssemblyScript({ name: `${CONTRACTS}bare-kernels.ts`, source: BARE_SOURCE }, { skipValidation: true });
}

export interface KernelInstance {
  readonly memory: WebAssembly.Memory;
  readonly sha256Chain: (iterations: number) => number;
  readonly sumLoop: (iterations: number) => bigint;
  readonly mulmod256: (a: number, b: number, n: number, result: number) => void;
  readonly mulmodChain: (iterations: number, acc: number, b: number, n: number) => void;
  readonly words: () => number;
  /** The instrumenter's gas counter (present, though never charged, in unmetered variants too). */
  readonly gas: WebAssembly.Global;
  /** Refills the gas counter, so that long runs never run out. */
  refuel(): void;
}

export const FULL_TANK = 1n << 62n;

/** Instruments the bare kernels with `options` and instantiates them; imports (if any) trap. */
export function instantiateKernels(bare: Uint8Array, options: InstrumentOptions): KernelInstance {
  const module = new WebAssembly.Module(instrument(bare, options));
  const imports: Record<string, Record<string, () => never>> = {};
  for (const i of WebAssembly.Module.imports(module)) {
    (imports[i.module] ??= {})[i.name] = () => {
      throw new Error(`kernel called the import ${i.module}.${i.name}`);
    };
  }
  const exports = new WebAssembly.Instance(module, imports).exports as Record<string, unknown>;
  const gas = exports[GAS_GLOBAL_EXPORT] as WebAssembly.Global;
  gas.value = FULL_TANK;
  // With no main to fold it into, asc's initialiser stays exported (see assemblyscript.ts).
  (exports[START_EXPORT] as (() => void) | undefined)?.();
  return {
    ...(exports as unknown as Omit<KernelInstance, 'refuel' | 'gas'>),
    gas,
    refuel: () => {
      gas.value = FULL_TANK;
    },
  };
}

// ---- references ----

/** sha256 applied `iterations` times to 32 zero bytes. */
export function sha256ChainReference(iterations: number): Uint8Array {
  let digest: Uint8Array = new Uint8Array(32);
  for (let i = 0; i < iterations; i++) digest = createHash('sha256').update(digest).digest();
  return digest;
}

export function sumLoopReference(iterations: number): bigint {
  const table = Array.from({ length: 256 }, (_, k) => Math.imul(k, 2654435761) >>> 0);
  let sum = 0n;
  for (let i = 0; i < iterations; i++) sum += BigInt((table[i & 255] ^ i) >>> 0);
  return BigInt.asUintN(64, sum);
}

export function mulmodReference(a: bigint, b: bigint, n: bigint): bigint {
  return n === 0n ? 0n : (a * b) % n;
}

/** From little-endian 32-bit limbs, as Hacker's Delight writes its test vectors. */
const limbs = (...l: number[]) => l.reduceRight((acc, x) => (acc << 32n) | BigInt(x), 0n);
const MAX256 = (1n << 256n) - 1n;

/**
 * Operands [a, b, n] that reach every branch of a Knuth-D mulmod: n = 0, a one-limb divisor, a
 * product below n, the extremes, and the two "add back" cases of Hacker's Delight's divmnu tests
 * (the rare step where the estimated quotient limb is one too large), taken as a = u, b = 1.
 */
export const MULMOD_EDGE_CASES: ReadonlyArray<readonly [bigint, bigint, bigint]> = [
  [123n, 456n, 0n],
  [MAX256, MAX256, 1n],
  [MAX256, MAX256, 7n],
  [MAX256, MAX256, 0xffffffffn],
  [MAX256, MAX256, MAX256],
  [MAX256, MAX256, MAX256 - 1n],
  [3n, 5n, 1n << 200n],
  [0n, MAX256, MAX256],
  [1n << 255n, 2n, 1n << 255n],
  [limbs(3, 0, 0x80000000), 1n, limbs(1, 0, 0x20000000)],
  [limbs(0, 0xfffe, 0x80000000), 1n, limbs(0xffff, 0x80000000)],
];

// ---- 32-byte big-endian words ----

export function toWord(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31, v = value; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

export function fromWord(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes.subarray(0, 32)) v = (v << 8n) | BigInt(b);
  return v;
}

/** xorshift64*: deterministic operands, so every run measures the same work. */
export function prng(seed: bigint): () => bigint {
  let x = seed || 1n;
  return () => {
    x ^= x >> 12n;
    x ^= BigInt.asUintN(64, x << 25n);
    x ^= x >> 27n;
    return BigInt.asUintN(64, x * 0x2545f4914f6cdd1dn);
  };
}

/** A random 256-bit number with `bits` significant bits at most (so short divisors occur too). */
export function randomWord(next: () => bigint, bits = 256): bigint {
  const full = (next() << 192n) | (next() << 128n) | (next() << 64n) | next();
  return full >> BigInt(256 - bits);
}
