/** The soak's short run (`npm run soak` is the long one): concurrent senders lose and duplicate nothing. */
import assert from 'node:assert/strict';
import { runSoak } from './soak.ts';

describe('soak (short run)', function () {
  this.timeout(120_000);
  it('4 concurrent senders for 2 × 3 s: every acknowledged transaction in exactly one block, nonces match', async () => {
    const report = await runSoak(3, 4);
    assert.deepEqual(report.problems, []);
    assert.ok(report.sent >= 4, `only ${report.sent} sent`);
    console.log(`      (${report.sent} transactions in ${report.blocks} blocks; RSS ${report.rssMb.map((r) => r.toFixed(0)).join(' → ')} MB)`);
  });
});
