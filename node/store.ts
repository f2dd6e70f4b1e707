/**
 * Blocks, receipts and the transaction index. In memory for fast reads; with a data directory every
 * block is also written as ONE level batch together with the state-trie nodes it created, so a crash
 * at any moment restarts at the last whole block with matching state.
 */
import { createBlockFromRLP, type Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { Address, bytesToHex, hexToBytes } from '@ethereumjs/util';
import type { LevelDB, StagedDB } from '../state/index.ts';
import type { LogView, ReceiptView } from './api.ts';
import type { Preimages } from './preimages.ts';

const HEAD = 'chain:head';
/** The live state root: the head block's, or a later one when cheats changed state after it. */
const LIVE_ROOT = 'chain:live-root';
const preimagesKey = (n: bigint) => `chain:preimages:${n}`;
const blockKey = (n: bigint) => `chain:block:${n}`;
const receiptsKey = (n: bigint) => `chain:receipts:${n}`;

interface TxLocation {
  readonly blockNumber: bigint;
  readonly index: number;
}

/** Receipts of a block without transactions: one shared empty list. */
const NONE: ReceiptView[] = [];

export class ChainStore {
  /**
   * Blocks by number. A block without transactions is kept as its RLP encoding (about 600 bytes,
   * against several KB for the decoded object with its Common copy) and decoded when read:
   * hardhat_mine of thousands of empty blocks then costs little memory.
   */
  private readonly blocks: Array<Block | Uint8Array> = [];
  private latest: Block | undefined;
  private common: Common | undefined;
  private readonly receipts: ReceiptView[][] = [];
  private readonly byHash = new Map<string, bigint>();
  private readonly txIndex = new Map<string, TxLocation>();
  private readonly db: LevelDB;
  private readonly staged: StagedDB;
  private readonly preimages: Preimages;

  constructor(db: LevelDB, staged: StagedDB, preimages: Preimages) {
    this.db = db;
    this.staged = staged;
    this.preimages = preimages;
  }

  get head(): Block {
    return this.latest!;
  }

  get height(): bigint {
    return BigInt(this.blocks.length - 1);
  }

  block(n: bigint): Block | undefined {
    if (n < 0n || n >= BigInt(this.blocks.length)) return undefined;
    return n === this.height ? this.latest : this.decoded(Number(n));
  }

  private decoded(index: number): Block {
    const kept = this.blocks[index];
    return kept instanceof Uint8Array ? createBlockFromRLP(kept, { common: this.common, setHardfork: false }) : kept;
  }

  blockByHash(hash: Uint8Array): Block | undefined {
    const n = this.byHash.get(bytesToHex(hash));
    return n === undefined ? undefined : this.block(n);
  }

  receiptsOf(n: bigint): ReceiptView[] | undefined {
    return n >= 0n && n < BigInt(this.receipts.length) ? this.receipts[Number(n)] : undefined;
  }

  locate(txHash: Uint8Array): TxLocation | undefined {
    return this.txIndex.get(bytesToHex(txHash));
  }

  /** Adds a mined block; with `persist`, writes it and the staged state in one atomic batch. */
  async append(block: Block, receipts: ReceiptView[], persist: boolean): Promise<void> {
    const n = block.header.number;
    if (n !== BigInt(this.blocks.length)) throw new Error(`block ${n} does not follow ${this.height}`);
    if (persist) {
      const ops = [
        ...this.staged.drain(),
        { type: 'put' as const, key: blockKey(n), value: block.serialize() },
        { type: 'put' as const, key: receiptsKey(n), value: new TextEncoder().encode(JSON.stringify(receipts.map(encodeReceipt))) },
        { type: 'put' as const, key: preimagesKey(n), value: new TextEncoder().encode(JSON.stringify(this.preimages.takeFresh())) },
        { type: 'put' as const, key: HEAD, value: new TextEncoder().encode(n.toString()) },
        { type: 'put' as const, key: LIVE_ROOT, value: block.header.stateRoot },
      ];
      await this.db.level.batch(ops.map((op) => ({ ...op, keyEncoding: 'utf8', valueEncoding: 'view' })) as never);
    }
    this.index(block, receipts);
  }

  private index(block: Block, receipts: ReceiptView[]): void {
    const n = block.header.number;
    const empty = block.transactions.length === 0 && n > 0n;
    this.common ??= block.common;
    this.blocks.push(empty ? block.serialize() : block);
    this.latest = block;
    this.receipts.push(receipts.length === 0 ? NONE : receipts);
    this.byHash.set(bytesToHex(block.hash()), n);
    block.transactions.forEach((tx, index) => this.txIndex.set(bytesToHex(tx.hash()), { blockNumber: n, index }));
  }

  /** Forgets blocks above `n` (evm_revert, reset), here and in the store. */
  async truncate(n: bigint, persist: boolean): Promise<void> {
    const removed: bigint[] = [];
    while (this.height > n) {
      const block = this.latest!;
      this.blocks.pop();
      this.latest = this.decoded(this.blocks.length - 1);
      this.receipts.pop();
      this.byHash.delete(bytesToHex(block.hash()));
      for (const tx of block.transactions) this.txIndex.delete(bytesToHex(tx.hash()));
      removed.push(block.header.number);
    }
    if (persist && removed.length > 0) {
      await this.db.level.batch([
        ...removed.flatMap((k) => [{ type: 'del' as const, key: blockKey(k) }, { type: 'del' as const, key: receiptsKey(k) }, { type: 'del' as const, key: preimagesKey(k) }]),
        { type: 'put' as const, key: HEAD, value: new TextEncoder().encode(n.toString()), valueEncoding: 'view' },
      ] as never);
    }
  }

  /** Loads a persisted chain; false when the store holds none. */
  async load(common: Common): Promise<boolean> {
    const head = await this.db.get(HEAD, { valueEncoding: 'string' }) as string | undefined;
    if (head === undefined) return false;
    for (let n = 0n; n <= BigInt(head); n++) {
      const raw = await this.db.get(blockKey(n)) as Uint8Array | undefined;
      const receipts = await this.db.get(receiptsKey(n), { valueEncoding: 'string' }) as string | undefined;
      if (raw === undefined || receipts === undefined) throw new Error(`data directory is missing block ${n} of ${head}`);
      const block = createBlockFromRLP(raw, { common, setHardfork: false });
      const written = await this.db.get(preimagesKey(n), { valueEncoding: 'string' }) as string | undefined;
      for (const [address, slot] of JSON.parse(written ?? '[]') as Array<[string, string | null]>) this.preimages.add(address, slot);
      this.index(block, (JSON.parse(receipts) as EncodedReceipt[]).map(decodeReceipt));
    }
    this.preimages.takeFresh(); // loaded, not new
    return true;
  }

  /** Writes state changed without a block (cheats, a revert) and its root, in one batch. */
  async flushState(liveRoot: Uint8Array): Promise<void> {
    const ops = [...this.staged.drain(), { type: 'put' as const, key: LIVE_ROOT, value: liveRoot }];
    await this.db.level.batch(ops.map((op) => ({ ...op, keyEncoding: 'utf8', valueEncoding: 'view' })) as never);
  }

  /** The state root to resume from: the last one written, which is the head's unless cheats came after it. */
  async liveRoot(): Promise<Uint8Array> {
    return (await this.db.get(LIVE_ROOT) as Uint8Array | undefined) ?? this.head.header.stateRoot;
  }
}

type EncodedReceipt = Record<string, unknown>;

const hex = (b: Uint8Array) => bytesToHex(b);
const bytes = (h: unknown) => hexToBytes(h as `0x${string}`);

function encodeLog(l: LogView): EncodedReceipt {
  return { address: l.address.toString(), topics: l.topics.map(hex), data: hex(l.data), blockNumber: l.blockNumber.toString(),
    blockHash: hex(l.blockHash), transactionHash: hex(l.transactionHash), transactionIndex: l.transactionIndex, logIndex: l.logIndex };
}

function decodeLog(l: EncodedReceipt): LogView {
  return { address: new Address(bytes(l.address)), topics: (l.topics as string[]).map(bytes),
    data: bytes(l.data), blockNumber: BigInt(l.blockNumber as string), blockHash: bytes(l.blockHash), transactionHash: bytes(l.transactionHash),
    transactionIndex: l.transactionIndex as number, logIndex: l.logIndex as number, removed: false };
}

function encodeReceipt(r: ReceiptView): EncodedReceipt {
  return {
    ...r, transactionHash: hex(r.transactionHash), blockHash: hex(r.blockHash), blockNumber: r.blockNumber.toString(),
    from: r.from.toString(), to: r.to?.toString(), cumulativeGasUsed: r.cumulativeGasUsed.toString(), gasUsed: r.gasUsed.toString(),
    effectiveGasPrice: r.effectiveGasPrice.toString(), contractAddress: r.contractAddress?.toString(), logs: r.logs.map(encodeLog),
    logsBloom: hex(r.logsBloom), revertData: r.revertData ? hex(r.revertData) : undefined,
    blobGasUsed: r.blobGasUsed?.toString(), blobGasPrice: r.blobGasPrice?.toString(),
  };
}

function decodeReceipt(r: EncodedReceipt): ReceiptView {
  const address = (v: unknown) => (v === undefined || v === null ? undefined : new Address(bytes(v)));
  return {
    transactionHash: bytes(r.transactionHash), transactionIndex: r.transactionIndex as number, blockHash: bytes(r.blockHash),
    blockNumber: BigInt(r.blockNumber as string), from: address(r.from)!, to: address(r.to), cumulativeGasUsed: BigInt(r.cumulativeGasUsed as string),
    gasUsed: BigInt(r.gasUsed as string), effectiveGasPrice: BigInt(r.effectiveGasPrice as string), contractAddress: address(r.contractAddress),
    logs: (r.logs as EncodedReceipt[]).map(decodeLog), logsBloom: bytes(r.logsBloom), status: r.status as 0 | 1, type: r.type as number,
    ...(r.error !== undefined ? { error: r.error as string } : {}), ...(r.revertData !== undefined ? { revertData: bytes(r.revertData) } : {}),
    ...(r.blobGasUsed !== undefined ? { blobGasUsed: BigInt(r.blobGasUsed as string), blobGasPrice: BigInt(r.blobGasPrice as string) } : {}),
  };
}
