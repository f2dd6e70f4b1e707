/**
 * Whether a log passes a filter — the one matcher eth_getLogs, polled filters and subscriptions all
 * use, with geth's rules: any of the addresses; per topic position null (or an empty list) matches
 * anything there, a list any of its entries; and a log with fewer topics than the filter has
 * positions never matches (geth's filterLogs), so `[A, null]` needs a second topic.
 */
import { equalsBytes } from '@ethereumjs/util';
import type { BlockTag, LogFilter, LogView } from './api.ts';

function numericBound(tag: BlockTag | undefined): bigint | undefined {
  if (typeof tag === 'bigint') return tag;
  return tag === 'earliest' ? 0n : undefined;
}

/**
 * Whether a log passes a filter: numeric block bounds (tags such as 'latest' leave a side open: for
 * a new log, and for eth_getLogs, which resolves tags to its range first), block hash, addresses
 * and topics.
 */
export function logMatches(criteria: LogFilter, log: LogView): boolean {
  const from = numericBound(criteria.fromBlock);
  const to = numericBound(criteria.toBlock);
  if (from !== undefined && log.blockNumber < from) return false;
  if (to !== undefined && log.blockNumber > to) return false;
  if (criteria.blockHash && !equalsBytes(criteria.blockHash, log.blockHash)) return false;
  if (criteria.address && criteria.address.length > 0 && !criteria.address.some((a) => a.equals(log.address))) return false;
  const topics = criteria.topics ?? [];
  if (topics.length > log.topics.length) return false;
  return topics.every((alternatives, i) => alternatives === null || alternatives.length === 0 || alternatives.some((t) => equalsBytes(t, log.topics[i])));
}
