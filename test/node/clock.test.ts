/** The chain's one clock, on a wall clock the test holds. */
import assert from 'node:assert/strict';
import { ChainClock } from '../../node/clock.ts';
import { ChainError } from '../../node/errors.ts';

describe('node clock', () => {
  let wall = 1_000n;
  const clock = () => new ChainClock(() => wall);
  beforeEach(() => {
    wall = 1_000n;
  });

  it('the next block is stamped with the wall clock, always after its parent', () => {
    const c = clock();
    assert.equal(c.peek(900n), 1_000n);
    assert.equal(c.peek(1_000n), 1_001n, 'a parent at (or past) the wall clock: one second after it');
    wall = 1_005n;
    assert.equal(c.take(900n), 1_005n);
  });

  it('evm_setNextBlockTimestamp: peeked by the pending block and calls, used once by mining', () => {
    const c = clock();
    c.setNext(5_000n, 900n);
    assert.equal(c.peek(900n), 5_000n);
    assert.equal(c.peek(900n), 5_000n, 'peeking does not use it up');
    assert.equal(c.take(900n), 5_000n);
    assert.equal(c.peek(5_000n), 5_001n, 'after it, the head is ahead of the wall clock');
    assert.throws(() => c.setNext(5_000n, 5_000n), (e: unknown) => e instanceof ChainError && /not after the latest block/.test((e as Error).message));
  });

  it('evm_increaseTime shifts now(), from the head when the head is ahead of the wall clock', () => {
    const c = clock();
    assert.equal(c.increase(60n, 900n), 60n);
    assert.equal(c.now(), 1_060n);
    assert.equal(c.peek(900n), 1_060n);
    const ahead = clock();
    assert.equal(ahead.increase(100n, 2_000n), 1_100n, 'caught up to the head (1000 s ahead), then 100 s');
    assert.equal(ahead.peek(2_000n), 2_100n);
  });

  it('restore (evm_revert) sets the offset back and forgets a set timestamp', () => {
    const c = clock();
    c.increase(50n, 0n);
    c.setNext(9_000n, 0n);
    c.restore(0n);
    assert.equal(c.peek(0n), 1_000n);
  });
});
