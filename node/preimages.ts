/**
 * The state tries are keyed by hashes, so nothing in them says which addresses and slots exist.
 * anvil_dumpState needs exactly that, so every account and slot write to the live state is recorded
 * here (persisted with each block in a data directory).
 */
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { bytesToHex, type Address } from '@ethereumjs/util';

export class Preimages {
  /** Address → storage slots written, all as 0x hex. */
  readonly accounts = new Map<string, Set<string>>();
  private fresh: Array<[string, string | null]> = [];

  /** Wraps the state's writes so that each one is recorded. */
  watch(state: MerkleStateManager): void {
    const putAccount = state.putAccount.bind(state);
    const putStorage = state.putStorage.bind(state);
    state.putAccount = async (address, account) => {
      this.add(address.toString(), null);
      return putAccount(address, account);
    };
    state.putStorage = async (address: Address, key: Uint8Array, value: Uint8Array) => {
      this.add(address.toString(), bytesToHex(key));
      return putStorage(address, key, value);
    };
  }

  add(address: string, slot: string | null): void {
    let slots = this.accounts.get(address);
    if (!slots) {
      this.accounts.set(address, (slots = new Set()));
      this.fresh.push([address, null]);
    }
    if (slot === null || slots.has(slot)) return;
    slots.add(slot);
    this.fresh.push([address, slot]);
  }

  /** What was recorded since the last call, for the block's batch. */
  takeFresh(): Array<[string, string | null]> {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}
