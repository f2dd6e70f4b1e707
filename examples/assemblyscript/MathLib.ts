/**
 * 256-bit arithmetic with U256: checked operators that panic like Solidity 0.8, and the bignum host
 * functions behind multiplication, division, mulmod and exponentiation (docs/bignum.md).
 */
import { U256, require, uint8, uint256 } from "ewasm-devnet";

/** Integer square root (rounded down), by Newton's method. */
@pure export function sqrt(x: uint256): uint256 {
  if (x.isZero()) return x;
  let z = (x >> 1) + U256.One;
  let y = x;
  while (z < y) {
    y = z;
    z = (x / z + z) >> 1;
  }
  return y;
}

/** base^exponent mod modulus by square-and-multiply over mulmod (a 512-bit product each step). */
@pure export function modExp(base: uint256, exponent: uint256, modulus: uint256): uint256 {
  require(!modulus.isZero(), "MathLib: zero modulus");
  let result = U256.One.mulmod(U256.One, modulus);
  let b = base.mulmod(U256.One, modulus);
  let e = exponent;
  while (!e.isZero()) {
    if ((e.l0 & 1) == 1) result = result.mulmod(b, modulus);
    b = b.mulmod(b, modulus);
    e = e >> 1;
  }
  return result;
}

/** n! with checked multiplication: 57! fits in 256 bits, 58! panics with Panic(0x11). */
@pure export function factorial(n: uint8): uint256 {
  let r = U256.One;
  for (let i: u8 = 2; i <= n; i++) r = r * U256.fromU64(i);
  return r;
}

/** a * b / d rounded down, reverting if the result does not fit (the product may exceed 2^256). */
@pure export function mulDiv(a: uint256, b: uint256, d: uint256): uint256 {
  require(!d.isZero(), "MathLib: division by zero");
  // a*b = q*d + r with q = floor(a/d)*b + floor((a%d)*b/d) when (a%d)*b fits; otherwise exact
  // long division is needed, which this example leaves out.
  const q = (a / d) * b;
  const rest = (a % d) * b / d;
  return q + rest;
}
