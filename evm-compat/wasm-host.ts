/**
 * The vm/ Host interface on top of @ethereumjs/evm: one instance per Wasm frame. State goes through
 * the EVM's state manager and journal, nested calls and creates through EVM.runCall, so value
 * transfer, checkpoints, address derivation and precompiles have one implementation for both
 * engines. What a frame accumulates (logs, self-destructs, created addresses) is kept here in the
 * same shapes the EVM's interpreter uses, so the frame's result merges into its caller's.
 */
import { Message, type EVM, type Log as EvmLog } from '@ethereumjs/evm';
import { Account, Address, bytesToHex, equalsBytes, setLengthLeft, unpadBytes, type PrefixedHexString } from '@ethereumjs/util';
import type { CallType } from './tracing.ts';
import { storageStatus, type AccessStatus, type ExecutionResult, type Host, type Log, type Message as WasmMessage, type StorageStatus, type TxContext } from '../vm/index.ts';

const MAX_NONCE = (1n << 64n) - 1n;

/** The parts of the EVM the host needs that are not public API (tx and block of the running call). */
export interface EvmInternals {
  readonly evm: EVM;
  txContext(): TxContext;
  debugPrint?(line: string): void;
  /** Tracing: a log as it is emitted, and the kind of the message about to start. */
  traceLog?(address: Uint8Array, topics: Uint8Array[], data: Uint8Array): void;
  nameNextCall?(kind: CallType): void;
}

const CALL_TYPES: Record<WasmMessage['kind'], CallType> = {
  call: 'CALL', callCode: 'CALLCODE', callDelegate: 'DELEGATECALL', callStatic: 'STATICCALL', create: 'CREATE',
};

export class EvmWasmHost implements Host {
  readonly logs: EvmLog[] = [];
  readonly selfdestruct: Map<PrefixedHexString, PrefixedHexString>;
  readonly createdAddresses: Set<PrefixedHexString>;
  private readonly internals: EvmInternals;
  private readonly evm: EVM;
  /**
   * Slots this frame read or wrote, so a repeated storageLoad answers without suspending the
   * contract. Only this frame and the frames it calls can change storage while it runs: a write
   * updates the entry, a call or self-destruct clears them all.
   */
  private readonly slots = new Map<string, Uint8Array>();

  constructor(internals: EvmInternals, selfdestruct: Map<PrefixedHexString, PrefixedHexString>, createdAddresses: Set<PrefixedHexString>) {
    this.internals = internals;
    this.evm = internals.evm;
    this.selfdestruct = selfdestruct;
    this.createdAddresses = createdAddresses;
  }

  private get state() {
    return this.evm.stateManager;
  }

  async accountExists(address: Uint8Array): Promise<boolean> {
    const account = await this.state.getAccount(new Address(address));
    return account !== undefined && !account.isEmpty();
  }

  async getBalance(address: Uint8Array): Promise<bigint> {
    return (await this.state.getAccount(new Address(address)))?.balance ?? 0n;
  }

  async getCode(address: Uint8Array): Promise<Uint8Array> {
    return this.state.getCode(new Address(address));
  }

  async getCodeSize(address: Uint8Array): Promise<number> {
    return this.state.getCodeSize(new Address(address));
  }

  getStorage(address: Uint8Array, key: Uint8Array): Uint8Array | Promise<Uint8Array> {
    const slot = bytesToHex(address) + bytesToHex(key);
    const cached = this.slots.get(slot);
    if (cached !== undefined) return cached;
    return this.state.getStorage(new Address(address), key).then((value) => {
      const word = setLengthLeft(value, 32);
      this.slots.set(slot, word);
      return word;
    });
  }

  async setStorage(address: Uint8Array, key: Uint8Array, value: Uint8Array): Promise<StorageStatus> {
    const at = new Address(address);
    this.slots.set(bytesToHex(address) + bytesToHex(key), value.slice());
    // The original must be read before the first write of the transaction caches it.
    const original = setLengthLeft(await this.state.originalStorageCache.get(at, key), 32);
    const current = setLengthLeft(await this.state.getStorage(at, key), 32);
    await this.state.putStorage(at, key, unpadBytes(value));
    return storageStatus(original, current, value);
  }

