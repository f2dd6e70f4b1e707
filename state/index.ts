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
import { ValueEncoding } from '@ethereumjs/util';
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
  return new MerkleStateManager({ common: opts.common, trie: createTrie(level, { root: opts.root, staged: opts.staged }), caches: new Caches() });
}
