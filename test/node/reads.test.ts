/**
 * Reads that do not need the chain's queue answer while it is busy: balance, code, storage, blocks,
 * receipts, logs and eth_call at a past block do not wait for a long hardhat_mine to finish.
 */
import assert from 'node:assert/strict';
import { Address } from '@ethereumjs/util';
import { Devnet } from '../../node/devnet.ts';

describe('devnet: reads while the queue is busy', () => {
  it('answers state, block, receipt, log and past-block call reads before a long mine finishes', async () => {
    const d = await Devnet.create();
    try {
      const [a] = d.accounts();
      const to = new Address(new Uint8Array(20).fill(9));
      const hash = await d.sendTransaction({ from: a, to, value: 7n });
      await d.mine(); // block 1 is now in the past: a call there needs no live state
      let mined = false;
      const mining = d.mine(2_000n).then(() => { mined = true; });
      const reads = await Promise.all([
        d.getBalance(to, 1n), d.getCode(to, 1n), d.getStorageAt(to, new Uint8Array(32), 1n), d.getBlock(1n), d.getReceipt(hash),
        d.getLogs({ fromBlock: 0n, toBlock: 1n }), d.call({ from: a, to }, 1n),
      ]);
      assert.equal(mined, false, 'the reads waited for the mining queue');
      assert.equal(reads[0], 7n);
      assert.equal(reads[4]?.status, 1);
      await mining;
      assert.equal(d.blockNumber(), 2_002n);
    } finally {
      await d.close();
    }
  });
});
