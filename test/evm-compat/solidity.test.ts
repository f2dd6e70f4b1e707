/**
 * Solidity contracts (compiled by solc-js) on the EwasmEVM: an ERC-20-like token with events and a
 * custom error, reason-string reverts, a CREATE2 factory, and a Solidity contract calling a Wasm one.
 */
import assert from 'node:assert/strict';
import type { Address } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { decodeArgs, decodeError, encodeArgs, encodeCall, eventTopic, uint256, type AbiValue } from '../helpers/abi.ts';
import { concat, create2AddressOf, TestChain, testAccount } from '../helpers/chain.ts';
import { toHex, word } from '../helpers/contracts.ts';
import { compileSolidity, type CompiledContract } from '../helpers/solc.ts';
import { counterRuntime } from './contracts.ts';

const SOURCES = ['Token.sol', 'Reverts.sol', 'Factory.sol', 'WasmCaller.sol'].map((f) => new URL(`../contracts/${f}`, import.meta.url).pathname);
const TRANSFER = eventTopic('Transfer(address,address,uint256)');
const alice = testAccount('alice').address;
const bob = testAccount('bob').address;

/** An address as an indexed event topic: left-padded to 32 bytes. */
const topic = (address: Address) => toHex(concat(new Uint8Array(12), address.bytes));

