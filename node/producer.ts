/**
 * Block production: the clock blocks are stamped with (wall clock, time travel, a set next
 * timestamp), and building a block from the pool with @ethereumjs/vm's BlockBuilder — for real
 * (mine) or on a copy of the state (preview, the pending block). Every call runs inside the
 * chain's queue (Devnet.serial).
 */
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { buildBlock, type RunTxResult } from '@ethereumjs/vm';
import { bytesToHex, type Address } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { hasWasmPreamble } from '../vm/index.ts';
import type { Executor } from './executor.ts';
import type { ChainStore } from './store.ts';
import type { PooledTx, TxPool } from './txpool.ts';
import type { ReceiptView } from './api.ts';
import { ChainError } from './errors.ts';
import { receiptViews } from './receipts.ts';

const now = () => BigInt(Math.floor(Date.now() / 1000));

/** Timestamps: the wall clock plus evm_increaseTime's offset, or what evm_setNextBlockTimestamp set. */
export class BlockClock {
  offset = 0n;
  private next: bigint | null = null;

  setNext(timestamp: bigint, head: bigint): void {
    if (timestamp <= head) throw new ChainError(`timestamp ${timestamp} is not after the latest block's ${head}`);
    this.next = timestamp;
  }

  /** Blocks `interval` seconds apart (hardhat_mine), unless a timestamp was set. */
  spaceBy(interval: bigint, head: bigint): void {
    this.next ??= head + (interval > 0n ? interval : 1n);
  }

  increase(seconds: bigint, head: bigint): bigint {
    // Blocks mined faster than one a second, or after a timestamp set ahead, put the head in the
    // wall clock's future; an offset from the wall clock alone would then move the next block by
    // less than asked. Catch the offset up to the head first, so the jump counts from the chain.
    const lag = head - (now() + this.offset);
    if (lag > 0n) this.offset += lag;
    this.offset += seconds;
    return this.offset;
  }

  /** The next block's timestamp, always after its parent's. */
  peek(head: bigint): bigint {
    const next = this.next ?? now() + this.offset;
    return next > head ? next : head + 1n;
  }

  take(head: bigint): bigint {
    const next = this.peek(head);
    this.next = null;
    return next;
  }

  restore(offset: bigint): void {
    this.offset = offset;
    this.next = null;
  }
}

export interface ProducerContext {
  readonly executor: Executor;
  readonly store: ChainStore;
  readonly pool: TxPool;
  readonly persistent: boolean;
  coinbase(): Address;
  nonces(senders: string[]): Promise<Map<string, bigint>>;
  executorAtRoot(root: Uint8Array): Promise<Executor>;
  log?: (line: string) => void;
}

export class BlockProducer {
  readonly clock = new BlockClock();
  /** The state each block was built on, for traces (a restart falls back to the parent's root). */
  readonly preStateRoots = new Map<bigint, Uint8Array>();
  /** Account nonces of pool senders as of the last block, for txpool_content (which is synchronous). */
  confirmedNonces = new Map<string, bigint>();
  private readonly ctx: ProducerContext;
  private debugLines: string[] = [];

  constructor(ctx: ProducerContext) {
    this.ctx = ctx;
  }

  /** Where the engine's debug.print* output goes while a transaction runs. */
  debug(line: string): void {
    this.debugLines.push(line);
  }

  private options(timestamp: bigint): Parameters<typeof buildBlock>[1] {
    const parent = this.ctx.store.head;
    const number = parent.header.number + 1n;
    return {
      parentBlock: parent,
      headerData: {
        number, timestamp, gasLimit: parent.header.gasLimit, coinbase: this.ctx.coinbase(),
        // PREVRANDAO: deterministic per block, so replays agree.
        mixHash: keccak256(new TextEncoder().encode(`prevrandao ${number}`)),
        parentBeaconBlockRoot: new Uint8Array(32),
      },
      blockOpts: { putBlockIntoBlockchain: false, setHardfork: false },
    };
  }

  private async candidates(): Promise<PooledTx[]> {
    const nonces = await this.ctx.nonces(this.ctx.pool.senders());
    return this.ctx.pool.executable((s) => nonces.get(s) ?? 0n, this.ctx.store.head.header.calcNextBaseFee());
  }

  /** Builds the next block from the pool, stores it, and logs its transactions. */
  async mine(): Promise<{ block: Block; receipts: ReceiptView[] }> {
    const { executor, store, pool } = this.ctx;
    const gasLimit = store.head.header.gasLimit;
    // Cheats since the parent are in the live state, not in the parent's root: remember what this block starts from.
    const preStateRoot = await executor.state.getStateRoot();
    const builder = await buildBlock(executor.vm, this.options(this.clock.take(store.head.header.timestamp)));
    const included: Array<{ entry: PooledTx; result: RunTxResult; debug: string[] }> = [];
    for (const entry of await this.candidates()) {
      if (gasLimit - builder.gasUsed < entry.tx.gasLimit) continue;
      this.debugLines = [];
      try {
        const result = await builder.addTransaction(entry.tx, { skipHardForkValidation: true });
        included.push({ entry, result, debug: this.debugLines });
      } catch (e) {
        this.ctx.log?.(`dropped ${bytesToHex(entry.hash)}: ${(e as Error).message.split(' (')[0]}`);
      }
      pool.remove(entry.hash);
    }
    const { block } = await builder.build();
    const receipts = receiptViews(block, included.map((i) => ({ result: i.result, sender: i.entry.sender })));
    await store.append(block, receipts, this.ctx.persistent);
    this.preStateRoots.set(block.header.number, preStateRoot);
    this.confirmedNonces = await this.ctx.nonces(pool.senders());
    pool.prune((s) => this.confirmedNonces.get(s) ?? 0n);
    for (const [i, r] of receipts.entries()) await this.logTransaction(block.transactions[i], r, included[i].debug);
    return { block, receipts };
  }

  /** The block the pool would make now, built on a copy of the live state and thrown away. */
  async preview(): Promise<Block> {
    const { executor, store } = this.ctx;
    const copy = await this.ctx.executorAtRoot(await executor.state.getStateRoot());
    const builder = await buildBlock(copy.vm, this.options(this.clock.peek(store.head.header.timestamp)));
    for (const entry of await this.candidates()) {
      if (store.head.header.gasLimit - builder.gasUsed < entry.tx.gasLimit) continue;
      await builder.addTransaction(entry.tx, { skipHardForkValidation: true }).catch(() => undefined);
    }
    return (await builder.build()).block;
  }

  /** One line per transaction: hash, engine, gas, status and why it failed; its contracts' debug output below. */
  private async logTransaction(tx: TypedTransaction, r: ReceiptView, debug: string[]): Promise<void> {
    const log = this.ctx.log;
    if (!log) return;
    const code = tx.to === undefined ? tx.data : await this.ctx.executor.state.getCode(tx.to);
    const kind = code.length === 0 ? 'transfer' : hasWasmPreamble(code) ? 'Wasm' : 'EVM';
    const what = tx.to === undefined ? `deploy ${kind}${r.contractAddress ? ` ${r.contractAddress}` : ''}`
      : kind === 'transfer' ? `transfer to ${r.to}` : `${kind} call ${r.to}`;
    log(`tx ${bytesToHex(r.transactionHash)} block ${r.blockNumber} ${what} gas ${r.gasUsed} ${r.status ? 'ok' : `FAILED${r.error ? ` (${r.error})` : ''}`}`);
    for (const line of debug) log(`    debug: ${line}`);
  }
}
