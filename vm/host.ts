/**
 * The only way the Wasm engine reaches the chain: an EVMC-like host interface. The engine does
 * gas accounting and memory access; the host owns state, journaling, value transfer and nested
 * execution. Any method may answer with a promise; the engine awaits it through JSPI.
 */

/** 20 bytes. */
export type Address = Uint8Array;
/** 32 bytes: storage keys and values, hashes, topics. */
export type Bytes32 = Uint8Array;
export type MaybePromise<T> = T | Promise<T>;

export type CallKind = 'call' | 'callCode' | 'callDelegate' | 'callStatic' | 'create';

export interface Message {
  readonly kind: CallKind;
  /** Writes are forbidden in this frame and every frame it starts. */
  readonly isStatic: boolean;
  /** 0 for the transaction's own frame. */
  readonly depth: number;
  readonly gas: bigint;
  /** The account whose storage and balance the frame uses (the new account for a create). */
  readonly recipient: Address;
  readonly sender: Address;
  readonly input: Uint8Array;
  readonly value: bigint;
  /** The account whose code runs (differs from `recipient` for callCode and callDelegate). */
  readonly codeAddress: Address;
  /**
   * The transaction's refund counter when the frame starts (0 if absent). Nested frames carry it
   * on, because a storage write can lower it and it must never drop below zero.
   */
  readonly gasRefund?: bigint;
}

export type Status = 'success' | 'revert' | 'outOfGas' | 'failure';

export interface ExecutionResult {
  readonly status: Status;
  /** Unused gas, returned to the caller; always 0 for outOfGas and failure. */
  readonly gasLeft: bigint;
  /** The refund counter after the frame, for success; on any other outcome the caller keeps its own. */
  readonly gasRefund: bigint;
  /** Return data for success and revert; the runtime code for a successful create frame. */
  readonly output: Uint8Array;
  /** For a create: the new account, on success. */
  readonly createAddress?: Address;
  /** Why the frame failed, for traces and logs; never part of consensus. */
  readonly error?: string;
}

/**
 * What a storage write did, in EVMC's terms, so that any gas schedule can be priced from it:
 * O is the value at the start of the transaction, C the current value, N the new one.
 */
export type StorageStatus =
  | 'assigned' // no-op or dirty slot: C == N, or writes that only change refunds
  | 'added' // O = C = 0, N != 0
  | 'deleted' // O = C != 0, N = 0
  | 'modified' // O = C != 0, N != 0, N != C
  | 'deletedAdded' // O != 0, C = 0, N != 0, N != O
  | 'modifiedDeleted' // O != 0, C != O, C != 0, N = 0
  | 'deletedRestored' // O != 0, C = 0, N = O
  | 'addedDeleted' // O = 0, C != 0, N = 0
  | 'modifiedRestored'; // O != 0, C != O, C != 0, N = O

export type AccessStatus = 'warm' | 'cold';

export interface TxContext {
  readonly origin: Address;
  readonly gasPrice: bigint;
  readonly coinbase: Address;
  readonly number: bigint;
  readonly timestamp: bigint;
  readonly gasLimit: bigint;
  /** Block difficulty before the merge; PREVRANDAO after it (what getBlockDifficulty returns). */
  readonly difficulty: bigint;
  readonly chainId: bigint;
  readonly baseFee: bigint;
}

export interface Log {
  readonly address: Address;
  readonly topics: Bytes32[];
  readonly data: Uint8Array;
}

export interface Host {
  accountExists(address: Address): MaybePromise<boolean>;
  getBalance(address: Address): MaybePromise<bigint>;
  getCode(address: Address): MaybePromise<Uint8Array>;
  getCodeSize(address: Address): MaybePromise<number>;
  getStorage(address: Address, key: Bytes32): MaybePromise<Bytes32>;
  setStorage(address: Address, key: Bytes32, value: Bytes32): MaybePromise<StorageStatus>;
  /** Marks an account accessed (EIP-2929) and says whether it already was. */
  accessAccount(address: Address): MaybePromise<AccessStatus>;
  accessStorage(address: Address, key: Bytes32): MaybePromise<AccessStatus>;
  emitLog(log: Log): MaybePromise<void>;
  /** Registers the self-destruct; true when it is the account's first in this transaction. */
  selfDestruct(address: Address, beneficiary: Address): MaybePromise<boolean>;
  /** Runs a nested frame; gas is what the caller forwards, value transfer is the host's job. */
  call(message: Message): MaybePromise<ExecutionResult>;
  getTxContext(): TxContext;
  /** Hash of one of the 256 most recent blocks, or undefined. */
  getBlockHash(number: bigint): MaybePromise<Bytes32 | undefined>;
  /** Where `debug.print*` output goes: the node's log, never the chain. */
  debugPrint?(line: string): void;
}
