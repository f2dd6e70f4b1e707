/**
 * What the chain offers the JSON-RPC layer: typed values only (bigint, Uint8Array, Address and
 * @ethereumjs objects), never hex strings — rpc/ converts at its edge. One implementation:
 * node/devnet.ts.
 */
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import type { Address } from '@ethereumjs/util';
import type { CallRequest } from './executor.ts';
import type { MiningSettings } from './mining-settings.ts';
import type { AccessListResult, AccountProof, ForkConfig } from './rpc-extras.ts';

export type { AccessListResult, AccountProof, ForkConfig };
import type { Json as TraceJson, TraceOptions } from './tracers/index.ts';
import type { BlockReplay } from './replay.ts';
import type { GasProfile, ProfileTarget } from './profile/index.ts';

export type { BlockReplay, GasProfile, ProfileTarget };

export type { CallRequest };

/** A block by tag or number, or by hash (EIP-1898). */
export type BlockTag =
  | 'latest' | 'earliest' | 'pending' | 'safe' | 'finalized'
  | bigint
  | { readonly blockHash: Uint8Array; readonly requireCanonical?: boolean }
  | { readonly blockNumber: bigint };

export interface TxRequest extends CallRequest {
  readonly from: Address;
  readonly nonce?: bigint;
  readonly type?: 0 | 1 | 2;
}

export interface TxLookup {
  readonly tx: TypedTransaction;
  readonly hash: Uint8Array;
  readonly from: Address;
  /** Absent while the transaction waits in the pool. */
  readonly block?: Block;
  readonly index?: number;
}

export interface LogView {
  readonly address: Address;
  readonly topics: Uint8Array[];
  readonly data: Uint8Array;
  readonly blockNumber: bigint;
  readonly blockHash: Uint8Array;
  readonly transactionHash: Uint8Array;
  readonly transactionIndex: number;
  /** Position in the block, counted over all its transactions. */
  readonly logIndex: number;
  readonly removed: boolean;
}

export interface ReceiptView {
  readonly transactionHash: Uint8Array;
  readonly transactionIndex: number;
  readonly blockHash: Uint8Array;
  readonly blockNumber: bigint;
  readonly from: Address;
  readonly to?: Address;
  readonly cumulativeGasUsed: bigint;
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  readonly contractAddress?: Address;
  readonly logs: LogView[];
  readonly logsBloom: Uint8Array;
  /** 1 success, 0 failure. */
  readonly status: 0 | 1;
  readonly type: number;
  /** Blob transactions (type 3): the blob gas they used and its price in their block. */
  readonly blobGasUsed?: bigint;
  readonly blobGasPrice?: bigint;
  /** Why it failed (revert reason or engine error), for the node's log and traces. */
  readonly error?: string;
  readonly revertData?: Uint8Array;
}

export interface LogFilter {
  readonly fromBlock?: BlockTag;
  readonly toBlock?: BlockTag;
  readonly blockHash?: Uint8Array;
  readonly address?: Address[];
  /** Per position: null matches anything, a list matches any of its entries. */
  readonly topics?: ReadonlyArray<Uint8Array[] | null>;
}

export interface FeeHistory {
  readonly oldestBlock: bigint;
  readonly baseFeePerGas: bigint[];
  readonly gasUsedRatio: number[];
  readonly reward?: bigint[][];
}

/** A tracer's result: a JSON document in geth's shape for that tracer (node/tracers/). */
export type { TraceJson, TraceOptions };

export interface BlockTrace {
  readonly txHash: Uint8Array;
  readonly result: TraceJson;
}

/** A mined transaction's console output (Solidity console.log and Wasm debug.print*), in order. */
export interface DebugOutput {
  readonly transactionHash: Uint8Array;
  readonly blockNumber: bigint;
  readonly logs: string[];
}

export interface ChainEvents {
  newHead: (block: Block) => void;
  debugLogs: (output: DebugOutput) => void;
  logs: (logs: LogView[]) => void;
  pendingTransaction: (hash: Uint8Array) => void;
}

export interface ChainNode {
  readonly chainId: bigint;
  readonly clientVersion: string;
  /** Unlocked dev accounts, in order. */
  accounts(): Address[];
  /** Where block rewards and tips go (eth_coinbase). */
  coinbase(): Address;

  blockNumber(): bigint;
  getBlock(tag: BlockTag): Promise<Block | undefined>;
  getTransaction(hash: Uint8Array): Promise<TxLookup | undefined>;
  getTransactionByBlock(tag: BlockTag, index: number): Promise<TxLookup | undefined>;
  getReceipt(hash: Uint8Array): Promise<ReceiptView | undefined>;
  getBlockReceipts(tag: BlockTag): Promise<ReceiptView[] | undefined>;
  getLogs(filter: LogFilter): Promise<LogView[]>;

