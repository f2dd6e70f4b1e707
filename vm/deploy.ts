/**
 * What happens after a Wasm constructor returns: the bytes it passed to `finish` must themselves be
 * a valid contract, and storing them costs gas per byte. Shared by every create path (the in-memory
 * host, `exec --deploy` and the chain's EVM adapter) so the rule has one implementation.
 */
import { ValidationError } from './errors.ts';
import type { WasmEngine } from './engine.ts';
import type { ExecutionResult } from './host.ts';

export interface DeployRules {
  /** Largest runtime code accepted, in bytes. */
  readonly maxCodeSize: number;
}

export function finishDeployment(engine: WasmEngine, result: ExecutionResult, rules: DeployRules): ExecutionResult {
  if (result.status !== 'success') return result;
  const code = result.output;
  const fail = (error: string, status: 'failure' | 'outOfGas' = 'failure'): ExecutionResult =>
    ({ status, gasLeft: 0n, gasRefund: 0n, output: new Uint8Array(0), error });
  if (code.length > rules.maxCodeSize) {
    return fail(`runtime code of ${code.length} bytes exceeds the limit of ${rules.maxCodeSize}`);
  }
  try {
    engine.validate(code);
  } catch (e) {
    if (e instanceof ValidationError) return fail(`constructor returned an invalid contract: ${e.message}`);
    throw e;
  }
  const deposit = BigInt(engine.config.eei.codeDepositByte * code.length);
  if (result.gasLeft < deposit) return fail('out of gas: code deposit', 'outOfGas');
  return { ...result, gasLeft: result.gasLeft - deposit };
}
