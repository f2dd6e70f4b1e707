/**
 * Contract creation through the EwasmEVM: ethereum.create from Wasm, the per-engine code and
 * init-code size limits of evm-compat/limits.ts, code deposit, and selfDestruct under EIP-6780.
 */
import assert from 'node:assert/strict';
import { Address, bytesToBigInt } from '@ethereumjs/util';
import type { EVMResult } from '@ethereumjs/evm';
import { CODE_LIMITS } from '../../evm-compat/limits.ts';
import { DEFAULT_CONFIG } from '../../vm/index.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { concat, createAddressOf, TestChain, testAccount } from '../helpers/chain.ts';
import { contract, toHex, word } from '../helpers/contracts.ts';
import { assemble, evmDeployer } from '../helpers/evm-asm.ts';
import { counterRuntime, EVM_READER, padWasm, WASM_DESTRUCTOR, WASM_FACTORY } from './contracts.ts';

const WASM_HEADER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
const NO_ARGUMENT = new Uint8Array(20);
const ZERO_ADDRESS = '00'.repeat(20);

/** Call data for WASM_FACTORY. */
const factoryInput = (value: number, argument: Uint8Array, init: Uint8Array) => concat(Uint8Array.of(value), argument, init);

/** Splits WASM_FACTORY's output: [create status][address: 20][call status][return data]. */
function factoryOutput(out: Uint8Array) {
  return { create: out[0], address: toHex(out.subarray(1, 21)), call: out[21], data: toHex(out.subarray(22)) };
}

/** Records the exceptionError of every frame (nested ones too): where a failed create's reason shows up. */
function frameErrors(chain: TestChain): string[] {
  const errors: string[] = [];
  chain.evm.events.on('afterMessage', (result: EVMResult) => {
    if (result.execResult.exceptionError) errors.push(result.execResult.exceptionError.error);
  });
  return errors;
}

