/**
 * Runs transactions against the chain's state: decoding and signature checks, the checks that
 * refuse a transaction with geth's messages, execution through @ethereumjs/vm's runTx on the
 * Wasm-aware EVM, calls that change nothing (eth_call) and gas estimation.
 *
 * Why runTx and not a pipeline of our own: it carries every consensus rule of the current
 * hardforks (intrinsic gas and the EIP-7623 floor, EIP-1559 fees, access lists, refunds, EIP-3607,
 * receipts), and with native sender recovery a transfer costs about 1 ms, of which half is decoding
 * and recovery that any pipeline pays (docs/architecture.md has the figures).
 */
import { Hardfork, Mainnet, createCustomCommon, type Common } from '@ethereumjs/common';
import { createBlock, type Block, type HeaderData } from '@ethereumjs/block';
import { createTx, createTxFromRLP, type TypedTransaction, Capability, TransactionType } from '@ethereumjs/tx';
import { createVM, runTx, type RunTxResult, type VM } from '@ethereumjs/vm';
import { Address, bytesToBigInt } from '@ethereumjs/util';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { hasWasmPreamble, type EngineConfig } from '../vm/index.ts';
import { createEwasmEVM, type EwasmEVM, type EwasmEvmOpts } from '../evm-compat/evm.ts';
import { CODE_LIMITS, type CodeLimits } from '../evm-compat/limits.ts';
import { createState, type StateOptions } from '../state/index.ts';
import { nativeEcrecover } from './crypto.ts';
import { ExecutionFailed, ExecutionReverted, TxError } from './errors.ts';

export interface ExecutorOptions {
  readonly chainId?: bigint;
  readonly hardfork?: Hardfork;
  readonly level?: StateOptions['level'];
  readonly stateRoot?: Uint8Array;
  readonly staged?: StateOptions['staged'];
  /** What BLOCKHASH and getBlockHash read: the chain's blocks by number. */
  readonly blockchain?: EwasmEvmOpts['blockchain'];
  readonly wasm?: EngineConfig;
  readonly codeLimits?: CodeLimits;
  readonly debugPrint?: (line: string) => void;
}

/** What eth_call and eth_estimateGas take; absent fields get geth's defaults. */
export interface CallRequest {
  readonly from?: Address;
  readonly to?: Address;
  readonly data?: Uint8Array;
  readonly value?: bigint;
  readonly gas?: bigint;
  readonly gasPrice?: bigint;
  readonly maxFeePerGas?: bigint;
  readonly maxPriorityFeePerGas?: bigint;
}

export interface CallOutcome {
  readonly success: boolean;
  readonly reverted: boolean;
  readonly returnValue: Uint8Array;
  readonly gasUsed: bigint;
  readonly error?: string;
}

export const DEFAULT_CHAIN_ID = 31337n;
export const DEFAULT_HARDFORK = Hardfork.Prague;
/** geth's --rpc.gascap default: the most gas eth_call and eth_estimateGas will try. */
const RPC_GAS_CAP = 50_000_000n;
/** geth's words for a signature whose v, r or s is out of range (types.ErrInvalidSig), after "invalid sender: ". */
const INVALID_SIG = 'invalid transaction v, r, s values';

export class Executor {
  readonly common: Common;
  readonly state: MerkleStateManager;
  readonly evm: EwasmEVM;
  readonly vm: VM;
  readonly codeLimits: CodeLimits;

  private constructor(common: Common, state: MerkleStateManager, evm: EwasmEVM, vm: VM, codeLimits: CodeLimits) {
    this.common = common;
    this.state = state;
    this.evm = evm;
    this.vm = vm;
    this.codeLimits = codeLimits;
  }

  static async create(opts: ExecutorOptions = {}): Promise<Executor> {
    const ecrecover = nativeEcrecover();
    const common = createCustomCommon({ chainId: Number(opts.chainId ?? DEFAULT_CHAIN_ID) }, Mainnet, {
      hardfork: opts.hardfork ?? DEFAULT_HARDFORK,
      ...(ecrecover ? { customCrypto: { ecrecover } } : {}),
    });
    const state = createState({ common, level: opts.level, root: opts.stateRoot, staged: opts.staged });
    const codeLimits = opts.codeLimits ?? CODE_LIMITS;
    const evm = await createEwasmEVM({
      common, stateManager: state, wasm: opts.wasm, codeLimits, debugPrint: opts.debugPrint,
      ...(opts.blockchain ? { blockchain: opts.blockchain } : {}),
    });
    const vm = await createVM({ common, stateManager: state, evm });
    return new Executor(common, state, evm, vm, codeLimits);
  }

