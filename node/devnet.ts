/**
 * The chain: genesis, transaction pool, mining (automine, interval, manual), blocks and receipts,
 * state at any block, snapshots, the state cheats, and events for subscriptions. Implements the
 * ChainNode interface that rpc/ serves.
 */
import { EventEmitter } from 'node:events';
import { createBlock, type Block, type HeaderData } from '@ethereumjs/block';
import { createTx, TransactionType, type TypedTransaction } from '@ethereumjs/tx';
import { Account, Address, bytesToHex } from '@ethereumjs/util';
import { ClassicLevel } from 'classic-level';
import { MemoryLevel } from 'memory-level';
import { LevelDB, StagedDB } from '../state/index.ts';
import { DEFAULT_MNEMONIC, devAccounts, type DevAccount } from '../genesis/accounts.ts';
import { applyAlloc, type GenesisSpec } from '../genesis/genesis.ts';
import { Executor, DEFAULT_CHAIN_ID, impersonate, type CallRequest } from './executor.ts';
import { ChainError, ExecutionFailed, ExecutionReverted, TxError } from './errors.ts';
import { ChainStore } from './store.ts';
import { TxPool, type PooledTx } from './txpool.ts';
import { signPersonalMessage, signTypedData } from './signing.ts';
import { StateQueries } from './queries.ts';
import type { BlockTag, ChainEvents, ChainNode, FeeHistory, LogFilter, LogView, ReceiptView, TraceJson, TraceOptions, BlockTrace, BlockReplay, GasProfile, ProfileTarget, TxLookup, TxRequest } from './api.ts';
import { DEFAULT_TIP, defaultFeeCap, feeHistory, tipCap } from './fees.ts';
import { BlockProducer } from './producer.ts';
import { ChainClock } from './clock.ts';
import { StateCheats } from './cheats.ts';
import { traceBlock, traceCall, traceTransaction } from './tracers/run.ts';
import { replayBlock } from './replay.ts';
import { gasProfile } from './profile/index.ts';
import { Preimages } from './preimages.ts';
import { CLIENT_VERSION } from './version.ts';
import { MiningSettings } from './mining-settings.ts';
import { crc32 } from 'node:zlib';
import { accountProof, blobBaseFee, createAccessList, forkConfig, type AccessListResult, type AccountProof, type ForkConfig } from './rpc-extras.ts';

export interface DevnetOptions {
  readonly chainId?: bigint;
  readonly mnemonic?: string;
  readonly accounts?: number;
  /** Wei per dev account. */
  readonly balance?: bigint;
  readonly genesis?: GenesisSpec;
  readonly gasLimit?: bigint;
  readonly baseFee?: bigint;
  /** Seconds between interval-mined blocks; 0 or absent: automine. */
  readonly blockTime?: number;
  readonly datadir?: string;
  readonly coinbase?: Address;
  /** One line per mined transaction, contract debug output, and notices. */
  readonly log?: (line: string) => void;
}

export { CLIENT_VERSION, NAME_VERSION } from './version.ts';
const ETH = 10n ** 18n;
const MAX_NONCE = (1n << 64n) - 1n;


