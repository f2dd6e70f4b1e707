/**
 * A what-if for the instrumenter, not part of `npm run bench`: the sum-loop kernel's inner loop,
 * written by hand with other ways of charging gas, to see what each would cost. Run it with
 * `node bench/strategies.ts`. The loop has the shape asc gives it (bench/contracts/sum.as.ts):
 * a header segment ending at `if` (4 gas) and a body segment ending at `br` (20 gas), so the
 * current instrumenter charges twice per iteration.
 *
 * Only the charging differs between variants; all must return the same sum.
 */
import { watToWasm } from '../scripts/lib/wat.ts';
import { fmt, interleave, median, medianRatio, ratioSpread } from './lib/stats.ts';

const loop = (header: string, body: string, entry = '', exit = '') => `
  (func (export "f") (param $n i32) (result i64) (local $i i32) (local $s i64) (local $gas i64)
    ${entry}
    (loop $l
      ${header}
      (if (i32.gt_u (local.get $n) (local.get $i))
        (then
          ${body}
          (local.set $s (i64.add (local.get $s) (i64.xor
            (i64.load32_u offset=1024 (i32.shl (i32.and (local.get $i) (i32.const 255)) (i32.const 2)))
            (i64.extend_i32_u (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l))))
    ${exit}
    (local.get $s))`;

// What vm/instrument.ts emits today: subtract from the global, then test the global.
const globalCharge = (gas: number) =>
  `(global.set $gas (i64.sub (global.get $gas) (i64.const ${gas}))) (if (i64.lt_s (global.get $gas) (i64.const 0)) (then unreachable))`;
const globalSubtract = (gas: number) => `(global.set $gas (i64.sub (global.get $gas) (i64.const ${gas})))`;
// The counter in a local (a register), written back to the global before a trap and at exit.
const localCharge = (gas: number) =>
  `(local.set $gas (i64.sub (local.get $gas) (i64.const ${gas})))
   (if (i64.lt_s (local.get $gas) (i64.const 0)) (then (global.set $gas (local.get $gas)) unreachable))`;
const localSubtract = (gas: number) => `(local.set $gas (i64.sub (local.get $gas) (i64.const ${gas})))`;
const enter = '(local.set $gas (global.get $gas))';
const leave = '(global.set $gas (local.get $gas))';

const VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['no metering', loop('', '')],
  ['today: global counter, check every segment', loop(globalCharge(4), globalCharge(20))],
  ['global counter, check at loop headers only', loop(globalCharge(4), globalSubtract(20))],
  ['local counter, check every segment', loop(localCharge(4), localCharge(20), enter, leave)],
  ['local counter, check at loop headers only', loop(localCharge(4), localSubtract(20), enter, leave)],
];

const ITERATIONS = 20_000_000;
const runs: Array<() => void> = [];
const sums = new Set<bigint>();
for (const [, func] of VARIANTS) {
  const wasm = new Uint8Array(await watToWasm(`(module (memory 1) (global $gas (export "gas") (mut i64) (i64.const 0)) ${func})`));
  const exports = new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports;
  const f = exports.f as (n: number) => bigint;
  const gas = exports.gas as WebAssembly.Global;
  const run = () => {
    gas.value = 1n << 62n;
    return f(ITERATIONS);
  };
  sums.add(run());
  runs.push(run);
}
if (sums.size !== 1) throw new Error(`the variants disagree: ${[...sums].join(', ')}`);

await interleave(runs, 3);
const times = await interleave(runs, 25);
console.log(`sum loop, ${ITERATIONS} iterations; ratio to no metering (median of interleaved rounds, IQR)`);
VARIANTS.forEach(([name], i) => {
  const [lo, hi] = ratioSpread(times[i], times[0]);
  console.log(`${name.padEnd(44)} ${fmt(median(times[i])).padStart(7)} ms  ${fmt(medianRatio(times[i], times[0]))}×  [${fmt(lo)}, ${fmt(hi)}]`);
});
