/**
 * Block production: building a block from the pool with @ethereumjs/vm's BlockBuilder — for real
 * (mine) or on a copy of the state (preview, the pending block) — stamped by the chain's clock
 * (clock.ts). Every call runs inside the chain's queue (Devnet.serial).
 */
import { createBlock, type Block, type HeaderData } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { buildBlock, type RunTxResult } from '@ethereumjs/vm';
import { bytesToHex, createAddressFromBigInt, equalsBytes, type Address } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { hasWasmPreamble } from '../vm/index.ts';
import type { Executor } from './executor.ts';
import type { ChainStore } from './store.ts';
import type { PooledTx, TxPool } from './txpool.ts';
import type { DebugOutput, ReceiptView } from './api.ts';
import type { ChainClock } from './clock.ts';
import { receiptViews } from './receipts.ts';
import type { MiningSettings } from './mining-settings.ts';

/** One line of a transaction's console output: Solidity console.log, or a Wasm contract's debug.print*. */
export interface DebugLine {
  readonly source: 'console.log' | 'debug';
  readonly text: string;
}

export interface ProducerContext {
  readonly executor: Executor;
  readonly store: ChainStore;
  readonly pool: TxPool;
  readonly persistent: boolean;
  readonly clock: ChainClock;
  /** What cheats fixed for the next blocks: coinbase, gas limit, base fee, PREVRANDAO. */
  readonly settings: MiningSettings;
  coinbase(): Address;
  nonces(senders: string[]): Promise<Map<string, bigint>>;
  executorAtRoot(root: Uint8Array): Promise<Executor>;
  log?: (line: string) => void;
}

export class BlockProducer {
  /** The state each block was built on, for traces (a restart falls back to the parent's root). */
  readonly preStateRoots = new Map<bigint, Uint8Array>();
  /** Account nonces of pool senders as of the last block, for txpool_content (which is synchronous). */
  confirmedNonces = new Map<string, bigint>();
  private readonly ctx: ProducerContext;
  private debugLines: DebugLine[] = [];
  /**
   * The last block mine() built, when it was empty and changed no state: the fields every empty
   * block after it shares (roots of nothing, bloom, requests hash…). Valid until the next mine().
   */
  private emptyTemplate: Block | undefined;

  constructor(ctx: ProducerContext) {
    this.ctx = ctx;
  }

  /** Where Wasm contracts' debug.print* output and Solidity console.log lines go while a transaction runs. */
  debug(line: string, source: DebugLine['source'] = 'debug'): void {
    this.debugLines.push({ source, text: line });
  }

  /** The header fields of the block after the head, stamped `timestamp`. */
  private headerFields(timestamp: bigint): HeaderData {
    const parent = this.ctx.store.head.header;
    const number = parent.number + 1n;
    return {
      number, timestamp, gasLimit: this.gasLimit(), coinbase: this.ctx.coinbase(),
      // PREVRANDAO: deterministic per block, so replays agree, unless hardhat_setPrevRandao set one.
      mixHash: this.ctx.settings.nextPrevRandao ?? keccak256(new TextEncoder().encode(`prevrandao ${number}`)),
      parentBeaconBlockRoot: new Uint8Array(32),
    };
  }

  /**
   * The next block as it will be mined (number, the clock's next timestamp, base fee, coinbase,
   * PREVRANDAO): the context of calls and estimates at `pending`.
   */
  nextHeader(): HeaderData {
    const parent = this.ctx.store.head.header;
    return { ...this.headerFields(this.ctx.clock.peek(parent.timestamp)), baseFeePerGas: this.ctx.settings.nextBaseFeeAfter(parent) };
  }

  /** The next block's gas limit: evm_setBlockGasLimit's, or the parent's. */
  gasLimit(): bigint {
    return this.ctx.settings.gasLimit ?? this.ctx.store.head.header.gasLimit;
  }

  /** `consume`: a block for real, which spends the one-block settings (base fee, PREVRANDAO); a preview does not. */
  private options(timestamp: bigint, consume: boolean): Parameters<typeof buildBlock>[1] {
    const headerData = { ...this.headerFields(timestamp), baseFeePerGas: this.ctx.settings.header(consume).baseFeePerGas };
    return {
      parentBlock: this.ctx.store.head,
      headerData,
      blockOpts: { putBlockIntoBlockchain: false, setHardfork: false },
    };
  }

  private async candidates(): Promise<PooledTx[]> {
    const nonces = await this.ctx.nonces(this.ctx.pool.senders());
    return this.ctx.pool.executable((s) => nonces.get(s) ?? 0n, this.ctx.settings.nextBaseFeeAfter(this.ctx.store.head.header));
  }

