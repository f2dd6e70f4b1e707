/**
 * A test chain at the EVM level: Prague rules, a fresh trie-backed state and an EwasmEVM, with
 * helpers to fund accounts, deploy, call and read state back. Messages go through `evm.runCall`
 * (no transaction envelope, no intrinsic gas) unless a test needs what only a transaction does
 * (EIP-6780 account removal at the end of the transaction): `sendTx` signs one and runs runTx.
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import type { EVMResult, ExecResult } from '@ethereumjs/evm';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import { createFeeMarket1559Tx } from '@ethereumjs/tx';
import { Account, Address, bytesToBigInt, createAddressFromPrivateKey, setLengthLeft } from '@ethereumjs/util';
import { createVM, runTx, type RunTxResult, type VM } from '@ethereumjs/vm';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { createEwasmEVM, type EwasmEVM, type EwasmEvmOpts } from '../../evm-compat/evm.ts';
import { createState } from '../../state/index.ts';

export const ETHER = 10n ** 18n;
const DEFAULT_GAS = 10_000_000n;

export interface MessageOpts {
  readonly caller?: Address;
  readonly value?: bigint;
  readonly gasLimit?: bigint;
}

/** A deterministic test account: its key is keccak256 of its name, so runs are reproducible. */
export function testAccount(name: string): { privateKey: Uint8Array; address: Address } {
  const privateKey = keccak256(new TextEncoder().encode(`ewasm-devnet test account ${name}`));
  return { privateKey, address: createAddressFromPrivateKey(privateKey) };
}

export class TestChain {
  readonly common: Common;
  readonly state: MerkleStateManager;
  readonly evm: EwasmEVM;
  /** Funded with 1000 ether; the default caller of every message. */
  readonly sender = testAccount('sender');
  private vm: VM | undefined;

  private constructor(common: Common, state: MerkleStateManager, evm: EwasmEVM) {
    this.common = common;
    this.state = state;
    this.evm = evm;
  }

  static async create(opts: Partial<EwasmEvmOpts> = {}): Promise<TestChain> {
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    const state = createState({ common });
    const evm = await createEwasmEVM({ ...opts, common, stateManager: state });
    const chain = new TestChain(common, state, evm);
    await chain.fund(chain.sender.address, 1000n * ETHER);
    return chain;
  }

  async fund(address: Address, wei: bigint): Promise<void> {
    const account = (await this.state.getAccount(address)) ?? new Account();
    account.balance += wei;
    await this.state.putAccount(address, account);
  }

  /** A create message; the raw result, for tests that expect it to fail. */
  async create(initcode: Uint8Array, opts: MessageOpts = {}): Promise<EVMResult> {
    return this.evm.runCall({
      caller: opts.caller ?? this.sender.address, gasLimit: opts.gasLimit ?? DEFAULT_GAS, value: opts.value ?? 0n, data: initcode,
    });
  }

  /** Deploys and returns the new address; throws with the EVM's reason when the create fails. */
  async deploy(initcode: Uint8Array, opts: MessageOpts = {}): Promise<Address> {
    const { execResult, createdAddress } = await this.create(initcode, opts);
    if (execResult.exceptionError !== undefined) throw new Error(`deploy failed: ${execResult.exceptionError.error}`);
    if (createdAddress === undefined) throw new Error('deploy returned no address');
    return createdAddress;
  }

  async call(to: Address, data: Uint8Array = new Uint8Array(0), opts: MessageOpts = {}): Promise<ExecResult> {
    const { execResult } = await this.evm.runCall({
      caller: opts.caller ?? this.sender.address, to, gasLimit: opts.gasLimit ?? DEFAULT_GAS, value: opts.value ?? 0n, data,
    });
    return execResult;
  }

  /** A signed EIP-1559 transaction through runTx, for effects that happen only at the end of a transaction. */
  async sendTx(tx: { to?: Address; data?: Uint8Array; value?: bigint; gasLimit?: bigint }): Promise<RunTxResult> {
    this.vm ??= await createVM({ common: this.common, stateManager: this.state, evm: this.evm });
    const nonce = await this.nonce(this.sender.address);
    const signed = createFeeMarket1559Tx({
      to: tx.to, data: tx.data, value: tx.value ?? 0n, gasLimit: tx.gasLimit ?? DEFAULT_GAS, nonce,
      maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 0n,
    }, { common: this.common }).sign(this.sender.privateKey);
    return runTx(this.vm, { tx: signed, skipBlockGasLimitValidation: true });
  }

  async balance(address: Address): Promise<bigint> {
    return (await this.state.getAccount(address))?.balance ?? 0n;
  }

  async nonce(address: Address): Promise<bigint> {
    return (await this.state.getAccount(address))?.nonce ?? 0n;
  }

  async exists(address: Address): Promise<boolean> {
    return (await this.state.getAccount(address)) !== undefined;
  }

  async code(address: Address): Promise<Uint8Array> {
    return this.state.getCode(address);
  }

  async storage(address: Address, slot: bigint): Promise<bigint> {
    return bytesToBigInt(await this.state.getStorage(address, setLengthLeft(bigintBytes(slot), 32)));
  }
}

function bigintBytes(value: bigint): Uint8Array {
  const hex = value.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex'));
}

export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** The CREATE address: keccak256(rlp([sender, nonce]))[12:], written out here rather than taken from the code under test. */
export function createAddressOf(sender: Address, nonce: bigint): Address {
  const n = nonce === 0n ? new Uint8Array(0) : bigintBytes(nonce);
  const nonceItem = n.length === 1 && n[0] < 0x80 ? n : concat(Uint8Array.of(0x80 + n.length), n);
  const payload = concat(Uint8Array.of(0x80 + 20), sender.bytes, nonceItem);
  return new Address(keccak256(concat(Uint8Array.of(0xc0 + payload.length), payload)).slice(12));
}

/** The CREATE2 address: keccak256(0xff ++ deployer ++ salt ++ keccak256(initcode))[12:]. */
export function create2AddressOf(deployer: Address, salt: Uint8Array, initcode: Uint8Array): Address {
  return new Address(keccak256(concat(Uint8Array.of(0xff), deployer.bytes, setLengthLeft(salt, 32), keccak256(initcode))).slice(12));
}
