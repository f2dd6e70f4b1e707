/**
 * SHA-256 (FIPS 180-4), integer-only: the compression function and a hash chain over it. No host
 * imports, so the benchmark can run it bare as well as inside the kernels contract.
 */

// The round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
const W = memory.data(64 * 4);
const H = memory.data(8 * 4);
const BLOCK = memory.data(64);
/** The chain's value: 32 bytes, hashed in place. */
export const DIGEST = memory.data(32);

@inline function word(base: usize, i: i32): u32 {
  return load<u32>(base + (<usize>i << 2));
}

@inline function setWord(base: usize, i: i32, value: u32): void {
  store<u32>(base + (<usize>i << 2), value);
}

/** Runs the compression function on the 64-byte big-endian block at `block`, updating H. */
function compress(block: usize): void {
  for (let i = 0; i < 16; i++) setWord(W, i, bswap<u32>(word(block, i)));
  for (let i = 16; i < 64; i++) {
    const w15 = word(W, i - 15);
    const w2 = word(W, i - 2);
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    setWord(W, i, word(W, i - 16) + s0 + word(W, i - 7) + s1);
  }
  let a = word(H, 0), b = word(H, 1), c = word(H, 2), d = word(H, 3);
  let e = word(H, 4), f = word(H, 5), g = word(H, 6), h = word(H, 7);
  for (let i = 0; i < 64; i++) {
    const t1 = h + (rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)) + ((e & f) ^ (~e & g)) + word(K, i) + word(W, i);
    const t2 = (rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  setWord(H, 0, word(H, 0) + a); setWord(H, 1, word(H, 1) + b);
  setWord(H, 2, word(H, 2) + c); setWord(H, 3, word(H, 3) + d);
  setWord(H, 4, word(H, 4) + e); setWord(H, 5, word(H, 5) + f);
  setWord(H, 6, word(H, 6) + g); setWord(H, 7, word(H, 7) + h);
}

/**
 * DIGEST = sha256(DIGEST), `iterations` times. A 32-byte message pads to exactly one block, so
 * each iteration is one compression. Returns DIGEST's address.
 */
export function sha256Chain(iterations: u32): usize {
  for (let n: u32 = 0; n < iterations; n++) {
    for (let i = 0; i < 8; i++) setWord(H, i, word(IV, i));
    for (let i = 0; i < 8; i++) setWord(BLOCK, i, word(DIGEST, i));
    // Padding: a 1 bit, zeros, then the message length in bits (256) as a big-endian u64.
    setWord(BLOCK, 8, bswap<u32>(0x80000000));
    for (let i = 9; i < 15; i++) setWord(BLOCK, i, 0);
    setWord(BLOCK, 15, bswap<u32>(256));
    compress(BLOCK);
    for (let i = 0; i < 8; i++) setWord(DIGEST, i, bswap<u32>(word(H, i)));
  }
  return DIGEST;
}
