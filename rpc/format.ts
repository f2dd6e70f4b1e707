/**
 * Result encoding of the chain's objects in geth's JSON shapes (field names, which fields are
 * null and when), because clients' formatters (ethers, viem, web3.js) are written against geth.
 */
import type { Block } from '@ethereumjs/block';
import { Capability, type TypedTransaction } from '@ethereumjs/tx';
import { bytesToBigInt, toChecksumAddress, type Address } from '@ethereumjs/util';
import type { FeeHistory, LogView, ReceiptView, TraceResult, TxLookup } from '../node/api.ts';
import { encodeAddress as addr, encodeData as hex, encodeQuantity as qty } from './codecs.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A header as geth's newHeads notification and block objects carry it; post-merge fields only when the fork has them. */
export function formatHeader(block: Block): JsonObject {
  const h = block.header;
  const out: JsonObject = {
    hash: hex(block.hash()),
    parentHash: hex(h.parentHash),
    sha3Uncles: hex(h.uncleHash),
    miner: addr(h.coinbase),
    stateRoot: hex(h.stateRoot),
    transactionsRoot: hex(h.transactionsTrie),
    receiptsRoot: hex(h.receiptTrie),
    logsBloom: hex(h.logsBloom),
    difficulty: qty(h.difficulty),
    number: qty(h.number),
    gasLimit: qty(h.gasLimit),
    gasUsed: qty(h.gasUsed),
    timestamp: qty(h.timestamp),
    extraData: hex(h.extraData),
    mixHash: hex(h.mixHash),
    nonce: hex(h.nonce),
  };
  if (h.baseFeePerGas !== undefined) out.baseFeePerGas = qty(h.baseFeePerGas);
  if (h.withdrawalsRoot !== undefined) out.withdrawalsRoot = hex(h.withdrawalsRoot);
  if (h.blobGasUsed !== undefined) out.blobGasUsed = qty(h.blobGasUsed);
  if (h.excessBlobGas !== undefined) out.excessBlobGas = qty(h.excessBlobGas);
  if (h.parentBeaconBlockRoot !== undefined) out.parentBeaconBlockRoot = hex(h.parentBeaconBlockRoot);
  if (h.requestsHash !== undefined) out.requestsHash = hex(h.requestsHash);
  return out;
}

/**
 * A block with its transactions as hashes or full objects. The lookups come from the node rather
 * than from `block.transactions`, because only the node knows the sender and hash of a transaction
 * sent from an impersonated account (it carries no real signature).
 */
export function formatBlock(block: Block, transactions: TxLookup[], full: boolean): JsonObject {
  const out: JsonObject = {
    ...formatHeader(block),
    size: qty(block.serialize().length),
    uncles: block.uncleHeaders.map((u) => hex(u.hash())),
    transactions: full ? transactions.map(formatTransaction) : transactions.map((t) => hex(t.hash)),
  };
  if (block.withdrawals !== undefined) {
    out.withdrawals = block.withdrawals.map((w) => ({
      index: qty(w.index), validatorIndex: qty(w.validatorIndex), address: addr(w.address), amount: qty(w.amount),
    }));
  }
  return out;
}

function accessListJson(tx: TypedTransaction): Json[] {
  const list = (tx as { accessList: Array<[Uint8Array, Uint8Array[]]> }).accessList;
  return list.map(([address, keys]) => ({ address: hex(address), storageKeys: keys.map(hex) }));
}

function authorizationListJson(tx: TypedTransaction): Json[] {
  const list = (tx as { authorizationList: Uint8Array[][] }).authorizationList;
  return list.map(([chainId, address, nonce, yParity, r, s]) => ({
    chainId: qty(bytesToBigInt(chainId)), address: hex(address), nonce: qty(bytesToBigInt(nonce)),
    yParity: qty(bytesToBigInt(yParity)), r: qty(bytesToBigInt(r)), s: qty(bytesToBigInt(s)),
  }));
}

/**
 * geth's RPCTransaction: typed transactions carry chainId, accessList and yParity (= v); an
 * EIP-1559 transaction's gasPrice is what it paid once mined and its fee cap while pending.
 */