  /** A block to run in: the given header fields on this chain's rules. */
  block(header: HeaderData): Block {
    return createBlock({ header }, { common: this.common, setHardfork: false });
  }

  decodeTransaction(raw: Uint8Array): TypedTransaction {
    let tx: TypedTransaction;
    try {
      tx = createTxFromRLP(raw, { common: this.common, allowUnlimitedInitCodeSize: true });
    } catch (e) {
      const message = (e as Error).message;
      if (/chain ?id/i.test(message)) throw new TxError('chainIdMismatch');
      // ethereumjs checks v, r and s while decoding (a y-parity other than 0 or 1, a high s, a
      // legacy v that is neither 27/28 nor EIP-155); geth finds the same when it recovers the sender.
      if (/y-parity|signature|s-values|\bv = /i.test(message)) throw new TxError('invalidSignature', INVALID_SIG);
      // Its messages end with a dump of the transaction, " (tx type=… hash=… nonce=…)": noise for a client.
      throw new TxError('invalidTransaction', message.split('\n')[0].split(' (tx type=')[0]);
    }
    this.senderOf(tx);
    return tx;
  }

  senderOf(tx: TypedTransaction): Address {
    try {
      return tx.getSenderAddress();
    } catch {
      throw new TxError('invalidSignature', INVALID_SIG);
    }
  }

  /** Refuses, with geth's message, a transaction that may not enter `block` in the current state. */
  async checkTransaction(tx: TypedTransaction, block: Block, sender = this.senderOf(tx)): Promise<void> {
    const header = block.header;
    const account = await this.state.getAccount(sender);
    const nonce = account?.nonce ?? 0n;
    if (tx.nonce < nonce) throw new TxError('nonceTooLow', `address ${sender}, tx: ${tx.nonce} state: ${nonce}`);
    if (tx.nonce > nonce) throw new TxError('nonceTooHigh', `address ${sender}, tx: ${tx.nonce} state: ${nonce}`);
    if (tx.gasLimit > header.gasLimit) throw new TxError('exceedsBlockGasLimit');
    const feeCap = tx.supports(Capability.EIP1559FeeMarket) ? (tx as { maxFeePerGas: bigint }).maxFeePerGas : (tx as { gasPrice: bigint }).gasPrice;
    if (tx.supports(Capability.EIP1559FeeMarket) && (tx as { maxPriorityFeePerGas: bigint }).maxPriorityFeePerGas > feeCap) {
      throw new TxError('tipAboveFeeCap');
    }
    const baseFee = header.baseFeePerGas ?? 0n;
    if (feeCap < baseFee) throw new TxError('feeCapTooLow', `address ${sender}, maxFeePerGas: ${feeCap}, baseFee: ${baseFee}`);
    if (tx.to === undefined) {
      const limit = hasWasmPreamble(tx.data) ? this.codeLimits.wasmMaxInitCodeSize : this.codeLimits.evmMaxInitCodeSize;
      if (tx.data.length > limit) throw new TxError('invalidTransaction', `max initcode size exceeded: code size ${tx.data.length} limit ${limit}`);
    }
    const intrinsic = this.intrinsicGas(tx);
    if (tx.gasLimit < intrinsic) throw new TxError('intrinsicGasTooLow', `have ${tx.gasLimit}, want ${intrinsic}`);
    const cost = tx.gasLimit * feeCap + tx.value;
    const balance = account?.balance ?? 0n;
    if (balance < cost) throw new TxError('insufficientFunds', `address ${sender} have ${balance} want ${cost}`);
  }

  /** Intrinsic gas, or the EIP-7623 calldata floor when that is higher. */
  intrinsicGas(tx: TypedTransaction): bigint {
    const intrinsic = tx.getIntrinsicGas();
    if (!tx.common.isActivatedEIP(7623)) return intrinsic;
    let tokens = 0n;
    for (const b of tx.data) tokens += b === 0 ? 1n : 4n;
    const floor = tx.common.param('txGas') + tx.common.param('totalCostFloorPerToken') * tokens;
    return floor > intrinsic ? floor : intrinsic;
  }

  /** Checks and runs a transaction, committing its effects to the state. */
  async runTransaction(tx: TypedTransaction, block: Block): Promise<RunTxResult> {
    await this.checkTransaction(tx, block);
    return runTx(this.vm, { tx, block, skipHardForkValidation: true, skipBlockGasLimitValidation: true });
  }

