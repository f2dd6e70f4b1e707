/**
 * @nomicfoundation/hardhat-network-helpers, unchanged, against the node: the helpers first ask
 * web3_clientVersion whether this is a development chain, then call hardhat_/evm_ methods. The
 * helpers' class is loaded from the installed package (what `networkHelpers` of a Hardhat 3
 * connection is), given our EIP-1193 provider; the Hardhat project in test/acceptance runs the
 * same helpers through `npx hardhat test`.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDevnet, type DevnetHandle } from 'ewasm-devnet';

const require = createRequire(import.meta.url);
const PACKAGE = dirname(require.resolve('@nomicfoundation/hardhat-network-helpers/package.json'));
const STRANGER = '0x00000000000000000000000000000000c0ffee01';
/** Runtime code that returns 42 (PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN). */
const RETURNS_42 = '0x602a60005260206000f3';

interface Helpers {
  loadFixture<T>(fixture: () => Promise<T>): Promise<T>;
  mine(blocks?: number, options?: { interval?: number }): Promise<void>;
  mineUpTo(n: number): Promise<void>;
  setBalance(a: string, v: bigint): Promise<void>;
  setCode(a: string, c: string): Promise<void>;
  setNonce(a: string, n: number): Promise<void>;
  setStorageAt(a: string, i: number, v: bigint): Promise<void>;
  getStorageAt(a: string, i: number): Promise<string>;
  setCoinbase(a: string): Promise<void>;
  setBlockGasLimit(n: number): Promise<void>;
  setNextBlockBaseFeePerGas(n: bigint): Promise<void>;
  setPrevRandao(n: bigint): Promise<void>;
  impersonateAccount(a: string): Promise<void>;
  stopImpersonatingAccount(a: string): Promise<void>;
  dropTransaction(h: string): Promise<boolean>;
  takeSnapshot(): Promise<{ restore(): Promise<void> }>;
  time: {
    latest(): Promise<number>; latestBlock(): Promise<number>; increase(s: number): Promise<number>;
    increaseTo(t: number): Promise<void>; setNextBlockTimestamp(t: number): Promise<void>;
  };
}

describe('hardhat-network-helpers against the node, unchanged', function () {
  this.timeout(60_000);
  let devnet: DevnetHandle;
  let helpers: Helpers;
  const request = (method: string, params: unknown[] = []) => devnet.provider.request({ method, params }) as Promise<any>;
  const head = () => request('eth_getBlockByNumber', ['latest', false]);

  before(async () => {
    devnet = await createDevnet();
    const { NetworkHelpers } = await import(pathToFileURL(join(PACKAGE, 'dist/src/internal/network-helpers/network-helpers.js')).href);
    helpers = new NetworkHelpers({ provider: devnet.provider, networkName: 'localhost' });
  });
  after(() => devnet?.close());

  it('web3_clientVersion starts with anvil/ and names ewasm-devnet', async () => {
    const version: string = await request('web3_clientVersion');
    assert.match(version, /^anvil\/v\d+\.\d+\.\d+\/ewasm-devnet\/\d+\.\d+\.\d+$/);
  });

  it('loadFixture runs the fixture once, then restores its snapshot', async () => {
    let runs = 0;
    async function deployFixture() {
      runs++;
      await request('hardhat_setBalance', [STRANGER, '0x64']);
      return { block: Number(await request('eth_blockNumber')) };
    }
    const first = await helpers.loadFixture(deployFixture);
    await helpers.setBalance(STRANGER, 5n);
    await helpers.mine(3);
    const second = await helpers.loadFixture(deployFixture);
    assert.equal(runs, 1);
    assert.deepEqual(second, first);
    assert.equal(BigInt(await request('eth_getBalance', [STRANGER, 'latest'])), 100n);
    assert.equal(Number(await request('eth_blockNumber')), first.block);
  });

  it('time: latest, increase, increaseTo, setNextBlockTimestamp; mine and mineUpTo', async () => {
    const t0 = await helpers.time.latest();
    const after = await helpers.time.increase(3600);
    assert.equal(after, t0 + 3600);
    assert.equal(await helpers.time.latest(), t0 + 3600);
    await helpers.time.increaseTo(t0 + 7200);
    assert.equal(await helpers.time.latest(), t0 + 7200);
    await helpers.time.setNextBlockTimestamp(t0 + 9000);
    await helpers.mine();
    assert.equal(await helpers.time.latest(), t0 + 9000);
    const n = await helpers.time.latestBlock();
    await helpers.mine(5, { interval: 10 });
    assert.equal(await helpers.time.latestBlock(), n + 5);
    const firstOfFive = Number((await request('eth_getBlockByNumber', [`0x${(n + 1).toString(16)}`, false])).timestamp);
    assert.equal(await helpers.time.latest(), firstOfFive + 40);
    await helpers.mineUpTo(n + 20);
    assert.equal(await helpers.time.latestBlock(), n + 20);
  });

  it('setBalance, setCode, setNonce, setStorageAt, getStorageAt', async () => {
    await helpers.setBalance(STRANGER, 10n ** 18n);
    assert.equal(BigInt(await request('eth_getBalance', [STRANGER, 'latest'])), 10n ** 18n);
    await helpers.setCode(STRANGER, RETURNS_42);
    assert.equal(BigInt(await request('eth_call', [{ to: STRANGER }, 'latest'])), 42n);
    await helpers.setNonce(STRANGER, 12);
    assert.equal(BigInt(await request('eth_getTransactionCount', [STRANGER, 'latest'])), 12n);
    await helpers.setStorageAt(STRANGER, 3, 0xabcn);
    assert.equal(BigInt(await helpers.getStorageAt(STRANGER, 3)), 0xabcn);
  });

  it('setCoinbase, setBlockGasLimit, setNextBlockBaseFeePerGas, setPrevRandao shape the next block', async () => {
    await helpers.setCoinbase(STRANGER);
    await helpers.setBlockGasLimit(25_000_000);
    await helpers.setNextBlockBaseFeePerGas(3_000_000_000n);
    await helpers.setPrevRandao(0x1234n);
    await helpers.mine();
    const block = await head();
    assert.equal(block.miner, STRANGER);
    assert.equal(BigInt(block.gasLimit), 25_000_000n);
    assert.equal(BigInt(block.baseFeePerGas), 3_000_000_000n);
    assert.equal(BigInt(block.mixHash), 0x1234n);
    await helpers.setCoinbase('0x0000000000000000000000000000000000000000');
    await helpers.setBlockGasLimit(30_000_000);
  });

  it('impersonateAccount, dropTransaction, takeSnapshot', async () => {
    const who = '0x00000000000000000000000000000000c0ffee02';
    await helpers.setBalance(who, 10n ** 18n);
    await helpers.impersonateAccount(who);
    const snapshot = await helpers.takeSnapshot();
    await request('evm_setAutomine', [false]);
    const hash = await request('eth_sendTransaction', [{ from: who, to: '0x000000000000000000000000000000000000beef', value: '0x1' }]);
    assert.equal(await helpers.dropTransaction(hash), true);
    await request('evm_setAutomine', [true]);
    await helpers.stopImpersonatingAccount(who);
    await helpers.setBalance(who, 1n);
    await snapshot.restore();
    assert.equal(BigInt(await request('eth_getBalance', [who, 'latest'])), 10n ** 18n);
  });
});
