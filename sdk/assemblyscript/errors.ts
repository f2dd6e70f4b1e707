/**
 * Reverting the way Solidity does, so clients decode the reason: `require(cond, "msg")` and
 * `revert("msg")` return Error(string), a failed check built into the language Panic(uint256), and
 * custom errors (declared with `@error` in a contract) their selector and arguments.
 */
import { revert as eeiRevert } from "./eei";

export const PANIC_ASSERT: u8 = 0x01;
export const PANIC_OVERFLOW: u8 = 0x11;
export const PANIC_DIVISION_BY_ZERO: u8 = 0x12;
export const PANIC_ARRAY_BOUNDS: u8 = 0x32;

/** Ends the call with a revert and these bytes as return data. */
export function revertWith(data: Uint8Array): void {
  eeiRevert(data.dataStart, data.length);
  unreachable();
}

/** Reverts with no data, as Solidity's `revert()` and `require(cond)` do. */
export function revertEmpty(): void {
  eeiRevert(0, 0);
  unreachable();
}

/** ABI encoding of Error(string): selector 0x08c379a0, offset, length, padded UTF-8. */
export function encodeErrorString(message: string): Uint8Array {
  const text = Uint8Array.wrap(String.UTF8.encode(message));
  const padded = (text.length + 31) & ~31;
  const out = new Uint8Array(4 + 64 + padded);
  out[0] = 0x08; out[1] = 0xc3; out[2] = 0x79; out[3] = 0xa0;
  out[35] = 0x20;
  store<u32>(out.dataStart + 64, bswap<u32>(<u32>text.length));
  memory.copy(out.dataStart + 68, text.dataStart, text.length);
  return out;
}

/** Reverts with Error(message). */
export function revertMessage(message: string): void {
  revertWith(encodeErrorString(message));
}

/** Solidity's require: reverts with Error(message), or with no data when message is empty. */
export function require(condition: bool, message: string = ""): void {
  if (condition) return;
  if (message.length == 0) revertEmpty();
  revertMessage(message);
}

/** Reverts with Panic(code), as Solidity 0.8's checked arithmetic and assert do. */
export function panic(code: u8): void {
  const out = new Uint8Array(36);
  out[0] = 0x4e; out[1] = 0x48; out[2] = 0x7b; out[3] = 0x71;
  out[35] = code;
  revertWith(out);
}