  /** Runs a call as a transaction from `from` without a signature, and undoes everything it did. */
  async call(request: CallRequest, block: Block): Promise<CallOutcome> {
    const from = request.from ?? new Address(new Uint8Array(20));
    const priced = request.gasPrice !== undefined || request.maxFeePerGas !== undefined;
    // As geth: an unpriced call pays no base fee, so it needs no balance for gas.
    const callBlock = priced ? block : createBlock({ header: { ...block.header.toJSON(), baseFeePerGas: 0n } }, { common: this.common, setHardfork: false });
    const gas = request.gas ?? (block.header.gasLimit < RPC_GAS_CAP ? block.header.gasLimit : RPC_GAS_CAP);
    const tx = this.unsignedTx(request, gas);
    await this.state.checkpoint();
    try {
      const result = await runTx(this.vm, {
        tx: impersonate(tx, from), block: callBlock, skipNonce: true, skipBalance: !priced, skipHardForkValidation: true,
        skipBlockGasLimitValidation: true,
      });
      const error = result.execResult.exceptionError?.error;
      return {
        success: error === undefined, reverted: error === 'revert', returnValue: result.execResult.returnValue,
        gasUsed: result.totalGasSpent, ...(error !== undefined ? { error } : {}),
      };
    } catch (e) {
      throw new TxError('invalidTransaction', (e as Error).message.split(' (')[0]);
    } finally {
      await this.state.revert();
      this.evm.journal.cleanJournal();
    }
  }

  /** The smallest gas limit with which the call succeeds, by binary search as geth does. */
  async estimateGas(request: CallRequest, block: Block): Promise<bigint> {
    const cap = request.gas ?? (block.header.gasLimit < RPC_GAS_CAP ? block.header.gasLimit : RPC_GAS_CAP);
    const full = await this.call({ ...request, gas: cap }, block);
    if (full.reverted) throw new ExecutionReverted(full.returnValue);
    // As geth: a run that fails at the cap for a reason other than gas reports that reason.
    if (!full.success) throw new ExecutionFailed(full.error === undefined || full.error === 'out of gas' ? `gas required exceeds allowance (${cap})` : full.error);
    let lo = this.intrinsicGas(this.unsignedTx(request, cap)) - 1n;
    let hi = cap;
    // Most calls succeed with what they used (plus the 1/64 each nested call holds back): try that first.
    const guess = (full.gasUsed * 64n) / 63n;
    if (guess > lo && guess < hi) {
      if ((await this.call({ ...request, gas: guess }, block)).success) hi = guess;
      else lo = guess;
    }
    while (lo + 1n < hi) {
      const mid = (lo + hi) / 2n;
      if ((await this.call({ ...request, gas: mid }, block)).success) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  private unsignedTx(request: CallRequest, gas: bigint): TypedTransaction {
    const base = { to: request.to, data: request.data ?? new Uint8Array(0), value: request.value ?? 0n, gasLimit: gas, nonce: 0n };
    const opts = { common: this.common, allowUnlimitedInitCodeSize: true };
    if (request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined) {
      return createTx({ ...base, type: TransactionType.FeeMarketEIP1559, maxFeePerGas: request.maxFeePerGas ?? 0n,
        maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? 0n }, opts);
    }
    return createTx({ ...base, type: TransactionType.Legacy, gasPrice: request.gasPrice ?? 0n }, opts);
  }
}

/**
 * A transaction that reports `sender` as its signer: eth_call, eth_estimateGas and impersonated
 * accounts run through the same runTx as signed transactions. It carries a placeholder signature
 * (r = the sender's address, s = 1, as Anvil does) so that it has a hash and a serialized form unique
 * to its sender and payload; nothing can recover `sender` from it, so the chain keeps the sender in
 * the receipt.
 */
export function impersonate(tx: TypedTransaction, sender: Address): TypedTransaction {
  const data = { ...tx.toJSON(), type: tx.type };
  const legacyV = tx.supports(Capability.EIP155ReplayProtection) ? tx.common.chainId() * 2n + 35n : 27n;
  const placeholder = createTx({ ...data, v: tx.type === TransactionType.Legacy ? legacyV : 0n, r: bytesToBigInt(sender.bytes), s: 1n },
    { common: tx.common, allowUnlimitedInitCodeSize: true });
  return new Proxy(placeholder, {
    get(target, prop) {
      if (prop === 'getSenderAddress') return () => sender;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
