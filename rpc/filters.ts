/**
 * Polled filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter), fed by the
 * node's events. As in geth: a filter collects only what happens after it is installed,
 * eth_getFilterChanges hands over and forgets what collected since the last poll, and a filter not
 * polled for five minutes is removed (clients that crash never uninstall theirs).
 */
import type { Block } from '@ethereumjs/block';
import { randomBytes } from 'node:crypto';
import type { LogFilter, LogView } from '../node/api.ts';
import { logMatches } from '../node/log-filter.ts';
import { ErrorCode, RpcError } from './errors.ts';

export type FilterChanges =
  | { readonly kind: 'logs'; readonly logs: LogView[] }
  | { readonly kind: 'hashes'; readonly hashes: Uint8Array[] };

type Filter =
  | { kind: 'logs'; criteria: LogFilter; logs: LogView[]; lastPoll: number }
  | { kind: 'blocks' | 'pendingTransactions'; hashes: Uint8Array[]; lastPoll: number };

export const FILTER_TIMEOUT_MS = 5 * 60_000;
/**
 * Polled filters installed at once, node-wide. Every new block, log and pending transaction is
 * matched against each, so without a cap 100,000 forgotten filters made each transaction take
 * about a second. Expired filters are swept before a new one is refused.
 */
export const MAX_FILTERS = 10_000;

/** geth's rpc.NewID: 16 random bytes as a quantity. */
export function newId(): string {
  return '0x' + (randomBytes(16).toString('hex').replace(/^0+/, '') || '0');
}

export class FilterRegistry {
  private readonly filters = new Map<string, Filter>();
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;
  private readonly maxFilters: number;

  /** `now` is the clock filter ages are measured by (tests pass their own). */
  constructor(timeoutMs = FILTER_TIMEOUT_MS, now: () => number = Date.now, maxFilters = MAX_FILTERS) {
    this.timeoutMs = timeoutMs;
    this.now = now;
    this.maxFilters = maxFilters;
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.min(timeoutMs, 60_000)));
    // A devnet whose only remaining work is sweeping filters should still be able to exit.
    this.sweeper.unref();
  }

  newLogFilter(criteria: LogFilter): string {
    return this.install({ kind: 'logs', criteria, logs: [], lastPoll: this.now() });
  }

  newBlockFilter(): string {
    return this.install({ kind: 'blocks', hashes: [], lastPoll: this.now() });
  }

  newPendingTransactionFilter(): string {
    return this.install({ kind: 'pendingTransactions', hashes: [], lastPoll: this.now() });
  }

  /** What arrived since the last poll, or undefined when there is no such filter. */
  takeChanges(id: string): FilterChanges | undefined {
    const filter = this.live(id);
    if (!filter) return undefined;
    filter.lastPoll = this.now();
    if (filter.kind === 'logs') {
      const logs = filter.logs;
      filter.logs = [];
      return { kind: 'logs', logs };
    }
    const hashes = filter.hashes;
    filter.hashes = [];
    return { kind: 'hashes', hashes };
  }

  /** A log filter's criteria (for eth_getFilterLogs); undefined for other kinds, as geth. */
  logCriteria(id: string): LogFilter | undefined {
    const filter = this.live(id);
    if (filter?.kind !== 'logs') return undefined;
    filter.lastPoll = this.now();
    return filter.criteria;
  }

  uninstall(id: string): boolean {
    return this.filters.delete(id);
  }

  onNewHead(block: Block): void {
    if (this.filters.size === 0) return;
    const hash = block.hash();
    for (const f of this.filters.values()) if (f.kind === 'blocks') f.hashes.push(hash);
  }

  onLogs(logs: LogView[]): void {
    for (const f of this.filters.values()) {
      if (f.kind === 'logs') for (const log of logs) if (logMatches(f.criteria, log)) f.logs.push(log);
    }
  }

  onPendingTransaction(hash: Uint8Array): void {
    for (const f of this.filters.values()) if (f.kind === 'pendingTransactions') f.hashes.push(hash);
  }

  sweep(): void {
    const now = this.now();
    for (const [id, f] of this.filters) if (now - f.lastPoll > this.timeoutMs) this.filters.delete(id);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.filters.clear();
  }

  /** The filter, unless it has expired (gone at once, not only at the next sweep). */
  private live(id: string): Filter | undefined {
    const filter = this.filters.get(id);
    if (filter && this.now() - filter.lastPoll > this.timeoutMs) {
      this.filters.delete(id);
      return undefined;
    }
    return filter;
  }

  private install(filter: Filter): string {
    if (this.filters.size >= this.maxFilters) this.sweep();
    if (this.filters.size >= this.maxFilters) {
      throw new RpcError(ErrorCode.server, `too many filters: at most ${this.maxFilters} are installed at once; uninstall some with eth_uninstallFilter (unpolled ones expire after ${this.timeoutMs / 1000} s)`);
    }
    const id = newId();
    this.filters.set(id, filter);
    return id;
  }
}
