/**
 * WAT and Rust contracts built the way `ewasm-devnet build` builds them, deployed with ethers.
 * The Rust part needs a toolchain with the wasm32-unknown-unknown target (see scripts/lib/rust.ts);
 * without one it is skipped and says why.
 */
import assert from 'node:assert/strict';
import { ContractFactory, JsonRpcProvider, type Contract, type InterfaceAbi, type JsonRpcSigner } from 'ethers';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { buildRust, type Artifact } from '../../scripts/lib/build.ts';
import { cargoBuild, findRustToolchain, NoRustToolchain } from '../../scripts/lib/rust.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { exampleArtifact } from './artifacts.ts';

describe('WAT and Rust contracts through ethers', function () {
  this.timeout(300_000);
  let devnet: DevnetHandle;
  let signer: JsonRpcSigner;

  async function deploy(a: Artifact): Promise<Contract> {
    return await (await new ContractFactory(a.abi as InterfaceAbi, a.bytecode, signer).deploy()).waitForDeployment() as Contract;
  }

  before(async () => {
    devnet = await createDevnet();
    signer = await new JsonRpcProvider(devnet.url, undefined, { cacheTimeout: -1 }).getSigner(0);
  });
  after(() => devnet?.close());

  it('examples/wat/SimpleStorage.wat: set and get through its ABI, the value in slot 0', async () => {
    const artifact = await exampleArtifact('examples/wat/SimpleStorage.wat');
    const store = await deploy(artifact);
    assert.equal(await signer.provider.getCode(await store.getAddress()), artifact.deployedBytecode);
    await (await store.set(2n ** 200n + 5n)).wait();
    assert.equal(await store.get(), 2n ** 200n + 5n);
    assert.equal(BigInt(await signer.provider.getStorage(await store.getAddress(), 0)), 2n ** 200n + 5n);
    await assert.rejects(store.set(1n, { value: 1n }));
  });

  it('examples/rust/counter: cargo build --release --target wasm32-unknown-unknown, deployed and called', async function () {
    try {
      await findRustToolchain();
    } catch (e) {
      if (!(e instanceof NoRustToolchain)) throw e;
      console.log(`      skipped: ${e.message}`);
      this.skip();
    }
    const counter = await deploy(await buildRust('examples/rust/counter'));
    await (await counter.increment()).wait();
    await (await counter.increment()).wait();
    assert.equal(await counter.get(), 2n);
    assert.equal(BigInt(await signer.provider.getStorage(await counter.getAddress(), 0)), 2n);
  });

  it("the module exactly as cargo wrote it (default exports and debug sections) deploys and runs too", async function () {
    let toolchain;
    try {
      toolchain = await findRustToolchain();
    } catch (e) {
      if (!(e instanceof NoRustToolchain)) throw e;
      console.log(`      skipped: ${e.message}`);
      this.skip();
    }
    const { wasm } = await cargoBuild(path.resolve('examples/rust/counter'), toolchain);
    const abi = JSON.parse(await readFile('examples/rust/counter/abi.json', 'utf8'));
    const counter = await deploy({ abi, bytecode: `0x${Buffer.from(makeDeployer(wasm)).toString('hex')}` } as Artifact);
    assert.equal(await signer.provider.getCode(await counter.getAddress()), `0x${Buffer.from(wasm).toString('hex')}`);
    await (await counter.increment()).wait();
    assert.equal(await counter.get(), 1n);
  });
});