describe('evm-compat: Solidity contracts', function () {
  // Loading and running the compiler takes a few seconds on a cold cache.
  this.timeout(120_000);
  let compiled: Map<string, CompiledContract>;
  const contract = (name: string): CompiledContract => {
    const c = compiled.get(name);
    if (c === undefined) throw new Error(`${name} not compiled`);
    return c;
  };

  before(async () => {
    compiled = await compileSolidity(SOURCES);
  });

  /** Calls `signature` on `to`, requires success and decodes the result as `returns`. */
  async function read(chain: TestChain, to: Address, signature: string, args: AbiValue[], returns: string[], caller?: Address): Promise<AbiValue[]> {
    const r = await chain.call(to, encodeCall(signature, ...args), { caller });
    assert.equal(r.exceptionError, undefined, `${signature} failed: ${r.exceptionError?.error}`);
    return decodeArgs(returns, r.returnValue);
  }

  describe('Token (ERC-20-like)', () => {
    async function deployToken(supply: bigint) {
      const chain = await TestChain.create();
      const { execResult, createdAddress } = await chain.create(concat(contract('Token').bytecode, encodeArgs(['uint256'], [supply])));
      assert.equal(execResult.exceptionError, undefined);
      return { chain, token: createdAddress!, logs: execResult.logs ?? [] };
    }
    const balanceOf = async (chain: TestChain, token: Address, who: Address) =>
      (await read(chain, token, 'balanceOf(address)', [who], ['uint256']))[0];

    it('mints to the deployer and moves balances with transfer, logging Transfer(from, to, value)', async () => {
      const { chain, token, logs } = await deployToken(1000n);
      const sender = chain.sender.address;
      assert.equal(logs.length, 1);
      assert.deepEqual(logs[0][1].map(toHex), [toHex(TRANSFER), '00'.repeat(32), topic(sender)], 'mint: from the zero address');
      assert.equal(toHex(logs[0][2]), toHex(uint256(1000n)));

      const r = await chain.call(token, encodeCall('transfer(address,uint256)', alice, 250n));
      assert.deepEqual(decodeArgs(['bool'], r.returnValue), [true]);
      assert.equal(r.logs?.length, 1);
      const [address, topics, data] = r.logs![0];
      assert.equal(toHex(address), toHex(token.bytes));
      assert.deepEqual(topics.map(toHex), [toHex(TRANSFER), topic(sender), topic(alice)]);
      assert.equal(toHex(data), toHex(uint256(250n)));

      await chain.call(token, encodeCall('transfer(address,uint256)', bob, 100n), { caller: alice });
      assert.equal(await balanceOf(chain, token, sender), 750n);
      assert.equal(await balanceOf(chain, token, alice), 150n);
      assert.equal(await balanceOf(chain, token, bob), 100n);
      assert.deepEqual(await read(chain, token, 'totalSupply()', [], ['uint256']), [1000n]);
      // The same balance straight from storage: mapping slot keccak256(key ++ slot 1).
      const slot = BigInt(`0x${toHex(keccak256(concat(new Uint8Array(12), alice.bytes, uint256(1n))))}`);
      assert.equal(await chain.storage(token, slot), 150n);
    });

    it('reverts with InsufficientBalance(account, available, required) and changes nothing', async () => {
      const { chain, token } = await deployToken(1000n);
      await chain.call(token, encodeCall('transfer(address,uint256)', alice, 40n));
      const r = await chain.call(token, encodeCall('transfer(address,uint256)', bob, 41n), { caller: alice });
      assert.equal(r.exceptionError?.error, 'revert');
      const [account, available, required] = decodeError('InsufficientBalance(address,uint256,uint256)', r.returnValue);
      assert.equal((account as Address).toString(), alice.toString());
      assert.deepEqual([available, required], [40n, 41n]);
      assert.equal(r.returnValue.length, 4 + 3 * 32);
      assert.deepEqual(r.logs, []);
      assert.equal(await balanceOf(chain, token, alice), 40n);
      assert.equal(await balanceOf(chain, token, bob), 0n);
    });
  });

  describe('reason strings', () => {
    for (const [name, signature, arg, reason] of [
      ['require(cond, reason)', 'double(uint256)', 0n, 'x must be positive'],
      ['revert(reason), a reason longer than one word', 'fail(string)', 'a reason of more than thirty-two bytes, chosen by the caller', null],
    ] as const) {
      it(`${name}: revert data is Error(string), selector 0x08c379a0`, async () => {
        const chain = await TestChain.create();
        const reverts = await chain.deploy(contract('Reverts').bytecode);
        const r = await chain.call(reverts, encodeCall(signature, arg));
        assert.equal(r.exceptionError?.error, 'revert');
        const expected = reason ?? (arg as string);
        assert.equal(toHex(r.returnValue.subarray(0, 4)), '08c379a0');
        assert.deepEqual(decodeError('Error(string)', r.returnValue), [expected]);
        assert.equal(toHex(r.returnValue), toHex(encodeCall('Error(string)', expected)), 'exactly the standard encoding');
      });
    }

    it('the same function returns normally when its condition holds', async () => {
      const chain = await TestChain.create();
      const reverts = await chain.deploy(contract('Reverts').bytecode);
      assert.deepEqual(await read(chain, reverts, 'double(uint256)', [21n], ['uint256']), [42n]);
    });
  });

  describe('CREATE2 factory', () => {
    it('deploys children at keccak256(0xff ++ factory ++ salt ++ keccak256(initcode))[12:]', async () => {
      const chain = await TestChain.create();
      const factory = await chain.deploy(contract('Factory').bytecode);
      for (const [label, value] of [['first', 7n], ['second', 8n]] as const) {
        const salt = keccak256(new TextEncoder().encode(`salt ${label}`));
        const r = await chain.call(factory, encodeCall('deploy(bytes32,uint256)', salt, value));
        assert.equal(r.exceptionError, undefined);
        const initcode = concat(contract('Child').bytecode, uint256(value));
        const expected = create2AddressOf(factory, salt, initcode);
        const [child] = decodeArgs(['address'], r.returnValue) as [Address];
        assert.equal(child.toString(), expected.toString());
        assert.equal(toHex(r.logs![0][2]), toHex(encodeArgs(['address', 'bytes32'], [expected, salt])), 'Deployed(child, salt)');
        assert.deepEqual(await read(chain, child, 'value()', [], ['uint256']), [value]);
        const [parent] = await read(chain, child, 'factory()', [], ['address']);
        assert.equal((parent as Address).toString(), factory.toString());
      }
    });

    it('the same salt and init code again collide: the factory reverts', async () => {
      const chain = await TestChain.create();
      const factory = await chain.deploy(contract('Factory').bytecode);
      const salt = new Uint8Array(32).fill(0x5a);
      assert.equal((await chain.call(factory, encodeCall('deploy(bytes32,uint256)', salt, 1n))).exceptionError, undefined);
      const again = await chain.call(factory, encodeCall('deploy(bytes32,uint256)', salt, 1n));
      assert.equal(again.exceptionError?.error, 'revert');
      // A different constructor argument is different init code, so a different address.
      assert.equal((await chain.call(factory, encodeCall('deploy(bytes32,uint256)', salt, 2n))).exceptionError, undefined);
    });
  });

  describe('Solidity calling Wasm', () => {
    it('a low-level call into the Wasm counter returns its count as a uint256', async () => {
      const chain = await TestChain.create();
      const counter = await chain.deploy(makeDeployer(await counterRuntime()));
      const caller = await chain.deploy(contract('WasmCaller').bytecode);
      for (const n of [1n, 2n]) {
        const r = await chain.call(caller, encodeCall('count(address)', counter));
        assert.equal(r.exceptionError, undefined);
        assert.deepEqual(decodeArgs(['uint256'], r.returnValue), [n]);
        // The counter's own log comes through the Solidity frame.
        assert.deepEqual(r.logs?.map(([address, topics, data]) => [toHex(address), topics.length, toHex(data)]),
          [[toHex(counter.bytes), 0, toHex(word(n))]]);
      }
      assert.equal(await chain.storage(counter, 0n), 2n);
    });

    it('a staticcall into the Wasm counter fails (it writes storage) and leaves the count alone', async () => {
      const chain = await TestChain.create();
      const counter = await chain.deploy(makeDeployer(await counterRuntime()));
      const caller = await chain.deploy(contract('WasmCaller').bytecode);
      assert.deepEqual(await read(chain, caller, 'countStatic(address)', [counter], ['bool']), [false]);
      assert.equal(await chain.storage(counter, 0n), 0n);
      assert.deepEqual(await read(chain, caller, 'count(address)', [counter], ['uint256']), [1n]);
    });
  });
});
