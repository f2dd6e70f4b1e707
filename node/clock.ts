/**
 * The chain's one clock (as Anvil's TimeManager): every timestamp the node uses — the block being
 * mined, the pending block, calls and estimates at `pending`, genesis — comes from here, and nothing
 * else in the node reads the wall clock. Time is the wall clock plus evm_increaseTime's offset, or
 * the timestamp evm_setNextBlockTimestamp set for the next block.
 */
import { ChainError } from './errors.ts';

const systemSeconds = (): bigint => BigInt(Math.floor(Date.now() / 1000));

/** Block timestamps are uint64 (the header's field; geth and every client decode them so). */
export const MAX_TIMESTAMP = (1n << 64n) - 1n;

function checkTimestamp(timestamp: bigint, what: string): void {
  if (timestamp > MAX_TIMESTAMP) throw new ChainError(`${what} would put a block at timestamp ${timestamp}, past the uint64 maximum ${MAX_TIMESTAMP}`);
}

export class ChainClock {
  /** Seconds added to the wall clock by evm_increaseTime (and restored by evm_revert). */
  offset = 0n;
  private next: bigint | null = null;
  /** Seconds between block timestamps (anvil_setBlockTimestampInterval) instead of the wall clock; null: the wall clock. */
  private interval: bigint | null = null;
  private readonly wallClock: () => bigint;

  /** `wallClock` in seconds; tests pass their own. */
  constructor(wallClock: () => bigint = systemSeconds) {
    this.wallClock = wallClock;
  }

  /** The chain's time now: the wall clock shifted by the offset. */
  now(): bigint {
    return this.wallClock() + this.offset;
  }

  /** As Anvil: with an interval, each block is stamped `interval` seconds after its parent. */
  setInterval(seconds: bigint | null): void {
    this.interval = seconds;
  }

  setNext(timestamp: bigint, head: bigint): void {
    if (timestamp <= head) throw new ChainError(`timestamp ${timestamp} is not after the latest block's ${head}`);
    checkTimestamp(timestamp, 'this timestamp');
    this.next = timestamp;
  }

  /** Throws, before anything is mined, when `blocks` blocks `interval` seconds apart would pass uint64. */
  checkRun(blocks: bigint, interval: bigint, head: bigint): void {
    if (blocks > 0n) checkTimestamp(this.peek(head) + (blocks - 1n) * (interval > 0n ? interval : 1n), `mining ${blocks} blocks ${interval} seconds apart`);
  }

  /** Blocks `interval` seconds apart (hardhat_mine), unless a timestamp was set. */
  spaceBy(interval: bigint, head: bigint): void {
    this.next ??= head + (interval > 0n ? interval : 1n);
  }

  increase(seconds: bigint, head: bigint): bigint {
    // Blocks mined faster than one a second, or after a timestamp set ahead, put the head in the
    // wall clock's future; an offset from the wall clock alone would then move the next block by
    // less than asked. Catch the offset up to the head first, so the jump counts from the chain.
    const lag = head - this.now();
    const offset = this.offset + (lag > 0n ? lag : 0n) + seconds;
    checkTimestamp(this.wallClock() + offset, `increasing time by ${seconds} seconds`);
    this.offset = offset;
    return this.offset;
  }

  /** The next block's timestamp, always after its parent's: what the pending block and calls at `pending` see. */
  peek(head: bigint): bigint {
    const next = this.next ?? (this.interval !== null ? head + this.interval : this.now());
    return next > head ? next : head + 1n;
  }

  /** The next block's timestamp, for the block being mined: a set timestamp is used once. */
  take(head: bigint): bigint {
    const next = this.peek(head);
    this.next = null;
    return next;
  }

  restore(offset: bigint): void {
    this.offset = offset;
    this.next = null;
  }
}
