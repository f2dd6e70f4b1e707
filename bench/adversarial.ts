/**
 * `npm run bench:adversarial [gas] [name-filter]`: runs every case of the adversarial corpus
 * (bench/adversarial/cases.ts) with 30M gas (or the given amount) and prints, per case, the gas used,
 * the wall time and the seconds per 30M gas; then the worst case per engine. A case that takes
 * longer than its budget is not stopped: the figure is the point.
 */
import { CASES, type Engine } from './adversarial/cases.ts';
import { runCase } from './adversarial/run-case.ts';

const PER = 30_000_000;
const gas = BigInt(process.argv[2] ?? PER);
const filter = process.argv[3] ?? '';
const worst = new Map<Engine, { name: string; perTarget: number }>();
console.log(`adversarial corpus, ${gas} gas per case, Node ${process.versions.node}`);
console.log(`${'case'.padEnd(28)} ${'gas used'.padStart(12)} ${'seconds'.padStart(9)} ${'s/30M gas'.padStart(10)}  end`);
for (const c of CASES) {
  if (!c.name.includes(filter)) continue;
  const r = await runCase(c, gas);
  const perTarget = r.gasUsed === 0n ? Infinity : r.seconds * PER / Number(r.gasUsed);
  console.log(`${c.name.padEnd(28)} ${r.gasUsed.toString().padStart(12)} ${r.seconds.toFixed(3).padStart(9)} ${perTarget.toFixed(3).padStart(10)}  ${r.error ?? 'success'}`);
  const w = worst.get(c.engine);
  if (!w || perTarget > w.perTarget) worst.set(c.engine, { name: c.name, perTarget });
}
for (const [engine, w] of worst) console.log(`worst ${engine}: ${w.name}, ${w.perTarget.toFixed(3)} s per 30M gas`);
