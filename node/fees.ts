/**
 * Fee arithmetic, in one place: what a transaction offers per gas (fee cap, tip cap), what it pays
 * in a block (effective gas price) and what the producer earns (effective tip), the most it can
 * cost (the balance check), the default fees of a transaction that names none, and eth_feeHistory.
 * The base fee of the next block is @ethereumjs/block's `calcNextBaseFee` (EIP-1559's formula).
 */
import type { Block, BlockHeader } from '@ethereumjs/block';
import { Capability, type TypedTransaction } from '@ethereumjs/tx';
import type { BlockTag, FeeHistory } from './api.ts';
import type { Devnet } from './devnet.ts';
import { ChainError } from './errors.ts';

/** The tip a dev node suggests (eth_maxPriorityFeePerGas), as Hardhat and Anvil: 1 gwei. */
export const DEFAULT_TIP = 1_000_000_000n;

/** The most a transaction pays per gas: maxFeePerGas, or a legacy gas price. */
export function feeCap(tx: TypedTransaction): bigint {
  return tx.supports(Capability.EIP1559FeeMarket) ? (tx as { maxFeePerGas: bigint }).maxFeePerGas : (tx as { gasPrice: bigint }).gasPrice;
}

/** The most a transaction tips per gas: maxPriorityFeePerGas, or a legacy gas price. */
export function tipCap(tx: TypedTransaction): bigint {
  return tx.supports(Capability.EIP1559FeeMarket) ? (tx as { maxPriorityFeePerGas: bigint }).maxPriorityFeePerGas : (tx as { gasPrice: bigint }).gasPrice;
}

/** What the block producer earns per gas from `tx` at `baseFee`. */
export function effectiveTip(tx: TypedTransaction, baseFee: bigint): bigint {
  const cap = feeCap(tx) - baseFee;
  const tip = tipCap(tx);
  return tip < cap ? tip : cap;
}

/** What `tx` pays per gas in a block of base fee `baseFee` (a legacy transaction: its gas price). */
export function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint): bigint {
  return baseFee + effectiveTip(tx, baseFee);
}

/** The balance a sender needs for `tx` (geth's buyGas check): gas at the fee cap, blob gas at its cap, and the value. */
export function maxCost(tx: TypedTransaction): bigint {
  const blobs = 'blobVersionedHashes' in tx ? BigInt((tx.blobVersionedHashes as unknown[]).length) : 0n;
  const blobCost = blobs > 0n ? blobs * tx.common.param('blobGasPerBlob') * (tx as { maxFeePerBlobGas: bigint }).maxFeePerBlobGas : 0n;
  return tx.gasLimit * feeCap(tx) + blobCost + tx.value;
}

/** The base fee of the block after `parent`. */
export function nextBaseFee(parent: BlockHeader): bigint {
  return parent.calcNextBaseFee();
}

/** Fees for a transaction that names none (eth_sendTransaction, eth_gasPrice): room for the base fee to double, as geth's wallets do. */
export function defaultFeeCap(baseFee: bigint, tip: bigint): bigint {
  return baseFee * 2n + tip;
}

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