export class Devnet implements ChainNode {
  readonly chainId: bigint;
  readonly clientVersion = CLIENT_VERSION;
  readonly executor: Executor;
  readonly store: ChainStore;
  readonly pool = new TxPool();
  /** The next blocks' coinbase, gas limit, base fee, PREVRANDAO; the pool's minimum tip; logging. */
  readonly mining = new MiningSettings();
  /** Every timestamp the chain uses: mined and pending blocks, calls, genesis. */
  readonly clock = new ChainClock();
  readonly preimages: Preimages;
  private readonly dev: DevAccount[];
  private readonly impersonated = new Set<string>();
  private readonly events = new EventEmitter();
  private readonly cheats: StateCheats;
  readonly options: DevnetOptions;
  private readonly level: MemoryLevel<string | Uint8Array, string | Uint8Array> | ClassicLevel<string | Uint8Array, string | Uint8Array>;
  private readonly queries: StateQueries;
  private readonly staged: StagedDB;
  private readonly blockchain: NonNullable<Parameters<typeof Executor.create>[0]>['blockchain'];
  private automine: boolean;
  private intervalTimer: NodeJS.Timeout | null = null;
  private readonly producer: BlockProducer;
  /** Mining and state changes run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(options: DevnetOptions, executor: Executor, store: ChainStore, dev: DevAccount[], level: Devnet['level'], preimages: Preimages,
    staged: StagedDB, blockchain: Devnet['blockchain']) {
    this.staged = staged;
    this.blockchain = blockchain;
    this.options = options;
    this.preimages = preimages;
    this.executor = executor;
    this.store = store;
    this.dev = dev;
    this.level = level;
    this.chainId = executor.common.chainId();
    this.automine = !options.blockTime;
    this.queries = new StateQueries(this);
    this.producer = new BlockProducer({
      executor, store, pool: this.pool, clock: this.clock, persistent: options.datadir !== undefined, coinbase: () => this.coinbase(), settings: this.mining,
      nonces: (senders) => this.queries.nonces(senders), executorAtRoot: (root) => this.executorAtRoot(root),
      log: options.log && ((line) => { if (this.mining.logging) options.log!(line); }),
    });
    this.cheats = new StateCheats({
      executor, store, pool: this.pool, clock: this.clock, persistent: options.datadir !== undefined,
      serial: (task) => this.serial(task),
    });
    this.events.setMaxListeners(0);
    if (options.blockTime) this.setIntervalMining(options.blockTime * 1000);
  }

  static async create(options: DevnetOptions = {}): Promise<Devnet> {
    const level = options.datadir
      ? new ClassicLevel<string | Uint8Array, string | Uint8Array>(options.datadir)
      : new MemoryLevel<string | Uint8Array, string | Uint8Array>();
    await level.open();
    const db = new LevelDB(level);
    const staged = new StagedDB(db);
    const preimages = new Preimages();
    const store = new ChainStore(db, staged, preimages);
    let devnet: Devnet | undefined;
    const blockchain = {
      getBlock: async (n: number) => {
        const block = store.block(BigInt(n));
        if (!block) throw new Error(`no block ${n}`);
        return block;
      },
      putBlock: async () => {},
      shallowCopy() { return this; },
    };
    const executor = await Executor.create({
      chainId: options.genesis?.chainId ?? options.chainId ?? DEFAULT_CHAIN_ID, level, staged, blockchain,
      debugPrint: (line) => devnet?.producer.debug(line),
      consoleLog: (line) => devnet?.producer.debug(line, 'console.log'),
    });
    const dev = devAccounts(options.mnemonic ?? DEFAULT_MNEMONIC, options.accounts ?? 10);
    preimages.watch(executor.state);
    devnet = new Devnet(options, executor, store, dev, level, preimages, staged, blockchain);
    if (await store.load(executor.common)) {
      await executor.state.setStateRoot(await store.liveRoot());
    } else {
      await devnet.writeGenesis();
    }
    return devnet;
  }

  private async writeGenesis(): Promise<void> {
    const o = this.options;
    const state = this.executor.state;
    if (o.genesis) await applyAlloc(state, o.genesis.alloc);
    else for (const a of this.dev) await state.putAccount(a.address, new Account(0n, o.balance ?? 10_000n * ETH));
    const genesis = createBlock({
      header: {
        number: 0n, gasLimit: o.genesis?.gasLimit ?? o.gasLimit ?? 30_000_000n, baseFeePerGas: o.genesis?.baseFee ?? o.baseFee ?? 1_000_000_000n,
        timestamp: o.genesis?.timestamp ?? this.clock.now(), extraData: o.genesis?.extraData ?? new Uint8Array(0),
        stateRoot: await state.getStateRoot(), coinbase: o.genesis?.coinbase,
      },
    }, { common: this.executor.common, setHardfork: false });
    await this.store.append(genesis, [], this.persistent);
  }

  private get persistent(): boolean {
    return this.options.datadir !== undefined;
  }

  /** Runs `task` after everything queued before it: blocks and cheats never interleave. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  accounts(): Address[] {
    return this.dev.map((a) => a.address);
  }

  blockNumber(): bigint {
    return this.store.height;
  }

  /** A separate executor on the state at `root` (a past block), sharing the store. */
  async executorAtRoot(root: Uint8Array): Promise<Executor> {
    return Executor.create({
      common: this.executor.common, level: this.level, staged: this.staged, stateRoot: root, blockchain: this.blockchain,
      debugPrint: (line) => this.producer.debug(line),
      consoleLog: (line) => this.producer.debug(line, 'console.log'),
    });
  }

