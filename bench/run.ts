/**
 * The engine's benchmarks: `npm run bench` (Node 26). Prints one report; bench/README.md explains
 * the method and records a run. Every kernel result is checked against a reference implementation
 * before it is timed, so a fast wrong answer fails instead of looking good.
 */
import os from 'node:os';
import { compileBench } from './compile.ts';
import { meteringBench } from './metering.ts';
import { bignumAvailable, bignumBench } from './bignum.ts';
import { compileBareKernels, compileKernelsContract } from './lib/kernels.ts';
import { fmt } from './lib/stats.ts';

const TARGETS = { compileMs: 5, meteringRatio: 1.3, bignumSpeedup: 1 };
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`ewasm-devnet benchmarks — Node ${process.versions.node} (V8 ${process.versions.v8}), ${os.cpus().length} × ${cpu}`);
  console.log('Times are medians; ratios are medians of per-round ratios of interleaved runs (IQR in brackets).\n');

  console.log('compiling the kernels with asc …');
  const [contract, bare] = [await compileKernelsContract(), await compileBareKernels()];

  const c = await compileBench();
  console.log(`\n(a) validate + instrument + V8 compile of a generated ${(c.bytes / 1024).toFixed(1)} KiB contract ` +
    `(${c.functions} functions; ${(c.instrumentedBytes / 1024).toFixed(1)} KiB instrumented), ${c.rounds} rounds`);
  console.log(table([
    ['phase', 'ms'],
    ['validateContract', fmt(c.validate)],
    ['instrument', fmt(c.instrument)],
    ['new WebAssembly.Module (instrumented)', fmt(c.v8Compile)],
    ['total', `${fmt(c.total)} (p75 ${fmt(c.totalP75)})`],
    ['engine.compile, fresh engine (adds the sha256 cache key)', fmt(c.engineCompile)],
    ['for scale: new WebAssembly.Module (uninstrumented)', fmt(c.v8CompileRaw)],
  ]));
  console.log(`→ ${fmt(c.total)} ms against ≤ ${TARGETS.compileMs} ms: ${verdict(c.total <= TARGETS.compileMs)}`);

  const m = await meteringBench(bare);
  console.log('\n(b) metered ÷ unmetered run time of the same kernel (exported function called directly)');
  console.log(table([
    ['kernel', 'work/run', 'unmetered ms', 'metered ms', 'ratio', 'IQR', 'gas only', 'stack only', 'gas/unit'],
    ...m.filter((r) => !r.failure).map((r) => [r.kernel, `${r.iterations} ${r.unit}s`, fmt(r.unmeteredMs), fmt(r.meteredMs), `${fmt(r.ratio)}×`,
      `[${fmt(r.spread[0])}, ${fmt(r.spread[1])}]`, `${fmt(r.gasOnlyRatio)}×`, `${fmt(r.stackOnlyRatio)}×`, fmt(r.gasPerUnit, 1)]),
  ]));
  for (const r of m) {
    if (r.failure) {
      process.exitCode = 1;
      console.log(`→ ${r.kernel}: NOT TIMED, wrong result from ${r.failure}`);
    } else {
      console.log(`→ ${r.kernel}: ${fmt(r.ratio)}× against ≤ ${TARGETS.meteringRatio}×: ${verdict(r.ratio <= TARGETS.meteringRatio)}`);
    }
  }

  console.log('\n(c) bignum.mulmod256 (host) against mulmod256 in pure Wasm, both via engine.execute, default config');
  if (!bignumAvailable()) {
    console.log('→ skipped: vm/eei/bignum.ts has no mulmod256 yet');
    return;
  }
  let b;
  try {
    b = await bignumBench(contract);
  } catch (e) {
    process.exitCode = 1;
    console.log(`→ NOT MEASURED: ${(e as Error).message}`);
    return;
  }
  console.log(table([
    ['implementation', 'µs/op', 'gas/op'],
    ['host bignum.mulmod256', fmt(b.hostUs, 3), fmt(b.hostGas, 1)],
    ['pure Wasm (Knuth D, 32-bit limbs), metered', fmt(b.wasmUs, 3), fmt(b.wasmGas, 1)],
  ]));
  const relation = b.speedup >= 1 ? `host ${fmt(b.speedup)}× faster` : `host ${fmt(1 / b.speedup)}× SLOWER`;
  console.log(`→ ${relation} (Wasm time ÷ host time ${fmt(b.speedup)}, IQR [${fmt(b.spread[0])}, ${fmt(b.spread[1])}]) ` +
    `over ${b.iterations}-op chains, against ≥ ${TARGETS.bignumSpeedup}×: ${verdict(b.speedup >= TARGETS.bignumSpeedup)}`);
  console.log(`  in gas the host function is ${fmt(b.wasmGas / b.hostGas, 0)}× cheaper`);
  const wasmMulmod = m.find((r) => r.kernel.startsWith('mulmod') && !r.failure);
  if (wasmMulmod) console.log(`  for scale, from (b): pure Wasm unmetered, called directly: ${fmt((wasmMulmod.unmeteredMs / wasmMulmod.iterations) * 1000, 3)} µs/op`);
}

await main();
