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
import { lazyKzg } from './kzg.ts';
import { Hardfork, type Common } from '@ethereumjs/common';
import { createBlock, type Block, type HeaderData } from '@ethereumjs/block';
import { createBlob4844TxFromSerializedNetworkWrapper, createTx, createTxFromRLP, type TypedTransaction, Capability, TransactionType } from '@ethereumjs/tx';
import { RLP } from '@ethereumjs/rlp';
import { createVM, runTx, type RunTxResult, type VM } from '@ethereumjs/vm';
import { Address, bigIntToHex, bytesToBigInt, bytesToHex, toChecksumAddress } from '@ethereumjs/util';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { hasWasmPreamble, type EngineConfig } from '../vm/index.ts';
import { createEwasmEVM, type EwasmEVM, type EwasmEvmOpts } from '../evm-compat/evm.ts';
import { CODE_LIMITS, type CodeLimits } from '../evm-compat/limits.ts';
import { createState, type StateOptions } from '../state/index.ts';
import { nativeEcrecover } from './crypto.ts';
import { chainCommon } from './chain-common.ts';
import { CONSOLE_ADDRESS, decodeConsoleLog } from './console/decode.ts';
import { TxError } from './errors.ts';
import { estimateGas } from './estimate.ts';
import { feeCap, maxCost, tipCap } from './fees.ts';

export interface ExecutorOptions {
  /** The chain's Common (chainCommon), to share with another executor on the same chain. */
  readonly common?: Common;
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
  /** Where Solidity console.log lines (calls to Hardhat's console address) go. */
  readonly consoleLog?: (line: string) => void;
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
  /** EIP-2930: warmed before the call runs, and paid for as a transaction pays. */
  readonly accessList?: ReadonlyArray<{ address: Address; storageKeys: Uint8Array[] }>;
  /** EIP-7702: the call runs as a type-4 transaction that sets these delegations first. */
  readonly authorizationList?: ReadonlyArray<Authorization>;
  /** EIP-4844: BLOBHASH sees these; the call runs as a type-3 transaction. */
  readonly blobVersionedHashes?: Uint8Array[];
  readonly maxFeePerBlobGas?: bigint;
}

/** One signed EIP-7702 authorization, as a client sends it. */
export interface Authorization {
  readonly chainId: bigint;
  readonly address: Address;
  readonly nonce: bigint;
  readonly yParity: bigint;
  readonly r: bigint;
  readonly s: bigint;
}

export interface CallOutcome {
  readonly success: boolean;
  readonly reverted: boolean;
  readonly returnValue: Uint8Array;
  readonly gasUsed: bigint;
  /** Gas given back at the end (SSTORE clears), already taken off gasUsed. */
  readonly gasRefund: bigint;
  readonly error?: string;
  /** What the call touched (EIP-2930 form), when asked for with `reportAccessList`. */
  readonly accessList?: ReadonlyArray<{ address: string; storageKeys: string[] }>;
}

