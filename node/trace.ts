/**
 * debug_traceTransaction and debug_traceCall: struct logs for EVM frames (one entry per opcode, as
 * geth's default tracer) and, for Wasm frames, one entry per host-function call with the gas it
 * charged — per-instruction Wasm steps are not observable without slowing every call.
 */
import type { InterpreterStep } from '@ethereumjs/evm';
import { runTx, type RunTxResult } from '@ethereumjs/vm';
import { impersonate, type Executor, type CallRequest } from './executor.ts';
import { ChainError } from './errors.ts';
import type { BlockTag, TraceResult } from './api.ts';
import type { Devnet } from './devnet.ts';

type Entry = TraceResult['structLogs'][number];

type Outcome = { gas: bigint; failed: boolean; error?: string; returnValue: Uint8Array };

async function withTracing(executor: Executor, run: () => Promise<Outcome>): Promise<TraceResult> {
  const structLogs: Entry[] = [];
  const onStep = (step: InterpreterStep, resolve?: (result?: unknown) => void) => {
    structLogs.push({
      pc: step.pc, op: step.opcode.name, gas: step.gasLeft, gasCost: BigInt(step.opcode.fee) + (step.opcode.dynamicFee ?? 0n),
      depth: step.depth + 1, stack: [...step.stack],
    });
    resolve?.();
  };
  const evm = executor.evm;
  evm.events!.on('step', onStep);
  evm.wasm.tracer = (e) => structLogs.push({ depth: e.depth + 1, hostCall: e.name, gas: e.gasBefore, gasCost: e.gasBefore - e.gasAfter, engine: 'wasm' });
  try {
    return { ...(await run()), structLogs };
  } finally {
    evm.events!.off('step', onStep);
    evm.wasm.tracer = null;
  }
}

function outcome(result: RunTxResult): Outcome {
  const error = result.execResult.exceptionError?.error;
  return { gas: result.totalGasSpent, failed: error !== undefined, ...(error !== undefined ? { error } : {}), returnValue: result.execResult.returnValue };
}

/** Replays the transaction's block up to it on the parent's state, then traces it. */
export async function traceTransaction(chain: Devnet, hash: Uint8Array): Promise<TraceResult> {
  const at = chain.store.locate(hash);
  if (!at) throw new ChainError('transaction not found');
  const block = chain.store.block(at.blockNumber)!;
  const parent = chain.store.block(at.blockNumber - 1n)!;
  const executor = await chain.executorAtRoot(chain.preStateRoot(block.header.number) ?? parent.header.stateRoot);
  const opts = { block, skipHardForkValidation: true, skipBlockGasLimitValidation: true };
  // Senders from the receipts: an impersonated transaction's placeholder signature names nobody.
  const receipts = chain.store.receiptsOf(at.blockNumber)!;
  const tx = (i: number) => impersonate(block.transactions[i], receipts[i].from);
  for (let i = 0; i < at.index; i++) await runTx(executor.vm, { ...opts, tx: tx(i) });
  return withTracing(executor, async () => outcome(await runTx(executor.vm, { ...opts, tx: tx(at.index) })));
}

export async function traceCall(chain: Devnet, request: CallRequest, tag: BlockTag): Promise<TraceResult> {
  return chain.onStateAt(tag, (executor, block) => withTracing(executor, async () => {
    const out = await executor.call(request, block);
    return { gas: out.gasUsed, failed: !out.success, ...(out.error !== undefined ? { error: out.error } : {}), returnValue: out.returnValue };
  }));
}
