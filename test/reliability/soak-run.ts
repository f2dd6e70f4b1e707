/** `npm run soak`: two one-minute phases of 8 concurrent senders; exit code 1 on a lost or duplicated transaction or RSS growth over 10%. */
import { runSoak } from './soak.ts';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const report = await runSoak(seconds, 8);
const growth = (report.rssMb[1] / report.rssMb[0] - 1) * 100;
console.log(`soak: 8 senders, 2 × ${seconds} s: ${report.sent} transactions acknowledged (${report.perPhase.join(' + ')}), ${report.blocks} blocks`);
console.log(`RSS after phase 1: ${report.rssMb[0].toFixed(0)} MB, after phase 2: ${report.rssMb[1].toFixed(0)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%)`);
console.log(`problems: ${report.problems.length}`);
for (const p of report.problems.slice(0, 20)) console.log(`  ${p}`);
process.exitCode = report.problems.length > 0 || growth > 10 ? 1 : 0;