  /** The state block `n` was built on, if this process mined it (cheats before it included). */
  preStateRoot(n: bigint): Uint8Array | undefined {
    return this.producer.preStateRoots.get(n);
  }

  /** The next block as it will be mined: the context of calls at `pending`. */
  pendingHeader(): HeaderData {
    return this.producer.nextHeader();
  }

  coinbase(): Address {
    return this.mining.coinbase ?? this.options.coinbase ?? this.options.genesis?.coinbase ?? new Address(new Uint8Array(20));
  }

  // ---- reading the chain ----

  async getBlock(tag: BlockTag): Promise<Block | undefined> {
    return tag === 'pending' ? this.pendingBlock() : this.queries.block(tag);
  }

  /**
   * The block the pool would make now: built on a copy of the live state, then thrown away. With
   * an empty pool (always, when automining) it is the latest block, as in geth.
   */
  private pendingBlock(): Promise<Block> {
    if (this.pool.size === 0) return Promise.resolve(this.store.head);
    return this.serial(() => this.producer.preview());
  }

  async getTransaction(hash: Uint8Array): Promise<TxLookup | undefined> {
    const at = this.store.locate(hash);
    if (at) {
      const block = this.store.block(at.blockNumber)!;
      const tx = block.transactions[at.index];
      return { tx, hash, from: this.store.receiptsOf(at.blockNumber)![at.index].from, block, index: at.index };
    }
    const pooled = this.pool.get(hash);
    return pooled ? { tx: pooled.tx, hash, from: pooled.sender } : undefined;
  }

  async getTransactionByBlock(tag: BlockTag, index: number): Promise<TxLookup | undefined> {
    const block = await this.getBlock(tag);
    const tx = block?.transactions[index];
    if (!tx) return undefined;
    // The receipt keeps the sender (an impersonated transaction's signature does not name it); the pool, for the pending block.
    const hash = tx.hash();
    const from = this.store.receiptsOf(block!.header.number)?.[index]?.from ?? this.pool.get(hash)?.sender ?? this.executor.senderOf(tx);
    return { tx, hash, from, block, index };
  }

  async getReceipt(hash: Uint8Array): Promise<ReceiptView | undefined> {
    const at = this.store.locate(hash);
    return at ? this.store.receiptsOf(at.blockNumber)?.[at.index] : undefined;
  }

  async getBlockReceipts(tag: BlockTag): Promise<ReceiptView[] | undefined> {
    const block = await this.getBlock(tag);
    return block ? this.store.receiptsOf(block.header.number) : undefined;
  }

  async getLogs(filter: LogFilter): Promise<LogView[]> {
    return this.queries.logs(filter);
  }

  getBalance(address: Address, tag: BlockTag): Promise<bigint> {
    return this.queries.balance(address, tag);
  }

  getCode(address: Address, tag: BlockTag): Promise<Uint8Array> {
    return this.queries.code(address, tag);
  }

  getStorageAt(address: Address, slot: Uint8Array, tag: BlockTag): Promise<Uint8Array> {
    return this.queries.storage(address, slot, tag);
  }

  getTransactionCount(address: Address, tag: BlockTag): Promise<bigint> {
    return this.queries.nonce(address, tag);
  }

  // ---- transactions ----

  async sendRawTransaction(raw: Uint8Array): Promise<Uint8Array> {
    const tx = this.executor.decodeTransaction(raw);
    return this.submit(tx, tx.getSenderAddress());
  }

  async sendTransaction(request: TxRequest, unsigned = false): Promise<Uint8Array> {
    const from = request.from;
    const key = unsigned ? undefined : this.dev.find((a) => a.address.equals(from))?.privateKey;
    if (!key && !unsigned && !this.impersonated.has(from.toString())) throw new TxError('unknownAccount', from.toString());
    // Nonce, gas and submission in one step: concurrent sends from one account get consecutive nonces.
    return this.serial(async () => {
      const tx = await this.buildTransaction(request);
      return this.submitNow(key ? tx.sign(key) : impersonate(tx, from), from);
    });
  }

  /** eth_fillTransaction: the request with nonce, gas and fees filled in, unsigned. */
  fillTransaction(request: TxRequest): Promise<TypedTransaction> {
    return this.serial(() => this.buildTransaction(request));
  }

  /** eth_signTransaction: filled in and signed by the dev account it is from. */
  async signTransaction(request: TxRequest): Promise<TypedTransaction> {
    const key = this.keyOf(request.from);
    return (await this.fillTransaction(request)).sign(key);
  }

