/**
 * The ewasm-devnet AssemblyScript contract library. A contract imports what it needs from here:
 *   import { U256, Address, StorageMap, require, caller, uint256, address } from "../../sdk/assemblyscript";
 * and `ewasm-devnet build` turns its exported functions into the ABI and the selector dispatch.
 * Guide: docs/contracts.md.
 */
export * from "./types";
export { U256 } from "./u256";
export { Address } from "./address";
export { Encoder, Decoder } from "./abi";
export { keccak256, keccak256At } from "./keccak";
export { require, revertMessage, revertWith, revertEmpty, panic, encodeErrorString,
  PANIC_ASSERT, PANIC_OVERFLOW, PANIC_DIVISION_BY_ZERO, PANIC_ARRAY_BOUNDS } from "./errors";
export { sload, sstore, mappingSlot, StorageValue, StorageMap, StorageMap2, StorageBytes, StorageString } from "./storage";
export { caller, callValue, self, origin, balanceOf, blockNumber, timestamp, gasLeft, callData, returnData,
  emitLog, selector, wordAt, CallResult, call, staticCall, delegateCall, console } from "./env";
import * as eei from "./eei";
export { eei };
