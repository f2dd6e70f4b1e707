/**
 * Reading the chain at a block: tags to blocks, state at any block's root, logs by filter, and a
 * whole-state dump. Latest and pending read the live state (it includes cheats not yet in a block,
 * as Anvil and Hardhat do); older blocks read a copy of the state opened at their root.
 */
import type { Block } from '@ethereumjs/block';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { Account, Address, bytesToHex, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { Executor } from './executor.ts';
import { ChainError } from './errors.ts';
import type { BlockTag, LogFilter, LogView } from './api.ts';
import type { Devnet } from './devnet.ts';
import { parseStateDump } from './state-dump.ts';

/** geth refuses eth_getLogs over more blocks than this in one call. */
const MAX_LOG_RANGE = 10_000n;

export class StateQueries {
  private readonly chain: Devnet;

  constructor(chain: Devnet) {
    this.chain = chain;
  }

  /** The block a tag names, or undefined; `live` when the live state is the one to read. */
  resolve(tag: BlockTag): { block: Block | undefined; live: boolean } {
    const store = this.chain.store;
    if (tag === 'latest' || tag === 'pending' || tag === 'safe' || tag === 'finalized') return { block: store.head, live: true };
    if (tag === 'earliest') return { block: store.block(0n), live: store.height === 0n };
    if (typeof tag === 'bigint') return { block: store.block(tag), live: tag === store.height };
    if ('blockNumber' in tag) return { block: store.block(tag.blockNumber), live: tag.blockNumber === store.height };
    const block = store.blockByHash(tag.blockHash);
    return { block, live: block !== undefined && block.header.number === store.height };
  }

  async block(tag: BlockTag): Promise<Block | undefined> {
    return this.resolve(tag).block;
  }

  private async stateAt(tag: BlockTag): Promise<MerkleStateManager> {
    const { block, live } = this.resolve(tag);
    if (!block) throw new ChainError('header not found');
    if (live) return this.chain.executor.state;
    const copy = this.chain.executor.state.shallowCopy(false);
    await copy.setStateRoot(block.header.stateRoot);
    return copy;
  }

  async balance(address: Address, tag: BlockTag): Promise<bigint> {
    return (await (await this.stateAt(tag)).getAccount(address))?.balance ?? 0n;
  }

  async nonce(address: Address, tag: BlockTag): Promise<bigint> {
    const state = await this.stateAt(tag);
    const nonce = (await state.getAccount(address))?.nonce ?? 0n;
    return tag === 'pending' ? this.chain.pool.nextNonce(address, nonce) : nonce;
  }

  async code(address: Address, tag: BlockTag): Promise<Uint8Array> {
    return (await this.stateAt(tag)).getCode(address);
  }

  async storage(address: Address, slot: Uint8Array, tag: BlockTag): Promise<Uint8Array> {
    return setLengthLeft(await (await this.stateAt(tag)).getStorage(address, setLengthLeft(slot, 32)), 32);
  }

  async nonces(senders: string[]): Promise<Map<string, bigint>> {
    const state = this.chain.executor.state;
    const out = new Map<string, bigint>();
    for (const s of senders) out.set(s, (await state.getAccount(new Address(hexToBytes(s as `0x${string}`))))?.nonce ?? 0n);
    return out;
  }

  /** An executor and block to run a call in: the pending block on the live state, or a past block on its state. */
  async executorAt(tag: BlockTag): Promise<{ executor: Executor; block: Block }> {
    const { block, live } = this.resolve(tag);
    if (!block) throw new ChainError('header not found');
    const chain = this.chain;
    if (live) {
      const head = chain.store.head.header;
      const pending = chain.executor.block({
        number: head.number + 1n, gasLimit: head.gasLimit, baseFeePerGas: head.calcNextBaseFee(), coinbase: chain.coinbase(),
        timestamp: head.timestamp + 1n > BigInt(Math.floor(Date.now() / 1000)) ? head.timestamp + 1n : BigInt(Math.floor(Date.now() / 1000)),
      });
      return { executor: chain.executor, block: pending };
    }
    return { executor: await chain.executorAtRoot(block.header.stateRoot), block };
  }

  async logs(filter: LogFilter): Promise<LogView[]> {
    const store = this.chain.store;
    let from: bigint;
    let to: bigint;
    if (filter.blockHash) {
      const block = store.blockByHash(filter.blockHash);
      if (!block) throw new ChainError('unknown block');
      from = to = block.header.number;
    } else {
      from = this.resolve(filter.fromBlock ?? 'latest').block?.header.number ?? store.height;
      to = this.resolve(filter.toBlock ?? 'latest').block?.header.number ?? store.height;
    }
    if (to - from >= MAX_LOG_RANGE) throw new ChainError(`query exceeds max block range ${MAX_LOG_RANGE}`);
    const addresses = filter.address?.map((a) => a.toString());
    const out: LogView[] = [];
    for (let n = from; n <= to; n++) {
      for (const receipt of store.receiptsOf(n) ?? []) {
        for (const log of receipt.logs) if (matches(log, addresses, filter.topics)) out.push(log);
      }
    }
    return out;
  }

  /** Every account the chain has written: balance, nonce, code, storage — as Anvil's dump, JSON in bytes. */
  async dumpState(): Promise<Uint8Array> {
    const state = this.chain.executor.state;
    const accounts: Record<string, unknown> = {};
    for (const [address, slots] of this.chain.preimages.accounts) {
      const at = new Address(hexToBytes(address as `0x${string}`));
      const account = await state.getAccount(at);
      if (!account) continue;
      const storage: Record<string, string> = {};
      for (const slot of slots) {
        const value = await state.getStorage(at, hexToBytes(slot as `0x${string}`));
        if (value.length > 0) storage[slot] = bytesToHex(setLengthLeft(value, 32));
      }
      accounts[address] = { nonce: account.nonce.toString(), balance: `0x${account.balance.toString(16)}`, code: bytesToHex(await state.getCode(at)), storage };
    }
    return new TextEncoder().encode(JSON.stringify({ block: this.chain.store.height.toString(), accounts }));
  }

  /** Writes a dump's accounts into the live state, over what is there (as anvil_loadState); all or nothing. */
  async loadState(dump: Uint8Array): Promise<void> {
    const { accounts } = parseStateDump(dump); // checked whole before the first write
    const state = this.chain.executor.state;
    for (const a of accounts) {
      await state.putAccount(a.address, new Account(a.nonce, a.balance));
      if (a.code.length > 0) await state.putCode(a.address, a.code);
      for (const [slot, value] of a.storage) await state.putStorage(a.address, slot, value);
    }
  }
}

function matches(log: LogView, addresses: string[] | undefined, topics: LogFilter['topics']): boolean {
  if (addresses && addresses.length > 0 && !addresses.includes(log.address.toString())) return false;
  if (!topics) return true;
  return topics.every((wanted, i) => wanted === null || wanted.length === 0
    || (log.topics[i] !== undefined && wanted.some((t) => bytesToHex(t) === bytesToHex(log.topics[i]))));
}
