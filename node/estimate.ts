/**
 * eth_estimateGas as geth's eth/gasestimator does it. One run at the cap first: if it fails for a
 * reason other than gas, that reason is the answer (the revert data, or the engine's error) — more
 * gas would not help. Otherwise what that run consumed bounds the search from below. A probe at
 * exactly that settles most calls (2 runs in all); calls with nested calls then try geth's
 * optimistic (consumed + call stipend) · 64/63, and the search between the bounds stops within
 * geth's 1.5% error ratio.
 */
import type { Block } from '@ethereumjs/block';
import type { Address } from '@ethereumjs/util';
import { ExecutionFailed, ExecutionReverted } from './errors.ts';
import type { CallOutcome, CallRequest } from './executor.ts';

/** geth's eth_estimateGas tolerance: stop when the bounds are within 1.5% of the upper one. */
const ERROR_RATIO_PERMILLE = 15n;
const TX_GAS = 21_000n;
const CALL_STIPEND = 2_300n;

/** What estimation needs from an executor: to run a call with a gas limit, and to read the sender's balance and code. */
export interface CallRunner {
  call(request: CallRequest, block: Block): Promise<CallOutcome>;
  balanceOf(address: Address): Promise<bigint>;
  hasCode(address: Address): Promise<boolean>;
}

/** The smallest gas limit (within geth's error ratio) with which `request` succeeds in `block`. */
export async function estimateGas(runner: CallRunner, request: CallRequest, block: Block, gasCap: bigint): Promise<bigint> {
  let hi = request.gas !== undefined && request.gas >= TX_GAS && request.gas < gasCap ? request.gas : gasCap;
  const feeCap = request.maxFeePerGas ?? request.gasPrice ?? 0n;
  if (feeCap > 0n && request.from) {
    // As geth: the sender can pay for no more gas than its balance buys at the fee cap.
    const available = (await runner.balanceOf(request.from)) - (request.value ?? 0n);
    if (available < 0n) throw new ExecutionFailed('insufficient funds for transfer');
    const allowance = available / feeCap;
    if (hi > allowance) hi = allowance;
  }
  const run = (gas: bigint) => runner.call({ ...request, gas }, block);

  // A plain transfer to an account without code needs exactly the base cost.
  if ((request.data?.length ?? 0) === 0 && request.to && !request.authorizationList?.length && !(await runner.hasCode(request.to))) {
    const transfer = await run(TX_GAS).catch(() => undefined);
    if (transfer?.success) return TX_GAS;
  }

  const full = await run(hi);
  if (!full.success) {
    if (full.reverted) throw new ExecutionReverted(full.returnValue);
    if (full.error !== 'out of gas') throw new ExecutionFailed(full.error ?? 'execution failed');
    throw new ExecutionFailed(`gas required exceeds allowance (${hi})`);
  }
  // The first run consumed gasUsed + gasRefund before its refund; with less it runs out on the same path.
  const consumed = full.gasUsed + full.gasRefund;
  let lo = consumed - 1n;
  // Below the cap a run that cannot even start (intrinsic gas, the EIP-7623 floor) counts as too little gas.
  const succeeds = async (gas: bigint) => (await run(gas).catch(() => undefined))?.success === true;
  // Most calls need exactly what they consumed: one probe settles them. Nested calls also need the
  // 1/64 each one holds back: then geth's optimistic probe, (consumed + call stipend) · 64/63.
  if (consumed < hi) {
    if (await succeeds(consumed)) return consumed;
    lo = consumed;
    const optimistic = ((consumed + CALL_STIPEND) * 64n) / 63n;
    if (optimistic < hi) {
      if (await succeeds(optimistic)) hi = optimistic;
      else lo = optimistic;
    }
  }
  while (lo + 1n < hi) {
    if ((hi - lo) * 1000n < hi * ERROR_RATIO_PERMILLE) break;
    let mid = (lo + hi) / 2n;
    // Most transactions need little more than they used: probe near the bottom first.
    if (mid > lo * 2n) mid = lo * 2n;
    if (await succeeds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