  async getProof(address: Address, slots: Uint8Array[], tag: BlockTag): Promise<AccountProof> {
    const block = await this.queries.block(tag);
    if (!block) throw new ChainError('header not found');
    return accountProof(this.executor.state, block, address, slots);
  }

  createAccessList(request: CallRequest, tag: BlockTag): Promise<AccessListResult> {
    return this.onStateAt(tag, (executor, block) => createAccessList(executor, request, block));
  }

  blobBaseFee(): bigint {
    return blobBaseFee(this.store.head, this.executor.vm.common);
  }

  forkConfig(): ForkConfig {
    return forkConfig(this.executor.vm.common, this.store.block(0n)!, crc32);
  }

  private async buildTransaction(r: TxRequest): Promise<TypedTransaction> {
    const nonce = r.nonce ?? await this.pendingNonce(r.from);
    // geth's core.ErrNonceMax: a nonce of 2^64 - 1 could never be followed.
    if (nonce >= MAX_NONCE) throw new TxError('nonceMax', `address ${r.from}, nonce: ${nonce}`);
    const base = this.mining.nextBaseFeeAfter(this.store.head.header);
    const legacy = r.type === 0 || r.type === 1 || (r.gasPrice !== undefined && r.maxFeePerGas === undefined);
    const common = { to: r.to, data: r.data ?? new Uint8Array(0), value: r.value ?? 0n, nonce, accessList: r.accessList?.map((e) => ({ address: e.address.toString(), storageKeys: e.storageKeys.map((k) => bytesToHex(k)) })) };
    // Already inside serial(): estimate directly rather than queueing behind ourselves.
    const gasLimit = r.gas ?? await (async () => {
      const { executor, block } = await this.queries.executorAt('pending');
      return executor.estimateGas({ ...r }, block);
    })();
    if (legacy) {
      return createTx({ ...common, type: r.type ?? TransactionType.Legacy, gasPrice: r.gasPrice ?? defaultFeeCap(base, 0n), gasLimit }, { common: this.executor.common, allowUnlimitedInitCodeSize: true });
    }
    const tip = r.maxPriorityFeePerGas ?? await this.maxPriorityFeePerGas();
    return createTx({ ...common, type: TransactionType.FeeMarketEIP1559, gasLimit, maxPriorityFeePerGas: tip, maxFeePerGas: r.maxFeePerGas ?? defaultFeeCap(base, tip) },
      { common: this.executor.common, allowUnlimitedInitCodeSize: true });
  }

  private async pendingNonce(address: Address): Promise<bigint> {
    return this.pool.nextNonce(address, (await this.executor.state.getAccount(address))?.nonce ?? 0n);
  }

  private submit(tx: TypedTransaction, sender: Address): Promise<Uint8Array> {
    return this.serial(() => this.submitNow(tx, sender));
  }

  /** Checks a transaction against the pending state, pools it, and mines it when automining. Call inside serial(). */
  private async submitNow(tx: TypedTransaction, sender: Address): Promise<Uint8Array> {
    const account = await this.executor.state.getAccount(sender);
    const stateNonce = account?.nonce ?? 0n;
    if (tx.nonce < stateNonce) throw new TxError('nonceTooLow', `address ${sender}, tx: ${tx.nonce} state: ${stateNonce}`);
    // Everything but the nonce is checked as if it ran next; a future nonce waits in the pool.
    const next = this.mining.nextBaseFeeAfter(this.store.head.header);
    const probe = this.executor.block({ number: this.store.height + 1n, gasLimit: this.producer.gasLimit(), baseFeePerGas: next });
    const tip = tipCap(tx);
    if (this.mining.minGasPrice !== undefined && tip < this.mining.minGasPrice) {
      throw new TxError('underpriced', `gas tip cap ${tip}, minimum needed ${this.mining.minGasPrice}`);
    }
    await this.executor.checkTransaction(tx, probe, sender).catch((e: unknown) => {
      if (!(e instanceof TxError && e.code === 'nonceTooHigh')) throw e;
    });
    const hash = tx.hash();
    this.pool.add({ tx, hash, sender });
    this.producer.confirmedNonces.set(sender.toString(), stateNonce);
    this.events.emit('pendingTransaction', hash);
    if (this.automine) {
      // Checked above, it should go in; if building the block still refuses it, the client hears why now.
      const reason = (await this.mineBlock()).rejected.get(bytesToHex(hash));
      if (reason !== undefined) {
        this.pool.remove(hash);
        throw new TxError('invalidTransaction', reason);
      }
    }
    return hash;
  }

