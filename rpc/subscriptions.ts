/**
 * eth_subscribe over WebSocket: one session per connection holds that connection's subscriptions
 * and turns the node's events into `eth_subscription` notifications, in geth's shapes (newHeads:
 * the header; logs: one notification per log; newPendingTransactions: the hash, or the full
 * transaction when asked with `true`); and ours, debugLogs: each mined transaction's console output.
 */
import type { Block } from '@ethereumjs/block';
import type { ChainNode, DebugOutput, LogFilter, LogView } from '../node/api.ts';
import { encodeData, encodeQuantity } from './codecs.ts';
import { ErrorCode, RpcError } from './errors.ts';
import { logMatches } from '../node/log-filter.ts';
import { newId } from './filters.ts';
import { formatHeader, formatLog, formatTransaction, type Json } from './format.ts';

export type Subscription =
  | { readonly kind: 'newHeads' }
  | { readonly kind: 'logs'; readonly criteria: LogFilter }
  | { readonly kind: 'newPendingTransactions'; readonly fullTransactions: boolean }
  | { readonly kind: 'debugLogs' };

/** What eth_subscribe / eth_unsubscribe handlers see; absent on HTTP. */
export interface SubscriptionSession {
  subscribe(subscription: Subscription): string;
  unsubscribe(id: string): boolean;
}

/** Subscriptions one connection may hold: each new head or log is formatted and sent per subscription. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 1_000;

export class WebSocketSession implements SubscriptionSession {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly node: ChainNode;
  private readonly send: (message: string) => void;
  private readonly maxSubscriptions: number;

  constructor(node: ChainNode, send: (message: string) => void, maxSubscriptions = MAX_SUBSCRIPTIONS_PER_CONNECTION) {
    this.node = node;
    this.send = send;
    this.maxSubscriptions = maxSubscriptions;
  }

  subscribe(subscription: Subscription): string {
    if (this.subscriptions.size >= this.maxSubscriptions) {
      throw new RpcError(ErrorCode.server, `too many subscriptions: at most ${this.maxSubscriptions} per connection; cancel some with eth_unsubscribe`);
    }
    const id = newId();
    this.subscriptions.set(id, subscription);
    return id;
  }

  unsubscribe(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  onNewHead(block: Block): void {
    let header: Json | undefined;
    for (const [id, s] of this.subscriptions) {
      if (s.kind === 'newHeads') this.notify(id, (header ??= formatHeader(block)));
    }
  }

  onLogs(logs: LogView[]): void {
    for (const [id, s] of this.subscriptions) {
      if (s.kind !== 'logs') continue;
      for (const log of logs) if (logMatches(s.criteria, log)) this.notify(id, formatLog(log));
    }
  }

  onPendingTransaction(hash: Uint8Array): void {
    for (const [id, s] of this.subscriptions) {
      if (s.kind !== 'newPendingTransactions') continue;
      if (!s.fullTransactions) {
        this.notify(id, encodeData(hash));
        continue;
      }
      // A lookup that fails or finds nothing (dropped meanwhile) sends nothing, as geth does.
      this.node.getTransaction(hash).then(
        (lookup) => lookup && this.subscriptions.has(id) && this.notify(id, formatTransaction(lookup)),
        () => undefined,
      );
    }
  }

  /** Ours: `{ transactionHash, blockNumber, logs: [line, …] }` for each mined transaction that printed. */
  onDebugLogs(output: DebugOutput): void {
    let result: Json | undefined;
    for (const [id, s] of this.subscriptions) {
      if (s.kind !== 'debugLogs') continue;
      result ??= { transactionHash: encodeData(output.transactionHash), blockNumber: encodeQuantity(output.blockNumber), logs: output.logs };
      this.notify(id, result);
    }
  }

  close(): void {
    this.subscriptions.clear();
  }

  private notify(subscription: string, result: Json): void {
    this.send(JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription, result } }));
  }
}
