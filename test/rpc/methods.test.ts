/** The method table: every method the issue names, and handlers reaching the node with the right typed values. */
import assert from 'node:assert/strict';
import { Address, bytesToHex, hexToBytes } from '@ethereumjs/util';
import type { BlockTag, ChainNode, ReceiptView, TxRequest } from '../../node/api.ts';
import { METHODS, defaultMethodTable } from '../../rpc/methods/index.ts';
import { GWEI, SENDER, TO, blockWith, fakeNode, logView, lookupsOf, rpc, serve, signedTx } from './fake-node.ts';

const NAMED_IN_ISSUE = `web3_clientVersion web3_sha3 net_version net_listening net_peerCount eth_chainId eth_accounts eth_blockNumber
  eth_gasPrice eth_maxPriorityFeePerGas eth_feeHistory eth_getBalance eth_getCode eth_getStorageAt eth_getTransactionCount
  eth_sendRawTransaction eth_sendTransaction eth_sign personal_sign eth_signTypedData_v4 eth_call eth_estimateGas eth_getBlockByNumber
  eth_getBlockByHash eth_getBlockTransactionCountByNumber eth_getBlockTransactionCountByHash eth_getTransactionByHash
  eth_getTransactionByBlockNumberAndIndex eth_getTransactionByBlockHashAndIndex eth_getTransactionReceipt eth_getBlockReceipts
  eth_getLogs eth_newFilter eth_newBlockFilter eth_newPendingTransactionFilter eth_getFilterChanges eth_getFilterLogs
  eth_uninstallFilter eth_subscribe eth_unsubscribe eth_syncing eth_mining eth_coinbase txpool_content txpool_status
  debug_traceTransaction debug_traceCall evm_snapshot evm_revert evm_mine evm_increaseTime evm_setNextBlockTimestamp evm_setAutomine
  evm_setIntervalMining anvil_dumpState anvil_loadState hardhat_getAutomine anvil_getAutomine`.split(/\s+/);
const CHEATS = 'setBalance setCode setNonce setStorageAt impersonateAccount stopImpersonatingAccount mine dropTransaction reset'.split(' ');

