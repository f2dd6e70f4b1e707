/**
 * Transactions waiting for a block: per sender in nonce order, future nonces queued until the gap
 * fills, a same-nonce replacement only with a 10% higher fee (geth's default price bump).
 */
import type { TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex, type Address } from '@ethereumjs/util';
import { TxError } from './errors.ts';
import { effectiveTip, feeCap, tipCap } from './fees.ts';

export interface PooledTx {
  readonly tx: TypedTransaction;
  readonly hash: Uint8Array;
  readonly sender: Address;
}

const PRICE_BUMP_PERCENT = 10n;

export class TxPool {
  private readonly bySender = new Map<string, Map<bigint, PooledTx>>();
  private readonly byHash = new Map<string, PooledTx>();

  get size(): number {
    return this.byHash.size;
  }

  get(hash: Uint8Array): PooledTx | undefined {
    return this.byHash.get(bytesToHex(hash));
  }

  /** Adds a checked transaction, replacing one with the same nonce if it pays enough more. */
  add(entry: PooledTx): void {
    const key = bytesToHex(entry.hash);
    if (this.byHash.has(key)) throw new TxError('alreadyKnown');
    const sender = entry.sender.toString();
    let queue = this.bySender.get(sender);
    if (!queue) this.bySender.set(sender, (queue = new Map()));
    const old = queue.get(entry.tx.nonce);
    if (old) {
      const bump = (v: bigint) => v + (v * PRICE_BUMP_PERCENT) / 100n;
      if (feeCap(entry.tx) < bump(feeCap(old.tx)) || tipCap(entry.tx) < bump(tipCap(old.tx))) throw new TxError('replacementUnderpriced');
      this.byHash.delete(bytesToHex(old.hash));
    }
    queue.set(entry.tx.nonce, entry);
    this.byHash.set(key, entry);
  }

  remove(hash: Uint8Array): boolean {
    const entry = this.byHash.get(bytesToHex(hash));
    if (!entry) return false;
    this.byHash.delete(bytesToHex(hash));
    const queue = this.bySender.get(entry.sender.toString());
    queue?.delete(entry.tx.nonce);
    if (queue?.size === 0) this.bySender.delete(entry.sender.toString());
    return true;
  }

  /** Senders with transactions waiting, as address strings. */
  senders(): string[] {
    return [...this.bySender.keys()];
  }

  /** The first nonce at or after `stateNonce` that `sender` has no transaction for. */
  nextNonce(sender: Address, stateNonce: bigint): bigint {
    const queue = this.bySender.get(sender.toString());
    let n = stateNonce;
    while (queue?.has(n)) n++;
    return n;
  }

  /** Every waiting transaction. */
  all(): PooledTx[] {
    return [...this.byHash.values()];
  }

  /** Drops what the state has made stale (nonces below the account's). */
  prune(nonceOf: (sender: string) => bigint): void {
    for (const [sender, queue] of this.bySender) {
      const next = nonceOf(sender);
      for (const [nonce, entry] of queue) if (nonce < next) this.remove(entry.hash);
    }
  }

  /**
   * Transactions that can run now, in the order a block takes them: per sender consecutive nonces
   * from the account's, across senders the highest effective tip first.
   */
  executable(nonceOf: (sender: string) => bigint, baseFee: bigint): PooledTx[] {
    const runs: PooledTx[][] = [];
    for (const [sender, queue] of this.bySender) {
      const run: PooledTx[] = [];
      for (let n = nonceOf(sender); queue.has(n); n++) run.push(queue.get(n)!);
      if (run.length > 0) runs.push(run);
    }
    const ordered: PooledTx[] = [];
    while (runs.length > 0) {
      let best = 0;
      for (let i = 1; i < runs.length; i++) if (effectiveTip(runs[i][0].tx, baseFee) > effectiveTip(runs[best][0].tx, baseFee)) best = i;
      ordered.push(runs[best].shift()!);
      if (runs[best].length === 0) runs.splice(best, 1);
    }
    return ordered;
  }

  /** txpool_content: executable now (pending) and waiting for a nonce gap (queued). */
  content(nonceOf: (sender: string) => bigint): { pending: PooledTx[]; queued: PooledTx[] } {
    const pending: PooledTx[] = [];
    const queued: PooledTx[] = [];
    for (const [sender, queue] of this.bySender) {
      let next = nonceOf(sender);
      for (const nonce of [...queue.keys()].sort((a, b) => (a < b ? -1 : 1))) {
        if (nonce === next) { pending.push(queue.get(nonce)!); next++; } else queued.push(queue.get(nonce)!);
      }
    }
    return { pending, queued };
  }
}
