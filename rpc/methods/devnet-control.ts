/**
 * Devnet controls that shape the next blocks and the pool, under the names viem's testClient sends
 * in `anvil` and in `hardhat` mode: setCoinbase, evm_setBlockGasLimit, setNextBlockBaseFeePerGas,
 * setPrevRandao (hardhat-network-helpers), setMinGasPrice, setBlockTimestampInterval,
 * setLoggingEnabled, eth_sendUnsignedTransaction and txpool_inspect.
 */
import { setLengthLeft, toChecksumAddress } from '@ethereumjs/util';
import type { TxLookup } from '../../node/api.ts';
import { CodecError, address, bool, data, encodeData, jsonNumber, quantity, txRequest } from '../codecs.ts';
import type { JsonObject } from '../format.ts';
import { asIs, asTrue, method, param } from '../method.ts';
import { checkedChainId } from './eth.ts';

/** A cheat known to both Anvil and Hardhat by the same suffix. */
const both = (suffix: string) => ({ name: `anvil_${suffix}`, aliases: [`hardhat_${suffix}`] });

const positive = (what: string) => (raw: unknown): bigint => {
  const value = quantity(raw);
  if (value === 0n) throw new CodecError(`${what} must be greater than 0`);
  return value;
};

/** geth's txpool_inspect line: `to: value wei + gas gas × price wei` (the fee cap stands for the price of a 1559 transaction). */
function inspectLine({ tx }: TxLookup): string {
  const price = 'maxFeePerGas' in tx ? tx.maxFeePerGas : (tx as { gasPrice: bigint }).gasPrice;
  const to = tx.to ? toChecksumAddress(tx.to.toString()) : 'contract creation';
  return `${to}: ${tx.value} wei + ${tx.gasLimit} gas × ${price} wei`;
}

function inspectPool(content: { pending: TxLookup[]; queued: TxLookup[] }): JsonObject {
  const group = (lookups: TxLookup[]): JsonObject => {
    const bySender: { [sender: string]: { [nonce: string]: string } } = {};
    for (const lookup of lookups) (bySender[toChecksumAddress(lookup.from.toString())] ??= {})[lookup.tx.nonce.toString()] = inspectLine(lookup);
    return bySender;
  };
  return { pending: group(content.pending), queued: group(content.queued) };
}

export const devnetControlMethods = [
  method({
    ...both('setCoinbase'), params: [param('address', address)], result: asTrue,
    handler: ({ node }, a) => { node.mining.coinbase = a; },
  }),
  method({
    name: 'evm_setBlockGasLimit', params: [param('gasLimit', positive('block gas limit'))], result: asTrue,
    handler: ({ node }, gasLimit) => { node.mining.gasLimit = gasLimit; },
  }),
  method({
    ...both('setNextBlockBaseFeePerGas'), params: [param('baseFeePerGas', quantity)], result: asTrue,
    handler: ({ node }, fee) => { node.mining.nextBaseFee = fee; },
  }),
  method({
    ...both('setPrevRandao'), params: [param('prevRandao', data)], result: asTrue,
    handler: ({ node }, value) => {
      if (value.length > 32) throw new CodecError('prevRandao is longer than 32 bytes');
      node.mining.nextPrevRandao = setLengthLeft(value, 32);
    },
  }),
  method({
    ...both('setMinGasPrice'), params: [param('gasPrice', quantity)], result: asTrue,
    handler: ({ node }, price) => { node.mining.minGasPrice = price; },
  }),
  method({
    ...both('setLoggingEnabled'), params: [param('enabled', bool)], result: asTrue,
    handler: ({ node }, enabled) => { node.mining.logging = enabled; },
  }),
  // Anvil's interval counts seconds; viem's hardhat mode sends milliseconds to the hardhat_ name.
  method({
    name: 'anvil_setBlockTimestampInterval', params: [param('seconds', jsonNumber)], result: asTrue,
    handler: ({ node }, seconds) => node.setBlockTimestampInterval(BigInt(seconds)),
  }),
  method({
    name: 'hardhat_setBlockTimestampInterval', params: [param('milliseconds', jsonNumber)], result: asTrue,
    handler: ({ node }, ms) => node.setBlockTimestampInterval(BigInt(Math.round(ms / 1000))),
  }),
  method({
    ...both('removeBlockTimestampInterval'), params: [], result: asTrue,
    handler: ({ node }) => node.setBlockTimestampInterval(null),
  }),
  method({
    name: 'eth_sendUnsignedTransaction', params: [param('transaction', txRequest)], result: encodeData,
    handler: ({ node }, request) => node.sendUnsignedTransaction(checkedChainId(node, request)),
  }),
  method({ name: 'txpool_inspect', params: [], result: asIs, handler: ({ node }) => inspectPool(node.txpoolContent()) }),
];



