import assert from 'node:assert/strict';
import { ContractFactory, JsonRpcProvider, type Contract, type InterfaceAbi, type JsonRpcSigner } from 'ethers';
import { createPublicClient, createWalletClient, http, type Abi, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { DEFAULT_MNEMONIC, devAccounts } from '../../genesis/accounts.ts';
import { exampleArtifact } from './artifacts.ts';

describe('examples/assemblyscript/Counter.ts through ethers', function () {
  this.timeout(180_000);
  let devnet: DevnetHandle;
  let signer: JsonRpcSigner;
  let counter: Contract;

  before(async () => {
    const artifact = await exampleArtifact('examples/assemblyscript/Counter.ts');
    devnet = await createDevnet();
    const provider = new JsonRpcProvider(devnet.url, undefined, { cacheTimeout: -1 });
    signer = await provider.getSigner(0);
    const factory = new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer);
    counter = await (await factory.deploy(41n)).waitForDeployment() as Contract;
  });
  after(() => devnet?.close());

  it('runs the constructor with its argument and stores the runtime code', async () => {
    assert.equal(await counter.get(), 41n);
    const artifact = await exampleArtifact('examples/assemblyscript/Counter.ts');
    assert.equal(await signer.provider.getCode(await counter.getAddress()), artifact.deployedBytecode);
  });

  it('increments, stores the count in slot 0 and logs CountChanged', async () => {
    const receipt = await (await counter.increment()).wait();
    assert.equal(receipt?.status, 1);
    assert.equal(await counter.get(), 42n);
    assert.equal(BigInt(await signer.provider.getStorage(await counter.getAddress(), 0)), 42n);
    const [event] = await counter.queryFilter(counter.filters.CountChanged(signer.address));
    assert.deepEqual([...(event as { args: unknown[] }).args], [signer.address, 42n]);
  });

  it("deploys with viem's deployContract too, constructor argument included", async () => {
    const artifact = await exampleArtifact('examples/assemblyscript/Counter.ts');
    const [dev] = devAccounts(DEFAULT_MNEMONIC, 2).slice(1);
    const account = privateKeyToAccount(`0x${Buffer.from(dev.privateKey).toString('hex')}`);
    const chain = { id: 31337, name: 'ewasm-devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [devnet.url] } } } as const;
    const wallet = createWalletClient({ chain, account, transport: http(devnet.url) });
    const client = createPublicClient({ chain, transport: http(devnet.url), pollingInterval: 50 });
    const hash = await wallet.deployContract({ abi: artifact.abi as Abi, bytecode: artifact.bytecode as Hex, args: [7n] });
    const { contractAddress } = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    assert.equal(await client.readContract({ address: contractAddress!, abi: artifact.abi as Abi, functionName: 'get' }), 7n);
  });

  it('reverts with the require message', async () => {
    await assert.rejects(counter.add(0n), (e: { reason?: string }) => e.reason === 'Counter: amount is zero');
  });
});
