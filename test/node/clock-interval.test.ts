/** anvil_setBlockTimestampInterval on the chain's clock, on a wall clock the test holds. */
import assert from 'node:assert/strict';
import { ChainClock } from '../../node/clock.ts';

describe('node clock: a timestamp interval', () => {
  it('stamps each block the interval after its parent, whatever the wall clock says, until removed', () => {
    let wall = 5_000n;
    const c = new ChainClock(() => wall);
    c.setInterval(7n);
    assert.equal(c.take(1_000n), 1_007n, 'the parent decides, not the wall clock');
    wall = 9_000n;
    assert.equal(c.peek(1_007n), 1_014n);
    c.setNext(2_000n, 1_014n);
    assert.equal(c.take(1_014n), 2_000n, 'a timestamp set for the next block still wins, once');
    assert.equal(c.take(2_000n), 2_007n);
    c.setInterval(null);
    assert.equal(c.take(2_007n), 9_000n, 'removed: back to the wall clock');
  });
});
