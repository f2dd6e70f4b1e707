/**
 * Runs one adversarial case: a fresh Prague chain (in-memory trie), the contract's runtime code
 * put at a fixed address (or run as init code), one message with the given gas. Returns the gas used and the wall time
 * of the message alone (compilation of a Wasm contract included: an attacker's first call pays it).
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { Account, Address } from '@ethereumjs/util';
import { createEwasmEVM } from '../../evm-compat/evm.ts';
import { createState } from '../../state/index.ts';
import type { AdversarialCase } from './cases.ts';

const TARGET = new Address(new Uint8Array(20).fill(0xad));
const CALLER = new Address(new Uint8Array(20).fill(0xca));

export interface CaseResult {
  readonly gasUsed: bigint;
  readonly seconds: number;
  /** undefined for success, else the EVM's error string (out of gas is the expected end of a loop). */
  readonly error: string | undefined;
}

export async function runCase(c: AdversarialCase, gasLimit: bigint, code?: Uint8Array): Promise<CaseResult> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
  const state = createState({ common });
  const evm = await createEwasmEVM({ common, stateManager: state });
  await state.putAccount(CALLER, new Account(0n, 10n ** 20n));
  await state.putAccount(TARGET, new Account(0n, 1n));
  const bytes = code ?? await c.code();
  if (!c.create) await state.putCode(TARGET, bytes);
  await state.putStorage(TARGET, new Uint8Array(32), Uint8Array.of(1));
  const started = process.hrtime.bigint();
  const { execResult } = await evm.runCall(c.create
    ? { caller: CALLER, gasLimit, data: bytes }
    : { caller: CALLER, to: TARGET, gasLimit, data: new Uint8Array(0) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { gasUsed: execResult.executionGasUsed, seconds, error: execResult.exceptionError?.error };
}
