/** Gas estimation as geth's eth/gasestimator: the search itself, on a runner that counts its runs. */
import assert from 'node:assert/strict';
import { Address } from '@ethereumjs/util';
import type { Block } from '@ethereumjs/block';
import { estimateGas, type CallRunner } from '../../node/estimate.ts';
import type { CallOutcome, CallRequest } from '../../node/executor.ts';
import { ExecutionFailed, ExecutionReverted } from '../../node/errors.ts';

const CAP = 30_000_000n;
const TO = new Address(new Uint8Array(20).fill(7));
const block = {} as Block;

/** A contract that needs `need` gas to succeed and reports using `used` (the rest held back for nested calls). */
function runner(need: bigint, used: bigint, failure?: Partial<CallOutcome>): CallRunner & { runs: bigint[] } {
  const runs: bigint[] = [];
  return {
    runs,
    async call(request: CallRequest): Promise<CallOutcome> {
      const gas = request.gas!;
      runs.push(gas);
      if (failure) return { success: false, reverted: false, returnValue: new Uint8Array(0), gasUsed: gas, gasRefund: 0n, ...failure };
      const ok = gas >= need;
      return { success: ok, reverted: false, returnValue: new Uint8Array(0), gasUsed: ok ? used : gas, gasRefund: 0n, ...(ok ? {} : { error: 'out of gas' }) };
    },
    balanceOf: async () => 10n ** 24n,
    hasCode: async () => true,
  };
}

describe('gas estimation (geth\'s eth/gasestimator)', () => {
  it('a call that needs what it consumed: two runs, the cap and exactly that', async () => {
    const r = runner(100_000n, 100_000n);
    assert.equal(await estimateGas(r, { to: TO, data: Uint8Array.of(1) }, block, CAP), 100_000n);
    assert.deepEqual(r.runs, [CAP, 100_000n]);
  });

  it('a call with nested calls (needs the 1/64 held back): the optimistic probe, then within 1.5% of the least gas', async () => {
    const r = runner(101_000n, 100_000n);
    const estimate = await estimateGas(r, { to: TO, data: Uint8Array.of(1) }, block, CAP);
    assert.ok(estimate >= 101_000n && estimate <= 101_000n * 1015n / 1000n, `${estimate}`);
    assert.equal(r.runs[0], CAP);
    assert.ok(r.runs.length <= 5, `${r.runs.length} runs: ${r.runs.join(', ')}`);
  });

  it('when the optimistic probe fails, the search stays between it and the cap and still ends within 1.5%', async () => {
    const r = runner(2_000_000n, 100_000n);
    const estimate = await estimateGas(r, { to: TO, data: Uint8Array.of(1) }, block, CAP);
    assert.ok(estimate >= 2_000_000n && estimate <= 2_000_000n * 1015n / 1000n, `${estimate}`);
    assert.ok(r.runs.every((g) => g >= 100_000n), 'never below what the first run used');
  });

  it('a revert at the cap is the answer, with its data; never "gas required exceeds allowance"', async () => {
    const data = Uint8Array.of(0xde, 0xad);
    const r = runner(0n, 0n, { reverted: true, returnValue: data, error: 'revert' });
    await assert.rejects(estimateGas(r, { to: TO, data: Uint8Array.of(1) }, block, CAP), (e: unknown) => e instanceof ExecutionReverted && e.data === data);
    assert.equal(r.runs.length, 1);
  });

  it('an engine error at the cap (an invalid Wasm module, an invalid opcode) is the answer', async () => {
    const r = runner(0n, 0n, { error: 'wasm failure: invalid Ewasm contract (floatInstruction)' });
    await assert.rejects(estimateGas(r, { to: TO, data: Uint8Array.of(1) }, block, CAP),
      (e: unknown) => e instanceof ExecutionFailed && e.message === 'wasm failure: invalid Ewasm contract (floatInstruction)');
  });

  it('out of gas even at the cap: gas required exceeds allowance (cap)', async () => {
    const r = runner(CAP + 1n, 0n);
    await assert.rejects(estimateGas(r, { to: TO, data: Uint8Array.of(1) }, block, CAP), { message: `gas required exceeds allowance (${CAP})` });
  });

  it('a priced estimate searches no higher than the balance buys; a value above the balance is refused', async () => {
    const r = { ...runner(50_000n, 49_000n), balanceOf: async () => 1_000_000n * 10n };
    const estimate = await estimateGas(r, { from: TO, to: TO, data: Uint8Array.of(1), gasPrice: 10n }, block, CAP);
    assert.equal(r.runs[0], 1_000_000n);
    assert.ok(estimate >= 50_000n);
    await assert.rejects(estimateGas(r, { from: TO, to: TO, value: 10n ** 9n, gasPrice: 10n }, block, CAP), { message: 'insufficient funds for transfer' });
  });

  it('a plain transfer to an account without code is 21000 after one run', async () => {
    const r = { ...runner(21_000n, 21_000n), hasCode: async () => false };
    assert.equal(await estimateGas(r, { to: TO, value: 1n }, block, CAP), 21_000n);
    assert.deepEqual(r.runs, [21_000n]);
  });
});
