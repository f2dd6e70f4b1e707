/**
 * The `bignum` host namespace, driven through real contracts run by the engine: every function
 * against an independent reference model (written from the EVM's definitions, sharing no code with
 * vm/eei/bignum.ts) on edge and seeded random vectors, plus aliasing, gas and bounds.
 */
import assert from 'node:assert/strict';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { DEFAULT_CONFIG, HERA_COMPAT_CONFIG, type EngineConfig } from '../../vm/config.ts';
import { BIGNUM } from '../../vm/eei/bignum.ts';
import { WasmEngine } from '../../vm/engine.ts';
import { EEI_PRAGUE } from '../../vm/gas/eei-costs.ts';
import { WASM_COSTS_NONE } from '../../vm/gas/wasm-costs.ts';
import type { ExecutionResult } from '../../vm/host.ts';
import { MemoryHost } from '../../vm/memory-host.ts';

// ---- Reference model -------------------------------------------------------------------------

const TWO256 = 1n << 256n;
const HALF = 1n << 255n;
const MAX = TWO256 - 1n;

const toWord = (x: bigint) => ((x % TWO256) + TWO256) % TWO256;
const toSigned = (x: bigint) => (x >= HALF ? x - TWO256 : x);
const abs = (x: bigint) => (x < 0n ? -x : x);
const bit = (b: boolean) => (b ? 1n : 0n);
/** Floor division, which an arithmetic right shift is; bigint `/` truncates instead. */
const floorDiv = (x: bigint, d: bigint) => (x >= 0n ? x / d : -((-x + d - 1n) / d));
/** 2^min(shift, 256): any shift of 256 or more moves every bit out, so they all behave alike. */
const pow2 = (shift: bigint) => 1n << (shift > 256n ? 256n : shift);

const encode = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const decode = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex')}`);

/** Bitwise ops byte by byte on the encoded words, so they do not just repeat the bigint operator. */
const bytewise = (f: (x: number, y: number) => number) => (a: bigint, b: bigint) => {
  const x = encode(a);
  const y = encode(b);
  return decode(x.map((v, i) => f(v, y[i]) & 0xff));
};

/** Left-to-right over the exponent's bits (the implementation goes right to left). */
function expRef(base: bigint, exponent: bigint): bigint {
  let r = 1n;
  for (const digit of exponent.toString(2)) {
    r = (r * r) % TWO256;
    if (digit === '1') r = (r * base) % TWO256;
  }
  return exponent === 0n ? 1n : r;
}

function sdivRef(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = abs(toSigned(a)) / abs(toSigned(b));
  return toWord(toSigned(a) < 0n !== toSigned(b) < 0n ? -q : q);
}

function smodRef(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const r = abs(toSigned(a)) % abs(toSigned(b));
  return toWord(toSigned(a) < 0n ? -r : r);
}

/** How each function is called: operand count, and whether it writes a word or returns an i32. */
type Shape = 'binary' | 'modular' | 'unary' | 'compare' | 'test';
const ARITY: Record<Shape, number> = { binary: 2, modular: 3, unary: 1, compare: 2, test: 1 };
const WRITES: Record<Shape, boolean> = { binary: true, modular: true, unary: true, compare: false, test: false };

interface Op {
  readonly shape: Shape;
  /** The EVM opcode's gas, as documented in docs/bignum.md (exp256: before the per-byte part). */
  readonly gas: number;
  readonly ref: (...words: bigint[]) => bigint;
}