  /** eth_sendUnsignedTransaction (Anvil): from any address, unsigned, as if impersonated. */
  sendUnsignedTransaction(request: TxRequest): Promise<Uint8Array> {
    return this.sendTransaction(request, true);
  }

  sign(address: Address, message: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(signPersonalMessage(message, this.keyOf(address)));
  }

  signTypedData(address: Address, typedData: unknown): Promise<Uint8Array> {
    return Promise.resolve(signTypedData(typedData, this.keyOf(address)));
  }

  private keyOf(address: Address): Uint8Array {
    const key = this.dev.find((a) => a.address.equals(address))?.privateKey;
    if (!key) throw new TxError('unknownAccount', address.toString());
    return key;
  }

  async call(request: CallRequest, tag: BlockTag): Promise<Uint8Array> {
    const out = await this.onStateAt(tag, (executor, block) => executor.call(request, block));
    if (out.reverted) throw new ExecutionReverted(out.returnValue);
    if (!out.success) throw new ExecutionFailed(out.error ?? 'execution failed');
    return out.returnValue;
  }

  estimateGas(request: CallRequest, tag: BlockTag): Promise<bigint> {
    return this.onStateAt(tag, (executor, block) => executor.estimateGas(request, block));
  }

  /**
   * Runs `task` on the state at `tag`. A call on the live state checkpoints and reverts it, so it
   * must not interleave with a block being built on that same state: it queues with mining.
   */
  onStateAt<T>(tag: BlockTag, task: (executor: Executor, block: Block) => Promise<T>): Promise<T> {
    const run = async () => {
      const { executor, block } = await this.queries.executorAt(tag);
      return task(executor, block);
    };
    return this.queries.resolve(tag).live ? this.serial(run) : run();
  }

  async gasPrice(): Promise<bigint> {
    return this.mining.nextBaseFeeAfter(this.store.head.header) + await this.maxPriorityFeePerGas();
  }

  /** The suggested tip: 1 gwei, or the pool's minimum (anvil_setMinGasPrice) when higher. */
  async maxPriorityFeePerGas(): Promise<bigint> {
    const min = this.mining.minGasPrice ?? 0n;
    return min > DEFAULT_TIP ? min : DEFAULT_TIP;
  }

  feeHistory(blockCount: number, newest: BlockTag, rewardPercentiles?: number[]): Promise<FeeHistory> {
    return feeHistory(this, blockCount, newest, rewardPercentiles);
  }

  // ---- mining ----

  mine(blocks = 1n, interval = 1n, timestamp?: bigint): Promise<void> {
    return this.serial(async () => {
      if (timestamp !== undefined) this.setNextBlockTimestamp(timestamp);
      this.clock.checkRun(blocks, interval, this.store.head.header.timestamp);
      for (let i = 0n; i < blocks; i++) {
        if (i > 0n) {
          // A macrotask between blocks: requests that need no queue (eth_blockNumber, reads) are answered meanwhile.
          await new Promise((resolve) => setImmediate(resolve));
          this.clock.spaceBy(interval, this.store.head.header.timestamp);
        }
        // After the first block, an empty one takes the header-only path (see BlockProducer.mineEmpty).
        const empty = i > 0n ? await this.producer.mineEmpty() : undefined;
        if (empty) this.events.emit('newHead', empty);
        else await this.mineBlock();
      }
    });
  }

  setAutomine(enabled: boolean): void {
    this.automine = enabled;
    if (enabled && this.pool.size > 0) void this.mine();
  }

  getAutomine(): boolean {
    return this.automine;
  }

  setIntervalMining(ms: number): void {
    if (this.intervalTimer) clearInterval(this.intervalTimer);
    this.intervalTimer = null;
    if (ms > 0) {
      this.automine = false;
      this.intervalTimer = setInterval(() => void this.mine().catch((e: unknown) => this.log(`interval mining failed: ${(e as Error).message}`)), ms);
      this.intervalTimer.unref();
    }
  }

  setNextBlockTimestamp(timestamp: bigint): void {
    this.clock.setNext(timestamp, this.store.head.header.timestamp);
  }

  setBlockTimestampInterval(seconds: bigint | null): void {
    this.clock.setInterval(seconds);
  }

