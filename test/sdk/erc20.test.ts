/**
 * One test file, two ERC-20s: examples/assemblyscript/ERC20.ts (Wasm, built like `ewasm-devnet
 * build` does) and test/contracts/ERC20.sol (solc). Both are deployed through ethers'
 * ContractFactory on the devnet and must behave identically: same ABI, return values, events,
 * revert reasons and storage layout (read with eth_getStorageAt).
 */
import assert from 'node:assert/strict';
import {
  AbiCoder, ContractFactory, JsonRpcProvider, ZeroAddress, keccak256, parseEther, toBeHex, zeroPadValue,
  type Contract, type InterfaceAbi, type JsonRpcSigner, type Log,
} from 'ethers';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { compileSolidity } from '../helpers/solc.ts';
import { exampleArtifact } from './artifacts.ts';

interface Implementation { readonly abi: unknown[]; readonly bytecode: string }

const IMPLEMENTATIONS: Array<[string, () => Promise<Implementation>]> = [
  ['AssemblyScript (Wasm)', () => exampleArtifact('examples/assemblyscript/ERC20.ts')],
  ['Solidity (EVM)', async () => {
    const c = (await compileSolidity(['test/contracts/ERC20.sol'])).get('ERC20')!;
    return { abi: c.abi, bytecode: `0x${Buffer.from(c.bytecode).toString('hex')}` };
  }],
];

const SUPPLY = parseEther('1000');

/** The ABI without solc's internalType annotations, sorted, for comparing the two. */
function normalizedAbi(abi: unknown[]): string[] {
  const strip = (v: unknown): unknown => Array.isArray(v) ? v.map(strip)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'internalType').sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, strip(x)]))
    : v;
  return abi.map((item) => JSON.stringify(strip(item))).sort();
}

