/**
 * What the next blocks are built with when a cheat says so (anvil_/hardhat_ setCoinbase,
 * evm_setBlockGasLimit, setNextBlockBaseFeePerGas, hardhat_setPrevRandao, setMinGasPrice,
 * setLoggingEnabled). Block production and the pool read these; nothing else keeps a copy.
 * The next block's timestamp is the clock's (producer.ts), not a setting here.
 */
import type { BlockHeader } from '@ethereumjs/block';
import type { Address } from '@ethereumjs/util';
import { nextBaseFee } from './fees.ts';

/** The fields of the next block's header that a cheat may fix. */
export interface HeaderOverrides {
  readonly gasLimit?: bigint;
  readonly baseFeePerGas?: bigint;
  readonly mixHash?: Uint8Array;
}

export class MiningSettings {
  /** Where fees go from the next block on (anvil_setCoinbase); unset: the configured coinbase. */
  coinbase?: Address;
  /** Gas limit of every block from the next one on (evm_setBlockGasLimit); unset: the parent's. */
  gasLimit?: bigint;
  /** Base fee of the next block only (anvil_setNextBlockBaseFeePerGas). */
  nextBaseFee?: bigint;
  /** PREVRANDAO of the next block only (hardhat_setPrevRandao). */
  nextPrevRandao?: Uint8Array;
  /** The lowest priority fee (or legacy gas price) the pool accepts (anvil_setMinGasPrice), as geth's --miner.gasprice. */
  minGasPrice?: bigint;
  /** Whether mined transactions are printed (anvil_setLoggingEnabled). */
  logging = true;

  /** The header fields of the next block; `consume` (a real block, not a preview) spends the one-shot ones. */
  header(consume: boolean): HeaderOverrides {
    const overrides = { gasLimit: this.gasLimit, baseFeePerGas: this.nextBaseFee, mixHash: this.nextPrevRandao };
    if (consume) {
      this.nextBaseFee = undefined;
      this.nextPrevRandao = undefined;
    }
    return overrides;
  }

  /** The next block's base fee: the one set for it, or what EIP-1559 derives from the parent. */
  nextBaseFeeAfter(parent: BlockHeader): bigint {
    return this.nextBaseFee ?? nextBaseFee(parent);
  }

  /** Back to the node's configuration (anvil_reset). */
  clear(): void {
    Object.assign(this, { coinbase: undefined, gasLimit: undefined, nextBaseFee: undefined, nextPrevRandao: undefined, minGasPrice: undefined });
  }
}
