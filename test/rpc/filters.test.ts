/** Polled filters: only what arrived since the last poll, matching criteria, removal and expiry. */
import assert from 'node:assert/strict';
import { bytesToHex } from '@ethereumjs/util';
import type { LogFilter } from '../../node/api.ts';
import { FilterRegistry } from '../../rpc/filters.ts';
import { SENDER, TO, blockWith, fakeNode, logView, rpc, serve, signedTx } from './fake-node.ts';

describe('rpc filters', () => {
  const queried: LogFilter[] = [];
  const node = fakeNode({
    getLogs: async (filter) => {
      queried.push(filter);
      return [logView({ logIndex: 42 })];
    },
  });
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve(node);
  });
  after(() => server.close());

  const changes = async (id: string) => (await rpc(server.url, 'eth_getFilterChanges', [id])).result;

  it('a block filter returns the hashes of blocks announced since the last poll, then nothing', async () => {
    node.emit('newHead', blockWith([], 1n));
    const { result: id } = await rpc(server.url, 'eth_newBlockFilter');
    const [b2, b3, b4] = [blockWith([], 2n), blockWith([], 3n), blockWith([], 4n)];
    node.emit('newHead', b2);
    node.emit('newHead', b3);
    assert.deepEqual(await changes(id), [bytesToHex(b2.hash()), bytesToHex(b3.hash())]);
    assert.deepEqual(await changes(id), []);
    node.emit('newHead', b4);
    assert.deepEqual(await changes(id), [bytesToHex(b4.hash())]);
  });

  it('a log filter collects only new logs that match its address, topics and block range', async () => {
    const topic = bytesToHex(new Uint8Array(32).fill(1));
    const other = bytesToHex(new Uint8Array(32).fill(2));
    node.emit('logs', [logView({ logIndex: 100 })]);
    const { result: id } = await rpc(server.url, 'eth_newFilter', [{ fromBlock: '0x5', address: [TO.toString()], topics: [[other, topic]] }]);
    node.emit('logs', [
      logView({ logIndex: 0 }),
      logView({ logIndex: 1, address: SENDER }),
      logView({ logIndex: 2, topics: [new Uint8Array(32).fill(3)] }),
      logView({ logIndex: 3, blockNumber: 4n }),
      logView({ logIndex: 4, topics: [new Uint8Array(32).fill(2), new Uint8Array(32)] }),
    ]);
    const logs = await changes(id);
    assert.deepEqual(logs.map((l: any) => l.logIndex), ['0x0', '0x4']);
    assert.deepEqual(logs[0], {
      address: TO.toString(), topics: [topic], data: '0xab', blockNumber: '0x5', transactionHash: bytesToHex(new Uint8Array(32).fill(7)),
      transactionIndex: '0x0', blockHash: bytesToHex(new Uint8Array(32).fill(5)), logIndex: '0x0', removed: false,
    });
    assert.deepEqual(await changes(id), []);
  });

  it('eth_getFilterLogs runs the filter\'s criteria against the whole chain', async () => {
    const { result: id } = await rpc(server.url, 'eth_newFilter', [{ fromBlock: 'earliest', address: TO.toString() }]);
    const { result } = await rpc(server.url, 'eth_getFilterLogs', [id]);
    assert.deepEqual(result.map((l: any) => l.logIndex), ['0x2a']);
    assert.deepEqual(queried.at(-1), { fromBlock: 'earliest', address: [TO] });
  });

  it('a pending-transaction filter returns new hashes', async () => {
    const { result: id } = await rpc(server.url, 'eth_newPendingTransactionFilter');
    const tx = signedTx();
    node.emit('pendingTransaction', tx.hash());
    assert.deepEqual(await changes(id), [bytesToHex(tx.hash())]);
    assert.deepEqual(await changes(id), []);
  });

  it('uninstalled or unknown filters: false, then geth\'s "filter not found"', async () => {
    const { result: id } = await rpc(server.url, 'eth_newBlockFilter');
    assert.equal((await rpc(server.url, 'eth_uninstallFilter', [id])).result, true);
    assert.equal((await rpc(server.url, 'eth_uninstallFilter', [id])).result, false);
    assert.deepEqual((await rpc(server.url, 'eth_getFilterChanges', [id])).error, { code: -32000, message: 'filter not found' });
    const { result: blockFilter } = await rpc(server.url, 'eth_newBlockFilter');
    assert.deepEqual((await rpc(server.url, 'eth_getFilterLogs', [blockFilter])).error, { code: -32000, message: 'filter not found' });
  });

  it('a filter not polled within the timeout is removed; polling keeps it alive', () => {
    let clock = 0;
    const registry = new FilterRegistry(1000, () => clock);
    try {
      const idle = registry.newBlockFilter();
      const polled = registry.newBlockFilter();
      clock = 900;
      registry.takeChanges(polled);
      clock = 1500;
      registry.sweep();
      assert.equal(registry.takeChanges(idle), undefined);
      assert.deepEqual(registry.takeChanges(polled), { kind: 'hashes', hashes: [] });
    } finally {
      registry.close();
    }
  });
});
