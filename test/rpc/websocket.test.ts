/** The same server over WebSocket: requests, subscriptions fed by the fake node's events, limits. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { bytesToHex } from '@ethereumjs/util';
import WebSocket from 'ws';
import { SENDER, TO, blockWith, fakeNode, logView, rpc, serve, signedTx } from './fake-node.ts';

/** A WebSocket client that sorts incoming messages into responses (by id) and notifications. */
class Client {
  readonly socket: WebSocket;
  readonly notifications: any[] = [];
  private readonly waiting = new Map<unknown, (message: any) => void>();
  private notificationWaiters: Array<() => void> = [];
  private nextId = 1;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (!Array.isArray(message) && message.method === 'eth_subscription') {
        this.notifications.push(message);
        for (const wake of this.notificationWaiters.splice(0)) wake();
        return;
      }
      const key = Array.isArray(message) ? 'batch' : message.id;
      this.waiting.get(key)?.(message);
      this.waiting.delete(key);
    });
  }

  static async open(url: string): Promise<Client> {
    const socket = new WebSocket(url);
    await once(socket, 'open');
    return new Client(socket);
  }

  request(method: string, params: unknown[] = []): Promise<any> {
    const id = this.nextId++;
    return this.send({ jsonrpc: '2.0', id, method, params }, id);
  }

  send(payload: unknown, key: unknown): Promise<any> {
    const response = new Promise((resolve) => this.waiting.set(key, resolve));
    this.socket.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
    return response;
  }

  async notification(count: number): Promise<any[]> {
    const deadline = Date.now() + 5000;
    while (this.notifications.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.notifications.length} of ${count} notifications arrived`);
      await new Promise<void>((resolve) => {
        this.notificationWaiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.notifications.splice(0, count);
  }

  close(): void {
    this.socket.close();
  }
}

describe('rpc over WebSocket', () => {
  const pendingTx = signedTx({ nonce: 9n });
  const node = fakeNode({
    blockNumber: () => 7n,
    getTransaction: async (hash) => (bytesToHex(hash) === bytesToHex(pendingTx.hash()) ? { tx: pendingTx, hash, from: SENDER } : undefined),
  });
  let server: Awaited<ReturnType<typeof serve>>;
  let client: Client;
  before(async () => {
    server = await serve(node, { maxBodyBytes: 2048 });
    client = await Client.open(server.wsUrl);
  });
  after(async () => {
    client.close();
    await server.close();
  });

  it('answers requests, batches and parse errors as HTTP does', async () => {
    assert.match(server.wsUrl, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(await client.request('eth_blockNumber'), { jsonrpc: '2.0', id: 1, result: '0x7' });
    const batch = await client.send([{ jsonrpc: '2.0', id: 'a', method: 'eth_chainId' }, { jsonrpc: '2.0', id: 'b', method: 'nope' }], 'batch');
    assert.deepEqual(batch.map((r: any) => r.result ?? r.error.code), ['0x7a69', -32601]);
    assert.deepEqual(await client.send('{oops', null), { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
  });

  it('newHeads: a notification with the header once the node announces a block; none after unsubscribing', async () => {
    const { result: id } = await client.request('eth_subscribe', ['newHeads']);
    assert.match(id, /^0x[0-9a-f]+$/);
    const block = blockWith([signedTx()], 8n);
    node.emit('newHead', block);
    const [notification] = await client.notification(1);
    assert.equal(notification.params.subscription, id);
    assert.equal(notification.params.result.hash, bytesToHex(block.hash()));
    assert.equal(notification.params.result.number, '0x8');
    assert.ok(!('transactions' in notification.params.result));
    assert.equal((await client.request('eth_unsubscribe', [id])).result, true);
    assert.equal((await client.request('eth_unsubscribe', [id])).result, false);
    node.emit('newHead', block);
    assert.equal((await client.request('eth_blockNumber')).result, '0x7');
    assert.equal(client.notifications.length, 0);
  });

  it('logs: one notification per matching log', async () => {
    const topic = bytesToHex(new Uint8Array(32).fill(1));
    const { result: id } = await client.request('eth_subscribe', ['logs', { address: TO.toString(), topics: [topic] }]);
    node.emit('logs', [logView({ logIndex: 0 }), logView({ logIndex: 1, address: SENDER }), logView({ logIndex: 2 })]);
    const notes = await client.notification(2);
    assert.deepEqual(notes.map((n) => [n.params.subscription, n.params.result.logIndex]), [[id, '0x0'], [id, '0x2']]);
    await client.request('eth_unsubscribe', [id]);
  });

  it('newPendingTransactions: hashes, or full transactions when asked', async () => {
    const { result: hashes } = await client.request('eth_subscribe', ['newPendingTransactions']);
    const { result: full } = await client.request('eth_subscribe', ['newPendingTransactions', true]);
    node.emit('pendingTransaction', pendingTx.hash());
    const notes = await client.notification(2);
    const bySubscription = new Map(notes.map((n) => [n.params.subscription, n.params.result]));
    assert.equal(bySubscription.get(hashes), bytesToHex(pendingTx.hash()));
    assert.equal(bySubscription.get(full).nonce, '0x9');
    assert.equal(bySubscription.get(full).blockHash, null);
    await client.request('eth_unsubscribe', [hashes]);
    await client.request('eth_unsubscribe', [full]);
  });

  it('refuses unknown subscriptions and bad options with the param named', async () => {
    assert.deepEqual((await client.request('eth_subscribe', ['syncing'])).error, { code: -32601, message: 'no "syncing" subscription in eth namespace' });
    assert.deepEqual((await client.request('eth_subscribe', ['logs', { address: '0x12' }])).error, {
      code: -32602, message: 'invalid argument 1: options.address: hex string has length 2, want 40 for common.Address',
    });
  });

  it('an oversized message closes that connection only; the server keeps serving', async () => {
    const victim = await Client.open(server.wsUrl);
    const closed = once(victim.socket, 'close');
    victim.socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_call', params: [{ input: '0x' + '00'.repeat(2048) }] }));
    const [code] = await closed;
    assert.equal(code, 1009);
    assert.equal((await client.request('eth_blockNumber')).result, '0x7');
    assert.equal((await rpc(server.url, 'eth_blockNumber')).result, '0x7');
  });

  it('a closed connection\'s subscriptions stop; others still get theirs', async () => {
    const other = await Client.open(server.wsUrl);
    await other.request('eth_subscribe', ['newHeads']);
    const { result: mine } = await client.request('eth_subscribe', ['newHeads']);
    other.close();
    await once(other.socket, 'close');
    node.emit('newHead', blockWith([], 9n));
    const [note] = await client.notification(1);
    assert.equal(note.params.subscription, mine);
    await client.request('eth_unsubscribe', [mine]);
  });
});
