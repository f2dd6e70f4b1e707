/**
 * geth's prestateTracer (eth/tracers/native/prestate.go): every account and storage slot the
 * transaction touched, as it was before the transaction; with `diffMode`, `{pre, post}` holding only
 * what changed. Options: diffMode, disableCode, disableStorage, includeEmpty.
 *
 * geth finds touched accounts by watching opcodes; that would miss what Wasm host functions touch,
 * so this watches the state itself: the first read of an account or slot during the transaction is
 * its value before it (every write is preceded by a read of the same thing — SSTORE and the Wasm
 * storageStore read the current value for gas; accounts are read before they are changed).
 */
import { bigIntToHex, bytesToHex, setLengthLeft, type Account, type Address } from '@ethereumjs/util';
import type { StateManagerInterface } from '@ethereumjs/common';
import type { JsonObject, TraceContext, Tracer, TracerFactory } from './types.ts';

interface AccountState {
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  /** slot (0x + 64 hex) → value (0x + 64 hex) */
  storage: Map<string, string>;
}

export interface PrestateConfig {
  readonly diffMode?: boolean;
  readonly disableCode?: boolean;
  readonly disableStorage?: boolean;
  readonly includeEmpty?: boolean;
}

const word = (b: Uint8Array) => bytesToHex(setLengthLeft(b, 32));
const isEmpty = (a: AccountState) => a.balance === 0n && a.nonce === 0n && a.code.length === 0;

export class PrestateTracer implements Tracer {
  readonly hooks = {};
  private readonly config: PrestateConfig;
  private readonly state: StateManagerInterface;
  private readonly pre = new Map<string, { address: Address; account: AccountState }>();
  private restore: (() => void) | undefined;
  private post: Map<string, AccountState | undefined> | undefined;

  constructor(config: PrestateConfig, ctx: TraceContext) {
    this.config = config;
    this.state = ctx.state;
  }

  /** Wraps the state manager's reads for the duration of the transaction. */
  txStart(): void {
    const sm = this.state as StateManagerInterface & Record<string, unknown>;
    const getAccount = sm.getAccount;
    const getStorage = sm.getStorage;
    const getCode = sm.getCode.bind(sm);
    // The entry goes in before the code is read: reading code reads the account again.
    const record = async (address: Address, account: Account | undefined) => {
      const entry = { address, account: { balance: account?.balance ?? 0n, nonce: account?.nonce ?? 0n, code: new Uint8Array(0), storage: new Map() } };
      this.pre.set(address.toString(), entry);
      if (account !== undefined) entry.account.code = Uint8Array.from(await getCode(address));
    };
    sm.getAccount = async (address: Address) => {
      const account = await getAccount.call(sm, address);
      if (!this.pre.has(address.toString())) await record(address, account);
      return account;
    };
    sm.getStorage = async (address: Address, key: Uint8Array) => {
      const value = await getStorage.call(sm, address, key);
      if (!this.pre.has(address.toString())) await record(address, await getAccount.call(sm, address));
      const storage = this.pre.get(address.toString())!.account.storage;
      const slot = word(key);
      if (!storage.has(slot)) storage.set(slot, word(value));
      return value;
    };
    this.restore = () => {
      sm.getAccount = getAccount;
      sm.getStorage = getStorage;
    };
  }

  async txEnd(): Promise<void> {
    this.restore?.();
    if (this.config.diffMode !== true) return;
    this.post = new Map();
    for (const [key, { address, account }] of this.pre) {
      const now = await this.state.getAccount(address);
      if (now === undefined) {
        this.post.set(key, undefined);
        continue;
      }
      const storage = new Map<string, string>();
      for (const slot of account.storage.keys()) storage.set(slot, word(await this.state.getStorage(address, setLengthLeft(hexBytes(slot), 32))));
      this.post.set(key, { balance: now.balance, nonce: now.nonce, code: await this.state.getCode(address), storage });
    }
  }

  result(): JsonObject {
    return this.post === undefined ? this.prestate() : this.diff(this.post);
  }

  private prestate(): JsonObject {
    const out: JsonObject = {};
    for (const [key, { account }] of this.pre) {
      if (isEmpty(account) && this.config.includeEmpty !== true) continue;
      out[key] = this.encode(account, account.storage);
    }
    return out;
  }

  /** As geth's processDiffState: unchanged accounts and slots are left out of both sides, zero slots out of each. */
  private diff(post: Map<string, AccountState | undefined>): JsonObject {
    const pre: JsonObject = {};
    const changed: JsonObject = {};
    for (const [key, { account }] of this.pre) {
      const now = post.get(key);
      if (now === undefined) {
        // Deleted by the transaction: only its state before.
        if (!isEmpty(account)) pre[key] = this.encode(account, nonZero(account.storage));
        continue;
      }
      const preSlots = new Map<string, string>();
      const postSlots = new Map<string, string>();
      for (const [slot, before] of account.storage) {
        const after = now.storage.get(slot)!;
        if (before === after) continue;
        if (!isZeroWord(before)) preSlots.set(slot, before);
        if (!isZeroWord(after)) postSlots.set(slot, after);
      }
      const delta: JsonObject = {};
      if (now.balance !== account.balance) delta.balance = bigIntToHex(now.balance);
      if (now.code.length > 0 && bytesToHex(now.code) !== bytesToHex(account.code) && this.config.disableCode !== true) delta.code = bytesToHex(now.code);
      if (now.nonce !== account.nonce) delta.nonce = Number(now.nonce);
      const storageChanged = [...account.storage].some(([slot, before]) => now.storage.get(slot) !== before);
      if (postSlots.size > 0 && this.config.disableStorage !== true) delta.storage = Object.fromEntries(postSlots);
      const modified = now.balance !== account.balance || now.nonce !== account.nonce
        || bytesToHex(now.code) !== bytesToHex(account.code) || storageChanged;
      if (!modified) continue;
      changed[key] = delta;
      if (!isEmpty(account) || this.config.includeEmpty === true) pre[key] = this.encode(account, preSlots);
    }
    return { post: changed, pre };
  }

  private encode(a: AccountState, storage: Map<string, string>): JsonObject {
    const out: JsonObject = { balance: bigIntToHex(a.balance) };
    if (a.code.length > 0 && this.config.disableCode !== true) out.code = bytesToHex(a.code);
    if (a.nonce !== 0n) out.nonce = Number(a.nonce);
    if (storage.size > 0 && this.config.disableStorage !== true) out.storage = Object.fromEntries(storage);
    return out;
  }
}

const isZeroWord = (w: string) => /^0x0*$/.test(w);
const nonZero = (m: Map<string, string>) => new Map([...m].filter(([, v]) => !isZeroWord(v)));
const hexBytes = (h: string) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));

export const prestateTracer: TracerFactory = (config, ctx) => new PrestateTracer({
  diffMode: config.diffMode === true, disableCode: config.disableCode === true,
  disableStorage: config.disableStorage === true, includeEmpty: config.includeEmpty === true,
}, ctx);
