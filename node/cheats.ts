/**
 * evm_snapshot / evm_revert and the state cheats (anvil_/hardhat_ setBalance, setCode, setNonce,
 * setStorageAt, reset). A snapshot is a block number and a state root — the trie keeps every root,
 * so nothing is copied. Cheats change the live state without a block, as Anvil and Hardhat do; with
 * a data directory they are written at once, with the live root, so a restart keeps them.
 */
import { Account, setLengthLeft, unpadBytes, type Address } from '@ethereumjs/util';
import type { Executor } from './executor.ts';
import type { ChainClock } from './clock.ts';
import type { ChainStore } from './store.ts';
import type { TxPool } from './txpool.ts';

interface Snapshot {
  readonly blockNumber: bigint;
  readonly stateRoot: Uint8Array;
  readonly timeOffset: bigint;
}

export interface CheatContext {
  readonly executor: Executor;
  readonly store: ChainStore;
  readonly pool: TxPool;
  readonly clock: ChainClock;
  readonly persistent: boolean;
  /** The chain's queue: cheats never interleave with mining or calls. */
  serial<T>(task: () => Promise<T>): Promise<T>;
}

export class StateCheats {
  private readonly ctx: CheatContext;
  private readonly snapshots = new Map<bigint, Snapshot>();
  private nextId = 1n;

  constructor(ctx: CheatContext) {
    this.ctx = ctx;
  }

  private get state(): Executor['state'] {
    return this.ctx.executor.state;
  }

  snapshot(): Promise<bigint> {
    return this.ctx.serial(async () => {
      const id = this.nextId++;
      this.snapshots.set(id, { blockNumber: this.ctx.store.height, stateRoot: await this.state.getStateRoot(), timeOffset: this.ctx.clock.offset });
      return id;
    });
  }

  revert(id: bigint): Promise<boolean> {
    return this.ctx.serial(async () => {
      const snap = this.snapshots.get(id);
      if (!snap) return false;
      // As Ganache, Hardhat and Anvil: reverting also drops every later snapshot.
      for (const key of this.snapshots.keys()) if (key >= id) this.snapshots.delete(key);
      await this.rewind(snap.blockNumber, snap.stateRoot, snap.timeOffset);
      return true;
    });
  }

  /** Back to genesis: blocks, pool, snapshots and time offset. */
  reset(): Promise<void> {
    return this.ctx.serial(async () => {
      for (const p of this.ctx.pool.all()) this.ctx.pool.remove(p.hash);
      this.snapshots.clear();
      await this.rewind(0n, this.ctx.store.block(0n)!.header.stateRoot, 0n);
    });
  }

  private async rewind(blockNumber: bigint, stateRoot: Uint8Array, timeOffset: bigint): Promise<void> {
    await this.ctx.store.truncate(blockNumber, this.ctx.persistent);
    await this.state.setStateRoot(stateRoot);
    if (this.ctx.persistent) await this.ctx.store.flushState(stateRoot);
    this.ctx.clock.restore(timeOffset);
  }

  /** Applies `change` to the live state, then makes it durable; a change that throws midway leaves the state as it was. */
  change(change: (state: Executor['state']) => Promise<void>): Promise<void> {
    return this.ctx.serial(async () => {
      const before = await this.state.getStateRoot();
      try {
        await change(this.state);
      } catch (e) {
        await this.state.setStateRoot(before);
        throw e;
      }
      const root = await this.state.getStateRoot(); // also flushes the account caches into the trie
      if (this.ctx.persistent) await this.ctx.store.flushState(root);
    });
  }

  setBalance(address: Address, balance: bigint): Promise<void> {
    return this.change(async (s) => s.putAccount(address, Object.assign((await s.getAccount(address)) ?? new Account(), { balance })));
  }

  setNonce(address: Address, nonce: bigint): Promise<void> {
    return this.change(async (s) => s.putAccount(address, Object.assign((await s.getAccount(address)) ?? new Account(), { nonce })));
  }

  setCode(address: Address, code: Uint8Array): Promise<void> {
    return this.change(async (s) => {
      if (!(await s.getAccount(address))) await s.putAccount(address, new Account());
      await s.putCode(address, code);
    });
  }

  setStorageAt(address: Address, slot: Uint8Array, value: Uint8Array): Promise<void> {
    return this.change(async (s) => {
      if (!(await s.getAccount(address))) await s.putAccount(address, new Account());
      await s.putStorage(address, setLengthLeft(slot, 32), unpadBytes(value));
    });
  }
}
