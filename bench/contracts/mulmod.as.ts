/**
 * (a * b) mod n on 256-bit words in pure Wasm, with bignum.mulmod256's interface: 32-byte
 * big-endian words in memory, n = 0 gives 0, the result may alias an operand. It is what a contract
 * would carry without the host function: a 512-bit schoolbook product, then Knuth's long division
 * (TAOCP 4.3.1, Algorithm D, as in Hacker's Delight's divmnu) on 32-bit limbs, since Wasm has no
 * 64×64→128-bit multiply.
 */

// Little-endian u32 limbs.
const A = memory.data(8 * 4);
const B = memory.data(8 * 4);
const V = memory.data(8 * 4);
const U = memory.data(17 * 4); // the product, one limb to spare for normalisation; then the remainder

@inline function limb(base: usize, i: i32): u64 {
  return <u64>load<u32>(base + (<usize>i << 2));
}

@inline function setLimb(base: usize, i: i32, value: u64): void {
  store<u32>(base + (<usize>i << 2), <u32>value);
}

function loadWord(word: usize, limbs: usize): void {
  for (let i = 0; i < 8; i++) setLimb(limbs, i, bswap<u32>(load<u32>(word + (<usize>(7 - i) << 2))));
}

function storeWord(limbs: usize, count: i32, word: usize): void {
  for (let i = 0; i < 8; i++) {
    store<u32>(word + (<usize>(7 - i) << 2), i < count ? bswap<u32>(<u32>limb(limbs, i)) : 0);
  }
}

/** Limbs in use, ignoring leading zero limbs. */
function significant(limbs: usize, count: i32): i32 {
  while (count > 0 && limb(limbs, count - 1) == 0) count--;
  return count;
}

export function mulmod256(a: usize, b: usize, n: usize, result: usize): void {
  loadWord(n, V);
  const vn = significant(V, 8);
  if (vn == 0) {
    storeWord(V, 0, result);
    return;
  }
  loadWord(a, A);
  loadWord(b, B);

  for (let i = 0; i < 17; i++) setLimb(U, i, 0);
  for (let i = 0; i < 8; i++) {
    const ai = limb(A, i);
    if (ai == 0) continue;
    let carry: u64 = 0;
    for (let j = 0; j < 8; j++) {
      const t = ai * limb(B, j) + limb(U, i + j) + carry; // < 2^64: (2^32-1)^2 + 2(2^32-1)
      setLimb(U, i + j, t);
      carry = t >> 32;
    }
    setLimb(U, i + 8, carry);
  }
  const un = significant(U, 16);
  if (un < vn) { // the product is already below n
    storeWord(U, un, result);
    return;
  }

  if (vn == 1) { // short division
    const d = limb(V, 0);
    let r: u64 = 0;
    for (let i = un - 1; i >= 0; i--) r = ((r << 32) | limb(U, i)) % d;
    setLimb(U, 0, r);
    storeWord(U, 1, result);
    return;
  }

  // Normalise so that the divisor's top limb has its high bit set; shifts go through u64 so that
  // a shift of 0 needs no special case (a u32 shift by 32 would be a shift by 0 in Wasm).
  const s = <u64>clz<u32>(<u32>limb(V, vn - 1));
  for (let i = vn - 1; i > 0; i--) setLimb(V, i, (limb(V, i) << s) | (limb(V, i - 1) >> (32 - s)));
  setLimb(V, 0, limb(V, 0) << s);
  setLimb(U, un, limb(U, un - 1) >> (32 - s));
  for (let i = un - 1; i > 0; i--) setLimb(U, i, (limb(U, i) << s) | (limb(U, i - 1) >> (32 - s)));
  setLimb(U, 0, limb(U, 0) << s);

  const vTop = limb(V, vn - 1);
  const vNext = limb(V, vn - 2);
  for (let j = un - vn; j >= 0; j--) {
    // Estimate the quotient limb from the top two limbs, then correct it (at most twice).
    const top = (limb(U, j + vn) << 32) | limb(U, j + vn - 1);
    let qhat = top / vTop;
    let rhat = top - qhat * vTop;
    while (qhat > 0xffffffff || qhat * vNext > ((rhat << 32) | limb(U, j + vn - 2))) {
      qhat--;
      rhat += vTop;
      if (rhat > 0xffffffff) break;
    }
    // U[j..j+vn] -= qhat * V; a negative result means qhat was one too large: add V back.
    let k: i64 = 0;
    let t: i64 = 0;
    for (let i = 0; i < vn; i++) {
      const p = qhat * limb(V, i);
      t = <i64>limb(U, i + j) - k - <i64>(p & 0xffffffff);
      setLimb(U, i + j, <u64>t);
      k = <i64>(p >> 32) - (t >> 32);
    }
    t = <i64>limb(U, j + vn) - k;
    setLimb(U, j + vn, <u64>t);
    if (t < 0) {
      let c: u64 = 0;
      for (let i = 0; i < vn; i++) {
        const sum = limb(U, i + j) + limb(V, i) + c;
        setLimb(U, i + j, sum);
        c = sum >> 32;
      }
      setLimb(U, j + vn, limb(U, j + vn) + c);
    }
  }

  // The remainder is U[0..vn) shifted back.
  for (let i = 0; i < vn - 1; i++) setLimb(U, i, (limb(U, i) >> s) | (limb(U, i + 1) << (32 - s)));
  setLimb(U, vn - 1, limb(U, vn - 1) >> s);
  storeWord(U, vn, result);
}

/** acc = acc * b mod n, `iterations` times, on the words at the given addresses. */
export function mulmodChain(iterations: u32, acc: usize, b: usize, n: usize): void {
  for (let i: u32 = 0; i < iterations; i++) mulmod256(acc, b, n, acc);
}