const OPS: Readonly<Record<string, Op>> = {
  add256: { shape: 'binary', gas: 3, ref: (a, b) => toWord(a + b) },
  sub256: { shape: 'binary', gas: 3, ref: (a, b) => toWord(a - b) },
  mul256: { shape: 'binary', gas: 5, ref: (a, b) => toWord(a * b) },
  div256: { shape: 'binary', gas: 5, ref: (a, b) => (b === 0n ? 0n : a / b) },
  sdiv256: { shape: 'binary', gas: 5, ref: sdivRef },
  mod256: { shape: 'binary', gas: 5, ref: (a, b) => (b === 0n ? 0n : a % b) },
  smod256: { shape: 'binary', gas: 5, ref: smodRef },
  addmod256: { shape: 'modular', gas: 8, ref: (a, b, n) => (n === 0n ? 0n : (a + b) % n) },
  mulmod256: { shape: 'modular', gas: 8, ref: (a, b, n) => (n === 0n ? 0n : (a * b) % n) },
  exp256: { shape: 'binary', gas: 10, ref: expRef },
  lt256: { shape: 'compare', gas: 3, ref: (a, b) => bit(a < b) },
  gt256: { shape: 'compare', gas: 3, ref: (a, b) => bit(a > b) },
  slt256: { shape: 'compare', gas: 3, ref: (a, b) => bit(toSigned(a) < toSigned(b)) },
  sgt256: { shape: 'compare', gas: 3, ref: (a, b) => bit(toSigned(a) > toSigned(b)) },
  eq256: { shape: 'compare', gas: 3, ref: (a, b) => bit(a === b) },
  iszero256: { shape: 'test', gas: 3, ref: (a) => bit(a === 0n) },
  and256: { shape: 'binary', gas: 3, ref: bytewise((x, y) => x & y) },
  or256: { shape: 'binary', gas: 3, ref: bytewise((x, y) => x | y) },
  xor256: { shape: 'binary', gas: 3, ref: bytewise((x, y) => x ^ y) },
  not256: { shape: 'unary', gas: 3, ref: (a) => MAX - a },
  // The EVM pops the shift first: `a` is the shift amount, `b` the value.
  shl256: { shape: 'binary', gas: 3, ref: (s, v) => toWord(v * pow2(s)) },
  shr256: { shape: 'binary', gas: 3, ref: (s, v) => v / pow2(s) },
  sar256: { shape: 'binary', gas: 3, ref: (s, v) => toWord(floorDiv(toSigned(v), pow2(s))) },
};
const NAMES = Object.keys(OPS);
const SHIFTS = new Set(['shl256', 'shr256', 'sar256']);

/** EIP-160: exp256 pays 50 per byte of the exponent's big-endian form without leading zeros. */
const expBytes = (e: bigint) => (e === 0n ? 0 : Math.ceil(e.toString(16).length / 2));

// ---- Vectors ---------------------------------------------------------------------------------

/** SplitMix64: a fixed seed gives the same vectors on every run and machine. */
class Rng {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = seed;
  }
  next64(): bigint {
    const M = (1n << 64n) - 1n;
    this.state = (this.state + 0x9e3779b97f4a7c15n) & M;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    return z ^ (z >> 31n);
  }
  below(n: number): number {
    return Number(this.next64() % BigInt(n));
  }
  uniform(): bigint {
    return (this.next64() << 192n) | (this.next64() << 128n) | (this.next64() << 64n) | this.next64();
  }
  /**
   * Uniform words almost never hit the cases that matter (equal operands, small divisors, values
   * near the sign bit), so mix in words of random length and words close to the boundaries.
   */
  word(): bigint {
    const small = BigInt(this.below(300));
    switch (this.below(6)) {
      case 0: return this.uniform();
      case 1: return this.uniform() >> BigInt(this.below(257));
      case 2: return small;
      case 3: return MAX - small; // small negative numbers
      case 4: return toWord((1n << BigInt(this.below(256))) + BigInt(this.below(3) - 1));
      default: return toWord(HALF + small - 150n); // around the signed boundary
    }
  }
}

function randomVectors(name: string, count: number, seed: bigint): bigint[][] {
  const rng = new Rng(seed);
  const arity = ARITY[OPS[name].shape];
  return Array.from({ length: count }, () => {
    const v = Array.from({ length: arity }, () => rng.word());
    if (arity >= 2 && rng.below(8) === 0) v[1] = v[0]; // equal operands: eq, sub, div, compare
    if (SHIFTS.has(name) && rng.below(4) !== 0) v[0] = BigInt(rng.below(270)); // mostly meaningful shifts
    return v;
  });
}

const EDGE = [0n, 1n, 2n, 3n, 31n, 32n, 255n, 256n, 257n, 1n << 128n, HALF - 1n, HALF, HALF + 1n, MAX - 1n, MAX];
/** Fewer values for three operands, to keep the cross product near 500 triples. */
const EDGE3 = [0n, 1n, 2n, 255n, HALF - 1n, HALF, MAX - 1n, MAX];

function edgeVectors(name: string): bigint[][] {
  const arity = ARITY[OPS[name].shape];
  const values = arity === 3 ? EDGE3 : EDGE;
  let vectors: bigint[][] = [[]];
  for (let i = 0; i < arity; i++) vectors = vectors.flatMap((v) => values.map((x) => [...v, x]));
  return vectors;
}

// ---- Contracts -------------------------------------------------------------------------------

