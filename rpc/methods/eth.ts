/** The eth_ namespace without filters and subscriptions (those are in ./filters.ts), plus web3_ and net_. */
import { bytesToHex, setLengthLeft } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import type { Block } from '@ethereumjs/block';
import type { Address } from '@ethereumjs/util';
import type { BlockTag, ChainNode, LogView, ReceiptView, TxLookup } from '../../node/api.ts';
import {
  CodecError, address, arrayOf, blockNumber, blockNumberOrHash, bool, callRequest, data, encodeAddress, encodeData, encodeQuantity,
  hash, hexOrDecimal64, jsonObject, logFilter, nullable, smallQuantity, storageSlot, text, txRequest, type ParsedCall,
} from '../codecs.ts';
import { ErrorCode, RpcError } from '../errors.ts';
import { formatBlock, formatFeeHistory, formatLog, formatReceipt, formatTransaction } from '../format.ts';
import { asIs, method, optional, param, withDefault } from '../method.ts';

/** geth's cap on eth_feeHistory's block count; a larger request gets this many. */
const MAX_FEE_HISTORY = 1024n;

const blockParam = withDefault('block', blockNumberOrHash, 'latest' as BlockTag);

/** A request's chainId, when it names one, must be this chain's (geth's check in setDefaults). */
export function checkedChainId<T extends ParsedCall>(node: ChainNode, request: T): Omit<T, 'chainId'> {
  const { chainId, ...rest } = request;
  if (chainId !== undefined && chainId !== node.chainId) {
    throw new RpcError(ErrorCode.server, `chainId does not match node's (have=${chainId}, want=${node.chainId})`);
  }
  return rest;
}

/**
 * A block with the node's view of its transactions (sender and hash), or undefined when there is no
 * such block. Senders come from the node by hash — from the receipt once mined, from the pool for
 * the pending block — since an impersonated transaction's signature names nobody.
 */
export async function blockWithTransactions(node: ChainNode, tag: BlockTag): Promise<{ block: Block; transactions: TxLookup[] } | undefined> {
  const block = await node.getBlock(tag);
  if (!block) return undefined;
  const transactions = await Promise.all(block.transactions.map(async (tx, index): Promise<TxLookup> => {
    const hash = tx.hash();
    const known = await node.getTransaction(hash);
    if (!known) throw new Error(`block ${block.header.number} holds transaction ${bytesToHex(hash)} the node does not know`);
    return { tx, hash, from: known.from, block, index };
  }));
  return { block, transactions };
}

/** Reward percentiles: numbers in [0, 100], non-decreasing, as geth requires. */
const rewardPercentiles = (raw: unknown): number[] => {
  const list = arrayOf((p): number => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) throw new CodecError(`invalid reward percentile: ${JSON.stringify(p)}`);
    return p;
  })(raw);
  list.forEach((p, i) => {
    if (i > 0 && p < list[i - 1]) throw new CodecError(`invalid reward percentile: #${i - 1}:${list[i - 1]} > #${i}:${p}`);
  });
  return list;
};

const quantityResult = (v: bigint | number) => encodeQuantity(v);