export const DEFAULT_CHAIN_ID = 31337n;
export const DEFAULT_HARDFORK = Hardfork.Prague;
/** geth's --rpc.gascap default: the most gas eth_call and eth_estimateGas will try. */
const RPC_GAS_CAP = 50_000_000n;
/** EIP-7702's delegation prefix followed by an address: code that EIP-3607 lets send. */
const DELEGATION_MARKER = Uint8Array.of(0xef, 0x01, 0x00, ...new Uint8Array(20));
const isDelegation = (code: Uint8Array) => code.length === 23 && code[0] === 0xef && code[1] === 0x01 && code[2] === 0x00;
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
    const common = opts.common ?? chainCommon(opts.chainId ?? DEFAULT_CHAIN_ID, opts.hardfork ?? DEFAULT_HARDFORK, { kzg: lazyKzg, ...(ecrecover ? { ecrecover } : {}) });
    const state = createState({ common, level: opts.level, root: opts.stateRoot, staged: opts.staged });
    const codeLimits = opts.codeLimits ?? CODE_LIMITS;
    const evm = await createEwasmEVM({
      common, stateManager: state, wasm: opts.wasm, codeLimits, debugPrint: opts.debugPrint,
      ...(opts.blockchain ? { blockchain: opts.blockchain } : {}),
    });
    const vm = await createVM({ common, stateManager: state, evm });
    const consoleLog = opts.consoleLog;
    if (consoleLog) {
      // The console address has no code: a call to it succeeds and costs what any call to an empty account costs, as on Hardhat.
      evm.events!.on('beforeMessage', (message) => {
        if (message.to?.toString() !== CONSOLE_ADDRESS) return;
        const line = decodeConsoleLog(message.data);
        if (line !== undefined) consoleLog(line);
      });
    }
    return new Executor(common, state, evm, vm, codeLimits);
  }

  /** A block to run in: the given header fields on this chain's rules. */
  block(header: HeaderData): Block {
    return createBlock({ header }, { common: this.common, setHardfork: false });
  }

  decodeTransaction(raw: Uint8Array): TypedTransaction {
    let tx: TypedTransaction;
    try {
      // A blob transaction arrives in its network form (EIP-4844): the transaction with its blobs,
      // commitments and proofs, which are checked here; the pool and the block keep the transaction.
      tx = isBlobNetworkWrapper(raw)
        ? createBlob4844TxFromSerializedNetworkWrapper(raw, { common: this.common })
        : createTxFromRLP(raw, { common: this.common, allowUnlimitedInitCodeSize: true });
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
    const cap = feeCap(tx);
    if (tipCap(tx) > cap) throw new TxError('tipAboveFeeCap');
    const baseFee = header.baseFeePerGas ?? 0n;
    if (cap < baseFee) throw new TxError('feeCapTooLow', `address ${sender}, maxFeePerGas: ${cap}, baseFee: ${baseFee}`);
    if (tx.to === undefined) {
      const limit = hasWasmPreamble(tx.data) ? this.codeLimits.wasmMaxInitCodeSize : this.codeLimits.evmMaxInitCodeSize;
      if (tx.data.length > limit) throw new TxError('invalidTransaction', `max initcode size exceeded: code size ${tx.data.length} limit ${limit}`);
    }
    const intrinsic = this.intrinsicGas(tx);
    if (tx.gasLimit < intrinsic) throw new TxError('intrinsicGasTooLow', `have ${tx.gasLimit}, want ${intrinsic}`);
    const cost = maxCost(tx);
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

  readonly zeroAddress = new Address(new Uint8Array(20));

  /** The gas a call gets: what it asks for, or the block's limit capped at geth's --rpc.gascap. */
  callGas(request: CallRequest, block: Block): bigint {
    return request.gas ?? this.gasCap(block);
  }

  /**
   * Runs a call as a transaction from `from` without a signature, and undoes everything it did.
   * `inspect` sees the result while the state still holds the call's effects (tracers' post state).
   */
  async call(
    request: CallRequest, block: Block,
    options: { reportAccessList?: boolean; inspect?: (result: RunTxResult) => Promise<void> } = {},
  ): Promise<CallOutcome> {
    const from = request.from ?? this.zeroAddress;
    const priced = request.gasPrice !== undefined || request.maxFeePerGas !== undefined;
    // As geth: an unpriced call pays no base fee, so it needs no balance for gas.
    const callBlock = priced ? block : createBlock({ header: { ...block.header.toJSON(), baseFeePerGas: 0n } }, { common: this.common, setHardfork: false });
    const gas = this.callGas(request, block);
    const tx = this.callTx(request, gas, block);
    await this.checkCallFees(tx, from, priced, block);
    await this.state.checkpoint();
    try {
      const result = await this.fromAnySender(from, () => runTx(this.vm, {
        tx: impersonate(tx, from), block: callBlock, skipNonce: true, skipBalance: !priced, skipHardForkValidation: true,
        skipBlockGasLimitValidation: true, reportAccessList: options.reportAccessList,
      }));
      await options.inspect?.(result);
      const error = result.execResult.exceptionError?.error;
      return {
        success: error === undefined, reverted: error === 'revert', returnValue: result.execResult.returnValue,
        gasUsed: result.totalGasSpent, gasRefund: result.gasRefund, ...(error !== undefined ? { error } : {}),
        ...(result.accessList ? { accessList: result.accessList } : {}),
      };
    } catch (e) {
      throw new TxError('invalidTransaction', (e as Error).message.split(' (')[0]);
    } finally {
      await this.state.revert();
      this.evm.journal.cleanJournal();
    }
  }

  /**
   * Runs `run` (a runTx, or a block builder adding a transaction) with EIP-3607 off for `sender`, as
   * Hardhat and Anvil run every call and transaction: a contract may send (impersonated, or a dev
   * account given code with setCode). runTx has no switch for it; it looks at the sender's code
   * once, for that check, and lets a 7702 delegation through. So while `run` runs, that one look
   * sees a delegation marker; every other read, the EVM's included, sees the real code.
   */
  async fromAnySender<T>(sender: Address, run: () => Promise<T>): Promise<T> {
    const code = await this.state.getCode(sender);
    if (code.length === 0 || isDelegation(code)) return run();
    const vm = this.vm as { stateManager: VM['stateManager'] };
    const real = vm.stateManager;
    let unseen = true;
    vm.stateManager = new Proxy(real, {
      get(target, prop) {
        if (prop === 'getCode') {
          return async (address: Address) => {
            if (unseen && address.equals(sender)) {
              unseen = false;
              return DELEGATION_MARKER;
            }
            return target.getCode(address);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      return await run();
    } finally {
      vm.stateManager = real;
    }
  }

  /** As geth: a priced call offers at least the base fee; the sender holds the value (and, priced, the gas at its fee cap). */
  private async checkCallFees(tx: TypedTransaction, from: Address, priced: boolean, block: Block): Promise<void> {
    const baseFee = block.header.baseFeePerGas ?? 0n;
    if (priced && feeCap(tx) < baseFee) throw new TxError('feeCapTooLow', `address ${from}, maxFeePerGas: ${feeCap(tx)}, baseFee: ${baseFee}`);
    const want = priced ? maxCost(tx) : tx.value;
    if (want === 0n) return;
    const have = await this.balanceOf(from);
    if (have < want) throw new TxError('insufficientFunds', `address ${toChecksumAddress(from.toString())} have ${have} want ${want}`);
  }

  /** The most gas a call or an estimate may use: the block's gas limit, at most geth's RPC gas cap. */
  gasCap(block: Block): bigint {
    return block.header.gasLimit < RPC_GAS_CAP ? block.header.gasLimit : RPC_GAS_CAP;
  }

  async balanceOf(address: Address): Promise<bigint> {
    return (await this.state.getAccount(address))?.balance ?? 0n;
  }

  async hasCode(address: Address): Promise<boolean> {
    return (await this.state.getCode(address)).length > 0;
  }

  /** The gas limit with which the call succeeds, searched as geth's gas estimator does (estimate.ts). */
  estimateGas(request: CallRequest, block: Block): Promise<bigint> {
    return estimateGas(this, request, block, this.gasCap(block));
  }

  private blobCommon: Common | undefined;

  /**
   * ethereumjs builds a blob transaction only on a Common with a KZG implementation, though a call
   * carries hashes and never blobs. Without one on the chain's Common, call transactions get a copy
   * whose KZG refuses to work (nothing in a call asks it to); the EVM keeps the chain's own.
   */
  private blobCallCommon(): Common {
    if (this.common.customCrypto.kzg) return this.common;
    if (!this.blobCommon) {
      const refuse = (): never => {
        throw new Error('no KZG implementation: blobs cannot be verified');
      };
      const copy = this.common.copy();
      Object.assign(copy, { customCrypto: { ...this.common.customCrypto, kzg: { loadTrustedSetup: refuse, blobToKzgCommitment: refuse, computeBlobProof: refuse,
        verifyProof: refuse, verifyBlobProof: refuse, verifyBlobProofBatch: refuse, computeCells: refuse, computeCellsAndProofs: refuse,
        recoverCellsAndProofs: refuse, verifyCellKzgProof: refuse, verifyCellKzgProofBatch: refuse } } });
      this.blobCommon = copy;
    }
    return this.blobCommon;
  }

  /** The call's transaction; a request no transaction can carry is refused with geth's words (-32000), not thrown as a bug. */
  private callTx(request: CallRequest, gas: bigint, block: Block): TypedTransaction {
    if (request.to === undefined && request.blobVersionedHashes !== undefined) throw new TxError('invalidTransaction', 'blob transaction of type create');
    if (request.authorizationList !== undefined) {
      if (request.to === undefined) throw new TxError('invalidTransaction', 'EIP-7702 transaction cannot be used to create contract');
      if (request.authorizationList.length === 0) throw new TxError('invalidTransaction', 'EIP-7702 transaction with empty auth list');
    }
    try {
      return this.unsignedTx(request, gas, block);
    } catch (e) {
      throw new TxError('invalidTransaction', (e as Error).message.split(' (tx type=')[0]);
    }
  }

  /** The call as an unsigned transaction of the type its fields need (7702, blob, 1559, 2930 or legacy). */
  private unsignedTx(request: CallRequest, gas: bigint, block: Block): TypedTransaction {
    const base = { to: request.to, data: request.data ?? new Uint8Array(0), value: request.value ?? 0n, gasLimit: gas, nonce: 0n };
    const opts = { common: this.common, allowUnlimitedInitCodeSize: true };
    const accessList = (request.accessList ?? []).map((e) => ({ address: e.address.toString(), storageKeys: e.storageKeys.map((k) => bytesToHex(k)) }));
    const fees = { maxFeePerGas: request.maxFeePerGas ?? request.gasPrice ?? 0n, maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? 0n };
    if (fees.maxPriorityFeePerGas > fees.maxFeePerGas && request.maxFeePerGas === undefined) fees.maxFeePerGas = fees.maxPriorityFeePerGas;
    if (request.authorizationList !== undefined) {
      const authorizationList = request.authorizationList.map((a) => ({
        chainId: bigIntToHex(a.chainId), address: a.address.toString(), nonce: bigIntToHex(a.nonce), yParity: bigIntToHex(a.yParity),
        r: bigIntToHex(a.r), s: bigIntToHex(a.s),
      }));
      return createTx({ ...base, type: TransactionType.EOACodeEIP7702, ...fees, accessList, authorizationList }, opts);
    }
    if (request.blobVersionedHashes !== undefined) {
      // An unpriced call pays no blob fee either; the blob base fee cannot be zero here, so offer exactly it.
      const maxFeePerBlobGas = request.maxFeePerBlobGas ?? block.header.getBlobGasPrice();
      return createTx({
        ...base, type: TransactionType.BlobEIP4844, ...fees, accessList, maxFeePerBlobGas,
        blobVersionedHashes: request.blobVersionedHashes.map((h) => bytesToHex(h)),
      }, { ...opts, common: this.blobCallCommon() });
    }
    if (request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined) {
      return createTx({ ...base, type: TransactionType.FeeMarketEIP1559, ...fees, accessList }, opts);
    }
    if (request.accessList !== undefined) {
      return createTx({ ...base, type: TransactionType.AccessListEIP2930, gasPrice: request.gasPrice ?? 0n, accessList }, opts);
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

/** A type-3 envelope whose payload is [transaction fields, blobs, commitments, proofs], not the fields themselves. */
function isBlobNetworkWrapper(raw: Uint8Array): boolean {
  if (raw[0] !== TransactionType.BlobEIP4844) return false;
  try {
    const payload = RLP.decode(raw.subarray(1));
    return Array.isArray(payload) && Array.isArray(payload[0]);
  } catch {
    return false;
  }
}
