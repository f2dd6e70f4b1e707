/**
 * Development methods: evm_ (mining, time, snapshots), the state cheats under both their anvil_
 * and hardhat_ names, txpool_. Results follow Hardhat (true for a done cheat)
 * where Hardhat and Anvil differ, since Hardhat's are the older convention that tools check.
 */
import {
  type Codec, CodecError, address, bool, data, encodeData, encodeQuantity, hash, jsonNumber, jsonObject, quantity, quantityOrNumber,
  storageSlot, storageValue, text, uint64,
} from '../codecs.ts';
import { ErrorCode, RpcError } from '../errors.ts';
import { formatTxpoolContent } from '../format.ts';
import { asIs, asNull, asTrue, method, optional, param } from '../method.ts';

/** A cheat known to both Anvil and Hardhat by the same suffix. */
const both = (suffix: string) => ({ name: `anvil_${suffix}`, aliases: [`hardhat_${suffix}`] });

/**
 * The most blocks one anvil_mine / hardhat_mine / evm_mine call may mine. Every block is kept, so an
 * unbounded count could exhaust memory. Empty blocks after the first take the header-only path
 * (about 1 KB and 0.2 ms each, node/producer.ts mineEmpty), so 100,000 is ~100 MB and seconds of
 * work, during which mining yields to other requests between blocks. Call again for more.
 */
export const MAX_MINE_BLOCKS = 100_000n;

/** A block count: at most MAX_MINE_BLOCKS. */
const blockCount: Codec<bigint> = (raw) => {
  const n = quantityOrNumber(raw);
  if (n > MAX_MINE_BLOCKS) throw new CodecError(`${n} blocks is more than the ${MAX_MINE_BLOCKS} one call may mine; call it again for more`);
  return n;
};

/** Seconds and timestamps: block timestamps are uint64, so nothing larger is accepted. */
const seconds64: Codec<bigint> = (raw) => {
  const n = quantityOrNumber(raw);
  if (n >= 1n << 64n) throw new CodecError(`${n} does not fit in 64 bits (block timestamps are uint64)`);
  return n;
};

/** evm_mine's optional param: a timestamp (number or quantity), or Anvil's `{ timestamp, blocks }`. */
const mineOptions = (raw: unknown): { timestamp?: bigint; blocks?: bigint } => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { timestamp: seconds64(raw) };
  const obj = raw as Record<string, unknown>;
  const read = (key: string, codec: Codec<bigint>) => {
    if (obj[key] === undefined || obj[key] === null) return undefined;
    try {
      return codec(obj[key]);
    } catch (e) {
      if (e instanceof CodecError) e.path.unshift(key);
      throw e;
    }
  };
  return { timestamp: read('timestamp', seconds64), blocks: read('blocks', blockCount) };
};

export const cheatMethods = [
  method({ name: 'evm_snapshot', params: [], result: encodeQuantity, handler: ({ node }) => node.snapshot() }),
  method({ name: 'evm_revert', params: [param('snapshotId', quantityOrNumber)], result: asIs, handler: ({ node }, id) => node.revert(id) }),
  method({
    name: 'evm_mine', params: [optional('options', mineOptions)], result: () => '0x0',
    handler: async ({ node }, options) => {
      await node.mine(options?.blocks ?? 1n, 1n, options?.timestamp);
    },
  }),
  // Anvil answers with the total offset in seconds, as a JSON number.
  method({
    name: 'evm_increaseTime', params: [param('seconds', seconds64)], result: (total: bigint) => Number(total),
    handler: ({ node }, seconds) => node.increaseTime(seconds),
  }),
  method({
    name: 'evm_setNextBlockTimestamp', aliases: ['anvil_setNextBlockTimestamp'], params: [param('timestamp', seconds64)], result: asNull,
    handler: ({ node }, timestamp) => node.setNextBlockTimestamp(timestamp),
  }),
  method({
    name: 'evm_setAutomine', aliases: ['anvil_setAutomine'], params: [param('enabled', bool)], result: asTrue,
    handler: ({ node }, enabled) => node.setAutomine(enabled),
  }),
  method({
    name: 'hardhat_getAutomine', aliases: ['anvil_getAutomine'], params: [], result: asIs,
    handler: ({ node }) => node.getAutomine(),
  }),
  // Seconds under both names, as Anvil (whose web3_clientVersion we give): Hardhat's evm_setIntervalMining
  // counts milliseconds, so viem's testClient in hardhat mode sends 1000× the interval.
  method({
    name: 'evm_setIntervalMining', aliases: ['anvil_setIntervalMining'], params: [param('seconds', jsonNumber)], result: asTrue,
    handler: ({ node }, seconds) => node.setIntervalMining(seconds * 1000),
  }),

  method({
    ...both('setBalance'), params: [param('address', address), param('balance', quantity)], result: asTrue,
    handler: ({ node }, a, balance) => node.setBalance(a, balance),
  }),
  method({
    ...both('setCode'), params: [param('address', address), param('code', data)], result: asTrue,
    handler: ({ node }, a, code) => node.setCode(a, code),
  }),
  method({
    ...both('setNonce'), params: [param('address', address), param('nonce', uint64)], result: asTrue,
    handler: ({ node }, a, nonce) => node.setNonce(a, nonce),
  }),
  method({
    ...both('setStorageAt'), params: [param('address', address), param('slot', storageSlot), param('value', storageValue)], result: asTrue,
    handler: ({ node }, a, slot, value) => node.setStorageAt(a, slot, value),
  }),
  method({
    ...both('impersonateAccount'), params: [param('address', address)], result: asTrue,
    handler: ({ node }, a) => node.impersonate(a),
  }),
  method({
    ...both('stopImpersonatingAccount'), params: [param('address', address)], result: asTrue,
    handler: ({ node }, a) => node.stopImpersonating(a),
  }),
  method({
    ...both('mine'), params: [optional('blocks', blockCount), optional('interval', seconds64)], result: asTrue,
    handler: ({ node }, blocks, interval) => node.mine(blocks ?? 1n, interval ?? 1n),
  }),
  method({
    ...both('dropTransaction'), params: [param('transactionHash', hash)], result: asIs,
    handler: ({ node }, txHash) => node.dropTransaction(txHash),
  }),
  method({
    ...both('reset'), params: [optional('options', jsonObject)], result: asTrue,
    handler: ({ node }, options) => {
      // viem sends `{ forking: { blockNumber: null } }` (no URL): nothing to fork, so a plain reset, as Anvil.
      const forking = options?.forking as { jsonRpcUrl?: unknown } | undefined | null;
      if (forking?.jsonRpcUrl) throw new RpcError(ErrorCode.server, 'forking is not supported');
      return node.reset();
    },
  }),
  method({
    ...both('setRpcUrl'), params: [param('url', text)], result: asTrue,
    handler: () => { throw new RpcError(ErrorCode.server, 'forking is not supported'); },
  }),
  method({ ...both('dumpState'), params: [], result: encodeData, handler: ({ node }) => node.dumpState() }),
  method({
    ...both('loadState'), params: [param('state', data)], result: asTrue,
    handler: ({ node }, state) => node.loadState(state),
  }),

  method({ name: 'txpool_content', params: [], result: formatTxpoolContent, handler: ({ node }) => node.txpoolContent() }),
  method({
    name: 'txpool_status', params: [], result: asIs,
    handler: ({ node }) => {
      const { pending, queued } = node.txpoolContent();
      return { pending: encodeQuantity(pending.length), queued: encodeQuantity(queued.length) };
    },
  }),
];
