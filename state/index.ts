/**
 * World state: accounts and storage in Merkle Patricia tries (@ethereumjs/mpt, secure keys as in
 * Ethereum) on LevelDB — memory-level unless a level store is given (classic-level for a data dir).
 *
 * The state manager keeps account, code and storage caches in front of the tries: reads after the
 * first come from memory and writes reach the trie once, when the state is flushed (commit of the
 * outermost checkpoint, getStateRoot, setStateRoot), instead of re-hashing the trie path on every
 * write. Checkpoint and revert cover the caches as they cover the trie. The caches are unbounded
 * ordered maps, not LRUs: an LRU smaller than the writes between two flushes would drop writes.
 */
import { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { Caches, MerkleStateManager } from '@ethereumjs/statemanager';
import { Address, unpadBytes, ValueEncoding } from '@ethereumjs/util';
import { RLP } from '@ethereumjs/rlp';
import { MemoryLevel } from 'memory-level';
import type { Common } from '@ethereumjs/common';
import { LevelDB } from './level-db.ts';
import { StagedDB } from './staged-db.ts';

export { LevelDB, StagedDB };

export interface StateOptions {
  readonly common: Common;
  /** An abstract-level store; a fresh memory-level when absent. */
  readonly level?: ConstructorParameters<typeof LevelDB>[0];
  /** Start from this state root (it must be in the store). */
  readonly root?: Uint8Array;
  /** Buffer trie writes here instead of writing them to the store at once. */
  readonly staged?: StagedDB;
}

export function createTrie(level: ConstructorParameters<typeof LevelDB>[0], opts: { root?: Uint8Array; secure?: boolean; staged?: StagedDB } = {}): MerklePatriciaTrie {
  return new MerklePatriciaTrie({
    db: opts.staged ?? new LevelDB(level),
    useKeyHashing: opts.secure ?? true,
    valueEncoding: ValueEncoding.Bytes,
    ...(opts.root ? { root: opts.root } : {}),
  });
}

export function createState(opts: StateOptions): MerkleStateManager {
  const level = opts.level ?? new MemoryLevel<string | Uint8Array, string | Uint8Array>();
  // Caches (journaled with the state's checkpoints, flushed to the trie when the outermost one commits)
  // keep repeated reads and writes inside a transaction off the trie: without them every SLOAD,
  // every account touch of a nested call, hashes and walks trie nodes (bench/adversarial: 30-100×).
  return new CachedStateManager({ common: opts.common, trie: createTrie(level, { root: opts.root, staged: opts.staged }), caches: new Caches() });
}

/**
 * ethereumjs 10's putStorage writes a slot to its cache and then to the storage trie as well (the
 * cache's `put` returns undefined, so `put(...) ?? write(...)` always writes), hashing trie nodes
 * on every SSTORE. The cache alone is enough: it is checkpointed with the state and flushed into
 * the trie when the outermost checkpoint commits and before any root or dump is read.
 */
class CachedStateManager extends MerkleStateManager {
  override async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const cache = this._caches?.storage;
    if (cache === undefined || key.length !== 32 || value.length > 32) return super.putStorage(address, key, value);
    if (!(await this.getAccount(address))) return super.putStorage(address, key, value); // its error
    cache.put(address, key, RLP.encode(unpadBytes(value)));
  }
}