describe('ERC-20: the AssemblyScript and the Solidity token pass the same test', function () {
  this.timeout(180_000);
  let devnet: DevnetHandle;
  let provider: JsonRpcProvider;
  let owner: JsonRpcSigner;
  let alice: JsonRpcSigner;
  let bob: JsonRpcSigner;
  const impls = new Map<string, Implementation>();

  before(async () => {
    for (const [name, load] of IMPLEMENTATIONS) impls.set(name, await load());
    devnet = await createDevnet();
    provider = new JsonRpcProvider(devnet.url, undefined, { cacheTimeout: -1 });
    [owner, alice, bob] = await Promise.all([0, 1, 2].map((i) => provider.getSigner(i)));
  });
  after(() => devnet?.close());

  it('both have the same ABI', () => {
    const [wasm, sol] = [...impls.values()];
    assert.deepEqual(normalizedAbi(wasm.abi), normalizedAbi(sol.abi));
  });

  for (const [label] of IMPLEMENTATIONS) {
    describe(label, () => {
      let token: Contract;
      let deployLogs: readonly Log[];

      before(async () => {
        const impl = impls.get(label)!;
        const factory = new ContractFactory(impl.abi as InterfaceAbi, impl.bytecode, owner);
        token = await (await factory.deploy('Devnet Token', 'DVT', SUPPLY)).waitForDeployment() as Contract;
        deployLogs = (await token.deploymentTransaction()!.wait())!.logs;
      });

      it('has the constructor arguments and mints the supply to the deployer, with a Transfer from 0', async () => {
        assert.equal(await token.name(), 'Devnet Token');
        assert.equal(await token.symbol(), 'DVT');
        assert.equal(await token.decimals(), 18n);
        assert.equal(await token.totalSupply(), SUPPLY);
        assert.equal(await token.balanceOf(owner.address), SUPPLY);
        assert.equal(deployLogs.length, 1);
        const parsed = token.interface.parseLog(deployLogs[0])!;
        assert.deepEqual([parsed.name, ...parsed.args], ['Transfer', ZeroAddress, owner.address, SUPPLY]);
      });

      it('transfers, returns true and logs Transfer with indexed from and to', async () => {
        assert.equal(await token.transfer.staticCall(alice.address, 5n), true);
        const receipt = await (await token.transfer(alice.address, parseEther('10'))).wait();
        assert.equal(receipt!.status, 1);
        assert.equal(await token.balanceOf(alice.address), parseEther('10'));
        assert.equal(await token.balanceOf(owner.address), SUPPLY - parseEther('10'));
        const [event] = await token.queryFilter(token.filters.Transfer(owner.address, alice.address), receipt!.blockNumber);
        assert.deepEqual([...(event as unknown as { args: unknown[] }).args], [owner.address, alice.address, parseEther('10')]);
      });

      it('reverts on overspending with the standard reason, also when the transaction is sent', async () => {
        const asBob = token.connect(bob) as Contract;
        await assert.rejects(asBob.transfer(alice.address, 1n), { reason: 'ERC20: transfer amount exceeds balance' });
        await assert.rejects(asBob.transfer.staticCall(alice.address, 1n), { reason: 'ERC20: transfer amount exceeds balance' });
        await assert.rejects(token.transfer(ZeroAddress, 1n), { reason: 'ERC20: transfer to the zero address' });
        await assert.rejects(token.approve(ZeroAddress, 1n), { reason: 'ERC20: approve to the zero address' });
      });

      it('approves, logs Approval, and transferFrom spends the allowance', async () => {
        const receipt = await (await token.approve(bob.address, 300n)).wait();
        const approval = token.interface.parseLog(receipt!.logs[0])!;
        assert.deepEqual([approval.name, ...approval.args], ['Approval', owner.address, bob.address, 300n]);
        assert.equal(await token.allowance(owner.address, bob.address), 300n);
        const asBob = token.connect(bob) as Contract;
        await (await asBob.transferFrom(owner.address, bob.address, 100n)).wait();
        assert.equal(await token.allowance(owner.address, bob.address), 200n);
        assert.equal(await token.balanceOf(bob.address), 100n);
        await assert.rejects(asBob.transferFrom(owner.address, bob.address, 201n), { reason: 'ERC20: insufficient allowance' });
      });

      it('keeps an unlimited allowance unlimited', async () => {
        const max = 2n ** 256n - 1n;
        await (await token.approve(alice.address, max)).wait();
        await (await (token.connect(alice) as Contract).transferFrom(owner.address, bob.address, 1n)).wait();
        assert.equal(await token.allowance(owner.address, alice.address), max);
      });

      it("lays out storage as Solidity does (eth_getStorageAt)", async () => {
        const address = await token.getAddress();
        const word = (slot: bigint | string) => provider.getStorage(address, slot);
        const coder = AbiCoder.defaultAbiCoder();
        assert.equal(BigInt(await word(2n)), SUPPLY);
        const balanceSlot = keccak256(coder.encode(['address', 'uint256'], [alice.address, 0n]));
        assert.equal(BigInt(await word(balanceSlot)), await token.balanceOf(alice.address));
        const inner = keccak256(coder.encode(['address', 'uint256'], [owner.address, 1n]));
        const allowanceSlot = keccak256(coder.encode(['address', 'bytes32'], [bob.address, inner]));
        assert.equal(BigInt(await word(allowanceSlot)), 200n);
        // A short string: the bytes left-aligned, twice the length in the last byte.
        const name = Buffer.from('Devnet Token');
        const expected = zeroPadValue(toBeHex(name.length * 2), 32).slice(2);
        assert.equal(await word(3n), `0x${name.toString('hex')}${expected.slice(name.length * 2)}`);
      });

      it('rejects a call with value (non-payable) and an unknown selector', async () => {
        await assert.rejects(owner.call({ to: await token.getAddress(), data: token.interface.encodeFunctionData('decimals'), value: 1n }));
        await assert.rejects(owner.call({ to: await token.getAddress(), data: '0x12345678' }));
      });
    });
  }
});
