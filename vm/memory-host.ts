/**
 * A complete Host kept in memory: accounts, storage with transaction-start originals, EIP-2929
 * access sets, logs, nested Wasm calls and creates, and a journal so a failed or reverted frame
 * leaves nothing behind. It serves `ewasm-devnet exec` and the engine's tests; the chain uses its
 * own host on the trie-backed state.
 */
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { finishDeployment } from './deploy.ts';
import { hasWasmPreamble } from './wasm/module.ts';
import type { WasmEngine } from './engine.ts';
import type { AccessStatus, Address, Bytes32, ExecutionResult, Host, Log, Message, StorageStatus, TxContext } from './host.ts';

export interface Account {
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  storage: Map<string, Uint8Array>;
}

interface Snapshot {
  accounts: Map<string, Account>;
  logs: number;
  destructed: Set<string>;
  accessedAccounts: Set<string>;
  accessedSlots: Set<string>;
}

const ZERO32 = new Uint8Array(32);
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const isZero = (b: Uint8Array) => b.every((x) => x === 0);
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export const DEFAULT_TX_CONTEXT: TxContext = {
  origin: new Uint8Array(20).fill(0x11),
  gasPrice: 1n,
  coinbase: new Uint8Array(20).fill(0xcb),
  number: 1n,
  timestamp: 1_700_000_000n,
  gasLimit: 30_000_000n,
  difficulty: 0n,
  chainId: 1337n,
  baseFee: 0n,
};

/** Precompiled contracts a MemoryHost can call (exec passes the chain's own, scripts/lib/precompiles.ts). */
export interface Precompiles {
  has(address: Address): boolean;
  run(message: Message): Promise<ExecutionResult>;
}

export class MemoryHost implements Host {
  /** Calls to these addresses run the precompile; they are always warm (EIP-2929). None by default. */
  precompiles: Precompiles | null = null;
  accounts = new Map<string, Account>();
  readonly logs: Log[] = [];
  readonly debugLines: string[] = [];
  private readonly engine: WasmEngine;
  private txContext: TxContext;
  private readonly original = new Map<string, Uint8Array>();
  private destructed = new Set<string>();
  private accessedAccounts = new Set<string>();
  private accessedSlots = new Set<string>();
  readonly blockHashes = new Map<bigint, Bytes32>();
  maxCodeSize = 1 << 20;
  onDebug: ((line: string) => void) | null = null;

  constructor(engine: WasmEngine, txContext: TxContext = DEFAULT_TX_CONTEXT) {
    this.engine = engine;
    this.txContext = txContext;
  }

  account(address: Address): Account {
    const key = hex(address);
    let a = this.accounts.get(key);
    if (!a) {
      a = { balance: 0n, nonce: 0n, code: new Uint8Array(0), storage: new Map() };
      this.accounts.set(key, a);
    }
    return a;
  }

  setTxContext(context: TxContext): void {
    this.txContext = context;
  }

  // ---- Host ----

  accountExists(address: Address): boolean {
    const a = this.accounts.get(hex(address));
    return a !== undefined && (a.balance !== 0n || a.nonce !== 0n || a.code.length > 0);
  }
  getBalance(address: Address): bigint {
    return this.accounts.get(hex(address))?.balance ?? 0n;
  }
  getCode(address: Address): Uint8Array {
    return this.accounts.get(hex(address))?.code ?? new Uint8Array(0);
  }
  getCodeSize(address: Address): number {
    return this.getCode(address).length;
  }
  getStorage(address: Address, key: Bytes32): Bytes32 {
    return this.accounts.get(hex(address))?.storage.get(hex(key)) ?? ZERO32;
  }
  setStorage(address: Address, key: Bytes32, value: Bytes32): StorageStatus {
    const slot = `${hex(address)}:${hex(key)}`;
    const current = this.getStorage(address, key);
    if (!this.original.has(slot)) this.original.set(slot, current);
    const original = this.original.get(slot)!;
    const storage = this.account(address).storage;
    if (isZero(value)) storage.delete(hex(key));
    else storage.set(hex(key), value.slice());
    return storageStatus(original, current, value);
  }
  accessAccount(address: Address): AccessStatus {
    if (this.precompiles?.has(address)) return 'warm';
    const key = hex(address);
    if (this.accessedAccounts.has(key)) return 'warm';
    this.accessedAccounts.add(key);
    return 'cold';
  }
  accessStorage(address: Address, key: Bytes32): AccessStatus {
    const slot = `${hex(address)}:${hex(key)}`;
    if (this.accessedSlots.has(slot)) return 'warm';
    this.accessedSlots.add(slot);
    return 'cold';
  }
  emitLog(log: Log): void {
    this.logs.push(log);
  }
  selfDestruct(address: Address, beneficiary: Address): boolean {
    const from = this.account(address);
    const first = !this.destructed.has(hex(address));
    this.destructed.add(hex(address));
    const amount = from.balance;
    from.balance = 0n;
    if (!equal(address, beneficiary)) this.account(beneficiary).balance += amount;
    return first;
  }
  getTxContext(): TxContext {
    return this.txContext;
  }
  getBlockHash(number: bigint): Bytes32 | undefined {
    if (number >= this.txContext.number || number + 256n < this.txContext.number) return undefined;
    return this.blockHashes.get(number) ?? keccak256(new TextEncoder().encode(`block ${number}`));
  }
  debugPrint(line: string): void {
    this.debugLines.push(line);
    this.onDebug?.(line);
  }

