/**
 * Transaction and execution errors. Messages are the ones geth and anvil return, because client
 * libraries (ethers, viem, web3.js) match on them to tell users what went wrong.
 */
import { revertMessage } from './revert.ts';

export type TxErrorCode =
  | 'nonceTooLow'
  | 'nonceTooHigh'
  | 'insufficientFunds'
  | 'intrinsicGasTooLow'
  | 'exceedsBlockGasLimit'
  | 'feeCapTooLow'
  | 'tipAboveFeeCap'
  | 'invalidSignature'
  | 'invalidTransaction'
  | 'chainIdMismatch'
  | 'replacementUnderpriced'
  | 'alreadyKnown'
  | 'underpriced'
  | 'unknownAccount'
  | 'nonceMax';

const MESSAGES: Record<TxErrorCode, string> = {
  nonceTooLow: 'nonce too low',
  nonceTooHigh: 'nonce too high',
  insufficientFunds: 'insufficient funds for gas * price + value',
  intrinsicGasTooLow: 'intrinsic gas too low',
  exceedsBlockGasLimit: 'exceeds block gas limit',
  feeCapTooLow: 'max fee per gas less than block base fee',
  tipAboveFeeCap: 'max priority fee per gas higher than max fee per gas',
  invalidSignature: 'invalid sender',
  invalidTransaction: 'invalid transaction',
  chainIdMismatch: 'invalid chain id for signer',
  replacementUnderpriced: 'replacement transaction underpriced',
  alreadyKnown: 'already known',
  underpriced: 'transaction gas price below minimum',
  unknownAccount: 'unknown account',
  nonceMax: 'nonce has max value',
};

/** A transaction refused before it runs: nothing changes, no gas is charged. */
export class TxError extends Error {
  override name = 'TxError';
  readonly code: TxErrorCode;
  constructor(code: TxErrorCode, detail?: string) {
    super(detail ? `${MESSAGES[code]}: ${detail}` : MESSAGES[code]);
    this.code = code;
  }
}

/** eth_call / eth_estimateGas of a call that reverted: carries the revert data for the client to decode. */
export class ExecutionReverted extends Error {
  override name = 'ExecutionReverted';
  readonly data: Uint8Array;
  constructor(data: Uint8Array) {
    super(revertMessage(data));
    this.data = data;
  }
}

/** A request the chain cannot answer (unknown block, range too large): the message is geth's, verbatim. */
export class ChainError extends Error {
  override name = 'ChainError';
}

/** A request whose params the chain cannot take (a reversed block range): JSON-RPC -32602, geth's words. */
export class InvalidParams extends Error {
  override name = 'InvalidParams';
}

/** A call that failed without reverting (out of gas, invalid opcode, Wasm trap). */
export class ExecutionFailed extends Error {
  override name = 'ExecutionFailed';
}