export const ethMethods = [
  method({ name: 'web3_clientVersion', params: [], result: asIs, handler: ({ node }) => node.clientVersion }),
  method({ name: 'web3_sha3', params: [param('data', data)], result: encodeData, handler: (_, input) => keccak256(input) }),
  method({ name: 'net_version', params: [], result: asIs, handler: ({ node }) => node.chainId.toString() }),
  method({ name: 'net_listening', params: [], result: asIs, handler: () => true }),
  method({ name: 'net_peerCount', params: [], result: quantityResult, handler: () => 0n }),

  method({ name: 'eth_chainId', params: [], result: quantityResult, handler: ({ node }) => node.chainId }),
  method({ name: 'eth_accounts', params: [], result: (a: Address[]) => a.map(encodeAddress), handler: ({ node }) => node.accounts() }),
  method({ name: 'eth_blockNumber', params: [], result: quantityResult, handler: ({ node }) => node.blockNumber() }),
  method({ name: 'eth_gasPrice', params: [], result: quantityResult, handler: ({ node }) => node.gasPrice() }),
  method({ name: 'eth_maxPriorityFeePerGas', params: [], result: quantityResult, handler: ({ node }) => node.maxPriorityFeePerGas() }),
  method({
    name: 'eth_feeHistory',
    params: [param('blockCount', hexOrDecimal64), param('newestBlock', blockNumber), optional('rewardPercentiles', rewardPercentiles)],
    result: formatFeeHistory,
    handler: ({ node }, count, newest, percentiles) =>
      node.feeHistory(Number(count < MAX_FEE_HISTORY ? count : MAX_FEE_HISTORY), newest, percentiles),
  }),
  method({ name: 'eth_syncing', params: [], result: asIs, handler: () => false }),
  // As anvil: the node is "mining" when it seals blocks by itself.
  method({ name: 'eth_mining', params: [], result: asIs, handler: ({ node }) => node.getAutomine() }),
  method({
    name: 'eth_coinbase', params: [], result: encodeAddress, handler: ({ node }) => node.coinbase(),
  }),

  method({
    name: 'eth_getBalance', params: [param('address', address), blockParam], result: quantityResult,
    handler: ({ node }, a, tag) => node.getBalance(a, tag),
  }),
  method({
    name: 'eth_getCode', params: [param('address', address), blockParam], result: encodeData,
    handler: ({ node }, a, tag) => node.getCode(a, tag),
  }),
  method({
    name: 'eth_getStorageAt', params: [param('address', address), param('slot', storageSlot), blockParam],
    // The state keeps values without leading zeros; geth answers a full 32-byte word.
    result: (v: Uint8Array) => encodeData(setLengthLeft(v, 32)),
    handler: ({ node }, a, slot, tag) => node.getStorageAt(a, slot, tag),
  }),
  method({
    name: 'eth_getTransactionCount', params: [param('address', address), blockParam], result: quantityResult,
    handler: ({ node }, a, tag) => node.getTransactionCount(a, tag),
  }),

  method({
    name: 'eth_sendRawTransaction', params: [param('transaction', data)], result: encodeData,
    handler: ({ node }, raw) => node.sendRawTransaction(raw),
  }),
  method({
    name: 'eth_sendTransaction', params: [param('transaction', txRequest)], result: encodeData,
    handler: ({ node }, request) => node.sendTransaction(checkedChainId(node, request)),
  }),
  method({
    name: 'eth_sign', params: [param('address', address), param('message', data)], result: encodeData,
    handler: ({ node }, a, message) => node.sign(a, message),
  }),
  // personal_sign puts the message first; the third param, a password, means nothing for dev accounts.
  method({
    name: 'personal_sign', params: [param('message', data), param('address', address), optional('password', text)], result: encodeData,
    handler: ({ node }, message, a) => node.sign(a, message),
  }),
  method({
    name: 'eth_signTypedData_v4', params: [param('address', address), param('typedData', jsonObject)], result: encodeData,
    handler: ({ node }, a, typedData) => node.signTypedData(a, typedData),
  }),
  method({
    name: 'eth_call', params: [param('transaction', callRequest), blockParam, optional('stateOverrides', jsonObject)], result: encodeData,
    handler: ({ node }, request, tag, overrides) => {
      if (overrides && Object.keys(overrides).length > 0) throw new RpcError(ErrorCode.invalidParams, 'invalid argument 2: state overrides are not supported');
      return node.call(checkedChainId(node, request), tag);
    },
  }),
  method({
    // Hardhat estimates at `pending` when no block is named, so a cheat aimed at the next block counts.
    name: 'eth_estimateGas', params: [param('transaction', callRequest), withDefault('block', blockNumberOrHash, 'pending' as BlockTag)],
    result: quantityResult,
    handler: ({ node }, request, tag) => node.estimateGas(checkedChainId(node, request), tag),
  }),

  method({
    name: 'eth_getBlockByNumber', params: [param('block', blockNumber), withDefault('fullTransactions', bool, false)],
    result: nullable((b: { block: Block; transactions: TxLookup[]; full: boolean }) => formatBlock(b.block, b.transactions, b.full)),
    handler: async ({ node }, tag, full) => {
      const found = await blockWithTransactions(node, tag);
      return found && { ...found, full };
    },
  }),
  method({
    name: 'eth_getBlockByHash', params: [param('blockHash', hash), withDefault('fullTransactions', bool, false)],
    result: nullable((b: { block: Block; transactions: TxLookup[]; full: boolean }) => formatBlock(b.block, b.transactions, b.full)),
    handler: async ({ node }, blockHash, full) => {
      const found = await blockWithTransactions(node, { blockHash });
      return found && { ...found, full };
    },
  }),
  method({
    name: 'eth_getBlockTransactionCountByNumber', params: [param('block', blockNumber)], result: nullable(quantityResult),
    handler: async ({ node }, tag) => (await node.getBlock(tag))?.transactions.length,
  }),
  method({
    name: 'eth_getBlockTransactionCountByHash', params: [param('blockHash', hash)], result: nullable(quantityResult),
    handler: async ({ node }, blockHash) => (await node.getBlock({ blockHash }))?.transactions.length,
  }),
  method({
    name: 'eth_getTransactionByHash', params: [param('transactionHash', hash)], result: nullable(formatTransaction),
    handler: ({ node }, txHash) => node.getTransaction(txHash),
  }),
  method({
    name: 'eth_getTransactionByBlockNumberAndIndex', params: [param('block', blockNumber), param('index', smallQuantity)],
    result: nullable(formatTransaction),
    handler: ({ node }, tag, index) => node.getTransactionByBlock(tag, index),
  }),
  method({
    name: 'eth_getTransactionByBlockHashAndIndex', params: [param('blockHash', hash), param('index', smallQuantity)],
    result: nullable(formatTransaction),
    handler: ({ node }, blockHash, index) => node.getTransactionByBlock({ blockHash }, index),
  }),
  method({
    name: 'eth_getTransactionReceipt', params: [param('transactionHash', hash)], result: nullable(formatReceipt),
    handler: ({ node }, txHash) => node.getReceipt(txHash),
  }),
  method({
    name: 'eth_getBlockReceipts', params: [param('block', blockNumberOrHash)], result: nullable((rs: ReceiptView[]) => rs.map(formatReceipt)),
    handler: ({ node }, tag) => node.getBlockReceipts(tag),
  }),
  method({
    name: 'eth_getLogs', params: [param('filter', logFilter)], result: (logs: LogView[]) => logs.map(formatLog),
    handler: ({ node }, filter) => node.getLogs(filter),
  }),
];
