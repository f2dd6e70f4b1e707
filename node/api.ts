/**
 * What the chain offers the JSON-RPC layer: typed values only (bigint, Uint8Array, Address and
 * @ethereumjs objects), never hex strings — rpc/ converts at its edge. One implementation:
 * node/devnet.ts.
 */
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import type { Address } from '@ethereumjs/util';
import type { CallRequest } from './executor.ts';

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
  readonly accessList?: ReadonlyArray<{ address: Address; storageKeys: Uint8Array[] }>;
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

export interface StructLog {
  readonly pc: number;
  readonly op: string;
  readonly gas: bigint;
  readonly gasCost: bigint;
  readonly depth: number;
  readonly stack?: bigint[];
}

export interface TraceResult {
  readonly gas: bigint;
  readonly failed: boolean;
  /** Why it failed, when it did (a Wasm engine's or validator's reason, an EVM error, "execution reverted"). */
  readonly error?: string;
  readonly returnValue: Uint8Array;
  /** EVM frames give opcode steps; Wasm frames give host-call entries with the gas each charged. */
  readonly structLogs: Array<StructLog | { readonly depth: number; readonly hostCall: string; readonly gas: bigint; readonly gasCost: bigint; readonly engine: 'wasm' }>;
}

export interface ChainEvents {
  newHead: (block: Block) => void;
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
  /** EIP-191 personal_sign / eth_sign: 65-byte signature. */
  sign(address: Address, message: Uint8Array): Promise<Uint8Array>;
  /** EIP-712 eth_signTypedData_v4. */
  signTypedData(address: Address, typedData: unknown): Promise<Uint8Array>;
  call(request: CallRequest, tag: BlockTag): Promise<Uint8Array>;
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
  traceTransaction(hash: Uint8Array): Promise<TraceResult>;
  traceCall(request: CallRequest, tag: BlockTag): Promise<TraceResult>;

  on<E extends keyof ChainEvents>(event: E, listener: ChainEvents[E]): void;
  off<E extends keyof ChainEvents>(event: E, listener: ChainEvents[E]): void;
  close(): Promise<void>;
}
