/**
 * Every action of viem's testClient (the list is read from viem's own test decorator, so a new
 * action fails the first test until it is covered here), in `anvil` and in `hardhat` mode, against
 * a real node over HTTP. Each action is checked by its effect as a client sees it: a block's
 * coinbase, gas limit, base fee and timestamp, a balance, a receipt's sender, the pool's content.
 */
import assert from 'node:assert/strict';
import { createDevnet, type DevnetHandle } from 'ewasm-devnet';
import { createClient, createTestClient, http, parseEther, parseGwei, publicActions, walletActions } from 'viem';
import { foundry } from 'viem/chains';

const ALICE = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as const;
const STRANGER = '0x00000000000000000000000000000000c0ffee01' as const;
const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8' as const;
/** Runtime code that returns 42 (PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN). */
const RETURNS_42 = '0x602a60005260206000f3' as const;

/** Every action viem's testClient has, by reading its decorator. */
function viemTestActions(): string[] {
  const transport = http('http://127.0.0.1:1');
  const plain = new Set(Object.keys(createClient({ transport })));
  return Object.keys(createTestClient({ mode: 'anvil', transport })).filter((k) => !plain.has(k) && k !== 'mode').sort();
}

/** What each test below covers; the first test checks that this is all of viem's actions. */
const COVERED = `dropTransaction dumpState getAutomine getTxpoolContent getTxpoolStatus impersonateAccount increaseTime inspectTxpool
  loadState mine removeBlockTimestampInterval reset revert sendUnsignedTransaction setAutomine setBalance setBlockGasLimit
  setBlockTimestampInterval setCode setCoinbase setIntervalMining setLoggingEnabled setMinGasPrice setNextBlockBaseFeePerGas
  setNextBlockTimestamp setNonce setRpcUrl setStorageAt snapshot stopImpersonatingAccount`.split(/\s+/).sort();

