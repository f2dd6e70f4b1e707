/**
 * JSON-RPC errors and the mapping from the node's errors to them. Codes and messages are geth's:
 * ethers, viem and web3.js decide what to tell the user by them (a revert is code 3 with the
 * revert data in `data`, which is how they decode reasons and custom errors).
 */
import { bytesToBigInt, bytesToHex } from '@ethereumjs/util';
import { ChainError, ExecutionFailed, ExecutionReverted, InvalidArgument, TxError } from '../node/errors.ts';
import type { CodecError } from './codecs.ts';

export const ErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  /** geth's code for every execution and transaction error that is not a revert. */
  server: -32000,
  /** geth's code for a reverted eth_call / eth_estimateGas. */
  executionReverted: 3,
} as const;

export class RpcError extends Error {
  override name = 'RpcError';
  readonly code: number;
  readonly data?: string;
  constructor(code: number, message: string, data?: string) {
    super(message);
    this.code = code;
    if (data !== undefined) this.data = data;
  }

  toJSON(): { code: number; message: string; data?: string } {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

/** geth's -32602 text, "invalid argument N: …", with the param's name and the field inside it. */
export function invalidParams(index: number, paramName: string, error: CodecError): RpcError {
  const where = [paramName, ...error.path].join('.');
  return new RpcError(ErrorCode.invalidParams, `invalid argument ${index}: ${where}: ${error.message}`);
}

export const methodNotFound = (method: string) =>
  new RpcError(ErrorCode.methodNotFound, `the method ${method} does not exist/is not available`);

export const filterNotFound = () => new RpcError(ErrorCode.server, 'filter not found');

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

/**
 * What a client sees for an error thrown by a handler. Errors we do not know are internal: their
 * message goes out (it usually says what the node could not do) but never a stack.
 */
export function toRpcError(error: unknown, logInternal?: (error: unknown) => void): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof ExecutionReverted) {
    // As geth: a revert without data is a plain -32000; with data, code 3 carries it for the client to decode.
    if (error.data.length === 0) return new RpcError(ErrorCode.server, error.message);
    const reason = decodeRevertReason(error.data);
    return new RpcError(ErrorCode.executionReverted, reason === undefined ? error.message : `execution reverted: ${reason}`, bytesToHex(error.data));
  }
  if (error instanceof TxError || error instanceof ExecutionFailed || error instanceof ChainError) return new RpcError(ErrorCode.server, error.message);
  if (error instanceof InvalidArgument) return new RpcError(ErrorCode.invalidParams, `invalid argument 0: ${error.message}`);
  logInternal?.(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new RpcError(ErrorCode.internal, message ? `internal error: ${message}` : 'internal error');
}