describe('rpc methods', () => {
  it('the table holds every method the issue names, the cheats under both anvil_ and hardhat_', () => {
    const table = defaultMethodTable();
    const missing = [...NAMED_IN_ISSUE, ...CHEATS.flatMap((c) => [`anvil_${c}`, `hardhat_${c}`])].filter((name) => !table.has(name));
    assert.deepEqual(missing, []);
    assert.equal(table.get('hardhat_setBalance'), table.get('anvil_setBalance'));
    assert.ok(METHODS.every((m) => m.params.every((p) => typeof p.decode === 'function' && p.name)));
  });

  describe('handlers', () => {
    const tx = signedTx();
    const block = blockWith([tx, signedTx({ nonce: 1n })]);
    const seen: Record<string, unknown[]> = {};
    const record = <K extends keyof ChainNode>(name: K, result: unknown) =>
      ({ [name]: (...args: unknown[]) => ((seen[name] = args), result) }) as Partial<ChainNode>;
    const receipt: ReceiptView = {
      transactionHash: tx.hash(), transactionIndex: 0, blockHash: block.hash(), blockNumber: 5n, from: SENDER, to: TO,
      cumulativeGasUsed: 21_000n, gasUsed: 21_000n, effectiveGasPrice: 9n * GWEI, logs: [logView()], logsBloom: new Uint8Array(256),
      status: 1, type: 2,
    };
    const node = fakeNode({
      getBlock: async (tag: BlockTag) => (tag === 'latest' || typeof tag === 'object' ? block : undefined),
      getTransactionByBlock: async (_tag, index) => lookupsOf(block)[index],
      getTransaction: async (txHash: Uint8Array) => lookupsOf(block).find((l) => bytesToHex(l.hash) === bytesToHex(txHash)),
      getReceipt: async () => receipt,
      getStorageAt: async () => hexToBytes('0x2a'),
      coinbase: () => new Address(new Uint8Array(20)),
      ...record('setBalance', Promise.resolve()),
      ...record('setIntervalMining', undefined),
      ...record('increaseTime', 3600n),
      ...record('setNextBlockTimestamp', undefined),
      ...record('mine', Promise.resolve()),
      ...record('sendTransaction', Promise.resolve(tx.hash())),
      ...record('sign', Promise.resolve(new Uint8Array(65).fill(1))),
      ...record('feeHistory', Promise.resolve({ oldestBlock: 1n, baseFeePerGas: [7n, 8n], gasUsedRatio: [0.5], reward: [[1n, 2n]] })),
      txpoolContent: () => ({ pending: [{ tx, hash: tx.hash(), from: SENDER }], queued: [] }),
    });
    let server: Awaited<ReturnType<typeof serve>>;
    before(async () => {
      server = await serve(node);
    });
    after(() => server.close());
    const call = async (method: string, params: unknown[] = []) => {
      const response = await rpc(server.url, method, params);
      assert.ok(!response.error, `${method}: ${JSON.stringify(response.error)}`);
      return response.result;
    };

    it('blocks: hashes or full transactions, null when there is no such block', async () => {
      const hashes = await call('eth_getBlockByNumber', ['latest', false]);
      assert.equal(hashes.hash, bytesToHex(block.hash()));
      assert.deepEqual(hashes.transactions, block.transactions.map((t) => bytesToHex(t.hash())));
      const full = await call('eth_getBlockByHash', [bytesToHex(block.hash()), true]);
      assert.deepEqual(full.transactions.map((t: any) => [t.hash, t.transactionIndex, t.from]), [
        [bytesToHex(tx.hash()), '0x0', SENDER.toString()], [bytesToHex(block.transactions[1].hash()), '0x1', SENDER.toString()],
      ]);
      assert.equal(await call('eth_getBlockByNumber', ['0x63', true]), null);
      assert.equal(await call('eth_getBlockTransactionCountByNumber', ['latest']), '0x2');
      assert.equal(await call('eth_coinbase'), '0x0000000000000000000000000000000000000000');
    });

    it('a receipt in geth\'s shape', async () => {
      assert.deepEqual(await call('eth_getTransactionReceipt', [bytesToHex(tx.hash())]), {
        blockHash: bytesToHex(block.hash()), blockNumber: '0x5', contractAddress: null, cumulativeGasUsed: '0x5208',
        effectiveGasPrice: '0x218711a00', from: SENDER.toString(), gasUsed: '0x5208', logs: [{
          address: TO.toString(), topics: [bytesToHex(new Uint8Array(32).fill(1))], data: '0xab', blockNumber: '0x5',
          transactionHash: bytesToHex(new Uint8Array(32).fill(7)), transactionIndex: '0x0', blockHash: bytesToHex(new Uint8Array(32).fill(5)),
          logIndex: '0x0', removed: false,
        }], logsBloom: bytesToHex(new Uint8Array(256)), status: '0x1', to: TO.toString(), transactionHash: bytesToHex(tx.hash()),
        transactionIndex: '0x0', type: '0x2',
      });
    });

    it('eth_getStorageAt answers a full 32-byte word', async () => {
      assert.equal(await call('eth_getStorageAt', [TO.toString(), '0x0', 'latest']), '0x' + '2a'.padStart(64, '0'));
    });

    it('cheats reach the node under both names; the mining interval is in seconds under both names, as Anvil\'s', async () => {
      assert.equal(await call('hardhat_setBalance', [SENDER.toString(), '0x10']), true);
      assert.deepEqual(seen.setBalance, [SENDER, 16n]);
      await call('anvil_setBalance', [TO.toString(), '0x0']);
      assert.deepEqual(seen.setBalance, [TO, 0n]);
      await call('evm_setIntervalMining', [1]);
      assert.deepEqual(seen.setIntervalMining, [1000]);
      await call('anvil_setIntervalMining', [2]);
      assert.deepEqual(seen.setIntervalMining, [2000]);
      assert.equal(await call('evm_increaseTime', [3600]), 3600);
      assert.deepEqual(seen.increaseTime, [3600n]);
      assert.equal(await call('evm_mine', ['0x6553f200']), '0x0');
      // The timestamp goes to mine() itself, so no automined transaction can slip in between.
      assert.deepEqual(seen.mine, [1n, 1n, 0x6553f200n]);
      await call('hardhat_mine', ['0x3', '0xc']);
      assert.deepEqual(seen.mine, [3n, 12n]);
    });

    it('eth_sendTransaction hands the node a typed request; personal_sign takes the message first', async () => {
      await call('eth_sendTransaction', [{ from: SENDER.toString(), to: TO.toString(), value: '0x1', type: '0x2', maxFeePerGas: '0x5' }]);
      const [request] = seen.sendTransaction as [TxRequest];
      assert.deepEqual(request, { from: SENDER, to: TO, value: 1n, type: 2, maxFeePerGas: 5n });
      assert.equal(await call('personal_sign', ['0x68656c6c6f', SENDER.toString()]), '0x' + '01'.repeat(65));
      assert.deepEqual(seen.sign, [SENDER, hexToBytes('0x68656c6c6f')]);
      assert.equal((await rpc(server.url, 'eth_sendTransaction', [{ to: TO.toString() }])).error.message, "invalid argument 0: transaction.from: missing required field 'from'");
    });

    it('eth_feeHistory: block count capped at 1024, percentiles checked, result in geth\'s shape', async () => {
      assert.deepEqual(await call('eth_feeHistory', ['0x1000', 'latest', [25, 75]]), {
        oldestBlock: '0x1', baseFeePerGas: ['0x7', '0x8'], gasUsedRatio: [0.5], reward: [['0x1', '0x2']],
      });
      assert.deepEqual(seen.feeHistory, [1024, 'latest', [25, 75]]);
      assert.equal((await rpc(server.url, 'eth_feeHistory', ['0x1', 'latest', [75, 25]])).error.code, -32602);
    });

    it('txpool_content groups by checksummed sender and decimal nonce; net_version is decimal', async () => {
      const content = await call('txpool_content');
      assert.deepEqual(Object.keys(content.pending), ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266']);
      assert.equal(content.pending['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266']['0'].hash, bytesToHex(tx.hash()));
      assert.deepEqual(await call('txpool_status'), { pending: '0x1', queued: '0x0' });
      assert.equal(await call('net_version'), '31337');
      assert.equal(await call('web3_sha3', ['0x']), '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    });
  });
});