const ADDRESS = new Uint8Array(20).fill(0xaa);
const SENDER = new Uint8Array(20).fill(0x55);
const GAS = 50_000_000n;
/** Inputs are copied to memory[0, OUT); results go from OUT on. One 64 KiB page holds both. */
const OUT = 0x8000;
const BATCH = 256;

const importOf = (name: string) => {
  const { shape } = OPS[name];
  const params = 'i32 '.repeat(ARITY[shape] + (WRITES[shape] ? 1 : 0)).trim();
  return `(import "bignum" "${name}" (func $op (param ${params})${WRITES[shape] ? '' : ' (result i32)'}))`;
};

const contractWat = (name: string, body: string) => `(module
  (import "ethereum" "getCallDataSize" (func $size (result i32)))
  (import "ethereum" "callDataCopy" (func $copy (param i32 i32 i32)))
  (import "ethereum" "finish" (func $finish (param i32 i32)))
  ${importOf(name)}
  (memory (export "memory") 1)
  (func (export "main") (local $n i32) (local $in i32) (local $out i32) (local $v i32)
    (local.set $n (call $size))
    (call $copy (i32.const 0) (i32.const 0) (local.get $n))
    ${body}))`;

/** Big-endian into the last four bytes of the (zeroed) 32-byte slot at $out, so an i32 reads back as a word. */
const storeI32 = [24, 16, 8, 0].map((shift, i) =>
  `(i32.store8 offset=${28 + i} (local.get $out) (i32.shr_u (local.get $v) (i32.const ${shift})))`).join(' ');

/** Applies the function to each group of operands in the call data and finishes with all results. */
function batchWat(name: string): string {
  const { shape } = OPS[name];
  const arity = ARITY[shape];
  const operands = Array.from({ length: arity }, (_, i) => `(i32.add (local.get $in) (i32.const ${32 * i}))`).join(' ');
  const apply = WRITES[shape] ? `(call $op ${operands} (local.get $out))` : `(local.set $v (call $op ${operands})) ${storeI32}`;
  return contractWat(name, `(local.set $out (i32.const ${OUT}))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $in) (local.get $n)))
      ${apply}
      (local.set $in (i32.add (local.get $in) (i32.const ${32 * arity})))
      (local.set $out (i32.add (local.get $out) (i32.const 32)))
      (br $next)))
    (call $finish (i32.const ${OUT}) (i32.sub (local.get $out) (i32.const ${OUT})))`);
}

/**
 * One call with literal pointers (`pointers` = null: no call, the baseline for gas), then
 * finishes with the word at `resultAt` (or the i32 answer). The pointers may overlap or point
 * outside memory.
 */
function singleWat(name: string, pointers: readonly number[] | null, resultAt = OUT): string {
  const args = (pointers ?? []).map((p) => `(i32.const ${p})`).join(' ');
  const writes = WRITES[OPS[name].shape];
  const call = pointers === null ? '' : writes ? `(call $op ${args})` : `(local.set $v (call $op ${args})) ${storeI32}`;
  return contractWat(name, `(local.set $out (i32.const ${OUT})) ${call}
    (call $finish (i32.const ${resultAt}) (i32.const 32))`);
}

const codeCache = new Map<string, Promise<Uint8Array>>();
const compileWat = (source: string) => {
  let code = codeCache.get(source);
  if (!code) codeCache.set(source, (code = watToWasm(source)));
  return code;
};

const engines = new Map<EngineConfig, WasmEngine>();

async function run(source: string, input: Uint8Array, { gas = GAS, config = DEFAULT_CONFIG } = {}): Promise<ExecutionResult> {
  let engine = engines.get(config);
  if (!engine) engines.set(config, (engine = new WasmEngine(config)));
  const host = new MemoryHost(engine);
  host.account(ADDRESS).code = await compileWat(source);
  return host.execute({
    kind: 'call', isStatic: false, depth: 0, gas, recipient: ADDRESS, sender: SENDER,
    input, value: 0n, codeAddress: ADDRESS,
  });
}

const callData = (words: readonly bigint[]) => Buffer.concat(words.map(encode));

async function runSuccess(source: string, input: Uint8Array, options?: Parameters<typeof run>[2]): Promise<ExecutionResult> {
  const result = await run(source, input, options);
  assert.equal(result.status, 'success', result.error ?? 'no error message');
  return result;
}

