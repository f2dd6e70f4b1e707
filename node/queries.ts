/**
 * Reading the chain at a block: tags to blocks, state at any block's root, logs by filter, and a
 * whole-state dump. Latest and pending read the live state (it includes cheats not yet in a block,
 * as Anvil and Hardhat do); older blocks read a copy of the state opened at their root.
 */
import type { Block } from '@ethereumjs/block';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { Account, Address, bytesToHex, hexToBytes, setLengthLeft, unpadBytes } from '@ethereumjs/util';
import { Executor } from './executor.ts';
import { ChainError, InvalidParams } from './errors.ts';
import type { BlockTag, LogFilter, LogView } from './api.ts';
import { logMatches } from './log-filter.ts';
import type { Devnet } from './devnet.ts';

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

  /**
   * An executor and block to run a call in, as geth, Hardhat and Anvil run eth_call: at `pending`
   * the next block as it will be mined (the clock's next timestamp, the next base fee) on the live
   * state; at `latest`, a number or a hash, that block's own header (NUMBER, TIMESTAMP, BASEFEE,
   * COINBASE, PREVRANDAO) on its state — the live state for the head, cheats included.
   */
  async executorAt(tag: BlockTag): Promise<{ executor: Executor; block: Block }> {
    const { block, live } = this.resolve(tag);
    if (!block) throw new ChainError('header not found');
    const chain = this.chain;
    if (tag === 'pending') return { executor: chain.executor, block: chain.executor.block(chain.pendingHeader()) };
    if (live) return { executor: chain.executor, block };
    return { executor: await chain.executorAtRoot(block.header.stateRoot), block };
  }

  /** A log filter bound as a block number: tags are the head (pending too: its logs are not known yet). */
  private numberOf(tag: BlockTag | undefined): bigint {
    const store = this.chain.store;
    if (tag === undefined || typeof tag === 'string') return tag === 'earliest' ? 0n : store.height;
    if (typeof tag === 'bigint') return tag;
    if ('blockNumber' in tag) return tag.blockNumber;
    const block = store.blockByHash(tag.blockHash);
    if (!block) throw new ChainError('unknown block');
    return block.header.number;
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
      from = this.numberOf(filter.fromBlock);
      to = this.numberOf(filter.toBlock);
      // geth's checks and words, both -32602.
      if (from > to) throw new InvalidParams('invalid block range params');
      if (to > store.height) throw new InvalidParams('block range extends beyond current head block');
    }
    if (to - from >= MAX_LOG_RANGE) throw new ChainError(`query exceeds max block range ${MAX_LOG_RANGE}`);
    const out: LogView[] = [];
    for (let n = from; n <= to; n++) {
      for (const receipt of store.receiptsOf(n) ?? []) {
        for (const log of receipt.logs) if (logMatches(filter, log)) out.push(log);
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
    return new TextEncoder().encode(JSON.stringify({ block: this.chain.store.height.toString(), timestamp: this.chain.store.head.header.timestamp.toString(), accounts }));
  }

  /**
   * Writes a dump's accounts into the live state, over what is there (as anvil_loadState). A bad
   * dump changes nothing. Answers the dump's block number and timestamp, for the chain to catch up to.
   */
  async loadState(dump: Uint8Array): Promise<{ block?: bigint; timestamp?: bigint }> {
    const accounts = parseDump(dump);
    const state = this.chain.executor.state;
    for (const a of accounts) {
      await state.putAccount(a.address, new Account(a.nonce, a.balance));
      if (a.code.length > 0) await state.putCode(a.address, a.code);
      for (const [slot, value] of a.storage) await state.putStorage(a.address, slot, unpadBytes(value));
    }
    const { block, timestamp } = JSON.parse(new TextDecoder().decode(dump)) as { block?: unknown; timestamp?: unknown };
    const number = (v: unknown) => (typeof v === 'string' && /^(0x[0-9a-f]+|[0-9]+)$/i.test(v) ? BigInt(v) : undefined);
    return { block: number(block), timestamp: number(timestamp) };
  }
}

interface DumpedAccount {
  readonly address: Address;
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly code: Uint8Array;
  readonly storage: Array<[Uint8Array, Uint8Array]>;
}

/** Reads and checks a whole state dump first, naming what is wrong (the client's mistake: -32602). */
function parseDump(dump: Uint8Array): DumpedAccount[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(dump));
  } catch {
    throw new InvalidParams('invalid state dump: not valid JSON');
  }
  const bad = (where: string, what: string): never => {
    throw new InvalidParams(`invalid state dump: ${where}: ${what}`);
  };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) bad('the dump', 'not a JSON object');
  const accounts = (parsed as { accounts?: unknown }).accounts ?? {};
  if (typeof accounts !== 'object' || accounts === null || Array.isArray(accounts)) bad('accounts', 'not an object of address to account');
  const hexBytes = (where: string, raw: unknown, length?: number): Uint8Array => {
    if (typeof raw !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(raw)) return bad(where, `${JSON.stringify(raw)} is not 0x-prefixed hex bytes`);
    const bytes = hexToBytes(raw as `0x${string}`);
    if (length !== undefined && bytes.length > length) bad(where, `more than ${length} bytes`);
    return bytes;
  };
  const number = (where: string, raw: unknown): bigint => {
    if (raw === undefined || raw === null) return 0n;
    if ((typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) || (typeof raw === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(raw))) return BigInt(raw);
    return bad(where, `${JSON.stringify(raw)} is not a number`);
  };
  return Object.entries(accounts as Record<string, Record<string, unknown>>).map(([key, a]) => {
    const where = `accounts.${key}`;
    if (!/^0x[0-9a-fA-F]{40}$/.test(key)) bad(where, 'not a 20-byte 0x-prefixed address');
    if (typeof a !== 'object' || a === null) bad(where, 'not an account object');
    const storage = a.storage ?? {};
    if (typeof storage !== 'object' || storage === null) bad(`${where}.storage`, 'not an object of slot to value');
    return {
      address: new Address(hexToBytes(key as `0x${string}`)),
      nonce: number(`${where}.nonce`, a.nonce),
      balance: number(`${where}.balance`, a.balance),
      code: a.code === undefined || a.code === null ? new Uint8Array(0) : hexBytes(`${where}.code`, a.code),
      storage: Object.entries(storage as Record<string, unknown>).map(([slot, value]): [Uint8Array, Uint8Array] =>
        [setLengthLeft(hexBytes(`${where}.storage`, slot.length % 2 ? '0x0' + slot.slice(2) : slot, 32), 32),
          hexBytes(`${where}.storage.${slot}`, value, 32)]),
    };
  });
}
