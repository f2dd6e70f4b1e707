/**
 * keccak256 in AssemblyScript. The EEI has no hashing function and neither the EVM precompiles
 * (0x01-0x11; SHA3 is an opcode, not one of them) nor this chain offer keccak to a Wasm contract,
 * so the permutation runs in the contract: about 24 rounds of 64-bit operations per 136-byte block,
 * deterministic and cheap next to the storage access it usually addresses. Mapping slots, event
 * topics and selectors computed at run time all use it.
 */

const STATE = memory.data(200);
const LANES = memory.data(40);

const ROUND_CONSTANTS = memory.data<u64>([
  0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
  0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
  0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
  0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
  0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
  0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]);
const ROTATIONS = memory.data<u8>([1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44]);
const PI_LANES = memory.data<u8>([10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1]);

const RATE = 136;

function permute(): void {
  for (let round = 0; round < 24; round++) {
    // theta
    for (let i = 0; i < 5; i++) {
      const p = STATE + (<usize>i << 3);
      store<u64>(LANES + (<usize>i << 3),
        load<u64>(p) ^ load<u64>(p, 40) ^ load<u64>(p, 80) ^ load<u64>(p, 120) ^ load<u64>(p, 160));
    }
    for (let i = 0; i < 5; i++) {
      const t = load<u64>(LANES + (<usize>((i + 4) % 5) << 3)) ^ rotl<u64>(load<u64>(LANES + (<usize>((i + 1) % 5) << 3)), 1);
      for (let j = 0; j < 25; j += 5) {
        const p = STATE + (<usize>(j + i) << 3);
        store<u64>(p, load<u64>(p) ^ t);
      }
    }
    // rho and pi
    let t = load<u64>(STATE, 8);
    for (let i = 0; i < 24; i++) {
      const p = STATE + (<usize>load<u8>(PI_LANES + i) << 3);
      const next = load<u64>(p);
      store<u64>(p, rotl<u64>(t, <u64>load<u8>(ROTATIONS + i)));
      t = next;
    }
    // chi
    for (let j = 0; j < 25; j += 5) {
      const row = STATE + (<usize>j << 3);
      const a0 = load<u64>(row), a1 = load<u64>(row, 8), a2 = load<u64>(row, 16), a3 = load<u64>(row, 24), a4 = load<u64>(row, 32);
      store<u64>(row, a0 ^ (~a1 & a2));
      store<u64>(row, a1 ^ (~a2 & a3), 8);
      store<u64>(row, a2 ^ (~a3 & a4), 16);
      store<u64>(row, a3 ^ (~a4 & a0), 24);
      store<u64>(row, a4 ^ (~a0 & a1), 32);
    }
    // iota
    store<u64>(STATE, load<u64>(STATE) ^ load<u64>(ROUND_CONSTANTS + (<usize>round << 3)));
  }
}

function absorb(block: usize, length: i32): void {
  // Lanes are little-endian, as Wasm loads are.
  let i = 0;
  for (; i + 8 <= length; i += 8) store<u64>(STATE + i, load<u64>(STATE + i) ^ load<u64>(block + i));
  for (; i < length; i++) store<u8>(STATE + i, load<u8>(STATE + i) ^ load<u8>(block + i));
}

/** keccak256 of `length` bytes at `data`, written as 32 bytes at `out` (which may overlap `data`). */
export function keccak256At(data: usize, length: i32, out: usize): void {
  memory.fill(STATE, 0, 200);
  while (length >= RATE) {
    absorb(data, RATE);
    permute();
    data += RATE;
    length -= RATE;
  }
  absorb(data, length);
  store<u8>(STATE + length, load<u8>(STATE + length) ^ 0x01);
  store<u8>(STATE + RATE - 1, load<u8>(STATE + RATE - 1) ^ 0x80);
  permute();
  memory.copy(out, STATE, 32);
}

/** keccak256 of `data` as a new 32-byte array. */
export function keccak256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  keccak256At(data.dataStart, data.length, out.dataStart);
  return out;
}
