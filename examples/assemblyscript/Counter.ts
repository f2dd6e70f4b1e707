/**
 * A counter: the smallest useful contract. Storage slot 0 holds the count, as `uint256 count;`
 * would in Solidity; every change logs CountChanged.
 */
import { U256, StorageValue, caller, require, uint256, address } from "ewasm-devnet";

const count = new StorageValue<U256>(0);

@event declare function CountChanged(by: indexed<address>, count: uint256): void;

export function constructor(start: uint256): void {
  count.set(start);
}

@view export function get(): uint256 {
  return count.get();
}

export function increment(): void {
  add(U256.One);
}

export function add(amount: uint256): void {
  require(!amount.isZero(), "Counter: amount is zero");
  const next = count.get() + amount;
  count.set(next);
  CountChanged(caller(), next);
}
