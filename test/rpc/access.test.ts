/**
 * Safe defaults: only loopback Host names are served (a DNS-rebinding page is refused with 403
 * before anything runs), CORS is open by default and closable to a list of origins, and a bind
 * beyond loopback is flagged.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import WebSocket from 'ws';
import { AccessPolicy, exposureWarning, hostName, isLoopback } from '../../rpc/access.ts';
import { fakeNode, serve } from './fake-node.ts';

const SEND = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendTransaction', params: [{ from: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', to: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266' }] });
const CHAIN_ID = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] });

/** A POST with the headers a browser page would send (fetch cannot set Host). */
function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('who may call the node', function () {
  this.timeout(30_000);
  let sent = 0;
  const node = fakeNode({ sendTransaction: async () => { sent++; return new Uint8Array(32); } });

  describe('by default', () => {
    let server: Awaited<ReturnType<typeof serve>>;
    before(async () => { server = await serve(node); });
    after(() => server.close());

    it('refuses a DNS-rebinding page (Host: its own name) with 403 and a clear text; nothing runs', async () => {
      const r = await post(server.url, SEND, { Host: `evil.example:${server.port}`, Origin: 'http://evil.example' });
      assert.equal(r.status, 403);
      assert.equal(r.text, 'invalid host specified: "evil.example" is not an allowed host (only localhost, 127.0.0.1, [::1]); to serve it, start the node with --allow-hosts evil.example\n');
      assert.equal(sent, 0);
    });

    it('serves localhost, 127.0.0.1 and [::1] with any port, and keeps CORS open', async () => {
      for (const host of ['localhost:8545', 'LOCALHOST', '127.0.0.1:1', '[::1]:8545', '[::1]']) {
        const r = await post(server.url, CHAIN_ID, { Host: host, Origin: 'http://localhost:3000' });
        assert.equal(r.status, 200, host);
        assert.equal(JSON.parse(r.text).result, '0x7a69');
        assert.equal(r.headers['access-control-allow-origin'], '*');
      }
    });

    it('refuses a WebSocket upgrade from a foreign Host too', async () => {
      const socket = new WebSocket(server.wsUrl, { headers: { Host: 'evil.example' } });
      socket.on('error', () => undefined); // ws reports the refused handshake as an error too
      const [, res] = await once(socket, 'unexpected-response');
      assert.equal(res.statusCode, 403);
      res.resume();
      const ok = new WebSocket(server.wsUrl);
      await once(ok, 'open');
      ok.close();
    });
  });

  describe('with --allow-hosts and --allow-origin', () => {
    let server: Awaited<ReturnType<typeof serve>>;
    before(async () => { server = await serve(node, { allowHosts: ['devnet.test'], allowOrigins: ['http://localhost:3000'] }); });
    after(() => server.close());

    it('serves the allowed host; answers the allowed origin with its own name; refuses other origins with 403', async () => {
      const allowed = await post(server.url, CHAIN_ID, { Host: 'devnet.test:8545', Origin: 'http://localhost:3000' });
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:3000');
      const other = await post(server.url, SEND, { Host: `127.0.0.1:${server.port}`, Origin: 'http://evil.example' });
      assert.equal(other.status, 403);
      assert.match(other.text, /origin http:\/\/evil\.example is not allowed; start the node with --allow-origin http:\/\/evil\.example/);
      assert.equal(sent, 0);
      // No Origin: not a browser page (curl, scripts, clients in Node): served, no CORS header.
      const script = await post(server.url, CHAIN_ID, { Host: `127.0.0.1:${server.port}` });
      assert.equal(script.status, 200);
      assert.equal(script.headers['access-control-allow-origin'], undefined);
    });
  });

  it('"*" allows any host', () => {
    assert.equal(new AccessPolicy(['*']).refuseHost('anything.example:1'), undefined);
    assert.match(new AccessPolicy().refuseHost(undefined)!, /no Host header/);
  });

  it('knows loopback addresses and Host names', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(isLoopback(h), h);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.com']) assert.ok(!isLoopback(h), h);
    assert.equal(hostName('[::1]:8545'), '[::1]');
    assert.equal(hostName('Example.COM:80'), 'example.com');
  });

  it('warns that the unlocked accounts are exposed when bound beyond loopback (tests bind loopback only, so the text is checked)', () => {
    assert.equal(exposureWarning('127.0.0.1'), undefined);
    assert.match(exposureWarning('0.0.0.0')!, /^WARNING: listening on 0\.0\.0\.0, not loopback: anyone who can reach this address can spend the unlocked dev accounts' ether/);
  });
});