  async call(message: Message): Promise<ExecutionResult> {
    // As in the EVM, the creator's nonce goes up in the caller's frame: a failed create keeps it.
    let address: Address | null = null;
    if (message.kind === 'create') {
      const creator = this.account(message.sender);
      address = createAddress(message.sender, creator.nonce);
      creator.nonce += 1n;
    }
    const snapshot = this.snapshot();
    const result = address ? await this.create(message, address) : await this.messageCall(message);
    if (result.status !== 'success') this.restore(snapshot);
    return result;
  }

  /** Runs a top-level frame (a transaction's message) with the same journaling as nested ones. */
  async execute(message: Message): Promise<ExecutionResult> {
    this.accessAccount(message.sender);
    this.accessAccount(message.recipient);
    return this.call(message);
  }

  private async messageCall(message: Message): Promise<ExecutionResult> {
    if (message.kind === 'call' || message.kind === 'callCode') {
      if (message.value > 0n) {
        const from = this.account(message.sender);
        if (from.balance < message.value) return { status: 'failure', gasLeft: 0n, gasRefund: 0n, output: new Uint8Array(0), error: 'insufficient balance' };
        from.balance -= message.value;
        this.account(message.recipient).balance += message.value;
      }
    }
    if (this.precompiles?.has(message.codeAddress)) return this.precompiles.run(message);
    const code = this.getCode(message.codeAddress);
    if (code.length === 0) return { status: 'success', gasLeft: message.gas, gasRefund: message.gasRefund ?? 0n, output: new Uint8Array(0) };
    if (!hasWasmPreamble(code)) {
      return { status: 'failure', gasLeft: 0n, gasRefund: 0n, output: new Uint8Array(0), error: 'EVM code cannot run in the in-memory host' };
    }
    return this.engine.execute(message, code, this);
  }

  private async create(message: Message, address: Address): Promise<ExecutionResult> {
    const creator = this.account(message.sender);
    if (creator.balance < message.value) {
      return { status: 'failure', gasLeft: 0n, gasRefund: 0n, output: new Uint8Array(0), error: 'insufficient balance' };
    }
    this.accessAccount(address);
    const target = this.account(address);
    if (target.code.length > 0 || target.nonce > 0n) {
      return { status: 'failure', gasLeft: 0n, gasRefund: 0n, output: new Uint8Array(0), error: 'address collision' };
    }
    target.nonce = 1n;
    creator.balance -= message.value;
    target.balance += message.value;
    const frame: Message = { ...message, recipient: address, codeAddress: address };
    const ran = await this.engine.execute(frame, message.input, this);
    const result = finishDeployment(this.engine, ran, { maxCodeSize: this.maxCodeSize });
    if (result.status !== 'success') return result;
    target.code = result.output;
    return { ...result, createAddress: address };
  }

  private snapshot(): Snapshot {
    const accounts = new Map<string, Account>();
    for (const [k, a] of this.accounts) accounts.set(k, { ...a, storage: new Map(a.storage) });
    return {
      accounts, logs: this.logs.length, destructed: new Set(this.destructed),
      accessedAccounts: new Set(this.accessedAccounts), accessedSlots: new Set(this.accessedSlots),
    };
  }

  private restore(s: Snapshot): void {
    this.accounts = s.accounts;
    this.logs.length = s.logs;
    this.destructed = s.destructed;
    this.accessedAccounts = s.accessedAccounts;
    this.accessedSlots = s.accessedSlots;
  }
}

export function storageStatus(original: Uint8Array, current: Uint8Array, value: Uint8Array): StorageStatus {
  if (equal(current, value)) return 'assigned';
  const o0 = isZero(original), c0 = isZero(current), n0 = isZero(value);
  if (equal(original, current)) {
    if (o0) return 'added';
    return n0 ? 'deleted' : 'modified';
  }
  // Dirty slot: current differs from original.
  if (o0) return n0 ? 'addedDeleted' : 'assigned';
  if (c0) return equal(original, value) ? 'deletedRestored' : 'deletedAdded';
  if (n0) return 'modifiedDeleted';
  return equal(original, value) ? 'modifiedRestored' : 'assigned';
}

/** keccak256(rlp([sender, nonce]))[12:], the CREATE address. */
export function createAddress(sender: Address, nonce: bigint): Address {
  const nonceBytes = nonce === 0n ? new Uint8Array(0) : Buffer.from(nonce.toString(16).padStart(Math.ceil(nonce.toString(16).length / 2) * 2, '0'), 'hex');
  const nonceItem = nonceBytes.length === 1 && nonceBytes[0] < 0x80 ? nonceBytes : Uint8Array.of(0x80 + nonceBytes.length, ...nonceBytes);
  const payload = Uint8Array.of(0x94, ...sender, ...nonceItem);
  return keccak256(Uint8Array.of(0xc0 + payload.length, ...payload)).slice(12);
}