export function formatTransaction(lookup: TxLookup): JsonObject {
  const { tx, block } = lookup;
  const mined = block !== undefined && lookup.index !== undefined;
  const out: JsonObject = {
    blockHash: mined ? hex(block.hash()) : null,
    blockNumber: mined ? qty(block.header.number) : null,
    from: addr(lookup.from),
    gas: qty(tx.gasLimit),
    gasPrice: qty(gasPriceOf(tx, mined ? block.header.baseFeePerGas : undefined)),
    hash: hex(lookup.hash),
    input: hex(tx.data),
    nonce: qty(tx.nonce),
    to: tx.to ? addr(tx.to) : null,
    transactionIndex: mined ? qty(lookup.index!) : null,
    value: qty(tx.value),
    type: qty(tx.type),
  };
  if (tx.supports(Capability.EIP1559FeeMarket)) {
    const fees = tx as { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
    out.maxFeePerGas = qty(fees.maxFeePerGas);
    out.maxPriorityFeePerGas = qty(fees.maxPriorityFeePerGas);
  }
  if ('maxFeePerBlobGas' in tx) {
    out.maxFeePerBlobGas = qty(tx.maxFeePerBlobGas);
    out.blobVersionedHashes = tx.blobVersionedHashes;
  }
  if (tx.supports(Capability.EIP2930AccessLists)) out.accessList = accessListJson(tx);
  if (tx.supports(Capability.EIP7702EOACode)) out.authorizationList = authorizationListJson(tx);
  // A legacy transaction names a chain only when EIP-155 protected it.
  if (tx.type !== 0 || tx.supports(Capability.EIP155ReplayProtection)) out.chainId = qty(tx.common.chainId());
  out.v = qty(tx.v ?? 0n);
  out.r = qty(tx.r ?? 0n);
  out.s = qty(tx.s ?? 0n);
  if (tx.type !== 0) out.yParity = qty(tx.v ?? 0n);
  return out;
}

function gasPriceOf(tx: TypedTransaction, baseFee: bigint | undefined): bigint {
  if (!tx.supports(Capability.EIP1559FeeMarket)) return (tx as { gasPrice: bigint }).gasPrice;
  const { maxFeePerGas, maxPriorityFeePerGas } = tx as { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
  if (baseFee === undefined) return maxFeePerGas;
  const tip = maxFeePerGas - baseFee < maxPriorityFeePerGas ? maxFeePerGas - baseFee : maxPriorityFeePerGas;
  return baseFee + tip;
}

export function formatLog(log: LogView): JsonObject {
  return {
    address: addr(log.address),
    topics: log.topics.map(hex),
    data: hex(log.data),
    blockNumber: qty(log.blockNumber),
    transactionHash: hex(log.transactionHash),
    transactionIndex: qty(log.transactionIndex),
    blockHash: hex(log.blockHash),
    logIndex: qty(log.logIndex),
    removed: log.removed,
  };
}

export function formatReceipt(r: ReceiptView): JsonObject {
  return {
    blockHash: hex(r.blockHash),
    blockNumber: qty(r.blockNumber),
    contractAddress: r.contractAddress ? addr(r.contractAddress) : null,
    cumulativeGasUsed: qty(r.cumulativeGasUsed),
    effectiveGasPrice: qty(r.effectiveGasPrice),
    from: addr(r.from),
    gasUsed: qty(r.gasUsed),
    logs: r.logs.map(formatLog),
    logsBloom: hex(r.logsBloom),
    status: qty(r.status),
    to: r.to ? addr(r.to) : null,
    transactionHash: hex(r.transactionHash),
    transactionIndex: qty(r.transactionIndex),
    type: qty(r.type),
  };
}

export function formatFeeHistory(h: FeeHistory): JsonObject {
  const out: JsonObject = {
    oldestBlock: qty(h.oldestBlock),
    baseFeePerGas: h.baseFeePerGas.map((f) => qty(f)),
    gasUsedRatio: h.gasUsedRatio,
  };
  if (h.reward !== undefined) out.reward = h.reward.map((row) => row.map((r) => qty(r)));
  return out;
}

/** geth's struct-logger result: gas figures as JSON numbers, stack entries as quantities. */
export function formatTrace(t: TraceResult): JsonObject {
  return {
    gas: Number(t.gas),
    failed: t.failed,
    ...(t.error !== undefined ? { error: t.error } : {}),
    returnValue: hex(t.returnValue),
    structLogs: t.structLogs.map((entry): JsonObject => {
      if ('hostCall' in entry) {
        return { depth: entry.depth, hostCall: entry.hostCall, gas: Number(entry.gas), gasCost: Number(entry.gasCost), engine: entry.engine };
      }
      const out: JsonObject = { pc: entry.pc, op: entry.op, gas: Number(entry.gas), gasCost: Number(entry.gasCost), depth: entry.depth };
      if (entry.stack !== undefined) out.stack = entry.stack.map((v) => qty(v));
      return out;
    }),
  };
}

/** txpool_content: sender (checksummed, as geth's map keys) → nonce (decimal) → transaction. */
export function formatTxpoolContent(content: { pending: TxLookup[]; queued: TxLookup[] }): JsonObject {
  const group = (lookups: TxLookup[]): JsonObject => {
    const bySender: { [sender: string]: JsonObject } = {};
    for (const lookup of lookups) {
      const sender = checksummed(lookup.from);
      (bySender[sender] ??= {})[lookup.tx.nonce.toString()] = formatTransaction(lookup);
    }
    return bySender;
  };
  return { pending: group(content.pending), queued: group(content.queued) };
}

function checksummed(a: Address): string {
  return toChecksumAddress(a.toString());
}
