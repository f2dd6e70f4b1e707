/**
 * The chain's precompiled contracts for `exec`'s in-memory host: taken from the same EwasmEVM the
 * node builds (node/executor.ts: hardfork, BN254 and ecrecover implementations), so a contract that
 * calls a precompile gets the same output and gas in `exec` as on the node.
 */
import { bytesToHex } from '@ethereumjs/util';
import { Executor } from '../../node/executor.ts';
import type { ExecutionResult, Message, Precompiles } from '../../vm/index.ts';

export async function chainPrecompiles(): Promise<Precompiles> {
  const { evm, common } = await Executor.create();
  const find = (address: Uint8Array) => evm.getPrecompile(bytesToHex(address));
  return {
    has: (address) => find(address) !== undefined,
    async run(message: Message): Promise<ExecutionResult> {
      const precompile = find(message.codeAddress)!;
      const r = await precompile({ data: message.input, gasLimit: message.gas, common, _EVM: evm });
      const error = r.exceptionError?.error;
      if (error === undefined) {
        return { status: 'success', gasLeft: message.gas - r.executionGasUsed, gasRefund: message.gasRefund ?? 0n, output: r.returnValue };
      }
      // Like any exceptional halt: all gas used, nothing returned.
      return { status: error === 'out of gas' ? 'outOfGas' : 'failure', gasLeft: 0n, gasRefund: 0n, output: new Uint8Array(0), error };
    },
  };
}
