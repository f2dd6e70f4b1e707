/** The chain as users drive it: mining modes, the pool, snapshots, cheats, persistence, signing. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTx, TransactionType } from '@ethereumjs/tx';
import { Address, bytesToHex, ecrecover, hashPersonalMessage, hexToBytes, publicToAddress } from '@ethereumjs/util';
import { Devnet } from '../../node/devnet.ts';
import { TxError } from '../../node/errors.ts';
import { typedDataHash } from '../../node/signing.ts';
import { parseGenesis } from '../../genesis/genesis.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';

const ETH = 10n ** 18n;
const FIRST_KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
/** r ‖ s ‖ v, as eth_sign returns it. */
const splitSig = (sig: Uint8Array) => ({ r: sig.subarray(0, 32), s: sig.subarray(32, 64), v: BigInt(sig[64]) });
const counterWasm = async () => watToWasm(await readFile(new URL('../../examples/counter.wat', import.meta.url), 'utf8'));

describe('devnet chain', () => {
  it('starts with the Hardhat/Anvil dev accounts, each funded, at block 0', async () => {
    const d = await Devnet.create();
    assert.equal(d.accounts()[0].toString(), '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
    assert.equal(d.accounts().length, 10);
    assert.equal(d.blockNumber(), 0n);
    assert.equal(await d.getBalance(d.accounts()[9], 'latest'), 10_000n * ETH);
    await d.close();
  });

  it('automine: each transaction is mined in its own block before the call returns', async () => {
    const d = await Devnet.create();
    const [a, b] = d.accounts();
    const h1 = await d.sendTransaction({ from: a, to: b, value: 1n });
    const h2 = await d.sendTransaction({ from: a, to: b, value: 2n });
    assert.equal(d.blockNumber(), 2n);
    assert.equal((await d.getReceipt(h1))?.blockNumber, 1n);
    assert.equal((await d.getReceipt(h2))?.blockNumber, 2n);
    const block = await d.getBlock(2n);
    assert.equal(bytesToHex(block!.header.parentHash), bytesToHex((await d.getBlock(1n))!.hash()));
    assert.ok(block!.header.timestamp > (await d.getBlock(1n))!.header.timestamp);
    await d.close();
  });

  it('concurrent sends (each estimating gas on the live state) all land, none undone by another', async () => {
    const d = await Devnet.create();
    const [a, b] = d.accounts();
    await Promise.all(Array.from({ length: 8 }, () => d.sendTransaction({ from: a, to: b, value: 1n })));
    assert.equal(d.blockNumber(), 8n);
    assert.equal(await d.getBalance(b, 'latest'), 10_000n * ETH + 8n);
    await d.close();
  });

  it('manual mining: future nonces wait in the queue and are promoted when the gap fills', async () => {
    const d = await Devnet.create();
    d.setAutomine(false);
    const [a, b] = d.accounts();
    const sign = (nonce: bigint, fee = 2n * 10n ** 9n) => createTx({ type: TransactionType.FeeMarketEIP1559, nonce, to: b, value: 1n, gasLimit: 21_000n,
      maxFeePerGas: 10n * 10n ** 9n, maxPriorityFeePerGas: fee }, { common: d.executor.common }).sign(FIRST_KEY).serialize();
    const late = await d.sendRawTransaction(sign(1n));
    assert.equal(d.txpoolContent().queued.length, 1);
    assert.equal((await d.getBlock('pending'))!.transactions.length, 0, 'a nonce gap keeps the pending block empty');
    await d.sendRawTransaction(sign(0n));
    assert.equal(d.txpoolContent().pending.length, 2);
    const pending = (await d.getBlock('pending'))!;
    assert.equal(pending.header.number, 1n);
    assert.equal(pending.transactions.length, 2);
    assert.equal(d.blockNumber(), 0n, 'looking at the pending block mines nothing');
    await d.mine();
    assert.equal(d.blockNumber(), 1n);
    assert.equal((await d.getBlock(1n))!.transactions.length, 2);
    assert.equal((await d.getReceipt(late))?.transactionIndex, 1);
    assert.equal(await d.getTransactionCount(a, 'latest'), 2n);
    await d.close();
  });

  it('a same-nonce replacement needs 10% more fee: "replacement transaction underpriced"', async () => {
    const d = await Devnet.create();
    d.setAutomine(false);
    const b = d.accounts()[1];
    const sign = (tip: bigint, fee: bigint) => createTx({ type: TransactionType.FeeMarketEIP1559, nonce: 0n, to: b, value: 1n, gasLimit: 21_000n,
      maxFeePerGas: fee, maxPriorityFeePerGas: tip }, { common: d.executor.common }).sign(FIRST_KEY).serialize();
    await d.sendRawTransaction(sign(10n ** 9n, 10n * 10n ** 9n));
    await assert.rejects(d.sendRawTransaction(sign(10n ** 9n + 1n, 10n * 10n ** 9n + 1n)), /replacement transaction underpriced/);
    const replacement = await d.sendRawTransaction(sign(2n * 10n ** 9n, 20n * 10n ** 9n));
    await d.mine();
    assert.equal(bytesToHex((await d.getBlock(1n))!.transactions[0].hash()), bytesToHex(replacement));
    await d.close();
  });

  it('refuses with geth messages and keeps serving', async () => {
    const d = await Devnet.create({ accounts: 2, balance: ETH });
    const [a, b] = d.accounts();
    await assert.rejects(d.sendTransaction({ from: a, to: b, value: 2n * ETH }), (e: unknown) => e instanceof TxError && /^insufficient funds/.test(e.message));
    await assert.rejects(d.sendTransaction({ from: new Address(new Uint8Array(20).fill(9)), to: b }), /unknown account/);
    await d.sendTransaction({ from: a, to: b, value: 1n });
    assert.equal(d.blockNumber(), 1n);
    await d.close();
  });

  it('snapshot and revert restore blocks, balances and storage; time travel sets block timestamps', async () => {
    const d = await Devnet.create();
    const [a, b] = d.accounts();
    const snap = await d.snapshot();
    await d.sendTransaction({ from: a, to: b, value: ETH });
    d.setNextBlockTimestamp(4_000_000_000n);
    await d.mine();
    assert.equal((await d.getBlock('latest'))!.header.timestamp, 4_000_000_000n);
    const before = (await d.getBlock('latest'))!.header.timestamp;
    d.increaseTime(3600n);
    await d.mine();
    assert.ok((await d.getBlock('latest'))!.header.timestamp >= before + 1n);
    assert.equal(await d.revert(snap), true);
    assert.equal(d.blockNumber(), 0n);
    assert.equal(await d.getBalance(b, 'latest'), 10_000n * ETH);
    assert.equal(await d.revert(snap), false, 'a snapshot is used up by reverting to it');
    await d.close();
  });

  it('cheats change state without a block; old blocks keep their state', async () => {
    const d = await Devnet.create();
    const [a, b] = d.accounts();
    await d.sendTransaction({ from: a, to: b, value: 1n });
    const target = new Address(hexToBytes('0x00000000000000000000000000000000000000c0'));
    await d.setBalance(target, 123n);
    await d.setNonce(target, 7n);
    await d.setCode(target, await counterWasm());
    await d.setStorageAt(target, new Uint8Array(32), hexToBytes('0x29'));
    assert.equal(await d.getBalance(target, 'latest'), 123n);
    assert.equal(await d.getTransactionCount(target, 'latest'), 7n);
    assert.equal(bytesToHex(await d.call({ to: target }, 'latest')), `0x${'00'.repeat(31)}2a`);
    assert.equal(await d.getBalance(target, 0n), 0n);
    assert.equal(await d.getBalance(b, 0n), 10_000n * ETH);
    await d.close();
  });

  it('impersonated accounts send without a key', async () => {
    const d = await Devnet.create();
    const whale = new Address(hexToBytes('0x000000000000000000000000000000000000dead'));
    await d.setBalance(whale, 5n * ETH);
    await assert.rejects(d.sendTransaction({ from: whale, to: d.accounts()[0], value: ETH }), /unknown account/);
    d.impersonate(whale);
    const h = await d.sendTransaction({ from: whale, to: d.accounts()[0], value: ETH });
    assert.equal((await d.getReceipt(h))?.status, 1);
    assert.ok((await d.getBalance(whale, 'latest')) < 4n * ETH);
    await d.close();
  });

  it('Wasm contracts: deploy, call, logs by filter, eth_call, a trace with host calls', async () => {
    const d = await Devnet.create();
    const a = d.accounts()[0];
    const deploy = await d.getReceipt(await d.sendTransaction({ from: a, data: makeDeployer(await counterWasm()) }));
    const counter = deploy!.contractAddress!;
    const call = await d.sendTransaction({ from: a, to: counter });
    const logs = await d.getLogs({ fromBlock: 0n, toBlock: 'latest', address: [counter] });
    assert.equal(logs.length, 1);
    assert.equal(bytesToHex(logs[0].transactionHash), bytesToHex(call));
    assert.equal((await d.getLogs({ fromBlock: 0n, address: [a] })).length, 0);
    const trace = JSON.parse(JSON.stringify(await d.traceTransaction(call))) as { structLogs: Array<{ op: string; engine?: string }> };
    const hostCalls = trace.structLogs.filter((e) => e.engine === 'wasm').map((e) => e.op);
    assert.deepEqual(hostCalls, ['ethereum.storageLoad', 'ethereum.storageStore', 'ethereum.log', 'ethereum.finish']);
    await d.close();
  });

  it('signs EIP-191 messages and EIP-712 typed data with dev keys', async () => {
    const d = await Devnet.create();
    const a = d.accounts()[0];
    const message = new TextEncoder().encode('hello');
    const sig = splitSig(await d.sign(a, message));
    assert.equal(new Address(publicToAddress(ecrecover(hashPersonalMessage(message), sig.v, sig.r, sig.s))).toString(), a.toString());
    // The example of EIP-712 itself, whose digest the EIP gives.
    const mail = {
      types: {
        EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
        Person: [{ name: 'name', type: 'string' }, { name: 'wallet', type: 'address' }],
        Mail: [{ name: 'from', type: 'Person' }, { name: 'to', type: 'Person' }, { name: 'contents', type: 'string' }],
      },
      primaryType: 'Mail',
      domain: { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
      message: { from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' }, to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' }, contents: 'Hello, Bob!' },
    };
    assert.equal(bytesToHex(typedDataHash(mail)), '0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2');
    const typed = splitSig(await d.signTypedData(a, mail));
    assert.equal(new Address(publicToAddress(ecrecover(typedDataHash(mail), typed.v, typed.r, typed.s))).toString(), a.toString());
    await d.close();
  });

  it('interval mining produces blocks on its own, with the pool\'s transactions', async () => {
    const d = await Devnet.create();
    d.setIntervalMining(100);
    assert.equal(d.getAutomine(), false);
    const tx = createTx({ type: TransactionType.FeeMarketEIP1559, nonce: 0n, to: d.accounts()[1], value: 1n, gasLimit: 21_000n,
      maxFeePerGas: 10n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n }, { common: d.executor.common }).sign(FIRST_KEY);
    const hash = await d.sendRawTransaction(tx.serialize());
    assert.equal(await d.getReceipt(hash), undefined, 'not mined on submission');
    for (let i = 0; i < 50 && !(await d.getReceipt(hash)); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await d.getReceipt(hash))?.status, 1);
    d.setIntervalMining(0);
    await d.close();
  });

  it('a geth genesis file: chain id, alloc with Wasm code and storage, gas limit, base fee', async () => {
    const counter = new Address(hexToBytes('0x00000000000000000000000000000000000c0de0'));
    const genesis = parseGenesis({
      config: { chainId: 4242 }, gasLimit: '0x2faf080', baseFeePerGas: '0x7', timestamp: '0x10',
      alloc: {
        [counter.toString().slice(2)]: { balance: '0x0', code: bytesToHex(await counterWasm()), storage: { '0x00': '0x09' } },
        '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266': { balance: '1000000000000000000' },
      },
    });
    const d = await Devnet.create({ genesis });
    assert.equal(d.chainId, 4242n);
    const head = (await d.getBlock('latest'))!.header;
    assert.equal(head.gasLimit, 50_000_000n);
    assert.equal(head.baseFeePerGas, 7n);
    assert.equal(await d.getBalance(d.accounts()[0], 'latest'), ETH);
    assert.equal(bytesToHex(await d.call({ to: counter }, 'latest')), `0x${'00'.repeat(31)}0a`);
    await d.close();
  });

  it('a data directory keeps chain and state across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ewasm-datadir-'));
    try {
      const d = await Devnet.create({ datadir: dir });
      const [a, b] = d.accounts();
      const h = await d.sendTransaction({ from: a, to: b, value: 5n });
      const head = bytesToHex((await d.getBlock('latest'))!.hash());
      await d.close();
      const again = await Devnet.create({ datadir: dir });
      assert.equal(again.blockNumber(), 1n);
      assert.equal(bytesToHex((await again.getBlock('latest'))!.hash()), head);
      assert.equal(await again.getBalance(b, 'latest'), 10_000n * ETH + 5n);
      assert.equal((await again.getReceipt(h))?.status, 1);
      await again.sendTransaction({ from: a, to: b, value: 1n });
      assert.equal(again.blockNumber(), 2n);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