describe('evm-compat: contract creation', () => {
  describe('ethereum.create from Wasm', () => {
    it('deploys at keccak256(rlp([creator, nonce]))[12:], bumps the creator\'s nonce, and the new contract runs', async () => {
      const chain = await TestChain.create();
      const factory = await chain.deploy(makeDeployer(await watToWasm(WASM_FACTORY)));
      const runtime = await counterRuntime();
      assert.equal(await chain.nonce(factory), 1n, 'EIP-161: a contract starts at nonce 1');

      // Create a counter and call it in the same frame: the call returns the first count.
      const first = factoryOutput((await chain.call(factory, factoryInput(0, Uint8Array.of(...new Array(20).fill(1)), makeDeployer(runtime)))).returnValue);
      const expected = createAddressOf(factory, 1n);
      assert.deepEqual(first, { create: 0, address: toHex(expected.bytes), call: 0, data: toHex(word(1n)) });
      assert.equal(await chain.nonce(factory), 2n);
      assert.equal(await chain.nonce(expected), 1n);
      assert.equal(toHex(await chain.code(expected)), toHex(runtime));
      assert.equal(await chain.storage(expected, 0n), 1n);

      const second = factoryOutput((await chain.call(factory, factoryInput(0, NO_ARGUMENT, makeDeployer(runtime)))).returnValue);
      assert.equal(second.address, toHex(createAddressOf(factory, 2n).bytes));
      assert.equal(second.call, 0xff, 'no argument, no call');
      assert.equal(await chain.nonce(factory), 3n);
    });

    it('creates an EVM contract from EVM init code and sends it value', async () => {
      const chain = await TestChain.create();
      const factory = await chain.deploy(makeDeployer(await watToWasm(WASM_FACTORY)));
      const r = await chain.call(factory, factoryInput(5, NO_ARGUMENT, evmDeployer(assemble(EVM_READER))), { value: 7n });
      const out = factoryOutput(r.returnValue);
      assert.equal(out.create, 0);
      const child = new Address(r.returnValue.slice(1, 21));
      assert.equal(toHex(await chain.code(child)), toHex(assemble(EVM_READER)));
      assert.equal(await chain.balance(child), 5n);
      assert.equal(await chain.balance(factory), 2n);
      assert.equal(toHex((await chain.call(child)).returnValue), toHex(word(42n)));
    });

    it('a reverting constructor: create returns 2 with the revert data; nothing is deployed, the nonce is spent', async () => {
      const chain = await TestChain.create();
      const factory = await chain.deploy(makeDeployer(await watToWasm(WASM_FACTORY)));
      const init = await contract(['revert'], '(call $revert (i32.const 0) (i32.const 4))', '(data (i32.const 0) "nope")');
      const out = factoryOutput((await chain.call(factory, factoryInput(0, NO_ARGUMENT, init))).returnValue);
      assert.deepEqual(out, { create: 2, address: ZERO_ADDRESS, call: 0xff, data: toHex(new TextEncoder().encode('nope')) });
      assert.equal((await chain.code(createAddressOf(factory, 1n))).length, 0);
      assert.equal(await chain.nonce(factory), 2n);
    });

    const failures: Array<[string, () => Promise<Uint8Array>, RegExp]> = [
      ['init code that is not a valid Wasm module', async () => concat(WASM_HEADER, Uint8Array.of(0xff, 0xff)), /wasm failure: invalid Ewasm contract \(malformed\)/],
      ['init code that returns an invalid contract', async () => makeDeployer(concat(WASM_HEADER, Uint8Array.of(0x01, 0x02))), /constructor returned an invalid contract/],
      ['a Wasm constructor that returns EVM code', async () => makeDeployer(assemble(EVM_READER)), /a Wasm constructor must return a Wasm contract/],
    ];
    for (const [name, init, reason] of failures) {
      it(`${name}: create returns 1 and the failed frame's exceptionError says why`, async () => {
        const chain = await TestChain.create();
        const factory = await chain.deploy(makeDeployer(await watToWasm(WASM_FACTORY)));
        const errors = frameErrors(chain);
        const r = await chain.call(factory, factoryInput(0, NO_ARGUMENT, await init()));
        assert.equal(r.exceptionError, undefined, 'the factory itself succeeds');
        assert.deepEqual(factoryOutput(r.returnValue), { create: 1, address: ZERO_ADDRESS, call: 0xff, data: '' });
        assert.equal(errors.length, 1);
        assert.match(errors[0], reason);
        assert.equal((await chain.code(createAddressOf(factory, 1n))).length, 0);

        // The same init code as a top-level create fails with the same reason, using all its gas.
        const top = await chain.create(await init(), { gasLimit: 500_000n });
        assert.match(top.execResult.exceptionError?.error ?? '', reason);
        assert.equal(top.execResult.executionGasUsed, 500_000n);
      });
    }
  });

  describe('code size limits and code deposit', () => {
    // Deposit alone is 200 gas a byte: a megabyte of code needs a gas limit far above a block's.
    const BIG_GAS = 300_000_000n;

    it(`Wasm runtime code: ${CODE_LIMITS.wasmMaxCodeSize} bytes deploy, one more byte fails`, async () => {
      const chain = await TestChain.create();
      const runtime = await counterRuntime();
      const fits = await chain.deploy(makeDeployer(padWasm(runtime, CODE_LIMITS.wasmMaxCodeSize)), { gasLimit: BIG_GAS });
      assert.equal((await chain.code(fits)).length, CODE_LIMITS.wasmMaxCodeSize);
      assert.equal(toHex((await chain.call(fits)).returnValue), toHex(word(1n)), 'the padded counter still counts');

      const { execResult, createdAddress } = await chain.create(makeDeployer(padWasm(runtime, CODE_LIMITS.wasmMaxCodeSize + 1)), { gasLimit: BIG_GAS });
      assert.match(execResult.exceptionError?.error ?? '', /Wasm code size \d+ exceeds/);
      assert.equal(execResult.executionGasUsed, BIG_GAS);
      assert.equal((await chain.code(createdAddress!)).length, 0);
    });

    it(`Wasm init code: ${CODE_LIMITS.wasmMaxInitCodeSize} bytes run, one more byte fails`, async () => {
      const chain = await TestChain.create();
      const deployer = makeDeployer(await counterRuntime());
      const fits = await chain.deploy(padWasm(deployer, CODE_LIMITS.wasmMaxInitCodeSize), { gasLimit: BIG_GAS });
      assert.equal(toHex((await chain.call(fits)).returnValue), toHex(word(1n)));

      const { execResult } = await chain.create(padWasm(deployer, CODE_LIMITS.wasmMaxInitCodeSize + 1), { gasLimit: BIG_GAS });
      assert.match(execResult.exceptionError?.error ?? '', /initcode size \d+ exceeds/);
    });

    it('EVM runtime code keeps EIP-170: 24576 bytes deploy, 24577 fail', async () => {
      assert.equal(CODE_LIMITS.evmMaxCodeSize, 24576);
      const chain = await TestChain.create();
      const fits = await chain.deploy(evmDeployer(new Uint8Array(24576)));
      assert.equal((await chain.code(fits)).length, 24576);
      const { execResult } = await chain.create(evmDeployer(new Uint8Array(24577)));
      assert.equal(execResult.exceptionError?.error, 'code size to deposit exceeds maximum code size');
    });

    it('EVM init code keeps EIP-3860: a top-level create above 49152 bytes fails', async () => {
      assert.equal(CODE_LIMITS.evmMaxInitCodeSize, 49152);
      const chain = await TestChain.create();
      const init = concat(evmDeployer(assemble(EVM_READER)), new Uint8Array(49152));
      const { execResult } = await chain.create(init);
      assert.equal(execResult.exceptionError?.error, 'initcode exceeds max initcode size');
      await chain.deploy(init.subarray(0, 49152));
    });

    it('EVM CREATE keeps EIP-3860 for EVM init code (the calling frame fails) and takes larger Wasm init code', async () => {
      const chain = await TestChain.create();
      // Marks slot 0, CREATEs from its whole call data, stores the result (address or 0) in slot 1.
      const creator = await chain.deploy(evmDeployer(assemble(`
        PUSH1 1 PUSH1 0 SSTORE
        CALLDATASIZE PUSH1 0 PUSH1 0 CALLDATACOPY
        CALLDATASIZE PUSH1 0 PUSH1 0 CREATE
        PUSH1 1 SSTORE STOP`)));
      const limit = CODE_LIMITS.evmMaxInitCodeSize;
      // Zero bytes are EVM init code that stops at once: a contract with empty code.
      const atLimit = await chain.call(creator, new Uint8Array(limit));
      assert.equal(atLimit.exceptionError, undefined);
      assert.equal(await chain.storage(creator, 1n), bytesToBigInt(createAddressOf(creator, 1n).bytes));

      const over = await chain.call(creator, new Uint8Array(limit + 1));
      assert.equal(over.exceptionError?.error, 'initcode exceeds max initcode size');

      const runtime = await counterRuntime();
      const wasm = await chain.call(creator, padWasm(makeDeployer(runtime), limit + 1000));
      assert.equal(wasm.exceptionError, undefined);
      const child = createAddressOf(creator, 2n);
      assert.equal(await chain.storage(creator, 1n), bytesToBigInt(child.bytes));
      assert.equal(toHex(await chain.code(child)), toHex(runtime));
    });

    it('code deposit costs 200 gas per byte of Wasm runtime code (and the larger init code its compile charge)', async () => {
      const chain = await TestChain.create();
      const runtime = await counterRuntime();
      // Same deployer code and the same memory size; only the data segment, so the deposit, differs.
      const small = makeDeployer(padWasm(runtime, 2000));
      const large = makeDeployer(padWasm(runtime, 3000));
      const gasOf = async (init: Uint8Array) => {
        const { execResult } = await chain.create(init);
        assert.equal(execResult.exceptionError, undefined);
        return execResult.executionGasUsed;
      };
      const initCodeByte = BigInt(DEFAULT_CONFIG.wasm.initCodeByte);
      assert.equal(await gasOf(large) - await gasOf(small), (200n + initCodeByte) * 1000n);
    });
  });

  describe('selfDestruct from Wasm under EIP-6780', () => {
    const beneficiary = testAccount('beneficiary').address;

    it('in a contract created earlier: the balance moves, the account stays', async () => {
      const chain = await TestChain.create();
      const destructor = await chain.deploy(makeDeployer(await watToWasm(WASM_DESTRUCTOR)), { value: 1000n });
      const code = await chain.code(destructor);
      const r = await chain.sendTx({ to: destructor, data: beneficiary.bytes });
      assert.equal(r.execResult.exceptionError, undefined);
      assert.ok(r.execResult.selfdestruct?.has(destructor.toString()), 'registered as self-destructed');
      assert.ok(!r.execResult.createdAddresses?.has(destructor.toString()));
      assert.equal(await chain.balance(beneficiary), 1000n);
      assert.equal(await chain.balance(destructor), 0n);
      assert.equal(toHex(await chain.code(destructor)), toHex(code), 'code survives the end of the transaction');
    });

    it('to itself, in a contract created earlier: nothing is burned', async () => {
      const chain = await TestChain.create();
      const destructor = await chain.deploy(makeDeployer(await watToWasm(WASM_DESTRUCTOR)), { value: 1000n });
      const r = await chain.sendTx({ to: destructor, data: destructor.bytes });
      assert.equal(r.execResult.exceptionError, undefined);
      assert.equal(await chain.balance(destructor), 1000n);
      assert.ok(await chain.exists(destructor));
    });

    it('to itself, in a contract created in the same message: the balance is burned', async () => {
      const chain = await TestChain.create();
      const factory = await chain.deploy(makeDeployer(await watToWasm(WASM_FACTORY)));
      const child = createAddressOf(factory, 1n);
      // runCall, not runTx: the account is still there afterwards, so its balance can be read.
      const r = await chain.call(factory, factoryInput(77, child.bytes, makeDeployer(await watToWasm(WASM_DESTRUCTOR))), { value: 77n });
      assert.equal(r.exceptionError, undefined);
      assert.equal(factoryOutput(r.returnValue).call, 0);
      assert.ok(r.selfdestruct?.has(child.toString()) && r.createdAddresses?.has(child.toString()));
      assert.equal(await chain.balance(child), 0n);
      assert.equal(await chain.balance(factory), 0n);
    });

    it('in a contract created in the same transaction: the balance moves and the account is removed at its end', async () => {
      const chain = await TestChain.create();
      const factory = await chain.deploy(makeDeployer(await watToWasm(WASM_FACTORY)));
      const init = makeDeployer(await watToWasm(WASM_DESTRUCTOR));
      const child = createAddressOf(factory, 1n);
      // The factory creates the destructor with 77 wei and calls it with the beneficiary at once.
      const r = await chain.sendTx({ to: factory, data: factoryInput(77, beneficiary.bytes, init), value: 100n });
      assert.equal(r.execResult.exceptionError, undefined);
      assert.deepEqual(factoryOutput(r.execResult.returnValue), { create: 0, address: toHex(child.bytes), call: 0, data: '' });
      assert.ok(r.execResult.selfdestruct?.has(child.toString()));
      assert.ok(r.execResult.createdAddresses?.has(child.toString()));
      assert.equal(await chain.balance(beneficiary), 77n);
      assert.equal(await chain.balance(factory), 23n);
      assert.equal(await chain.exists(child), false, 'removed by runTx at the end of the transaction');
      assert.equal((await chain.code(child)).length, 0);
    });
  });
});
