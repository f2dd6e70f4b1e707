/** Receipt and log views of a mined block, in the shape rpc/ serves. */
import type { Block } from '@ethereumjs/block';
import type { RunTxResult } from '@ethereumjs/vm';
import { Address, bytesToHex } from '@ethereumjs/util';
import type { LogView, ReceiptView } from './api.ts';
import { effectiveGasPrice } from './fees.ts';

const ERROR_SELECTOR = '0x08c379a0';

/** The reason string of an Error(string) revert, if the data is one. */
export function revertReason(data: Uint8Array): string | undefined {
  if (data.length < 68 || bytesToHex(data.subarray(0, 4)) !== ERROR_SELECTOR) return undefined;
  const length = Number(BigInt(bytesToHex(data.subarray(36, 68))));
  if (68 + length > data.length) return undefined;
  return new TextDecoder().decode(data.subarray(68, 68 + length));
}

export function receiptViews(block: Block, results: ReadonlyArray<{ result: RunTxResult; sender: Address }>): ReceiptView[] {
  const blockHash = block.hash();
  const baseFee = block.header.baseFeePerGas ?? 0n;
  let logIndex = 0;
  return results.map(({ result, sender }, index) => {
    const tx = block.transactions[index];
    const transactionHash = tx.hash();
    const logs: LogView[] = result.receipt.logs.map(([address, topics, data]) => ({
      address: new Address(address), topics, data, blockNumber: block.header.number, blockHash, transactionHash,
      transactionIndex: index, logIndex: logIndex++, removed: false,
    }));
    const error = result.execResult.exceptionError?.error;
    const reverted = error === 'revert';
    const reason = reverted ? revertReason(result.execResult.returnValue) : undefined;
    return {
      transactionHash, transactionIndex: index, blockHash, blockNumber: block.header.number, from: sender, to: tx.to,
      cumulativeGasUsed: result.receipt.cumulativeBlockGasUsed, gasUsed: result.totalGasSpent,
      effectiveGasPrice: effectiveGasPrice(tx, baseFee), contractAddress: error === undefined ? result.createdAddress : undefined,
      logs, logsBloom: result.receipt.bitvector, status: error === undefined ? 1 : 0, type: tx.type,
      ...(error !== undefined ? { error: reverted ? (reason !== undefined ? `execution reverted: ${reason}` : 'execution reverted') : error } : {}),
      ...(reverted ? { revertData: result.execResult.returnValue } : {}),
    };
  });
}
