/**
 * The AssemblyScript SDK's ABI coding, end to end: test/contracts/AbiTypes.as.ts echoes one argument
 * of each type; what it returns must be byte for byte what ethers encodes for the same value.
 * Also: input out of range for its type reverts without data (as Solidity's decoder does), custom
 * errors, Error(string) and Panic codes decode in ethers, and console.log reaches the node's log.
 */
import assert from 'node:assert/strict';
import {
  AbiCoder, ContractFactory, Interface, JsonRpcProvider, concat, hexlify, randomBytes, isCallException,
  type Contract, type InterfaceAbi, type JsonRpcSigner,
} from 'ethers';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { exampleArtifact } from './artifacts.ts';

const MAX = 2n ** 256n - 1n;
const point = { x: 2n ** 64n - 1n, y: -(2n ** 23n) };
const named = (name: string, tags: bigint[]) => ({ name, tags, at: point });

const ECHOES: Array<[string, unknown]> = [
  ['echoUint8', 255n], ['echoUint24', 2n ** 24n - 1n], ['echoUint64', 2n ** 64n - 1n], ['echoUint128', 2n ** 128n - 1n],
  ['echoUint256', MAX], ['echoInt8', -128n], ['echoInt24', -(2n ** 23n)], ['echoInt64', -(2n ** 63n)],
  ['echoInt128', -(2n ** 127n)], ['echoInt256', -(2n ** 255n)], ['echoInt256', 5n], ['echoBool', true], ['echoBool', false],
  ['echoAddress', '0x00000000000000000000000000000000DeaDBeef'], ['echoBytes', '0x'], ['echoBytes', hexlify(Uint8Array.from({ length: 70 }, (_, i) => i))],
  ['echoBytes1', '0xab'], ['echoBytes20', `0x${'cd'.repeat(20)}`], ['echoBytes32', `0x${'ef'.repeat(32)}`],
  ['echoString', ''], ['echoString', 'héllo wörld ✓ — a string longer than one 32-byte word'],
  ['echoUints', []], ['echoUints', [1n, 2n, MAX]], ['echoStrings', ['a', '', 'x'.repeat(40)]],
  ['echoNested', [[1n, 2n], [], [3n]]], ['echoFixed', [1n, 2n, 3n]], ['echoFixedStrings', ['x', 'y'.repeat(33)]],
  ['echoPoint', point], ['echoNamed', named('n', [1n, 2n])], ['echoNamedList', [named('a', []), named('b', [MAX])]],
];

describe('AssemblyScript SDK: Solidity ABI coding (test/contracts/AbiTypes.as.ts)', function () {
  this.timeout(180_000);
  let devnet: DevnetHandle;
  let provider: JsonRpcProvider;
  let signer: JsonRpcSigner;
  let contract: Contract;
  let iface: Interface;
  let address: string;
  const log: string[] = [];

  before(async () => {
    const artifact = await exampleArtifact('test/contracts/AbiTypes.as.ts');
    devnet = await createDevnet({ log: (line) => log.push(line) });
    provider = new JsonRpcProvider(devnet.url, undefined, { cacheTimeout: -1 });
    signer = await provider.getSigner(0);
    contract = await (await new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer).deploy()).waitForDeployment() as Contract;
    iface = contract.interface;
    address = await contract.getAddress();
  });
  after(() => devnet?.close());

  for (const [fn, value] of ECHOES) {
    it(`${fn}(${JSON.stringify(value, (_, v) => typeof v === 'bigint' ? `${v}` : v).slice(0, 40)}) returns exactly ethers' encoding`, async () => {
      const raw = await provider.call({ to: address, data: iface.encodeFunctionData(fn, [value]) });
      assert.equal(raw, iface.encodeFunctionResult(fn, [value]));
    });
  }

  it('decodes several arguments mixing static and dynamic ones', async () => {
    const key = `0x${'00'.repeat(31)}2a`;
    assert.equal(await contract.describe(7n, 'label', key, signer.address, [1n, 2n, 3n]), `label:7:3:${signer.address.toLowerCase()}:42`);
  });

  it('reverts without data on input out of range for its type, or too short', async () => {
    const coder = AbiCoder.defaultAbiCoder();
    const bad = [
      concat([iface.getFunction('echoUint8')!.selector, coder.encode(['uint256'], [256n])]),
      concat([iface.getFunction('echoInt8')!.selector, coder.encode(['int256'], [128n])]),
      concat([iface.getFunction('echoBool')!.selector, coder.encode(['uint256'], [2n])]),
      concat([iface.getFunction('echoAddress')!.selector, coder.encode(['uint256'], [2n ** 160n])]),
      concat([iface.getFunction('echoUint256')!.selector, '0x1234']),
      concat([iface.getFunction('echoBytes')!.selector, coder.encode(['uint256', 'uint256'], [32n, 1000n])]),
      hexlify(randomBytes(3)),
    ];
    for (const data of bad) {
      await assert.rejects(provider.call({ to: address, data }), (e) => isCallException(e) && (e.data ?? '0x') === '0x', data);
    }
  });

  it('reverts with a custom error, Error(string) and Panic codes that ethers decodes', async () => {
    const revertOf = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        if (!isCallException(e)) throw e;
        return e.revert;
      }
      throw new Error('did not revert');
    };
    assert.deepEqual(await revertOf(contract.fail.staticCall(7n)).then((r) => [r?.name, ...(r?.args ?? [])]), ['Unlucky', 7n, 'seven']);
    assert.deepEqual(await revertOf(contract.fail.staticCall(8n)).then((r) => [r?.name, ...(r?.args ?? [])]), ['Error', 'eight']);
    assert.deepEqual(await revertOf(contract.checkedAdd(MAX, 1n)).then((r) => [r?.name, ...(r?.args ?? [])]), ['Panic', 0x11]);
    assert.deepEqual(await revertOf(contract.checkedDiv(1n, 0n)).then((r) => [r?.name, ...(r?.args ?? [])]), ['Panic', 0x12]);
  });

  it('console.log prints through debug under the transaction in the node log', async () => {
    await (await contract.fail(9n)).wait();
    assert.ok(log.some((line) => line.includes('fail(9) did not fail')), log.join('\n'));
  });
});