  /**
   * Builds the next block from the pool, stores it, and logs its transactions. A transaction that
   * cannot enter the block (its sender's balance went to an earlier one, the base fee rose past its
   * fee cap) stays in the pool, as in geth, and is named in `rejected` with the reason: nothing whose
   * hash a client holds disappears without a word.
   */
  async mine(): Promise<{ block: Block; receipts: ReceiptView[]; rejected: Map<string, string>; debugOutput: DebugOutput[] }> {
    const { executor, store, pool } = this.ctx;
    const gasLimit = this.gasLimit();
    // Cheats since the parent are in the live state, not in the parent's root: remember what this block starts from.
    const preStateRoot = await executor.state.getStateRoot();
    const builder = await buildBlock(executor.vm, this.options(this.ctx.clock.take(store.head.header.timestamp), true));
    const included: Array<{ entry: PooledTx; result: RunTxResult; debug: DebugLine[] }> = [];
    const rejected = new Map<string, string>();
    for (const entry of await this.candidates()) {
      if (gasLimit - builder.gasUsed < entry.tx.gasLimit) continue;
      this.debugLines = [];
      try {
        const result = await executor.fromAnySender(entry.sender, () => builder.addTransaction(entry.tx, { skipHardForkValidation: true }));
        included.push({ entry, result, debug: this.debugLines });
        pool.remove(entry.hash);
      } catch (e) {
        const reason = (e as Error).message.split(' (')[0].split(' -> ')[0];
        rejected.set(bytesToHex(entry.hash), reason);
        this.ctx.log?.(`not included ${bytesToHex(entry.hash)}: ${reason} (stays in the pool)`);
      }
    }
    const { block } = await builder.build();
    this.emptyTemplate = block.transactions.length === 0 && equalsBytes(block.header.stateRoot, preStateRoot) && !(await this.hasRequestContracts())
      ? block : undefined;
    const receipts = receiptViews(block, included.map((i) => ({ result: i.result, sender: i.entry.sender })));
    await store.append(block, receipts, this.ctx.persistent);
    this.preStateRoots.set(block.header.number, preStateRoot);
    this.confirmedNonces = await this.ctx.nonces(pool.senders());
    pool.prune((s) => this.confirmedNonces.get(s) ?? 0n);
    for (const [i, r] of receipts.entries()) await this.logTransaction(block.transactions[i], r, included[i].debug);
    const debugOutput = receipts.flatMap((r, i) => included[i].debug.length === 0 ? [] : [{
      transactionHash: r.transactionHash, blockNumber: r.blockNumber, logs: included[i].debug.map((l) => l.text),
    }]);
    return { block, receipts, rejected, debugOutput };
  }

  /**
   * The next block when it would be empty, without running the block builder (hardhat_mine of
   * thousands of blocks): only when the block mine() just built was empty and wrote no state — so the
   * EIP-4788 and EIP-2935 system contracts have no code and the EIP-7002/7251 request contracts do
   * not exist, and nothing in the pool can run. Then the state is the same for every such block, and
   * a block differs from the previous one only in what the builder derives from its parent: number,
   * parent hash, timestamp, base fee, excess blob gas, PREVRANDAO. Undefined when that does not hold:
   * the caller builds the block with mine().
   */
  async mineEmpty(): Promise<Block | undefined> {
    const template = this.emptyTemplate;
    const { store, pool } = this.ctx;
    if (!template || pool.size > 0) return undefined;
    const parent = store.head;
    const { headerData, blockOpts } = this.options(this.ctx.clock.take(parent.header.timestamp), true);
    const t = template.header;
    const header: HeaderData = {
      ...headerData, parentHash: parent.hash(), baseFeePerGas: headerData?.baseFeePerGas ?? this.ctx.settings.nextBaseFeeAfter(parent.header),
      excessBlobGas: parent.header.calcNextExcessBlobGas(this.ctx.executor.common), stateRoot: parent.header.stateRoot,
      uncleHash: t.uncleHash, transactionsTrie: t.transactionsTrie, receiptTrie: t.receiptTrie, logsBloom: t.logsBloom,
      gasUsed: t.gasUsed, extraData: t.extraData, withdrawalsRoot: t.withdrawalsRoot, blobGasUsed: t.blobGasUsed, requestsHash: t.requestsHash,
    };
    const block = createBlock({ header }, { ...blockOpts, common: this.ctx.executor.common });
    await store.append(block, [], this.ctx.persistent);
    return block;
  }

  /** Whether the EIP-7002 or EIP-7251 request contracts exist: their system calls could make requests in an empty block. */
  private async hasRequestContracts(): Promise<boolean> {
    const { common, state } = this.ctx.executor;
    if (!common.isActivatedEIP(7685)) return false;
    for (const name of ['withdrawalRequestPredeployAddress', 'consolidationRequestPredeployAddress']) {
      if (await state.getAccount(createAddressFromBigInt(common.param(name)))) return true;
    }
    return false;
  }

  /** The block the pool would make now, built on a copy of the live state and thrown away. */
  async preview(): Promise<Block> {
    const { executor, store } = this.ctx;
    const copy = await this.ctx.executorAtRoot(await executor.state.getStateRoot());
    const builder = await buildBlock(copy.vm, this.options(this.ctx.clock.peek(store.head.header.timestamp), false));
    for (const entry of await this.candidates()) {
      if (this.gasLimit() - builder.gasUsed < entry.tx.gasLimit) continue;
      await copy.fromAnySender(entry.sender, () => builder.addTransaction(entry.tx, { skipHardForkValidation: true })).catch(() => undefined);
    }
    return (await builder.build()).block;
  }

  /** One line per transaction: hash, engine, gas, status and why it failed; its contracts' debug output below. */
  private async logTransaction(tx: TypedTransaction, r: ReceiptView, debug: DebugLine[]): Promise<void> {
    const log = this.ctx.log;
    if (!log) return;
    const code = tx.to === undefined ? tx.data : await this.ctx.executor.state.getCode(tx.to);
    const kind = code.length === 0 ? 'transfer' : hasWasmPreamble(code) ? 'Wasm' : 'EVM';
    const what = tx.to === undefined ? `deploy ${kind}${r.contractAddress ? ` ${r.contractAddress}` : ''}`
      : kind === 'transfer' ? `transfer to ${r.to}` : `${kind} call ${r.to}`;
    log(`tx ${bytesToHex(r.transactionHash)} block ${r.blockNumber} ${what} gas ${r.gasUsed} ${r.status ? 'ok' : `FAILED${r.error ? ` (${r.error})` : ''}`}`);
    for (const line of debug) log(`    ${line.source}: ${line.text}`);
  }
}
