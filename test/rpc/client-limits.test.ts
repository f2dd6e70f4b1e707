/**
 * Bounded memory per client: a WebSocket client that stops reading is disconnected, subscriptions
 * and filters are capped, unpolled filters expire (by an injected clock: no sleeping) while
 * subscriptions do not, and silent or half-open connections are closed.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { MAX_FILTERS } from '../../rpc/filters.ts';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../rpc/subscriptions.ts';
import { DEFAULT_MAX_WS_BUFFERED_BYTES } from '../../rpc/server.ts';
import { blockWith, fakeNode, rpc, serve } from './fake-node.ts';

const FIVE_MINUTES = 5 * 60_000;

async function open(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, options);
  await once(socket, 'open');
  return socket;
}

/** One request over a WebSocket, answered by id (notifications are skipped). */
async function wsCall(socket: WebSocket, id: number, method: string, params: unknown[] = []): Promise<any> {
  const answer = new Promise<any>((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const message = JSON.parse(raw.toString());
      if (message.id === id) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
  });
  socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  return answer;
}

const closedWithin = (socket: { once(event: 'close', f: () => void): unknown }, ms: number, what: string) => new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`${what} still open after ${ms} ms`)), ms);
  socket.once('close', () => { clearTimeout(timer); resolve(); });
});

describe('bounded memory per client', function () {
  this.timeout(60_000);
  const node = fakeNode({ blockNumber: () => 1n });
  let clock = 0;
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve(node, {
      maxFilters: 3, maxSubscriptionsPerConnection: 3, filterClock: () => clock, maxWsBufferedBytes: 256 * 1024,
      wsHeartbeatMs: 150, headersTimeoutMs: 300, keepAliveTimeoutMs: 300,
    });
  });
  after(() => server.close());

  it('documents its defaults: 10,000 filters, 1,000 subscriptions per connection, 32 MiB unread per WebSocket', () => {
    assert.equal(MAX_FILTERS, 10_000);
    assert.equal(MAX_SUBSCRIPTIONS_PER_CONNECTION, 1_000);
    assert.equal(DEFAULT_MAX_WS_BUFFERED_BYTES, 32 * 1024 * 1024);
  });

  it('disconnects a WebSocket client that stops reading, instead of buffering for it without bound', async () => {
    // Its own server: here the heartbeat must not be what disconnects the client (a paused client answers no ping).
    const heads = fakeNode();
    const own = await serve(heads, { maxWsBufferedBytes: 256 * 1024 });
    try {
      const reader = await open(own.wsUrl);
      for (let i = 0; i < 3; i++) assert.match((await wsCall(reader, i, 'eth_subscribe', ['newHeads'])).result, /^0x/);
      reader.pause(); // reads nothing from now on
      const head = blockWith([]);
      for (let i = 0; i < 20_000 && !own.logged.some((l) => l.includes('not read')); i++) {
        heads.emit('newHead', head);
        if (i % 100 === 99) await new Promise((r) => setTimeout(r, 1));
      }
      assert.ok(own.logged.some((l) => /WebSocket client disconnected: more than 262144 bytes sent and not read/.test(l)), 'never disconnected');
      const closed = closedWithin(reader, 5000, 'the stalled client');
      reader.resume();
      await closed;
    } finally {
      await own.close();
    }
  });

  it('caps subscriptions per connection with a clear -32000; unsubscribing makes room', async () => {
    const socket = await open(server.wsUrl);
    try {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await wsCall(socket, i, 'eth_subscribe', ['newHeads'])).result);
      const refused = await wsCall(socket, 10, 'eth_subscribe', ['newHeads']);
      assert.deepEqual(refused.error, { code: -32000, message: 'too many subscriptions: at most 3 per connection; cancel some with eth_unsubscribe' });
      assert.equal((await wsCall(socket, 11, 'eth_unsubscribe', [ids[0]])).result, true);
      assert.match((await wsCall(socket, 12, 'eth_subscribe', ['newHeads'])).result, /^0x/);
    } finally {
      socket.close();
    }
  });

  it('caps filters node-wide; unpolled filters expire after 5 minutes, polled ones stay, subscriptions never expire', async () => {
    const socket = await open(server.wsUrl);
    try {
      clock = 1_000_000;
      const sub = (await wsCall(socket, 1, 'eth_subscribe', ['newHeads'])).result;
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await rpc(server.url, 'eth_newBlockFilter')).result);
      const refused = await rpc(server.url, 'eth_newBlockFilter');
      assert.equal(refused.error.code, -32000);
      assert.match(refused.error.message, /^too many filters: at most 3 are installed at once; uninstall some with eth_uninstallFilter \(unpolled ones expire after 300 s\)$/);
      clock += FIVE_MINUTES - 1;
      assert.deepEqual((await rpc(server.url, 'eth_getFilterChanges', [ids[0]])).result, []); // polled: stays
      clock += 2;
      // The other two went unpolled for more than 5 minutes: gone at once, no sweep awaited.
      assert.deepEqual((await rpc(server.url, 'eth_getFilterChanges', [ids[1]])).error, { code: -32000, message: 'filter not found' });
      assert.match((await rpc(server.url, 'eth_newBlockFilter')).result, /^0x/); // room again
      clock += 10 * FIVE_MINUTES;
      const notified = new Promise<any>((resolve) => socket.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        if (m.method === 'eth_subscription') resolve(m);
      }));
      node.emit('newHead', blockWith([]));
      assert.equal((await notified).params.subscription, sub);
    } finally {
      socket.close();
    }
  });

  it('closes a WebSocket connection that stops answering pings (half-open); one that answers stays', async () => {
    const silent = await open(server.wsUrl, { autoPong: false });
    const answering = await open(server.wsUrl);
    await closedWithin(silent, 3000, 'the connection that ignores pings');
    assert.equal(answering.readyState, WebSocket.OPEN);
    answering.close();
  });

  it('closes an HTTP connection that never finishes its headers, and an idle keep-alive one', async () => {
    const port = Number(new URL(server.url).port);
    const slow = connect(port, '127.0.0.1');
    await once(slow, 'connect');
    slow.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and nothing more
    slow.on('data', () => undefined);
    await closedWithin(slow, 4000, 'the connection with unfinished headers');

    const idle = connect(port, '127.0.0.1');
    await once(idle, 'connect');
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] });
    idle.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`);
    const [answer] = await once(idle, 'data');
    assert.match(String(answer), /"result":"0x1"/);
    await closedWithin(idle, 3000, 'the idle keep-alive connection');
  });
});
