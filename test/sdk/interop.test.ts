/**
 * Wasm and Solidity contracts calling each other through the ABI, deployed with ethers:
 * examples/assemblyscript/TokenAgent.ts (Wasm) calls the Solidity ERC-20 of test/contracts/ERC20.sol,
 * and test/contracts/CounterClient.sol (Solidity) calls examples/assemblyscript/Counter.ts (Wasm).
 */
import assert from 'node:assert/strict';
import { ContractFactory, Interface, JsonRpcProvider, type Contract, type InterfaceAbi, type JsonRpcSigner } from 'ethers';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { compileSolidity } from '../helpers/solc.ts';
import { exampleArtifact } from './artifacts.ts';

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

describe('Wasm and Solidity contracts call each other', function () {
  this.timeout(180_000);
  let devnet: DevnetHandle;
  let signer: JsonRpcSigner;

  async function deploy(abi: unknown[], bytecode: string, ...args: unknown[]): Promise<Contract> {
    return await (await new ContractFactory(abi as InterfaceAbi, bytecode, signer).deploy(...args)).waitForDeployment() as Contract;
  }

  before(async () => {
    devnet = await createDevnet();
    signer = await new JsonRpcProvider(devnet.url, undefined, { cacheTimeout: -1 }).getSigner(0);
  });
  after(() => devnet?.close());

  it('a Wasm contract reads and moves tokens of a Solidity ERC-20, and passes its revert reason on', async () => {
    const sol = (await compileSolidity(['test/contracts/ERC20.sol'])).get('ERC20')!;
    const token = await deploy(sol.abi, hex(sol.bytecode), 'Sol', 'SOL', 1000n);
    const agentArtifact = await exampleArtifact('examples/assemblyscript/TokenAgent.ts');
    const agent = await deploy(agentArtifact.abi, agentArtifact.bytecode);
    const [tokenAddress, agentAddress] = await Promise.all([token.getAddress(), agent.getAddress()]);
    await (await token.transfer(agentAddress, 100n)).wait();

    assert.equal(await agent.balanceIn(tokenAddress, agentAddress), 100n);
    const receipt = await (await agent.forward(tokenAddress, signer.address, 40n)).wait();
    assert.equal(await token.balanceOf(agentAddress), 60n);
    // The token's Transfer (from the agent, the token's msg.sender) and the agent's Forwarded.
    const names = receipt!.logs.map((l: { address: string; topics: readonly string[]; data: string }) => (l.address === tokenAddress ? token : agent).interface.parseLog(l)?.name);
    assert.deepEqual(names, ['Transfer', 'Forwarded']);
    await assert.rejects(agent.forward(tokenAddress, signer.address, 61n), { reason: 'ERC20: transfer amount exceeds balance' });
  });

  it('a Solidity contract calls a Wasm contract through its ABI and sees its revert reason', async () => {
    const counterArtifact = await exampleArtifact('examples/assemblyscript/Counter.ts');
    const counter = await deploy(counterArtifact.abi, counterArtifact.bytecode, 10n);
    const sol = (await compileSolidity(['test/contracts/CounterClient.sol'])).get('CounterClient')!;
    const client = await deploy(sol.abi, hex(sol.bytecode));
    const counterAddress = await counter.getAddress();

    assert.equal(await client.bumpTwice.staticCall(counterAddress), 12n);
    await (await client.bumpTwice(counterAddress)).wait();
    assert.equal(await counter.get(), 12n);
    // The Wasm counter logged CountChanged with the Solidity client as the caller.
    const events = await counter.queryFilter(counter.filters.CountChanged(await client.getAddress()));
    assert.equal(events.length, 2);

    await assert.rejects(client.addZero(counterAddress), { reason: 'Counter: amount is zero' });
    const [ok, data] = await client.tryAddZero.staticCall(counterAddress);
    assert.equal(ok, false);
    assert.deepEqual([...new Interface(['error Error(string)']).decodeErrorResult('Error', data)], ['Counter: amount is zero']);
  });
});
