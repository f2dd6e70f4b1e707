/** Receipt and log views of a mined block, in the shape rpc/ serves. */
import type { Block } from '@ethereumjs/block';
import type { RunTxResult } from '@ethereumjs/vm';
import { Address } from '@ethereumjs/util';
import type { LogView, ReceiptView } from './api.ts';
import { effectiveGasPrice } from './fees.ts';
import { revertMessage } from './revert.ts';

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
    return {
      transactionHash, transactionIndex: index, blockHash, blockNumber: block.header.number, from: sender, to: tx.to,
      cumulativeGasUsed: result.receipt.cumulativeBlockGasUsed, gasUsed: result.totalGasSpent,
      effectiveGasPrice: effectiveGasPrice(tx, baseFee), contractAddress: error === undefined ? result.createdAddress : undefined,
      logs, logsBloom: result.receipt.bitvector, status: error === undefined ? 1 : 0, type: tx.type,
      ...('blobVersionedHashes' in tx ? { blobGasUsed: result.blobGasUsed ?? 0n, blobGasPrice: block.header.getBlobGasPrice() } : {}),
      ...(error !== undefined ? { error: reverted ? revertMessage(result.execResult.returnValue) : error } : {}),
      ...(reverted ? { revertData: result.execResult.returnValue } : {}),
    };
  });
}