  getBalance(address: Address, tag: BlockTag): Promise<bigint>;
  getCode(address: Address, tag: BlockTag): Promise<Uint8Array>;
  getStorageAt(address: Address, slot: Uint8Array, tag: BlockTag): Promise<Uint8Array>;
  getTransactionCount(address: Address, tag: BlockTag): Promise<bigint>;

  sendRawTransaction(raw: Uint8Array): Promise<Uint8Array>;
  /** From a dev account (signed with its key) or an impersonated one. */
  sendTransaction(request: TxRequest): Promise<Uint8Array>;
  /** From any address, unsigned (Anvil's eth_sendUnsignedTransaction). */
  sendUnsignedTransaction(request: TxRequest): Promise<Uint8Array>;
  /** EIP-191 personal_sign / eth_sign: 65-byte signature. */
  sign(address: Address, message: Uint8Array): Promise<Uint8Array>;
  /** EIP-712 eth_signTypedData_v4. */
  signTypedData(address: Address, typedData: unknown): Promise<Uint8Array>;
  call(request: CallRequest, tag: BlockTag): Promise<Uint8Array>;
  /** eth_fillTransaction / eth_signTransaction: nonce, gas and fees filled in as eth_sendTransaction would. */
  fillTransaction(request: TxRequest): Promise<TypedTransaction>;
  signTransaction(request: TxRequest): Promise<TypedTransaction>;
  /** EIP-1186, against the state root of the block `tag` names. */
  getProof(address: Address, slots: Uint8Array[], tag: BlockTag): Promise<AccountProof>;
  createAccessList(request: CallRequest, tag: BlockTag): Promise<AccessListResult>;
  blobBaseFee(): bigint;
  /** EIP-7910 (eth_config). */
  forkConfig(): ForkConfig;
  estimateGas(request: CallRequest, tag: BlockTag): Promise<bigint>;

  gasPrice(): Promise<bigint>;
  maxPriorityFeePerGas(): Promise<bigint>;
  feeHistory(blockCount: number, newest: BlockTag, rewardPercentiles?: number[]): Promise<FeeHistory>;

  /** `timestamp` is the first new block's (evm_mine's parameter), set in the same step as mining. */
  mine(blocks?: bigint, interval?: bigint, timestamp?: bigint): Promise<void>;
  setAutomine(enabled: boolean): void;
  getAutomine(): boolean;
  /** 0 stops interval mining. */
  setIntervalMining(ms: number): void;
  setNextBlockTimestamp(timestamp: bigint): void;
  /** Seconds between block timestamps from now on; null: back to the wall clock. */
  setBlockTimestampInterval(seconds: bigint | null): void;
  /** The next blocks' coinbase, gas limit, base fee, PREVRANDAO; the pool's minimum tip; logging. */
  readonly mining: MiningSettings;
  /** Returns the total time offset in seconds. */
  increaseTime(seconds: bigint): bigint;

  snapshot(): Promise<bigint>;
  revert(id: bigint): Promise<boolean>;
  setBalance(address: Address, balance: bigint): Promise<void>;
  setCode(address: Address, code: Uint8Array): Promise<void>;
  setNonce(address: Address, nonce: bigint): Promise<void>;
  setStorageAt(address: Address, slot: Uint8Array, value: Uint8Array): Promise<void>;
  impersonate(address: Address): void;
  stopImpersonating(address: Address): void;
  dropTransaction(hash: Uint8Array): boolean;
  reset(): Promise<void>;
  dumpState(): Promise<Uint8Array>;
  loadState(state: Uint8Array): Promise<void>;

  txpoolContent(): { pending: TxLookup[]; queued: TxLookup[] };
  traceTransaction(hash: Uint8Array, options?: TraceOptions): Promise<TraceJson>;
  traceCall(request: CallRequest, tag: BlockTag, options?: TraceOptions): Promise<TraceJson>;
  traceBlock(tag: BlockTag, options?: TraceOptions): Promise<BlockTrace[]>;
  /** Re-executes a mined block on its parent state: do the receipts and the state root come out the same? */
  replayBlock(tag: BlockTag): Promise<BlockReplay>;
  /** Gas by function (both engines) of a mined transaction or a call: top functions and an SVG flame graph. */
  gasProfile(target: ProfileTarget): Promise<GasProfile>;

  on<E extends keyof ChainEvents>(event: E, listener: ChainEvents[E]): void;
  off<E extends keyof ChainEvents>(event: E, listener: ChainEvents[E]): void;
  close(): Promise<void>;
}
