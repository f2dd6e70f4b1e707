/** `npm run fuzz`: the long fuzz run; prints its figures (docs/reliability.md records one run). Exit code 1 on any failure. */
import { runFuzz } from './fuzz.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20261202);
const counts = { http: 5000, ws: 20_000, wasm: 2000, txs: 1000 };
const report = await runFuzz(seed, counts);
console.log(`fuzz seed ${seed}: ${counts.http} HTTP requests, ${counts.ws} WebSocket frames, ${counts.wasm} mutated Wasm modules, ${counts.txs} mutated transactions in ${report.seconds.toFixed(0)} s`);
console.log(`error codes answered: ${[...report.codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}×${n}`).join(', ')}`);
console.log(`failures: ${report.failures.length}`);
for (const f of report.failures.slice(0, 50)) console.log(`  ${f}`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
