/**
 * The client scenarios, written once against ClientAdapter and run for each client. Every
 * scenario sends its own transactions and checks only what they changed, so a failure in one
 * does not cascade, except that all need the deploy scenario's two contracts.
 */
import assert from 'node:assert/strict';
import { createDevnet, type DevnetHandle } from 'ewasm-devnet';
import type { AdapterFactory, ClientAdapter, ContractRef, Receipt } from './adapter.ts';
import { loadContracts, type Contracts } from './contracts.ts';

const SUPPLY = 1_000_000n * 10n ** 18n;
/** Anvil's second dev account; any address would do. */
const RECIPIENT = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const ZERO = '0x0000000000000000000000000000000000000000';
const EVENT_TIMEOUT_MS = 5_000;

/** Clients spell addresses checksummed or lowercase; the scenarios compare them case-insensitively. */
const normalize = (values: readonly unknown[] | undefined): unknown[] | undefined =>
  values?.map((v) => (typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : v));

function assertSuccess(receipt: Receipt, what: string): void {
  assert.equal(receipt.status, 'success', `${what}: status`);
  assert.match(receipt.transactionHash, /^0x[0-9a-f]{64}$/, `${what}: transaction hash`);
}

export function clientScenarios(name: string, makeAdapter: AdapterFactory): void {
  describe(`client: ${name}`, function () {
    let contracts: Contracts;
    let devnet: DevnetHandle;
    let client: ClientAdapter;
    let sender: string;
    let deployed: { store: ContractRef; token: ContractRef; tokenBlock: bigint } | undefined;

    before(async () => {
      contracts = await loadContracts();
      devnet = await createDevnet();
      client = await makeAdapter(devnet);
      sender = client.sender.toLowerCase();
    });
    after(async () => {
      await client?.close();
      await devnet?.close();
    });

    const contractsOrFail = () => {
      if (!deployed) throw new Error('needs the contracts of the deploy scenario, which failed');
      return deployed;
    };

    it('deploys the Wasm store and the solc Token with its deploy helper', async () => {
      const store = await client.deploy(contracts.store, []);
      assertSuccess(store.receipt, 'store deploy');
      assert.equal(store.receipt.contractAddress?.toLowerCase(), store.address.toLowerCase());
      // The account's code is the Wasm module the deployer returned, not the deployer itself.
      assert.equal(await client.getCode(store.address), contracts.storeRuntime);

      const token = await client.deploy(contracts.token, [SUPPLY]);
      assertSuccess(token.receipt, 'token deploy');
      assert.equal(token.receipt.contractAddress?.toLowerCase(), token.address.toLowerCase());
      assert.equal(await client.getCode(token.address), contracts.tokenRuntime);
      assert.notEqual(token.address.toLowerCase(), store.address.toLowerCase());
      assert.ok(token.receipt.blockNumber > store.receipt.blockNumber, 'automine puts each deploy in its own block');

      deployed = {
        store: { address: store.address, artifact: contracts.store },
        token: { address: token.address, artifact: contracts.token },
        tokenBlock: token.receipt.blockNumber,
      };
    });

    it('calls and transacts with ABI encoding on both contracts', async () => {
      const { store, token } = contractsOrFail();
      const value = (await client.read(store, 'get', [])) as bigint;
      assert.equal(typeof value, 'bigint');
      const set = await client.write(store, 'set', [value + 42n]);
      assertSuccess(set, 'store.set');
      assert.equal(await client.read(store, 'get', []), value + 42n);

      const mine = (await client.read(token, 'balanceOf', [sender])) as bigint;
      const theirs = (await client.read(token, 'balanceOf', [RECIPIENT])) as bigint;
      assert.equal(await client.read(token, 'totalSupply', []), SUPPLY);
      assertSuccess(await client.write(token, 'transfer', [RECIPIENT, 250n]), 'token.transfer');
      assert.equal(await client.read(token, 'balanceOf', [sender]), mine - 250n);
      assert.equal(await client.read(token, 'balanceOf', [RECIPIENT]), theirs + 250n);
    });

    it('reads ValueSet and Transfer events with getLogs', async () => {
      const { store, token, tokenBlock } = contractsOrFail();
      const set = await client.write(store, 'set', [777n]);
      assertSuccess(set, 'store.set');
      const valueSet = await client.getLogs(store, 'ValueSet', { fromBlock: set.blockNumber, toBlock: set.blockNumber });
      assert.equal(valueSet.length, 1);
      assert.equal(valueSet[0].eventName, 'ValueSet');
      assert.deepEqual(normalize(valueSet[0].args), [sender, 777n]);
      assert.equal(valueSet[0].address.toLowerCase(), store.address.toLowerCase());
      assert.equal(valueSet[0].transactionHash, set.transactionHash);
      assert.equal(valueSet[0].blockNumber, set.blockNumber);

      const transfer = await client.write(token, 'transfer', [RECIPIENT, 5n]);
      assertSuccess(transfer, 'token.transfer');
      const transfers = await client.getLogs(token, 'Transfer', { fromBlock: tokenBlock, toBlock: transfer.blockNumber });
      // The constructor's mint comes first, this scenario's transfer last.
      assert.ok(transfers.length >= 2, `${transfers.length} Transfer events`);
      assert.deepEqual(normalize(transfers[0].args), [ZERO, sender, SUPPLY]);
      assert.equal(transfers[0].blockNumber, tokenBlock);
      const last = transfers[transfers.length - 1];
      assert.deepEqual(normalize(last.args), [sender, RECIPIENT, 5n]);
      assert.equal(last.transactionHash, transfer.transactionHash);
    });

    it('receives over a WebSocket subscription the event of a transaction sent after subscribing', async () => {
      const { store } = contractsOrFail();
      const stream = await client.subscribe(store, 'ValueSet');
      try {
        const set = await client.write(store, 'set', [31337n]);
        assertSuccess(set, 'store.set');
        const event = await stream.next(EVENT_TIMEOUT_MS);
        assert.equal(event.eventName, 'ValueSet');
        assert.deepEqual(normalize(event.args), [sender, 31337n]);
        assert.equal(event.transactionHash, set.transactionHash);
        assert.equal(event.blockNumber, set.blockNumber);
        assert.equal(event.address.toLowerCase(), store.address.toLowerCase());
      } finally {
        await stream.close();
      }
    });

    for (const via of ['call', 'send'] as const) {
      it(`decodes a revert reason and a custom error (${via === 'call' ? 'eth_call' : 'sending a transaction'})`, async () => {
        const { store, token } = contractsOrFail();
        const nope = await client.revertOf(store, 'fail', [], via);
        assert.equal(nope.reason, 'nope', nope.message);

        const balance = (await client.read(token, 'balanceOf', [sender])) as bigint;
        const insufficient = await client.revertOf(token, 'transfer', [RECIPIENT, balance + 1n], via);
        assert.equal(insufficient.errorName, 'InsufficientBalance', insufficient.message);
        assert.deepEqual(normalize(insufficient.args), [sender, balance, balance + 1n]);
        assert.equal(await client.read(token, 'balanceOf', [sender]), balance, 'a refused transfer moved tokens');
      });
    }

    it('estimates gas, and a transaction with exactly that gas succeeds', async () => {
      const { store, token } = contractsOrFail();
      const cases: Array<[ContractRef, string, unknown[]]> = [[store, 'set', [9n]], [token, 'transfer', [RECIPIENT, 1n]]];
      for (const [contract, fn, args] of cases) {
        const gas = await client.estimateGas(contract, fn, args);
        assert.ok(gas > 21_000n, `${fn}: estimate ${gas} is no more than a plain transfer`);
        const receipt = await client.write(contract, fn, args, { gas });
        assertSuccess(receipt, `${fn} with the estimated gas`);
        assert.ok(receipt.gasUsed <= gas, `${fn}: used ${receipt.gasUsed} of ${gas}`);
        const tx = (await client.request('eth_getTransactionByHash', [receipt.transactionHash])) as { gas: string };
        assert.equal(BigInt(tx.gas), gas, `${fn}: the client sent another gas limit than the estimate`);
      }
    });

    it('reverts to a snapshot: state and head are as before', async () => {
      const { store, token } = contractsOrFail();
      const value = (await client.read(store, 'get', [])) as bigint;
      const theirs = (await client.read(token, 'balanceOf', [RECIPIENT])) as bigint;
      const head = (await client.latestBlock()).number;

      const id = await client.request('evm_snapshot', []);
      assertSuccess(await client.write(store, 'set', [value + 1000n]), 'store.set');
      assertSuccess(await client.write(token, 'transfer', [RECIPIENT, 77n]), 'token.transfer');
      assert.equal(await client.read(store, 'get', []), value + 1000n);
      assert.equal(await client.read(token, 'balanceOf', [RECIPIENT]), theirs + 77n);

      assert.equal(await client.request('evm_revert', [id]), true);
      assert.equal(await client.read(store, 'get', []), value);
      assert.equal(await client.read(token, 'balanceOf', [RECIPIENT]), theirs);
      assert.equal((await client.latestBlock()).number, head);
    });

    it('travels in time: evm_increaseTime then evm_mine moves the timestamp by at least that much', async () => {
      const before = await client.latestBlock();
      const seconds = 3 * 24 * 3600;
      await client.request('evm_increaseTime', [seconds]);
      await client.request('evm_mine', []);
      const after = await client.latestBlock();
      assert.equal(after.number, before.number + 1n);
      assert.ok(after.timestamp >= before.timestamp + BigInt(seconds), `timestamp ${before.timestamp} → ${after.timestamp}`);
    });
  });
}
