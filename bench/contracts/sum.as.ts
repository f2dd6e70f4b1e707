/**
 * A tight loop: one load, two ALU operations and the loop test per iteration. The worst case for
 * per-segment metering, since every iteration is one short segment.
 */

const TABLE_WORDS = 256;
const TABLE = memory.data(TABLE_WORDS * 4);

/** Sums TABLE[i % 256] ^ i for i < iterations, after filling TABLE[k] = k * 2654435761 (mod 2^32). */
export function sumLoop(iterations: u32): u64 {
  for (let k: u32 = 0; k < <u32>TABLE_WORDS; k++) store<u32>(TABLE + (<usize>k << 2), k * 2654435761);
  let sum: u64 = 0;
  for (let i: u32 = 0; i < iterations; i++) {
    sum += <u64>(load<u32>(TABLE + (<usize>(i & (TABLE_WORDS - 1)) << 2)) ^ i);
  }
  return sum;
}
