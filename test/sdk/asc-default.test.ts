/**
 * AssemblyScript's own default output, unmodified: `asc file.ts -o file.wasm` with no flags (no
 * --runtime stub, no --disable, no --use abort=), so the module keeps its start function and its
 * "env"."abort" import. Deployed with the standard deployer through ethers on the devnet.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { JsonRpcProvider, toBeHex, type JsonRpcSigner } from 'ethers';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = path.join(ROOT, 'test/contracts/asc-default');
const ASC = path.join(ROOT, 'node_modules/.bin/asc');

/** Runs asc as a user would, in the contract's folder, with default flags only. */
async function ascDefault(file: string, outDir: string): Promise<Uint8Array<ArrayBuffer>> {
  const out = path.join(outDir, file.replace(/\.as\.ts$/, '.wasm'));
  await promisify(execFile)(ASC, [file, '-o', out], { cwd: SOURCES });
  return new Uint8Array(await readFile(out));
}

describe('AssemblyScript default build (asc, no flags) on the devnet through ethers', function () {
  this.timeout(180_000);
  let devnet: DevnetHandle;
  let signer: JsonRpcSigner;
  let outDir: string;
  let counter: Uint8Array<ArrayBuffer>;
  let boom: Uint8Array<ArrayBuffer>;

  before(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'asc-default-'));
    [counter, boom] = await Promise.all([ascDefault('counter.as.ts', outDir), ascDefault('boom.as.ts', outDir)]);
    devnet = await createDevnet();
    signer = await new JsonRpcProvider(devnet.url, undefined, { cacheTimeout: -1 }).getSigner(0);
  });
  after(async () => {
    await devnet?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  async function deploy(runtime: Uint8Array<ArrayBuffer>): Promise<string> {
    const receipt = await (await signer.sendTransaction({ data: `0x${Buffer.from(makeDeployer(runtime)).toString('hex')}` })).wait();
    assert.equal(receipt?.status, 1);
    return receipt!.contractAddress!;
  }

  it('has what the policy used to refuse: a start function and env.abort', () => {
    const module = new WebAssembly.Module(counter);
    assert.ok(WebAssembly.Module.imports(module).some((i) => i.module === 'env' && i.name === 'abort'));
    assert.deepEqual(WebAssembly.Module.exports(module).map((e) => e.name).sort(), ['main', 'memory']);
    assert.ok(hasStartSection(counter), 'asc emitted no start section');
  });

  it('deploys, keeps the runtime code as built, counts in storage slot 0 and returns the count', async () => {
    const address = await deploy(counter);
    assert.equal(await signer.provider.getCode(address), `0x${Buffer.from(counter).toString('hex')}`);
    assert.equal(await signer.provider.call({ to: address }), toBeHex(1, 32));
    for (let i = 0; i < 2; i++) assert.equal((await (await signer.sendTransaction({ to: address })).wait())?.status, 1);
    assert.equal(BigInt(await signer.provider.getStorage(address, 0)), 2n);
    assert.equal(await signer.provider.call({ to: address }), toBeHex(3, 32));
  });

  it('assert(false, "boom") fails eth_call and eth_estimateGas with the abort message and source position', async () => {
    const address = await deploy(boom);
    // ethers keeps the node's JSON-RPC error in `info.error`; boom.as.ts has the assert on line 3, column 3.
    const rpcError = (e: { info?: { error?: { code?: number; message?: string } } }) => {
      assert.equal(e.info?.error?.code, -32000);
      assert.match(e.info?.error?.message ?? '', /^wasm failure: abort: boom at boom\.as\.ts:3:3( in |$)/);
      return true;
    };
    await assert.rejects(signer.provider.call({ to: address }), rpcError);
    await assert.rejects(signer.provider.estimateGas({ to: address }), rpcError);
  });
});

/** Whether the module has a start section (id 8), walking the section headers. */
function hasStartSection(code: Uint8Array): boolean {
  let at = 8;
  const u32 = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = code[at++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  while (at < code.length) {
    const id = code[at++];
    const size = u32();
    if (id === 8) return true;
    at += size;
  }
  return false;
}
