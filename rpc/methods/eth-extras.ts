/**
 * The newer eth_ methods (execution-apis): eth_getProof, eth_getStorageValues,
 * eth_createAccessList, eth_fillTransaction, eth_signTransaction, eth_blobBaseFee and eth_config
 * (EIP-7910), with geth's answers and shapes.
 */
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { setLengthLeft } from '@ethereumjs/util';
import type { TypedTransaction } from '@ethereumjs/tx';
import type { AccessListResult, AccountProof, BlockTag, ForkConfig } from '../../node/api.ts';
import type { Address } from '@ethereumjs/util';
import {
  CodecError, address, arrayOf, blockNumberOrHash, callRequest, encodeAddress, encodeData, encodeQuantity, expectObjectOf, storageSlot, txRequest,
} from '../codecs.ts';
import { formatTransaction, type JsonObject } from '../format.ts';
import { method, param, withDefault } from '../method.ts';
import { checkedChainId } from './eth.ts';

const blockParam = withDefault('block', blockNumberOrHash, 'latest' as BlockTag);
/** geth caps eth_getStorageValues at this many slots in one request. */
const MAX_STORAGE_VALUES = 1024;

function formatProof(p: AccountProof): JsonObject {
  return {
    address: encodeAddress(p.address), accountProof: p.accountProof.map(encodeData), balance: encodeQuantity(p.balance),
    codeHash: encodeData(p.codeHash), nonce: encodeQuantity(p.nonce), storageHash: encodeData(p.storageHash),
    storageProof: p.storageProof.map((s) => ({ key: encodeData(s.key), value: encodeQuantity(s.value), proof: s.proof.map(encodeData) })),
  };
}

function formatAccessList(r: AccessListResult): JsonObject {
  return {
    accessList: r.accessList.map((e) => ({ address: encodeAddress(e.address), storageKeys: e.storageKeys.map(encodeData) })),
    gasUsed: encodeQuantity(r.gasUsed), ...(r.error !== undefined ? { error: r.error } : {}),
  };
}

/** geth's SignTransactionResult: the encoded transaction and its fields. */
const signedResult = (from: () => Address) => (tx: TypedTransaction): JsonObject => {
  const raw = tx.serialize();
  const hash = tx.isSigned() ? tx.hash() : keccak256(raw);
  return { raw: encodeData(raw), tx: formatTransaction({ tx, hash, from: from() }) };
};

function formatConfig(c: ForkConfig): JsonObject {
  const addresses = (m: Record<string, Address>) => Object.fromEntries(Object.entries(m).map(([k, a]) => [k, encodeAddress(a)]));
  return {
    current: {
      activationTime: c.activationTime, blobSchedule: c.blobSchedule, chainId: encodeQuantity(c.chainId),
      forkId: `0x${c.forkId.toString(16).padStart(8, '0')}`, precompiles: addresses(c.precompiles), systemContracts: addresses(c.systemContracts),
    },
    next: null,
    last: null,
  };
}

/** eth_getStorageValues' request: `{ address: [slot, …] }`. */
const storageRequests = (raw: unknown): Array<[Address, Uint8Array[]]> => {
  const obj = expectObjectOf(raw, 'storage requests');
  const entries = Object.entries(obj).map(([a, slots]): [Address, Uint8Array[]] => {
    try {
      return [address(a), arrayOf(storageSlot)(slots)];
    } catch (e) {
      if (e instanceof CodecError) e.path.unshift(a);
      throw e;
    }
  });
  const total = entries.reduce((n, [, s]) => n + s.length, 0);
  if (total > MAX_STORAGE_VALUES) throw new CodecError(`too many slots (max ${MAX_STORAGE_VALUES}, got ${total})`);
  return entries;
};

export const ethExtraMethods = [
  method({
    name: 'eth_getProof', params: [param('address', address), param('storageKeys', arrayOf(storageSlot)), blockParam], result: formatProof,
    handler: ({ node }, a, slots, tag) => node.getProof(a, slots, tag),
  }),
  method({
    name: 'eth_getStorageValues', params: [param('requests', storageRequests), blockParam], result: (v: JsonObject) => v,
    handler: async ({ node }, requests, tag) => {
      const out: { [address: string]: string[] } = {};
      for (const [a, slots] of requests) {
        out[a.toString()] = await Promise.all(slots.map(async (s) => encodeData(setLengthLeft(await node.getStorageAt(a, s, tag), 32))));
      }
      return out;
    },
  }),
  method({
    name: 'eth_createAccessList', params: [param('transaction', callRequest), blockParam], result: formatAccessList,
    handler: ({ node }, request, tag) => node.createAccessList(checkedChainId(node, request), tag),
  }),
  method({
    name: 'eth_fillTransaction', params: [param('transaction', txRequest)], result: (v: JsonObject) => v,
    handler: async ({ node }, request) => signedResult(() => request.from)(await node.fillTransaction(checkedChainId(node, request))),
  }),
  method({
    name: 'eth_signTransaction', params: [param('transaction', txRequest)], result: (v: JsonObject) => v,
    handler: async ({ node }, request) => signedResult(() => request.from)(await node.signTransaction(checkedChainId(node, request))),
  }),
  method({ name: 'eth_blobBaseFee', params: [], result: encodeQuantity, handler: ({ node }) => node.blobBaseFee() }),
  method({ name: 'eth_config', params: [], result: formatConfig, handler: ({ node }) => node.forkConfig() }),
];


