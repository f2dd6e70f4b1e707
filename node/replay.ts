/**
 * debug_replayBlock (ours): re-executes a mined block on the state it was built on, with
 * @ethereumjs/vm's runBlock (not the BlockBuilder that mined it), and reports whether every
 * receipt and the state root come out the same. A devnet whose engines are deterministic always
 * matches; a mismatch names the receipt fields that differ.
 */
import { Block } from '@ethereumjs/block';
import { runBlock, type RunTxResult } from '@ethereumjs/vm';
import { bytesToHex } from '@ethereumjs/util';
import type { BlockTag, ReceiptView } from './api.ts';
import { ChainError } from './errors.ts';
import { impersonate } from './executor.ts';
import type { Devnet } from './devnet.ts';

export interface FieldDiff {
  readonly expected: string;
  readonly actual: string;
}

export interface ReceiptReplay {
  readonly index: number;
  readonly transactionHash: Uint8Array;
  readonly match: boolean;
  /** Only the fields that differ. */
  readonly diff?: Record<string, FieldDiff>;
}

export interface BlockReplay {
  readonly match: boolean;
  readonly stateRoot: { readonly expected: Uint8Array; readonly actual: Uint8Array };
  readonly receipts: ReceiptReplay[];
}

/** What a receipt says, as comparable text: consensus fields only. */
function receiptFields(r: { status: number; gasUsed: bigint; cumulativeGasUsed: bigint; logs: Array<{ address: Uint8Array; topics: Uint8Array[]; data: Uint8Array }>; logsBloom: Uint8Array }): Record<string, string> {
  return {
    status: String(r.status),
    gasUsed: r.gasUsed.toString(),
    cumulativeGasUsed: r.cumulativeGasUsed.toString(),
    logs: JSON.stringify(r.logs.map((l) => [bytesToHex(l.address), l.topics.map((t) => bytesToHex(t)), bytesToHex(l.data)])),
    logsBloom: bytesToHex(r.logsBloom),
  };
}

const stored = (r: ReceiptView) => receiptFields({
  status: r.status, gasUsed: r.gasUsed, cumulativeGasUsed: r.cumulativeGasUsed, logsBloom: r.logsBloom,
  logs: r.logs.map((l) => ({ address: l.address.bytes, topics: l.topics, data: l.data })),
});

const replayed = (r: RunTxResult) => receiptFields({
  status: r.execResult.exceptionError === undefined ? 1 : 0, gasUsed: r.totalGasSpent, cumulativeGasUsed: r.receipt.cumulativeBlockGasUsed,
  logsBloom: r.receipt.bitvector, logs: r.receipt.logs.map(([address, topics, data]) => ({ address, topics, data })),
});

export async function replayBlock(chain: Devnet, tag: BlockTag): Promise<BlockReplay> {
  const found = await chain.getBlock(tag);
  const block = found && chain.store.block(found.header.number);
  if (!block || block.header.number === 0n) throw new ChainError(block ? 'genesis is not replayable' : 'block not found');
  const n = block.header.number;
  const executor = await chain.executorAtRoot(chain.preStateRoot(n) ?? chain.store.block(n - 1n)!.header.stateRoot);
  const receipts = chain.store.receiptsOf(n)!;
  // Senders from the receipts: an impersonated transaction's placeholder signature names nobody.
  const txs = block.transactions.map((tx, i) => impersonate(tx, receipts[i].from));
  const replay = new Block(block.header, txs, [], block.withdrawals, { common: block.common });
  const result = await runBlock(executor.vm, {
    block: replay, generate: true, skipBlockValidation: true, skipHeaderValidation: true, skipHardForkValidation: true,
  });
  const replays = receipts.map((receipt, index): ReceiptReplay => {
    const expected = stored(receipt);
    const actual = result.results[index] ? replayed(result.results[index]) : {};
    const diff: Record<string, FieldDiff> = {};
    for (const key of Object.keys(expected)) {
      if (expected[key] !== actual[key]) diff[key] = { expected: expected[key], actual: actual[key] ?? '(missing)' };
    }
    const match = Object.keys(diff).length === 0;
    return { index, transactionHash: receipt.transactionHash, match, ...(match ? {} : { diff }) };
  });
  const stateMatch = bytesToHex(result.stateRoot) === bytesToHex(block.header.stateRoot);
  return {
    match: stateMatch && replays.every((r) => r.match) && result.results.length === receipts.length,
    stateRoot: { expected: block.header.stateRoot, actual: result.stateRoot },
    receipts: replays,
  };
}
