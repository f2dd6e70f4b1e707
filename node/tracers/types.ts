/**
 * What every tracer of debug_trace* is: execution hooks (evm-compat/tracing.ts) plus the
 * transaction's start and end, and a result. A tracer's result is a JSON document by definition
 * (geth's tracers return json.RawMessage, and tools read exactly that shape), so tracers build it
 * here in geth's encoding rather than handing typed values to rpc/.
 */
import type { Address } from '@ethereumjs/util';
import type { StateManagerInterface } from '@ethereumjs/common';
import type { ExecutionTracer } from '../../evm-compat/tracing.ts';
import { ChainError } from '../errors.ts';
import type { JsonChunks } from '../json-chunks.ts';

export type Json = string | number | boolean | null | JsonChunks | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The transaction (or call) being traced, before it runs. */
export interface TxStart {
  readonly from: Address;
  readonly to?: Address;
  readonly gasLimit: bigint;
  readonly value: bigint;
  readonly input: Uint8Array;
  /** How many logs the block's earlier transactions emitted (geth's log indexes count from there). */
  readonly logIndex?: number;
}

/** Its outcome. */
export interface TxEnd {
  /** The receipt's gasUsed (after refunds). */
  readonly gasUsed: bigint;
  readonly returnValue: Uint8Array;
  /** @ethereumjs/evm's error text of the top frame; absent on success. */
  readonly error?: string;
  readonly createdAddress?: Address;
}

/** What a tracer may read besides the hooks: the state the transaction runs on, before and after. */
export interface TraceContext {
  readonly state: StateManagerInterface;
  isPrecompile(address: Address): boolean;
}

export interface Tracer {
  readonly hooks: ExecutionTracer;
  txStart?(tx: TxStart): void | Promise<void>;
  txEnd?(end: TxEnd): void | Promise<void>;
  result(): Json;
}

export type TracerFactory = (config: Record<string, unknown>, ctx: TraceContext) => Tracer;

/** A bad tracer name or config: the message goes to the client as geth's would. */
export class TracerConfigError extends ChainError {
  override name = 'TracerConfigError';
}
