/**
 * Bounded work per request: no single request may hold the node for seconds or grow it without
 * bound — mining counts, batches and their answers, nesting depth, hex size, timestamps.
 */
import assert from 'node:assert/strict';
import { bytesToHex } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { nestsDeeperThan } from '../../rpc/dispatch.ts';
import { fakeNode, post, rpc, serve } from './fake-node.ts';

describe('bounded work per request', function () {
  this.timeout(120_000);
  let d: DevnetHandle;
  before(async () => { d = await createDevnet({ log: () => {} }); });
  after(() => d.close());
  const call = (method: string, params: unknown[] = []) => rpc(d.url, method, params);
  const head = async () => BigInt((await call('eth_blockNumber')).result);

  it('refuses to mine more than 100,000 blocks in one call, with -32602 naming the cap; nothing is mined', async () => {
    const before = await head();
    for (const [method, params] of [
      ['anvil_mine', ['0xffffffffffffffff']], ['hardhat_mine', [100_001]], ['evm_mine', [{ blocks: '0x186a1' }]],
    ] as const) {
      const { error } = await call(method, params as unknown as unknown[]);
      assert.equal(error?.code, -32602, method);
      assert.match(error.message, /more than the 100000 one call may mine/, method);
    }
    assert.equal(await head(), before);
  });

  it('answers eth_blockNumber while a long anvil_mine runs (mining yields between blocks)', async () => {
    const start = await head();
    const blocks = 300n;
    let mineDone = false;
    const mining = call('anvil_mine', [`0x${blocks.toString(16)}`]).then((r) => { mineDone = true; return r; });
    const seen: bigint[] = [];
    while (!mineDone) {
      const n = await head();
      if (!mineDone) seen.push(n - start);
    }
    assert.equal((await mining).result, true);
    assert.equal(await head(), start + blocks);
    // At least one answer came while mining was under way: some blocks mined, not all.
    assert.ok(seen.some((n) => n > 0n && n < blocks), `answers during mining saw ${seen.join(', ')} of ${blocks} blocks`);
  });

  it('keeps block timestamps within uint64: -32602 for a larger param, a clear error for a sum past it', async () => {
    const huge = `0x${'f'.repeat(64)}`;
    for (const [method, params] of [
      ['evm_increaseTime', [huge]], ['evm_setNextBlockTimestamp', ['0x10000000000000000']], ['evm_mine', [huge]], ['anvil_mine', ['0x2', huge]],
    ] as const) {
      const { error } = await call(method, params as unknown as unknown[]);
      assert.equal(error?.code, -32602, method);
      assert.match(error.message, /does not fit in 64 bits/, method);
    }
    const before = await head();
    // Each fits in uint64, but the block they would make does not.
    const increase = await call('evm_increaseTime', ['0xffffffffffffffff']);
    assert.equal(increase.error?.code, -32000);
    assert.match(increase.error.message, /past the uint64 maximum 18446744073709551615/);
    const spaced = await call('hardhat_mine', ['0x3', '0x7fffffffffffffff']);
    assert.match(spaced.error?.message, /past the uint64 maximum/);
    assert.equal(await head(), before, 'nothing mined');
    // The largest timestamp is fine, and the chain keeps working.
    assert.equal((await call('evm_setNextBlockTimestamp', ['0xffffffffffffffff'])).result, null);
    assert.equal((await call('evm_mine')).result, '0x0');
    assert.equal((await call('eth_getBlockByNumber', ['latest', false])).result.timestamp, '0xffffffffffffffff');
  });

  it('decodes a long hex string to the right bytes in one pass (web3_sha3 of 2 MiB)', async () => {
    const bytes = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
    const { result } = await call('web3_sha3', [bytesToHex(bytes)]);
    assert.equal(result, bytesToHex(keccak256(bytes)));
    const bad = `0x${'ab'.repeat(1_000_000)}zz`;
    assert.match((await call('web3_sha3', [bad])).error.message, /invalid hex string/);
  });
});

describe('batch, response and nesting limits', function () {
  this.timeout(60_000);
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => { server = await serve(fakeNode({ blockNumber: () => 0x10n }), { maxBatchResponseBytes: 100 }); });
  after(() => server.close());
  const ask = (id: number) => ({ jsonrpc: '2.0', id, method: 'web3_sha3', params: ['0x00'] });

  it('refuses a batch of more than 1,000 calls whole, as geth', async () => {
    const { body } = await post(server.url, Array.from({ length: 1001 }, (_, i) => ask(i)));
    assert.deepEqual(body, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batch too large' } });
    assert.equal((await post(server.url, Array.from({ length: 1000 }, (_, i) => ask(i)))).body.length, 1000);
  });

  it('answers the rest of a batch "response too large" (-32003) once its answers pass the limit, as geth', async () => {
    // Each answer is a 66-character hash: the second passes 100 bytes, so calls 3 and 4 are not run.
    const { body } = await post(server.url, [ask(1), ask(2), ask(3), { jsonrpc: '2.0', method: 'web3_sha3', params: ['0x00'] }, ask(4)]);
    assert.equal(body.length, 4);
    assert.ok('result' in body[0] && 'result' in body[1]);
    assert.deepEqual(body.slice(2), [3, 4].map((id) => ({ jsonrpc: '2.0', id, error: { code: -32003, message: 'response too large' } })));
  });

  it('refuses 8 million nested brackets at once with -32700, and keeps serving', async () => {
    const { body } = await post(server.url, '['.repeat(8_000_000) + ']'.repeat(8_000_000));
    assert.equal(body.error.code, -32700);
    assert.match(body.error.message, /exceeded max depth/);
    assert.equal((await rpc(server.url, 'eth_blockNumber')).result, '0x10');
  });

  it('counts depth outside strings only', () => {
    assert.equal(nestsDeeperThan('[[[]]]', 3), false);
    assert.equal(nestsDeeperThan('[[[[]]]]', 3), true);
    assert.equal(nestsDeeperThan(`["${'['.repeat(100)}", {"a\\"[[[[": "\\\\"}]`, 3), false);
    assert.equal(nestsDeeperThan(`["\\\\", [[[]]]]`, 3), true);
  });
});