/** Runs every vector through the batch contract and reports the ones whose result differs from the model. */
async function mismatches(name: string, vectors: bigint[][]): Promise<string[]> {
  const bad: string[] = [];
  for (let start = 0; start < vectors.length; start += BATCH) {
    const batch = vectors.slice(start, start + BATCH);
    const { output } = await runSuccess(batchWat(name), callData(batch.flat()));
    assert.equal(output.length, 32 * batch.length);
    batch.forEach((operands, i) => {
      const got = decode(output.subarray(32 * i, 32 * i + 32));
      const want = OPS[name].ref(...operands);
      if (got !== want) bad.push(`${name}(${operands.map((x) => `0x${x.toString(16)}`).join(', ')}) = 0x${got.toString(16)}, want 0x${want.toString(16)}`);
    });
  }
  return bad.slice(0, 5);
}

// ---- Tests -----------------------------------------------------------------------------------

const RANDOM_PER_OP = 1024;

describe('bignum host namespace', () => {
  it('exports exactly the specified functions with the specified signatures', () => {
    assert.deepEqual(Object.keys(BIGNUM).sort(), [...NAMES].sort());
    for (const name of NAMES) {
      const { shape } = OPS[name];
      const params = Array(ARITY[shape] + (WRITES[shape] ? 1 : 0)).fill('i32');
      assert.deepEqual([BIGNUM[name].params, BIGNUM[name].results], [params, WRITES[shape] ? [] : ['i32']], name);
      assert.ok(!BIGNUM[name].suspending, `${name} should not need JSPI`);
    }
  });

  describe('agrees with the EVM reference model', () => {
    NAMES.forEach((name, index) => {
      it(`${name} on edge vectors`, async () => {
        assert.deepEqual(await mismatches(name, edgeVectors(name)), []);
      });
      it(`${name} on ${RANDOM_PER_OP} random vectors`, async () => {
        assert.deepEqual(await mismatches(name, randomVectors(name, RANDOM_PER_OP, 0x5eed0000n + BigInt(index))), []);
      });
    });

    it('the model itself matches the EVM on hand-checked cases', () => {
      // Guards the reference against a mistake the implementation could share.
      assert.equal(OPS.sdiv256.ref(HALF, MAX), HALF); // -2^255 / -1 overflows back to -2^255
      assert.equal(OPS.sdiv256.ref(toWord(-7n), 2n), toWord(-3n)); // truncates toward zero
      assert.equal(OPS.smod256.ref(toWord(-7n), 2n), MAX); // sign of the dividend
      assert.equal(OPS.smod256.ref(7n, toWord(-2n)), 1n);
      assert.equal(OPS.sar256.ref(1n, toWord(-7n)), toWord(-4n)); // rounds toward -infinity
      assert.equal(OPS.sar256.ref(256n, toWord(-1n)), MAX);
      assert.equal(OPS.shl256.ref(255n, 3n), HALF);
      assert.equal(OPS.exp256.ref(3n, 5n), 243n);
      assert.equal(OPS.exp256.ref(0n, 0n), 1n);
      assert.equal(OPS.mulmod256.ref(MAX, MAX, 12n), 9n); // (2^256-1)^2 mod 12, not a wrapped product
      assert.equal(OPS.and256.ref(0xf0n, 0x3cn), 0x30n);
    });
  });

  describe('aliasing', () => {
    // Operands at 0, 32, 64; the result pointer reuses one of them.
    const writers = NAMES.filter((n) => WRITES[OPS[n].shape]);
    writers.forEach((name, index) => {
      it(`${name} may write its result over any operand`, async () => {
        const arity = ARITY[OPS[name].shape];
        const rng = new Rng(0xa11a5n + BigInt(index));
        const words = Array.from({ length: arity }, () => rng.word());
        if (SHIFTS.has(name)) words[0] = BigInt(3 + index); // a shift that leaves something to compare
        const slots = words.map((_, i) => 32 * i);
        for (const target of slots) {
          const { output } = await runSuccess(singleWat(name, [...slots, target], target), callData(words));
          assert.equal(decode(output), OPS[name].ref(...words), `${name} result over operand at ${target}`);
        }
        // Every pointer the same: the function sees one word as all of its operands.
        const { output } = await runSuccess(singleWat(name, Array(arity + 1).fill(0), 0), callData(words));
        assert.equal(decode(output), OPS[name].ref(...Array(arity).fill(words[0])), `${name} with all pointers equal`);
      });
    });
  });

  describe('gas', () => {
    // With instruction metering off, a contract's gas is its EEI charges alone, so the difference
    // between calling the function once and not calling it is exactly the function's price.
    const unmetered = (eei = EEI_PRAGUE): EngineConfig => ({ ...DEFAULT_CONFIG, wasm: WASM_COSTS_NONE, eei });
    const gasUsed = async (source: string, words: bigint[], config: EngineConfig) =>
      GAS - (await runSuccess(source, callData(words), { config })).gasLeft;
    const priceOf = async (name: string, words: bigint[], config: EngineConfig) => {
      const pointers = [...words.keys()].map((i) => 32 * i).concat(WRITES[OPS[name].shape] ? [OUT] : []);
      return Number((await gasUsed(singleWat(name, pointers), words, config)) - (await gasUsed(singleWat(name, null), words, config)));
    };

    it('the default schedule adds 2 per host call', () => {
      assert.equal(DEFAULT_CONFIG.eei.bignumHostCall, 2);
    });

    for (const [label, config] of [['default', unmetered()], ['surcharge 7', unmetered({ ...EEI_PRAGUE, bignumHostCall: 7 })],
      ['hera-compat', HERA_COMPAT_CONFIG]] as const) {
      it(`every function costs its EVM opcode gas plus bignumHostCall (${label} schedule)`, async () => {
        const rng = new Rng(0x6a5n);
        for (const name of NAMES) {
          const words = Array.from({ length: ARITY[OPS[name].shape] }, () => rng.word());
          if (name === 'exp256') words[1] = 0n; // no per-byte part here; tested below
          assert.equal(await priceOf(name, words, config), OPS[name].gas + config.eei.bignumHostCall, name);
        }
      });
    }

    it('exp256 adds 50 per significant byte of the exponent (EIP-160)', async () => {
      const rng = new Rng(0xe1bn);
      const exponents = [0n, 1n, 255n, 256n, MAX, HALF, ...Array.from({ length: 33 }, (_, k) => (1n << BigInt(8 * k)) - 1n)];
      for (const e of [...exponents, ...Array.from({ length: 32 }, () => rng.word())]) {
        const expected = 10 + 50 * expBytes(e) + 2;
        assert.equal(await priceOf('exp256', [rng.word(), e], unmetered()), expected, `exponent 0x${e.toString(16)}`);
      }
    });

    it('runs out of gas one short of the price, and charges before touching memory', async () => {
      const config = unmetered();
      for (const [name, words] of [['add256', [5n, 7n]], ['mulmod256', [MAX, MAX, 7n]], ['eq256', [1n, 1n]],
        ['not256', [0n]], ['exp256', [3n, 0x10000n]]] as const) {
        const price = await priceOf(name, [...words], config);
        const base = await gasUsed(singleWat(name, null), [...words], config);
        const ok = [...words.keys()].map((i) => 32 * i).concat(WRITES[OPS[name].shape] ? [OUT] : []);
        assert.equal((await run(singleWat(name, ok), callData([...words]), { gas: base + BigInt(price), config })).status, 'success', name);
        assert.equal((await run(singleWat(name, ok), callData([...words]), { gas: base + BigInt(price) - 1n, config })).status, 'outOfGas', name);
        // exp256's per-byte part needs the exponent, so only its fixed part precedes the read.
        const fixed = name === 'exp256' ? OPS.exp256.gas + 2 : price;
        const outside = ok.map(() => 0x10000);
        const r = await run(singleWat(name, outside), callData([...words]), { gas: base + BigInt(fixed) - 1n, config });
        assert.equal(r.status, 'outOfGas', `${name}: gas is checked before the bad pointer`);
      }
    });
  });

  describe('bounds', () => {
    // A word that starts inside memory but ends past it, one wholly outside, and a negative i32.
    const BAD = [0x10000 - 16, 0x10000, -1];
    for (const name of NAMES) {
      it(`${name} fails for an out-of-bounds pointer in any position`, async () => {
        const { shape } = OPS[name];
        const ok = Array.from({ length: ARITY[shape] }, (_, i) => 32 * i).concat(WRITES[shape] ? [OUT] : []);
        const input = callData(Array(ARITY[shape]).fill(1n));
        for (let position = 0; position < ok.length; position++) {
          for (const bad of BAD) {
            const pointers = ok.map((p, i) => (i === position ? bad : p));
            const result = await run(singleWat(name, pointers), input);
            assert.equal(result.status, 'failure', `${name} pointer ${position} = ${bad}`);
            assert.match(result.error ?? '', /out of bounds/);
            assert.equal(result.gasLeft, 0n);
          }
        }
      });
    }
  });
});
