/**
 * A write buffer in front of the LevelDB adapter: trie writes collect in memory until the chain
 * drains them into the same level batch as the block that produced them, so a crash at any moment
 * leaves the store at the last whole block (see node/store.ts).
 */
import { bytesToUnprefixedHex, type BatchDBOp, type DB, type EncodingOpts } from '@ethereumjs/util';
import type { LevelDB } from './level-db.ts';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class StagedDB implements DB<string | Uint8Array, string | Uint8Array> {
  private readonly base: LevelDB;
  /** Pending writes; null marks a delete. Shared by shallow copies, like the store underneath. */
  private readonly pending: Map<string, Uint8Array | null>;

  constructor(base: LevelDB, pending = new Map<string, Uint8Array | null>()) {
    this.base = base;
    this.pending = pending;
  }

  private static key(key: string | Uint8Array): string {
    return key instanceof Uint8Array ? bytesToUnprefixedHex(key) : key;
  }

  async get(key: string | Uint8Array, opts?: EncodingOpts): Promise<string | Uint8Array | undefined> {
    const k = StagedDB.key(key);
    if (this.pending.has(k)) {
      const value = this.pending.get(k);
      if (value === null || value === undefined) return undefined;
      return opts?.valueEncoding === 'string' ? decoder.decode(value) : value;
    }
    return this.base.get(k, opts);
  }

  async put(key: string | Uint8Array, value: string | Uint8Array): Promise<void> {
    this.pending.set(StagedDB.key(key), value instanceof Uint8Array ? value : encoder.encode(value));
  }

  async del(key: string | Uint8Array): Promise<void> {
    this.pending.set(StagedDB.key(key), null);
  }

  async batch(ops: BatchDBOp<string | Uint8Array, string | Uint8Array>[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') await this.put(op.key, op.value);
      else await this.del(op.key);
    }
  }

  shallowCopy(): StagedDB {
    return new StagedDB(this.base, this.pending);
  }

  async open(): Promise<void> {
    await this.base.open();
  }

  /** Takes the pending writes, as level batch operations, and forgets them. */
  drain(): Array<{ type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string }> {
    const ops = [...this.pending].map(([key, value]) => (value === null ? { type: 'del' as const, key } : { type: 'put' as const, key, value }));
    this.pending.clear();
    return ops;
  }
}
