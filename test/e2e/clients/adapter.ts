/**
 * What every client adapter offers the scenarios (./scenarios.ts). Each adapter does the work with
 * its client's own API — deploy helper, contract objects, error classes, subscriptions — and only
 * turns the answers into these plain shapes, so that one scenario checks all three clients alike.
 */
import type { DevnetHandle } from 'ewasm-devnet';

export type Hex = `0x${string}`;

/** An ABI as JSON (what solc emits), and creation code. */
export interface Artifact {
  readonly abi: readonly AbiEntry[];
  readonly bytecode: Hex;
}

export interface AbiEntry {
  readonly type: string;
  readonly name?: string;
  readonly inputs?: ReadonlyArray<{ readonly name: string; readonly type: string; readonly indexed?: boolean }>;
  readonly outputs?: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly stateMutability?: string;
}

/** A deployed contract as the scenarios pass it back to the adapter. */
export interface ContractRef {
  readonly address: string;
  readonly artifact: Artifact;
}

export interface Receipt {
  readonly status: 'success' | 'reverted';
  readonly transactionHash: string;
  readonly blockNumber: bigint;
  readonly gasUsed: bigint;
  readonly contractAddress: string | null;
}

/** A decoded event; `args` in the event's ABI order, integers as bigint, addresses as the client spells them. */
export interface DecodedEvent {
  readonly eventName: string;
  readonly args: readonly unknown[];
  readonly address: string;
  readonly blockNumber: bigint;
  readonly transactionHash: string;
}

/** A revert as the client decoded it: Error(string)'s reason, or a custom error's name and args. */
export interface RevertInfo {
  readonly reason?: string;
  readonly errorName?: string;
  readonly args?: readonly unknown[];
  /** The client's own message, for failure reports. */
  readonly message: string;
}

export interface EventStream {
  /** The next event, or a rejection after `timeoutMs`. */
  next(timeoutMs: number): Promise<DecodedEvent>;
  close(): Promise<void>;
}

export interface ClientAdapter {
  readonly name: string;
  /** The account that deploys and sends. */
  readonly sender: string;
  deploy(artifact: Artifact, args: readonly unknown[]): Promise<{ address: string; receipt: Receipt }>;
  read(contract: ContractRef, fn: string, args: readonly unknown[]): Promise<unknown>;
  /** Sends a transaction and waits for its receipt. `gas` is the exact gas limit, when given. */
  write(contract: ContractRef, fn: string, args: readonly unknown[], options?: { gas?: bigint }): Promise<Receipt>;
  estimateGas(contract: ContractRef, fn: string, args: readonly unknown[]): Promise<bigint>;
  getLogs(contract: ContractRef, eventName: string, range: { fromBlock: bigint; toBlock: bigint }): Promise<DecodedEvent[]>;
  /** Resolves once the node has acknowledged the subscription, so that no later event can be missed. */
  subscribe(contract: ContractRef, eventName: string): Promise<EventStream>;
  /**
   * Runs `fn` as a read ('call') or as a transaction ('send') and returns how the client reports
   * the revert; rejects when the client reports none.
   */
  revertOf(contract: ContractRef, fn: string, args: readonly unknown[], via: 'call' | 'send'): Promise<RevertInfo>;
  getCode(address: string): Promise<string>;
  /** A raw JSON-RPC request through the client's own transport. */
  request(method: string, params: unknown[]): Promise<unknown>;
  latestBlock(): Promise<{ number: bigint; timestamp: bigint }>;
  close(): Promise<void>;
}

export type AdapterFactory = (devnet: DevnetHandle) => Promise<ClientAdapter>;

/** A queue of events fed by a client's callback, read by `next`. */
export class EventQueue {
  private readonly events: DecodedEvent[] = [];
  private readonly waiters: Array<(event: DecodedEvent) => void> = [];

  push(event: DecodedEvent): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(event);
    else this.events.push(event);
  }

  next(timeoutMs: number): Promise<DecodedEvent> {
    const ready = this.events.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter = (event: DecodedEvent) => {
        clearTimeout(timer);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

/** Positional args from a client's named-or-indexed result object, in the event's ABI order. */
export function positional(abi: readonly AbiEntry[], kind: 'event' | 'error', name: string, values: Record<string, unknown>): unknown[] {
  const entry = abi.find((e) => e.type === kind && e.name === name);
  if (!entry) throw new Error(`no ${kind} ${name} in the ABI`);
  return (entry.inputs ?? []).map((input, i) => (input.name && input.name in values ? values[input.name] : values[i]));
}
