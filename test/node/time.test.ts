/** evm_increaseTime when the chain's clock has run ahead of the wall clock. */
import assert from 'node:assert/strict';
import { Devnet } from '../../node/devnet.ts';

describe('devnet: increasing time', () => {
  it('counts from the head when blocks are ahead of the wall clock (several a second, or a timestamp set ahead)', async () => {
    const d = await Devnet.create();
    try {
      const wallClock = BigInt(Math.floor(Date.now() / 1000));
      d.setNextBlockTimestamp(wallClock + 1000n);
      await d.mine();
      const head = (await d.getBlock('latest'))!.header.timestamp;
      // An offset from the wall clock alone would give about wallClock + 3600, short of head + 3600.
      const offset = d.increaseTime(3600n);
      await d.mine();
      assert.ok((await d.getBlock('latest'))!.header.timestamp >= head + 3600n);
      assert.ok(offset >= 1000n + 3600n, `total offset ${offset}`);
    } finally {
      await d.close();
    }
  });

  it('adds exactly the seconds asked when the head is behind the wall clock', async () => {
    const d = await Devnet.create();
    try {
      assert.equal(d.increaseTime(60n), 60n);
      assert.equal(d.increaseTime(40n), 100n);
    } finally {
      await d.close();
    }
  });
});
