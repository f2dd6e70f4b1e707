/**
 * Revert data as geth's abi.UnpackRevert reads it: Error(string) and Panic(uint256). Used by the
 * RPC errors of eth_call and by the callTracer's revertReason.
 */
import { bytesToBigInt, bytesToHex } from '@ethereumjs/util';

const ERROR_SELECTOR = '0x08c379a0';
const PANIC_SELECTOR = '0x4e487b71';

// Solidity's panic codes, worded as geth's abi.UnpackRevert words them.
const PANIC_REASONS: Record<number, string> = {
  0x00: 'generic panic',
  0x01: 'assert(false)',
  0x11: 'arithmetic underflow or overflow',
  0x12: 'division or modulo by zero',
  0x21: 'enum overflow',
  0x22: 'invalid encoded storage byte array accessed',
  0x31: 'out-of-bounds array access; popping on an empty array',
  0x32: 'out-of-bounds access of an array or bytesN',
  0x41: 'out of memory',
  0x51: 'uninitialized function',
};

/** The human reason in revert data when it is Error(string) or Panic(uint256); undefined for custom errors. */
export function decodeRevertReason(data: Uint8Array): string | undefined {
  const selector = bytesToHex(data.subarray(0, 4));
  if (selector === PANIC_SELECTOR && data.length === 36) {
    const code = bytesToBigInt(data.subarray(4, 36));
    return PANIC_REASONS[Number(code)] ?? `unknown panic code: 0x${code.toString(16)}`;
  }
  if (selector !== ERROR_SELECTOR || data.length < 68) return undefined;
  const offset = bytesToBigInt(data.subarray(4, 36));
  if (offset + 32n > BigInt(data.length - 4)) return undefined;
  const start = 4 + Number(offset);
  const length = bytesToBigInt(data.subarray(start, start + 32));
  if (BigInt(start + 32) + length > BigInt(data.length)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(start + 32, start + 32 + Number(length)));
  } catch {
    return undefined;
  }
}