  accessAccount(address: Uint8Array): AccessStatus {
    const journal = this.evm.journal;
    if (journal.isWarmedAddress(address)) return 'warm';
    journal.addWarmedAddress(address);
    return 'cold';
  }

  accessStorage(address: Uint8Array, key: Uint8Array): AccessStatus {
    const journal = this.evm.journal;
    if (journal.isWarmedStorage(address, key)) return 'warm';
    journal.addWarmedStorage(address, key);
    return 'cold';
  }

  emitLog(log: Log): void {
    this.logs.push([log.address, log.topics, log.data]);
    this.internals.traceLog?.(log.address, log.topics, log.data);
  }

  /** EIP-6780: the account is only deleted (at the end of the transaction) when it was created in it. */
  async selfDestruct(address: Uint8Array, beneficiary: Uint8Array): Promise<boolean> {
    this.slots.clear();
    const self = new Address(address);
    const key = bytesToHex(address);
    const first = !this.selfdestruct.has(key);
    const to = new Address(beneficiary);
    this.selfdestruct.set(key, to.toString());
    const toSelf = equalsBytes(address, beneficiary);
    const balance = (await this.state.getAccount(self))?.balance ?? 0n;
    if (!toSelf) {
      const target = (await this.state.getAccount(to)) ?? new Account();
      target.balance += balance;
      await this.evm.journal.putAccount(to, target);
    }
    if (!toSelf || this.createdAddresses.has(self.toString())) {
      await this.state.modifyAccountFields(self, { balance: 0n });
    }
    return first;
  }

  getTxContext(): TxContext {
    return this.internals.txContext();
  }

  async getBlockHash(number: bigint): Promise<Uint8Array | undefined> {
    const current = this.internals.txContext().number;
    if (number >= current || number + 256n < current) return undefined;
    const block = await this.evm.blockchain.getBlock(Number(number));
    return block.hash();
  }

  debugPrint(line: string): void {
    this.internals.debugPrint?.(line);
  }

  async call(m: WasmMessage): Promise<ExecutionResult> {
    this.slots.clear();
    const selfdestruct = new Map(this.selfdestruct);
    const createdAddresses = new Set(this.createdAddresses);
    let message: Message;
    if (m.kind === 'create') {
      // As the EVM's CREATE: the creator's nonce goes up before the child frame runs.
      const creator = new Address(m.sender);
      const account = (await this.state.getAccount(creator)) ?? new Account();
      if (account.nonce >= MAX_NONCE) return { status: 'failure', gasLeft: m.gas, gasRefund: 0n, output: new Uint8Array(0), error: 'nonce overflow' };
      account.nonce += 1n;
      await this.evm.journal.putAccount(creator, account);
      message = new Message({
        caller: creator, gasLimit: m.gas, value: m.value, data: m.input, depth: m.depth,
        selfdestruct, createdAddresses, gasRefund: m.gasRefund ?? 0n,
      });
    } else {
      message = new Message({
        caller: new Address(m.sender), to: new Address(m.recipient), codeAddress: new Address(m.codeAddress),
        gasLimit: m.gas, value: m.value, data: m.input, depth: m.depth, isStatic: m.isStatic,
        delegatecall: m.kind === 'callDelegate', selfdestruct, createdAddresses, gasRefund: m.gasRefund ?? 0n,
      });
    }
    this.internals.nameNextCall?.(CALL_TYPES[m.kind]);
    const { execResult, createdAddress } = await this.evm.runCall({ message });
    if (execResult.logs) this.logs.push(...execResult.logs);
    const gasLeft = m.gas - execResult.executionGasUsed;
    const error = execResult.exceptionError?.error;
    if (error === undefined) {
      for (const [k, v] of selfdestruct) this.selfdestruct.set(k, v);
      for (const a of createdAddresses) this.createdAddresses.add(a);
      return {
        status: 'success', gasLeft, gasRefund: execResult.gasRefund ?? 0n, output: execResult.returnValue,
        ...(createdAddress ? { createAddress: createdAddress.bytes } : {}),
      };
    }
    if (error === 'revert') return { status: 'revert', gasLeft, gasRefund: 0n, output: execResult.returnValue };
    return { status: error === 'out of gas' ? 'outOfGas' : 'failure', gasLeft: 0n, gasRefund: 0n, output: new Uint8Array(0), error };
  }
}

