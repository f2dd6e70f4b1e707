/**
 * The benchmark kernels as one Ewasm contract, for runs through the whole engine (EEI, gas,
 * fresh instance per call). Call data: a selector byte, then big-endian arguments:
 *
 *   0x00 ++ iterations (u32): SHA-256 hash chain from 32 zero bytes; returns the 32-byte digest.
 *   0x01 ++ iterations (u32): the sum loop; returns the u64 sum, big-endian.
 *   0x02 ++ iterations (u32) ++ acc, b, n (32-byte words): acc = acc * b mod n in pure Wasm,
 *        `iterations` times; returns acc.
 *   0x03 ++ the same: the same chain through the host's bignum.mulmod256.
 */
import { DIGEST, sha256Chain } from "./sha256.as";
import { sumLoop } from "./sum.as";
import { mulmodChain } from "./mulmod.as";

@external("ethereum", "getCallDataSize")
declare function getCallDataSize(): i32;
@external("ethereum", "callDataCopy")
declare function callDataCopy(resultOffset: usize, dataOffset: i32, length: i32): void;
@external("ethereum", "finish")
declare function finish(dataOffset: usize, dataLength: i32): void;
@external("ethereum", "revert")
declare function revert(dataOffset: usize, dataLength: i32): void;
@external("bignum", "mulmod256")
declare function hostMulmod256(a: usize, b: usize, n: usize, result: usize): void;

const INPUT = memory.data(5 + 3 * 32);
const OUT = memory.data(8);

export function main(): void {
  const size = getCallDataSize();
  if (size < 5) throw new Error("need a selector and an iteration count");
  callDataCopy(INPUT, 0, min(size, 5 + 3 * 32));
  const selector = load<u8>(INPUT);
  const iterations = bswap<u32>(load<u32>(INPUT, 1));
  if (selector == 0) {
    sha256Chain(iterations);
    finish(DIGEST, 32);
  } else if (selector == 1) {
    store<u64>(OUT, bswap<u64>(sumLoop(iterations)));
    finish(OUT, 8);
  } else if (selector == 2 || selector == 3) {
    if (size < 5 + 3 * 32) throw new Error("need acc, b and n");
    const acc = INPUT + 5, b = acc + 32, n = b + 32;
    if (selector == 2) {
      mulmodChain(iterations, acc, b, n);
    } else {
      for (let i: u32 = 0; i < iterations; i++) hostMulmod256(acc, b, n, acc);
    }
    finish(acc, 32);
  } else {
    throw new Error("unknown selector");
  }
}
