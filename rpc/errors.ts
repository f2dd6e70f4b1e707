/**
 * JSON-RPC errors and the mapping from the node's errors to them. Codes and messages are geth's:
 * ethers, viem and web3.js decide what to tell the user by them (a revert is code 3 with the
 * revert data in `data`, which is how they decode reasons and custom errors).
 */
import { bytesToHex } from '@ethereumjs/util';
import { ChainError, ExecutionFailed, ExecutionReverted, TxError } from '../node/errors.ts';
import { decodeRevertReason } from '../node/revert-reason.ts';
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

export { decodeRevertReason } from '../node/revert-reason.ts';

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
  logInternal?.(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new RpcError(ErrorCode.internal, message ? `internal error: ${message}` : 'internal error');
}