  increaseTime(seconds: bigint): bigint {
    return this.clock.increase(seconds, this.store.head.header.timestamp);
  }

  /** Builds, stores and announces one block from the pool. Call inside serial(). */
  private async mineBlock(): Promise<{ block: Block; rejected: Map<string, string> }> {
    const { block, receipts, rejected, debugOutput } = await this.producer.mine();
    this.events.emit('newHead', block);
    const logs = receipts.flatMap((r) => r.logs);
    if (logs.length > 0) this.events.emit('logs', logs);
    for (const output of debugOutput) this.events.emit('debugLogs', output);
    return { block, rejected };
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  // ---- cheats ----

  snapshot(): Promise<bigint> {
    return this.cheats.snapshot();
  }

  revert(id: bigint): Promise<boolean> {
    return this.cheats.revert(id);
  }

  setBalance(address: Address, balance: bigint): Promise<void> {
    return this.cheats.setBalance(address, balance);
  }

  setCode(address: Address, code: Uint8Array): Promise<void> {
    return this.cheats.setCode(address, code);
  }

  setNonce(address: Address, nonce: bigint): Promise<void> {
    return this.cheats.setNonce(address, nonce);
  }

  setStorageAt(address: Address, slot: Uint8Array, value: Uint8Array): Promise<void> {
    return this.cheats.setStorageAt(address, slot, value);
  }

  impersonate(address: Address): void {
    this.impersonated.add(address.toString());
  }

  stopImpersonating(address: Address): void {
    this.impersonated.delete(address.toString());
  }

  dropTransaction(hash: Uint8Array): boolean {
    return this.pool.remove(hash);
  }

  reset(): Promise<void> {
    this.mining.clear();
    return this.cheats.reset();
  }

  dumpState(): Promise<Uint8Array> {
    return this.queries.dumpState();
  }

  /** As anvil_loadState: the dump's accounts over the live state, then the chain moves up to the dump's block and time. */
  async loadState(state: Uint8Array): Promise<void> {
    let at: { block?: bigint; timestamp?: bigint } = {};
    await this.cheats.change(async () => { at = await this.queries.loadState(state); });
    const missing = at.block !== undefined ? at.block - this.store.height : 0n;
    if (missing <= 0n) return;
    // Blocks one second apart, the last one at the dump's timestamp when that is still ahead.
    const first = at.timestamp !== undefined ? at.timestamp - (missing - 1n) : undefined;
    await this.mine(missing, 1n, first !== undefined && first > this.store.head.header.timestamp ? first : undefined);
  }

  txpoolContent(): { pending: TxLookup[]; queued: TxLookup[] } {
    // The lowest pooled nonce per sender stands in for the account's: content() only needs the gaps.
    const lowest = new Map<string, bigint>();
    for (const p of this.pool.all()) {
      const s = p.sender.toString();
      if (!lowest.has(s) || p.tx.nonce < lowest.get(s)!) lowest.set(s, p.tx.nonce);
    }
    const view = (p: PooledTx): TxLookup => ({ tx: p.tx, hash: p.hash, from: p.sender });
    const { pending, queued } = this.pool.content((s) => this.producer.confirmedNonces.get(s) ?? lowest.get(s) ?? 0n);
    return { pending: pending.map(view), queued: queued.map(view) };
  }

  traceTransaction(hash: Uint8Array, options?: TraceOptions): Promise<TraceJson> {
    return traceTransaction(this, hash, options);
  }

  traceCall(request: CallRequest, tag: BlockTag, options?: TraceOptions): Promise<TraceJson> {
    return traceCall(this, request, tag, options);
  }

  traceBlock(tag: BlockTag, options?: TraceOptions): Promise<BlockTrace[]> {
    return traceBlock(this, tag, options);
  }

  replayBlock(tag: BlockTag): Promise<BlockReplay> {
    return replayBlock(this, tag);
  }

  gasProfile(target: ProfileTarget): Promise<GasProfile> {
    return gasProfile(this, target);
  }

  on<E extends keyof ChainEvents>(event: E, listener: ChainEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof ChainEvents>(event: E, listener: ChainEvents[E]): void {
    this.events.off(event, listener);
  }

  async close(): Promise<void> {
    this.setIntervalMining(0);
    await this.queue;
    if (this.persistent) await this.store.flushState(await this.executor.state.getStateRoot());
    await this.level.close();
  }
}
