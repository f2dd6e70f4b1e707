/**
 * debug_ tracing: geth's debug_traceTransaction, debug_traceCall, debug_traceBlockByNumber and
 * debug_traceBlockByHash with its tracers (node/tracers/). Results are the tracers' JSON as is.
 */
import { bytesToHex } from '@ethereumjs/util';
import type { BlockReplay, BlockTag, GasProfile, TraceOptions } from '../../node/api.ts';
import { CodecError, blockNumber, blockNumberOrHash, bool, callRequest, encodeQuantity, field, hash, jsonNumber, jsonObject, text, type ParsedCall } from '../codecs.ts';
import { method, optional, param, withDefault } from '../method.ts';
import { checkedChainId } from './eth.ts';

/** geth's TraceConfig (and TraceCallConfig): logger options, tracer name and its config. Other fields (timeout, reexec) are accepted and ignored. */
const traceOptions = (raw: unknown): TraceOptions => {
  const obj = jsonObject(raw);
  const tracerConfig = field(obj, 'tracerConfig', jsonObject);
  const limit = field(obj, 'limit', jsonNumber);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new CodecError('limit must be a non-negative integer', ['limit']);
  for (const unsupported of ['stateOverrides', 'blockOverrides']) {
    if (obj[unsupported] !== undefined && obj[unsupported] !== null) throw new CodecError('not supported by this node', [unsupported]);
  }
  return {
    tracer: field(obj, 'tracer', text),
    ...(tracerConfig !== undefined ? { tracerConfig } : {}),
    disableStorage: field(obj, 'disableStorage', bool),
    disableStack: field(obj, 'disableStack', bool),
    enableMemory: field(obj, 'enableMemory', bool),
    enableReturnData: field(obj, 'enableReturnData', bool),
    ...(limit !== undefined ? { limit } : {}),
  };
};

/** A tracer's JSON as it is (a JsonChunks is streamed by the HTTP server). */
const asTraced = (value: unknown) => value as never;

const blockTraces = (traces: Array<{ txHash: Uint8Array; result: unknown }>) =>
  traces.map((t) => ({ txHash: bytesToHex(t.txHash), result: t.result })) as never;

/** debug_replayBlock's answer: { match, stateRoot: { expected, actual }, receipts: [{ index, transactionHash, match, diff? }] }. */
const formatReplay = (r: BlockReplay) => ({
  match: r.match,
  stateRoot: { expected: bytesToHex(r.stateRoot.expected), actual: bytesToHex(r.stateRoot.actual) },
  receipts: r.receipts.map((x) => ({ index: x.index, transactionHash: bytesToHex(x.transactionHash), match: x.match, ...(x.diff ? { diff: x.diff } : {}) })),
}) as never;

/** debug_gasProfile's first param: a transaction hash, or a call as for eth_call. */
const profileTarget = (raw: unknown): { hash: Uint8Array } | { call: ParsedCall } =>
  typeof raw === 'string' ? { hash: hash(raw) } : { call: callRequest(raw) };

const formatProfile = (p: GasProfile) => ({
  gasUsed: encodeQuantity(p.gasUsed), functions: p.functions.map((f) => ({ name: f.name, gas: encodeQuantity(f.gas) })), svg: p.svg,
}) as never;

export const debugMethods = [
  // Ours: gas by function across both engines, as text-ready figures and an SVG flame graph.
  method({
    name: 'debug_gasProfile', params: [param('target', profileTarget), withDefault('block', blockNumberOrHash, 'latest' as BlockTag)], result: formatProfile,
    handler: ({ node }, target, tag) => node.gasProfile('hash' in target ? target : { call: checkedChainId(node, target.call), tag }),
  }),
  method({
    name: 'debug_traceTransaction', params: [param('transactionHash', hash), optional('options', traceOptions)], result: asTraced,
    handler: ({ node }, txHash, options) => node.traceTransaction(txHash, options),
  }),
  method({
    name: 'debug_traceCall',
    params: [param('transaction', callRequest), withDefault('block', blockNumberOrHash, 'latest' as BlockTag), optional('options', traceOptions)],
    result: asTraced,
    handler: ({ node }, request, tag, options) => node.traceCall(checkedChainId(node, request), tag, options),
  }),
  method({
    name: 'debug_traceBlockByNumber', params: [param('number', blockNumber), optional('options', traceOptions)], result: blockTraces,
    handler: ({ node }, tag, options) => node.traceBlock(tag, options),
  }),
  // Ours: re-executes a block from its parent state and compares receipts and state root.
  method({
    name: 'debug_replayBlock', params: [param('block', blockNumberOrHash)], result: formatReplay,
    handler: ({ node }, tag) => node.replayBlock(tag),
  }),
  method({
    name: 'debug_traceBlockByHash', params: [param('hash', hash), optional('options', traceOptions)], result: blockTraces,
    handler: ({ node }, blockHash, options) => node.traceBlock({ blockHash }, options),
  }),
];
