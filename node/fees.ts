/** eth_feeHistory over the chain's blocks, as geth computes it. */
import type { Block } from '@ethereumjs/block';
import type { BlockTag, FeeHistory } from './api.ts';
import type { Devnet } from './devnet.ts';
import { effectiveGasPrice } from './receipts.ts';
import { ChainError } from './errors.ts';

const MAX_BLOCKS = 1024;

export async function feeHistory(chain: Devnet, blockCount: number, newest: BlockTag, percentiles?: number[]): Promise<FeeHistory> {
  const last = await chain.getBlock(newest);
  if (!last) throw new ChainError('header not found');
  const count = BigInt(Math.max(0, Math.min(blockCount, MAX_BLOCKS)));
  const newestNumber = last.header.number;
  const oldest = newestNumber + 1n - count < 0n ? 0n : newestNumber + 1n - count;
  const blocks: Block[] = [];
  for (let n = oldest; n <= newestNumber && count > 0n; n++) blocks.push(chain.store.block(n)!);
  const baseFeePerGas = blocks.map((b) => b.header.baseFeePerGas ?? 0n);
  // One more: the base fee of the block after the newest.
  baseFeePerGas.push(blocks.length > 0 ? blocks[blocks.length - 1].header.calcNextBaseFee() : last.header.calcNextBaseFee());
  const gasUsedRatio = blocks.map((b) => Number(b.header.gasUsed) / Number(b.header.gasLimit));
  const history: FeeHistory = { oldestBlock: oldest, baseFeePerGas, gasUsedRatio };
  if (!percentiles) return history;
  const reward = blocks.map((b) => {
    const receipts = chain.store.receiptsOf(b.header.number) ?? [];
    const baseFee = b.header.baseFeePerGas ?? 0n;
    const tips = b.transactions.map((tx, i) => ({ tip: effectiveGasPrice(tx, baseFee) - baseFee, gas: receipts[i]?.gasUsed ?? 0n }))
      .sort((x, y) => (x.tip < y.tip ? -1 : x.tip > y.tip ? 1 : 0));
    if (tips.length === 0) return percentiles.map(() => 0n);
    const total = tips.reduce((s, t) => s + t.gas, 0n);
    return percentiles.map((p) => {
      const threshold = (total * BigInt(Math.round(p * 100))) / 10000n;
      let sum = 0n;
      for (const t of tips) {
        sum += t.gas;
        if (sum >= threshold) return t.tip;
      }
      return tips[tips.length - 1].tip;
    });
  });
  return { ...history, reward };
}
