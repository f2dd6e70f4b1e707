/** Polled filters (any transport) and eth_subscribe / eth_unsubscribe (WebSocket only). */
import type { LogView } from '../../node/api.ts';
import { CodecError, bool, encodeData, logFilter, text } from '../codecs.ts';
import { ErrorCode, RpcError, filterNotFound, invalidParams } from '../errors.ts';
import type { FilterChanges } from '../filters.ts';
import { formatLog, type Json } from '../format.ts';
import { asIs, method, optional, param, type CallContext } from '../method.ts';
import type { Subscription, SubscriptionSession } from '../subscriptions.ts';

const filterId = param('filterId', text);

function encodeChanges(changes: FilterChanges): Json {
  return changes.kind === 'logs' ? changes.logs.map(formatLog) : changes.hashes.map(encodeData);
}

function sessionOf(ctx: CallContext): SubscriptionSession {
  // geth's answer to eth_subscribe over HTTP, code and words.
  if (!ctx.session) throw new RpcError(ErrorCode.methodNotFound, 'notifications not supported');
  return ctx.session;
}

/** eth_subscribe's second param depends on the first, so it is decoded here rather than by the table. */
function subscriptionOf(kind: string, options: unknown): Subscription {
  const decodeOptions = <T>(codec: (raw: unknown) => T): T | undefined => {
    if (options === undefined || options === null) return undefined;
    try {
      return codec(options);
    } catch (e) {
      throw e instanceof CodecError ? invalidParams(1, 'options', e) : e;
    }
  };
  switch (kind) {
    case 'newHeads':
      return { kind };
    case 'logs':
      return { kind, criteria: decodeOptions(logFilter) ?? {} };
    case 'newPendingTransactions':
      return { kind, fullTransactions: decodeOptions(bool) ?? false };
    // Ours: each mined transaction's console output (Solidity console.log, Wasm debug.print*).
    case 'debugLogs':
      return { kind };
    default:
      throw new RpcError(ErrorCode.methodNotFound, `no "${kind}" subscription in eth namespace`);
  }
}

export const filterMethods = [
  method({
    name: 'eth_newFilter', params: [param('filter', logFilter)], result: asIs,
    handler: ({ filters }, criteria) => filters.newLogFilter(criteria),
  }),
  method({ name: 'eth_newBlockFilter', params: [], result: asIs, handler: ({ filters }) => filters.newBlockFilter() }),
  method({
    name: 'eth_newPendingTransactionFilter', params: [], result: asIs,
    handler: ({ filters }) => filters.newPendingTransactionFilter(),
  }),
  method({
    name: 'eth_getFilterChanges', params: [filterId], result: encodeChanges,
    handler: ({ filters }, id) => filters.takeChanges(id) ?? Promise.reject(filterNotFound()),
  }),
  method({
    name: 'eth_getFilterLogs', params: [filterId], result: (logs: LogView[]) => logs.map(formatLog),
    handler: ({ node, filters }, id) => {
      const criteria = filters.logCriteria(id);
      if (!criteria) throw filterNotFound();
      return node.getLogs(criteria);
    },
  }),
  method({ name: 'eth_uninstallFilter', params: [filterId], result: asIs, handler: ({ filters }, id) => filters.uninstall(id) }),

  method({
    name: 'eth_subscribe', params: [param('subscription', text), optional('options', (raw: unknown) => raw)], result: asIs,
    handler: (ctx, kind, options) => sessionOf(ctx).subscribe(subscriptionOf(kind, options)),
  }),
  method({
    name: 'eth_unsubscribe', params: [param('subscriptionId', text)], result: asIs,
    handler: (ctx, id) => sessionOf(ctx).unsubscribe(id),
  }),
];