for (const mode of ['anvil', 'hardhat'] as const) {
  describe(`viem testClient in ${mode} mode`, function () {
    this.timeout(60_000);
    let devnet: DevnetHandle;
    const logged: string[] = [];
    let client: ReturnType<typeof makeClient>;
    const makeClient = (url: string) =>
      createTestClient({ mode, chain: foundry, transport: http(url), pollingInterval: 50, cacheTime: 0 }).extend(publicActions).extend(walletActions);

    before(async () => {
      devnet = await createDevnet({ log: (line) => logged.push(line) });
      client = makeClient(devnet.url);
    });
    after(async () => {
      await devnet?.close();
    });

    const head = () => client.getBlock({ blockTag: 'latest' });
    const transfer = (value = 1n) => client.sendTransaction({ account: ALICE, to: BOB, value, chain: foundry });

    it('covers every action of viem\'s testClient', async () => {
      assert.deepEqual(viemTestActions(), COVERED);
    });

    it('mine, getAutomine, setAutomine, snapshot, revert', async () => {
      assert.equal(await client.getAutomine(), true);
      const before = await client.getBlockNumber();
      await client.mine({ blocks: 3 });
      assert.equal(await client.getBlockNumber(), before + 3n);
      const id = await client.snapshot();
      await client.mine({ blocks: 2 });
      await client.revert({ id });
      assert.equal(await client.getBlockNumber(), before + 3n);
      await client.setAutomine(false);
      assert.equal(await client.getAutomine(), false);
      await client.setAutomine(true);
    });

    it('setCoinbase, setBlockGasLimit, setNextBlockBaseFeePerGas shape the next block', async () => {
      await client.setCoinbase({ address: STRANGER });
      await client.setBlockGasLimit({ gasLimit: 20_000_000n });
      await client.setNextBlockBaseFeePerGas({ baseFeePerGas: parseGwei('7') });
      await client.mine({ blocks: 1 });
      const block = await head();
      assert.equal(block.miner.toLowerCase(), STRANGER);
      assert.equal(block.gasLimit, 20_000_000n);
      assert.equal(block.baseFeePerGas, parseGwei('7'));
      // The base fee is for one block; the coinbase and gas limit stay.
      await client.mine({ blocks: 1 });
      const next = await head();
      assert.notEqual(next.baseFeePerGas, parseGwei('7'));
      assert.equal(next.gasLimit, 20_000_000n);
      assert.equal(next.miner.toLowerCase(), STRANGER);
      await client.setCoinbase({ address: '0x0000000000000000000000000000000000000000' });
      await client.setBlockGasLimit({ gasLimit: 30_000_000n });
    });

    it('increaseTime answers a number; setNextBlockTimestamp stamps the next block', async () => {
      const start = (await head()).timestamp;
      const total = await client.increaseTime({ seconds: 3600 });
      assert.equal(typeof total, 'number');
      await client.mine({ blocks: 1 });
      assert.ok((await head()).timestamp >= start + 3600n);
      const at = (await head()).timestamp + 1000n;
      await client.setNextBlockTimestamp({ timestamp: at });
      await client.mine({ blocks: 1 });
      assert.equal((await head()).timestamp, at);
    });

    it('setBlockTimestampInterval spaces blocks by the interval; removeBlockTimestampInterval ends it', async () => {
      await client.setBlockTimestampInterval({ interval: 7 });
      await client.mine({ blocks: 1 });
      const first = (await head()).timestamp;
      await client.mine({ blocks: 1 });
      assert.equal((await head()).timestamp, first + 7n);
      await transfer();
      assert.equal((await head()).timestamp, first + 14n);
      await client.removeBlockTimestampInterval();
      await client.mine({ blocks: 1 });
      assert.notEqual((await head()).timestamp, first + 21n);
    });

    it('setBalance, setCode, setNonce, setStorageAt change the state', async () => {
      await client.setBalance({ address: STRANGER, value: parseEther('3') });
      assert.equal(await client.getBalance({ address: STRANGER }), parseEther('3'));
      await client.setCode({ address: STRANGER, bytecode: RETURNS_42 });
      assert.equal(BigInt((await client.call({ to: STRANGER })).data!), 42n);
      await client.setNonce({ address: STRANGER, nonce: 9 });
      assert.equal(await client.getTransactionCount({ address: STRANGER }), 9);
      await client.setStorageAt({ address: STRANGER, index: 2, value: `0x${'11'.repeat(32)}` });
      assert.equal(await client.getStorageAt({ address: STRANGER, slot: '0x2' }), `0x${'11'.repeat(32)}`);
      await client.setCode({ address: STRANGER, bytecode: '0x' });
    });

    it('impersonateAccount sends from any address; stopImpersonatingAccount ends it', async () => {
      const who = '0x00000000000000000000000000000000000abc01' as const;
      await client.setBalance({ address: who, value: parseEther('1') });
      await client.impersonateAccount({ address: who });
      const hash = await client.sendTransaction({ account: who, to: BOB, value: 5n, chain: foundry });
      const receipt = await client.getTransactionReceipt({ hash });
      assert.equal(receipt.from.toLowerCase(), who);
      assert.equal(receipt.status, 'success');
      await client.stopImpersonatingAccount({ address: who });
      await assert.rejects(client.sendTransaction({ account: who, to: BOB, value: 5n, chain: foundry }), /unknown account/);
    });

    it('sendUnsignedTransaction sends from any address without impersonating it', async () => {
      const who = '0x00000000000000000000000000000000000abc02' as const;
      await client.setBalance({ address: who, value: parseEther('1') });
      const hash = await client.sendUnsignedTransaction({ from: who, to: BOB, value: 7n });
      const receipt = await client.getTransactionReceipt({ hash });
      assert.equal(receipt.from.toLowerCase(), who);
      assert.equal(receipt.status, 'success');
      assert.equal((await client.getTransaction({ hash })).value, 7n);
    });

    it('getTxpoolContent, getTxpoolStatus, inspectTxpool, dropTransaction show and change the pool', async () => {
      await client.setAutomine(false);
      const hash = await transfer(123n);
      const nonce = (await client.getTransaction({ hash })).nonce;
      assert.deepEqual(await client.getTxpoolStatus(), { pending: 1, queued: 0 });
      const content = await client.getTxpoolContent();
      assert.equal(content.pending[ALICE]?.[String(nonce)]?.hash, hash);
      const inspected = await client.inspectTxpool();
      assert.match(inspected.pending[ALICE][String(nonce)], new RegExp(`^${BOB}: 123 wei \\+ 21000 gas × \\d+ wei$`, 'i'));
      await client.dropTransaction({ hash });
      assert.deepEqual(await client.getTxpoolStatus(), { pending: 0, queued: 0 });
      await client.setAutomine(true);
    });

    it('setMinGasPrice: a lower tip is refused with geth\'s message; the suggested tip meets it', async () => {
      await client.setMinGasPrice({ gasPrice: parseGwei('3') });
      await assert.rejects(
        client.sendTransaction({ account: ALICE, to: BOB, value: 1n, maxPriorityFeePerGas: parseGwei('1'), maxFeePerGas: parseGwei('50'), chain: foundry }),
        /transaction gas price below minimum: gas tip cap 1000000000, minimum needed 3000000000/,
      );
      assert.equal(await client.estimateMaxPriorityFeePerGas({ chain: foundry }), parseGwei('3'));
      const receipt = await client.getTransactionReceipt({ hash: await transfer() });
      assert.equal(receipt.status, 'success');
      await client.setMinGasPrice({ gasPrice: 0n });
    });

    it('setLoggingEnabled stops and restarts the node\'s transaction lines', async () => {
      await client.setLoggingEnabled(false);
      const quiet = await transfer();
      assert.ok(!logged.some((l) => l.includes(quiet)), 'a line was printed while logging was off');
      await client.setLoggingEnabled(true);
      const loud = await transfer();
      assert.ok(logged.some((l) => l.includes(loud)), 'no line printed with logging on');
    });

    it('setIntervalMining counts seconds under Anvil\'s rules; 0 stops it', async () => {
      // Anvil reads seconds; viem's hardhat mode sends milliseconds (1000 here), which is then 1000 s.
      const start = await client.getBlockNumber();
      const began = Date.now();
      await client.setIntervalMining({ interval: 1 });
      if (mode === 'anvil') {
        const mined = await new Promise<bigint>((resolve) => {
          const stop = client.watchBlockNumber({ onBlockNumber: (n) => { if (n > start) { stop(); resolve(n); } }, poll: true, pollingInterval: 50 });
        });
        const waited = Date.now() - began;
        assert.equal(mined, start + 1n, 'more than one block in the first interval');
        assert.ok(waited >= 500, `the first interval block came after ${waited} ms, not about a second`);
      } else {
        assert.equal(await client.getBlockNumber(), start);
      }
      await client.setIntervalMining({ interval: 0 });
      await client.setAutomine(true);
      assert.equal(await client.getAutomine(), true);
    });

    it('dumpState and loadState carry accounts and the block number across a reset', async () => {
      await client.setStorageAt({ address: STRANGER, index: 1, value: `0x${'22'.repeat(32)}` });
      await client.setBalance({ address: STRANGER, value: 77n });
      const number = await client.getBlockNumber();
      const state = await client.dumpState();
      await client.reset();
      assert.equal(await client.getBlockNumber(), 0n);
      assert.equal(await client.getBalance({ address: STRANGER }), 0n);
      await client.loadState({ state });
      assert.equal(await client.getBlockNumber(), number);
      assert.equal(await client.getBalance({ address: STRANGER }), 77n);
      assert.equal(await client.getStorageAt({ address: STRANGER, slot: '0x1' }), `0x${'22'.repeat(32)}`);
    });

    it('reset with viem\'s arguments (nothing to fork) goes back to genesis; setRpcUrl says forking is not supported', async () => {
      await client.mine({ blocks: 2 });
      await client.reset();
      assert.equal(await client.getBlockNumber(), 0n);
      await assert.rejects(client.reset({ jsonRpcUrl: 'http://127.0.0.1:1', blockNumber: 5n }), /forking is not supported/);
      await assert.rejects(client.setRpcUrl('http://127.0.0.1:1'), /forking is not supported/);
      // Still serving, and dev accounts still sign.
      const receipt = await client.getTransactionReceipt({ hash: await transfer() });
      assert.equal(receipt.blockNumber, 1n);
    });
  });
}
