/** The JSON-RPC server over HTTP against a fake node: protocol, every error class, batches, limits, CORS. */
import assert from 'node:assert/strict';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import { ExecutionFailed, ExecutionReverted, TxError } from '../../node/errors.ts';
import type { CallRequest } from '../../node/api.ts';
import { SENDER, fakeNode, post, rpc, serve } from './fake-node.ts';

const REASON_DATA = `0x08c379a0${'20'.padStart(64, '0')}${'0b'.padStart(64, '0')}${Buffer.from('not allowed').toString('hex').padEnd(64, '0')}` as const;
const CUSTOM_ERROR_DATA = `0xcafebabe${'01'.padStart(64, '0')}` as const;

describe('rpc over HTTP', () => {
  const calls: CallRequest[] = [];
  const node = fakeNode({
    blockNumber: () => 0x10n,
    getBalance: async (a) => (a.equals(SENDER) ? 10n ** 18n : 0n),
    call: async (request) => {
      calls.push(request);
      const input = bytesToHex(request.data ?? new Uint8Array());
      if (input === '0x01') throw new ExecutionReverted(hexToBytes(REASON_DATA));
      if (input === '0x02') throw new ExecutionReverted(hexToBytes(CUSTOM_ERROR_DATA));
      if (input === '0x03') throw new ExecutionFailed('out of gas');
      if (input === '0x04') throw new Error('database exploded\n    at secret/path.ts:1');
      return hexToBytes('0x2a');
    },
    estimateGas: async () => {
      throw new ExecutionReverted(new Uint8Array());
    },
    sendRawTransaction: async () => {
      throw new TxError('nonceTooLow', 'address 0xf39f…, tx: 0 state: 1');
    },
  });
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve(node, { maxBodyBytes: 4096 });
  });
  after(() => server.close());

  it('binds loopback on a free port and answers a call, echoing the id', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(await rpc(server.url, 'eth_blockNumber', [], 'abc'), { jsonrpc: '2.0', id: 'abc', result: '0x10' });
    assert.deepEqual(await rpc(server.url, 'eth_getBalance', [SENDER.toString(), 'latest'], 7), { jsonrpc: '2.0', id: 7, result: '0xde0b6b3a7640000' });
    assert.deepEqual(await rpc(server.url, 'eth_chainId', [], null), { jsonrpc: '2.0', id: null, result: '0x7a69' });
  });

  it('a missing optional block param means latest; trailing nulls count as absent', async () => {
    assert.equal((await rpc(server.url, 'eth_getBalance', [SENDER.toString()])).result, '0xde0b6b3a7640000');
    assert.equal((await rpc(server.url, 'eth_call', [{ to: SENDER.toString(), input: '0x' }, null])).result, '0x2a');
  });

  it('-32700 for a body that is not JSON', async () => {
    const { status, body } = await post(server.url, '{"jsonrpc": "2.0", "method": ');
    assert.equal(status, 200);
    assert.deepEqual(body, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
  });

  it('-32600 for requests that are not JSON-RPC 2.0 requests', async () => {
    for (const payload of [{ id: 1, method: 'eth_chainId' }, { jsonrpc: '2.0', id: 1, method: 5 }, 42, { jsonrpc: '2.0', id: {}, method: 'eth_chainId' }]) {
      const { body } = await post(server.url, payload);
      assert.equal(body.error.code, -32600, JSON.stringify(payload));
    }
    assert.deepEqual((await post(server.url, [])).body, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'empty batch' } });
  });

  it('-32601 for an unknown method, and for eth_subscribe over HTTP', async () => {
    assert.deepEqual((await rpc(server.url, 'eth_frobnicate')).error, { code: -32601, message: 'the method eth_frobnicate does not exist/is not available' });
    assert.deepEqual((await rpc(server.url, 'eth_subscribe', ['newHeads'])).error, { code: -32601, message: 'notifications not supported' });
  });

  it('-32602 names the bad argument by position, name and field', async () => {
    assert.deepEqual((await rpc(server.url, 'eth_getBalance', ['0x1234', 'latest'])).error, {
      code: -32602, message: 'invalid argument 0: address: hex string has length 4, want 40 for common.Address',
    });
    assert.deepEqual((await rpc(server.url, 'eth_getBalance', [SENDER.toString(), '0x1g'])).error, {
      code: -32602, message: 'invalid argument 1: block: invalid hex string',
    });
    assert.deepEqual((await rpc(server.url, 'eth_call', [{ to: SENDER.toString(), gas: 21000 }])).error, {
      code: -32602, message: 'invalid argument 0: transaction.gas: cannot unmarshal number into a hex quantity',
    });
    assert.deepEqual((await rpc(server.url, 'eth_getBalance', [])).error, { code: -32602, message: 'missing value for required argument 0 (address)' });
    assert.deepEqual((await rpc(server.url, 'eth_blockNumber', [1])).error, { code: -32602, message: 'too many arguments, want at most 0' });
    assert.deepEqual((await post(server.url, { jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: { address: SENDER.toString() } })).body.error,
      { code: -32602, message: 'non-array args' });
  });

  it('a revert is code 3 with the revert data; Error(string) adds the reason to the message', async () => {
    assert.deepEqual((await rpc(server.url, 'eth_call', [{ to: SENDER.toString(), input: '0x01' }])).error, {
      code: 3, message: 'execution reverted: not allowed', data: REASON_DATA,
    });
    assert.deepEqual((await rpc(server.url, 'eth_call', [{ to: SENDER.toString(), data: '0x02' }])).error, {
      code: 3, message: 'execution reverted', data: CUSTOM_ERROR_DATA,
    });
    // An empty revert is code 3 too, with data "0x" (chai's revertedWithoutReason and viem look for it).
    assert.deepEqual((await rpc(server.url, 'eth_estimateGas', [{ to: SENDER.toString() }])).error, { code: 3, message: 'execution reverted', data: '0x' });
  });

  it('-32000 with geth\'s message for refused transactions and failed executions', async () => {
    assert.deepEqual((await rpc(server.url, 'eth_sendRawTransaction', ['0x02f8'])).error, {
      code: -32000, message: 'nonce too low: address 0xf39f…, tx: 0 state: 1',
    });
    assert.deepEqual((await rpc(server.url, 'eth_call', [{ to: SENDER.toString(), input: '0x03' }])).error, { code: -32000, message: 'out of gas' });
    assert.deepEqual((await rpc(server.url, 'eth_call', [{ input: '0x', chainId: '0x1' }])).error, {
      code: -32000, message: "chainId does not match node's (have=1, want=31337)",
    });
  });

  it('-32603 for an unexpected error: its first line goes out, the stack only to the log', async () => {
    const before = server.logged.length;
    const { error } = await rpc(server.url, 'eth_call', [{ to: SENDER.toString(), input: '0x04' }]);
    assert.deepEqual(error, { code: -32603, message: 'internal error: database exploded' });
    assert.equal(server.logged.length, before + 1);
    assert.match(server.logged.at(-1)!, /internal error in eth_call: Error: database exploded/);
  });

  it('a batch answers each request in order, valid or not, and skips notifications', async () => {
    const { status, body } = await post(server.url, [
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
      { jsonrpc: '2.0', method: 'eth_blockNumber' },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
      'not a request',
      { jsonrpc: '2.0', id: 3, method: 'eth_getBalance', params: ['0xzz'] },
      { jsonrpc: '2.0', id: 4, method: 'eth_blockNumber' },
    ]);
    assert.equal(status, 200);
    assert.deepEqual(body.map((r: any) => [r.id, r.result ?? r.error.code]), [[1, '0x7a69'], [2, -32601], [null, -32600], [3, -32602], [4, '0x10']]);
  });

  it('notifications get no response body: 204 for one alone and for a batch of them', async () => {
    const one = await post(server.url, { jsonrpc: '2.0', method: 'eth_blockNumber' });
    assert.equal(one.status, 204);
    assert.equal(one.body, undefined);
    // A failing notification is still owed nothing.
    const batch = await post(server.url, [{ jsonrpc: '2.0', method: 'nope' }, { jsonrpc: '2.0', method: 'eth_chainId' }]);
    assert.equal(batch.status, 204);
  });

  it('an oversized body gets 413 and the server keeps serving', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_call', params: [{ input: '0x' + '00'.repeat(4096) }] });
    const { status, body } = await post(server.url, big);
    assert.equal(status, 413);
    assert.equal(body.error.code, -32600);
    assert.match(body.error.message, /request body too large/);
    // A body that only turns out too large while streaming (no Content-Length) is refused too.
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await fetch(server.url, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    assert.equal(streamed.status, 413);
    await streamed.text();
    assert.equal((await rpc(server.url, 'eth_blockNumber')).result, '0x10');
  });

  it('CORS: any origin, preflight answered with the requested headers', async () => {
    const preflight = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-custom' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods')!, /POST/);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type,x-custom');
    const { headers } = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'eth_chainId' }, { headers: { Origin: 'http://localhost:3000' } });
    assert.equal(headers.get('access-control-allow-origin'), '*');
  });

  it('GET is refused with 405', async () => {
    const response = await fetch(server.url);
    assert.equal(response.status, 405);
    assert.equal((await response.json()).error.code, -32600);
  });
});

describe('rpc over HTTP with CORS off', () => {
  it('sends no CORS headers', async () => {
    const server = await serve(fakeNode(), { cors: false });
    try {
      const { headers, body } = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'eth_chainId' });
      assert.equal(body.result, '0x7a69');
      assert.equal(headers.get('access-control-allow-origin'), null);
    } finally {
      await server.close();
    }
  });
});
