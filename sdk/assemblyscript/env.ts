/**
 * The call's context, calls to other contracts, logs and return data, typed. Thin wrappers over
 * the EEI (eei.ts); u128 values the EEI writes little-endian become U256.
 */
import * as eei from "./eei";
import { U256 } from "./u256";
import { Address } from "./address";
import { keccak256 } from "./keccak";

const SCRATCH = memory.data(32);
const ZERO_VALUE = memory.data(16);

function u128At(ptr: usize): U256 { return new U256(load<u64>(ptr), load<u64>(ptr, 8)); }

/** msg.sender */
export function caller(): Address { const a = new Address(); eei.getCaller(a.ptr); return a; }
/** msg.value */
export function callValue(): U256 { eei.getCallValue(SCRATCH); return u128At(SCRATCH); }
/** address(this) */
export function self(): Address { const a = new Address(); eei.getAddress(a.ptr); return a; }
/** tx.origin */
export function origin(): Address { const a = new Address(); eei.getTxOrigin(a.ptr); return a; }
/** address.balance */
export function balanceOf(account: Address): U256 { eei.getExternalBalance(account.ptr, SCRATCH); return u128At(SCRATCH); }
export function blockNumber(): u64 { return <u64>eei.getBlockNumber(); }
export function timestamp(): u64 { return <u64>eei.getBlockTimestamp(); }
export function gasLeft(): i64 { return eei.getGasLeft(); }

/** msg.data */
export function callData(): Uint8Array {
  const data = new Uint8Array(eei.getCallDataSize());
  eei.callDataCopy(data.dataStart, 0, data.length);
  return data;
}

/** Ends the call successfully with `data` as its return data. */
export function returnData(data: Uint8Array): void {
  eei.finish(data.dataStart, data.length);
}

/** A log with up to four 32-byte topics (topic 0 is an event's signature hash). */
export function emitLog(topics: Array<Uint8Array>, data: Uint8Array): void {
  assert(topics.length <= 4, "a log has at most 4 topics");
  const t = new StaticArray<usize>(4);
  for (let i = 0; i < topics.length; i++) {
    assert(topics[i].length == 32, "a topic has 32 bytes");
    t[i] = topics[i].dataStart;
  }
  eei.log(data.dataStart, data.length, topics.length, t[0], t[1], t[2], t[3]);
}

/** The first four bytes of keccak256(signature), e.g. selector("transfer(address,uint256)"). */
export function selector(signature: string): Uint8Array {
  return keccak256(Uint8Array.wrap(String.UTF8.encode(signature))).subarray(0, 4);
}

export class CallResult {
  constructor(public readonly success: bool, public readonly reverted: bool, public readonly data: Uint8Array) {}
}

function result(status: i32): CallResult {
  const data = new Uint8Array(eei.getReturnDataSize());
  eei.returnDataCopy(data.dataStart, 0, data.length);
  return new CallResult(status == 0, status == 2, data);
}

function gasFor(gas: i64): i64 { return gas < 0 ? eei.getGasLeft() : gas; }

/** A message call (Solidity's address.call); gas < 0 forwards what the EEI allows (all but 1/64). */
export function call(to: Address, data: Uint8Array, value: U256 = U256.Zero, gas: i64 = -1): CallResult {
  let valuePtr = ZERO_VALUE;
  if (!value.isZero()) {
    assert((value.l2 | value.l3) == 0, "call value above 2^128");
    valuePtr = SCRATCH;
    store<u64>(valuePtr, value.l0);
    store<u64>(valuePtr, value.l1, 8);
  }
  return result(eei.call(gasFor(gas), to.ptr, valuePtr, data.dataStart, data.length));
}

/** A static call (Solidity's staticcall, used for view functions). */
export function staticCall(to: Address, data: Uint8Array, gas: i64 = -1): CallResult {
  return result(eei.callStatic(gasFor(gas), to.ptr, data.dataStart, data.length));
}

/** A delegate call: the callee's code runs on this contract's storage. */
export function delegateCall(to: Address, data: Uint8Array, gas: i64 = -1): CallResult {
  return result(eei.callDelegate(gasFor(gas), to.ptr, data.dataStart, data.length));
}

/** console.log for contracts: prints through the `debug` namespace (the node prints it under the transaction). */
export namespace console {
  export function log(message: string): void {
    const text = String.UTF8.encode(message);
    eei.debug.printMem(changetype<usize>(text), text.byteLength);
  }
}

/** A copy of the 32 bytes at `ptr` (e.g. a constant topic in a memory.data segment). */
export function wordAt(ptr: usize): Uint8Array {
  const out = new Uint8Array(32);
  memory.copy(out.dataStart, ptr, 32);
  return out;
}
