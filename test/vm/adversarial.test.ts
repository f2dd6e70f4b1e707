/**
 * The adversarial corpus (bench/adversarial) as a correctness check with little gas: every case
 * runs, ends as it should (an endless loop out of gas with all its gas used) and nothing crashes.
 * Timing is the benchmark's job (`npm run bench:adversarial`), never asserted here.
 */
import assert from 'node:assert/strict';
import { CASES } from '../../bench/adversarial/cases.ts';
import { runCase } from '../../bench/adversarial/run-case.ts';
import { costTable } from '../../vm/gas/wasm-costs.ts';
import { MAX_NESTING } from '../../vm/instrument.ts';
import { DEFAULT_CONFIG } from '../../vm/index.ts';
import { OPCODES } from '../../vm/wasm/opcodes.ts';

const GAS = 100_000n;
const costOf = (name: string) => costTable(DEFAULT_CONFIG.wasm)[[...OPCODES].find(([, op]) => op.name === name)![0]];

describe('adversarial corpus (short)', () => {
  for (const c of CASES.filter((x) => !x.finishes)) {
    it(`${c.name}: ${c.what} — uses all ${GAS} gas and ends out of gas`, async () => {
      const r = await runCase(c, GAS);
      assert.equal(r.error, 'out of gas');
      assert.equal(r.gasUsed, GAS);
    });
  }

  it(`a module nesting blocks deeper than ${MAX_NESTING} is refused with a reason, all gas used`, async () => {
    const r = await runCase(CASES.find((c) => c.name === 'wasm-nested-blocks')!, GAS);
    assert.equal(r.gasUsed, GAS);
    assert.match(r.error ?? '', /blocks nested deeper than 1024/);
  });

  it('init code of 200 groups of 1,000 nested blocks pays per byte and for every block and end', async () => {
    const r = await runCase(CASES.find((c) => c.name === 'wasm-blocks-1000-deep')!, 30_000_000n);
    assert.equal(r.error, undefined);
    const blocks = 200 * 1000;
    const s = DEFAULT_CONFIG.wasm;
    const code = await CASES.find((c) => c.name === 'wasm-blocks-1000-deep')!.code();
    assert.equal(r.gasUsed, BigInt(s.frame + s.initCodeByte * code.length + blocks * (costOf('block') + costOf('end')) + costOf('end')));
  });
});
