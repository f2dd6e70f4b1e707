/**
 * debug_traceTransaction, debug_traceCall and debug_traceBlockBy*: re-executes on the state the
 * transaction ran on (its block's parent state plus the transactions before it) with a tracer
 * attached to the EVM, which sees both engines' frames (evm-compat/tracing.ts).
 */
import type { Block } from '@ethereumjs/block';
import type { TypedTransaction } from '@ethereumjs/tx';
import { runTx, type RunTxResult } from '@ethereumjs/vm';
import type { Address } from '@ethereumjs/util';
import { attachTracer } from '../../evm-compat/tracing.ts';
import { impersonate, type Executor, type CallRequest } from '../executor.ts';
import { ChainError } from '../errors.ts';
import type { BlockTag } from '../api.ts';
import type { Devnet } from '../devnet.ts';
import { tracerFor, type Json, type TraceOptions, type Tracer } from './index.ts';
import type { TxEnd, TxStart } from './types.ts';

export type { TraceOptions };

export interface BlockTrace {
  readonly txHash: Uint8Array;
  readonly result: Json;
}

function tracerOn(executor: Executor, options: TraceOptions): Tracer {
  return tracerFor(options, { state: executor.state, isPrecompile: (a: Address) => executor.evm.getPrecompile(a) !== undefined });
}

function txEnd(result: RunTxResult): TxEnd {
  const error = result.execResult.exceptionError?.error;
  return {
    gasUsed: result.totalGasSpent, returnValue: result.execResult.returnValue,
    ...(error !== undefined ? { error } : {}), ...(result.createdAddress ? { createdAddress: result.createdAddress } : {}),
  };
}

function txStart(tx: TypedTransaction, from: Address, logIndex = 0): TxStart {
  return { from, to: tx.to, gasLimit: tx.gasLimit, value: tx.value, input: tx.data, logIndex };
}

/** Runs `run` with `tracer` attached; `run` calls `finish` with the outcome while the state still holds it. */
async function traced(executor: Executor, tracer: Tracer, start: TxStart, run: (finish: (end: TxEnd) => Promise<void>) => Promise<void>): Promise<Json> {
  const detach = attachTracer(executor.evm, tracer.hooks);
  let ended = false;
  try {
    await tracer.txStart?.(start);
    await run(async (end) => {
      detach();
      ended = true;
      await tracer.txEnd?.(end);
    });
  } finally {
    if (!ended) detach();
  }
  return tracer.result();
}

interface BlockRun {
  readonly executor: Executor;
  readonly block: Block;
  /** With the number of logs the block's transactions before each emitted. */
  readonly txs: Array<{ tx: TypedTransaction; from: Address; hash: Uint8Array; logIndex: number }>;
}

/** An executor on the state `block` was built on, and its transactions with their senders. */
async function replayable(chain: Devnet, block: Block): Promise<BlockRun> {
  const n = block.header.number;
  if (n === 0n) throw new ChainError('genesis is not traceable');
  const parent = chain.store.block(n - 1n)!;
  const executor = await chain.executorAtRoot(chain.preStateRoot(n) ?? parent.header.stateRoot);
  // Senders from the receipts: an impersonated transaction's placeholder signature names nobody.
  const receipts = chain.store.receiptsOf(n)!;
  let logIndex = 0;
  const txs = block.transactions.map((tx, i) => {
    const entry = { tx: impersonate(tx, receipts[i].from), from: receipts[i].from, hash: receipts[i].transactionHash, logIndex };
    logIndex += receipts[i].logs.length;
    return entry;
  });
  return { executor, block, txs };
}

const runOpts = (block: Block) => ({ block, skipHardForkValidation: true, skipBlockGasLimitValidation: true });

/** Runs a mined transaction again as it was mined: a contract may send (EIP-3607 off, as Hardhat and Anvil). */
const rerun = (executor: Executor, block: Block, tx: TypedTransaction, from: Address) =>
  executor.fromAnySender(from, () => runTx(executor.vm, { ...runOpts(block), tx }));

export async function traceTransaction(chain: Devnet, hash: Uint8Array, options: TraceOptions = {}, given?: Tracer): Promise<Json> {
  const at = chain.store.locate(hash);
  if (!at) throw new ChainError('transaction not found');
  const { executor, block, txs } = await replayable(chain, chain.store.block(at.blockNumber)!);
  for (let i = 0; i < at.index; i++) await rerun(executor, block, txs[i].tx, txs[i].from);
  const { tx, from, logIndex } = txs[at.index];
  const tracer = given ?? tracerOn(executor, options);
  return traced(executor, tracer, txStart(tx, from, logIndex), async (finish) => finish(txEnd(await rerun(executor, block, tx, from))));
}

export async function traceBlock(chain: Devnet, tag: BlockTag, options: TraceOptions = {}): Promise<BlockTrace[]> {
  const found = await chain.getBlock(tag);
  const block = found && chain.store.block(found.header.number);
  if (!block || !found || !equal(block.hash(), found.hash())) throw new ChainError('block not found');
  const { executor, txs } = await replayable(chain, block);
  const out: BlockTrace[] = [];
  for (const { tx, from, hash, logIndex } of txs) {
    const tracer = tracerOn(executor, options);
    const result = await traced(executor, tracer, txStart(tx, from, logIndex), async (finish) => finish(txEnd(await rerun(executor, block, tx, from))));
    out.push({ txHash: hash, result });
  }
  return out;
}

/** Runs a given tracer (not one named by options) over a mined transaction or a call. */
export async function runTracer(chain: Devnet, target: { hash: Uint8Array } | { call: CallRequest; tag: BlockTag }, tracer: Tracer): Promise<void> {
  if ('hash' in target) {
    await traceTransaction(chain, target.hash, {}, tracer);
    return;
  }
  await traceCall(chain, target.call, target.tag, {}, tracer);
}

export function traceCall(chain: Devnet, request: CallRequest, tag: BlockTag, options: TraceOptions = {}, given?: Tracer): Promise<Json> {
  return chain.onStateAt(tag, async (executor, block) => {
    const tracer = given ?? tracerOn(executor, options);
    const gasLimit = executor.callGas(request, block);
    const start: TxStart = {
      from: request.from ?? executor.zeroAddress, to: request.to, gasLimit, value: request.value ?? 0n, input: request.data ?? new Uint8Array(0),
    };
    return traced(executor, tracer, start, async (finish) => {
      await executor.call(request, block, { inspect: async (result) => finish(txEnd(result)) });
    });
  });
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
