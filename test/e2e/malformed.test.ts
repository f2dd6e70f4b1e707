/**
 * Malformed input against a real node over HTTP (createDevnet: the chain, its RPC server and the
 * real decoders, not the fake node of test/rpc/). Every refusal must carry geth's code, must not
 * be an internal error, must leave the chain as it was, and the next ordinary request must work.
 */
import assert from 'node:assert/strict';
import { RLP } from '@ethereumjs/rlp';
import { bigIntToUnpaddedBytes, bytesToHex } from '@ethereumjs/util';
import { secp256k1 } from 'ethereum-cryptography/secp256k1.js';
import { createDevnet, type DevnetHandle } from 'ewasm-devnet';
import { DEFAULT_MAX_BODY_BYTES } from '../../rpc/server.ts';
import { SENDER, post, rpc, signedTx } from '../rpc/fake-node.ts';

/** A valid type-2 transfer from the first dev account, as its RLP fields (after the type byte). */
const fields = () => RLP.decode(signedTx().serialize().subarray(1)) as Uint8Array[];
const typed2 = (list: Uint8Array[]) => bytesToHex(Uint8Array.of(0x02, ...RLP.encode(list)));
const withField = (index: number, value: bigint) => {
  const list = fields();
  list[index] = bigIntToUnpaddedBytes(value);
  return typed2(list);
};
const [Y_PARITY, R, S, VALUE] = [9, 10, 11, 6];

describe('malformed requests to a real node over HTTP', function () {
  let devnet: DevnetHandle;
  const logged: string[] = [];

  before(async () => {
    devnet = await createDevnet({ log: (line) => logged.push(line) });
  });
  after(async () => {
    await devnet?.close();
  });

  const call = (method: string, params: unknown = []) => post(devnet.url, { jsonrpc: '2.0', id: 1, method, params });

  /** The node still answers and nothing reached the chain or its log of internal failures. */
  async function stillServes(): Promise<void> {
    assert.deepEqual(await rpc(devnet.url, 'eth_blockNumber'), { jsonrpc: '2.0', id: 1, result: '0x0' });
    assert.equal((await rpc(devnet.url, 'eth_getTransactionCount', [SENDER.toString(), 'latest'])).result, '0x0');
    assert.deepEqual(logged, [], 'internal errors were logged');
  }

  it('bad JSON: -32700 with a null id', async () => {
    for (const text of ['{"jsonrpc":"2.0","id":1,"method":', 'eth_blockNumber', '', '[{"jsonrpc":"2.0"},', '{"id":1,}']) {
      const { status, body } = await post(devnet.url, text);
      assert.equal(status, 200, text);
      assert.deepEqual(body, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }, text);
    }
    await stillServes();
  });

  it('wrong param types: -32602 naming the param (and the field inside it)', async () => {
    const address = SENDER.toString();
    const cases: Array<[string, unknown, RegExp]> = [
      ['eth_getBalance', ['0x1234', 'latest'], /^invalid argument 0: address: /],
      ['eth_getBalance', [`${address.slice(0, -2)}zz`], /^invalid argument 0: address: invalid hex/],
      ['eth_getBalance', [address, 'newest'], /^invalid argument 1: block: /],
      ['eth_getBlockByNumber', ['0x0', 'yes'], /^invalid argument 1: fullTransactions: /],
      ['eth_call', [{ to: 5 }, 'latest'], /^invalid argument 0: transaction\.to: /],
      ['eth_call', [{ to: address, gas: '0x1g' }], /^invalid argument 0: transaction\.gas: invalid hex string/],
      ['eth_getLogs', [{ address: [address, 7] }], /^invalid argument 0: filter\.address\.1: /],
      ['eth_getStorageAt', [address, `0x${'1'.repeat(65)}`], /^invalid argument 1: slot: /],
      ['eth_sendRawTransaction', ['hello'], /^invalid argument 0: transaction: /],
      ['evm_increaseTime', ['soon'], /^invalid argument 0: seconds: /],
      ['eth_getBalance', [], /required argument 0 \(address\)/],
      ['eth_getTransactionCount', [address, 'latest', 'extra'], /too many arguments/],
      ['eth_getBalance', { address }, /non-array args/],
    ];
    for (const [method, params, message] of cases) {
      const { status, body } = await call(method, params);
      assert.equal(status, 200);
      assert.equal(body.error?.code, -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(body)}`);
      assert.match(body.error.message, message, `${method} ${JSON.stringify(params)}`);
      assert.equal(body.id, 1);
    }
    await stillServes();
  });

  it('unknown method: -32601 naming it; a request that is no request: -32600', async () => {
    const { body } = await call('eth_doesNotExist', []);
    assert.equal(body.error.code, -32601);
    assert.match(body.error.message, /eth_doesNotExist/);
    // `post` sends a string as it is, so the JSON string is given already encoded.
    for (const payload of [{ id: 1, method: 'eth_blockNumber' }, { jsonrpc: '2.0', id: 1, method: 42 }, '"a string"', 7, []]) {
      const { body: refused } = await post(devnet.url, payload);
      assert.equal(refused.error.code, -32600, JSON.stringify(payload));
    }
    await stillServes();
  });

  it('an oversized body: HTTP 413 with -32600, whether its length is declared or streamed', async () => {
    // One byte over the server's limit, in a request that would be valid otherwise.
    const prefix = '{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"input":"0x';
    const suffix = '"}]}';
    const hexDigits = DEFAULT_MAX_BODY_BYTES + 1 - prefix.length - suffix.length;
    const big = prefix + '0'.repeat(hexDigits + (hexDigits % 2)) + suffix;
    assert.ok(big.length > DEFAULT_MAX_BODY_BYTES);

    const declared = await post(devnet.url, big);
    assert.equal(declared.status, 413);
    assert.equal(declared.body.error.code, -32600);
    assert.match(declared.body.error.message, /too large/);

    const bytes = new TextEncoder().encode(big);
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1 << 20) controller.enqueue(bytes.subarray(i, i + (1 << 20)));
        controller.close();
      },
    });
    const streamed = await fetch(devnet.url, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.equal(((await streamed.json()) as { error: { code: number } }).error.code, -32600);
    await stillServes();
  });

  it('bad RLP in eth_sendRawTransaction: -32000 saying the transaction is invalid and why', async () => {
    const cases: Array<[string, RegExp]> = [
      ['0xf86c', /RLP/], // a legacy list header promising more bytes than follow
      ['0xdeadbeef', /RLP/],
      ['0x02f8', /RLP/], // a type-2 envelope with a truncated list
      ['0xc0', /values/], // a well-formed empty list: no transaction fields at all
      ['0x02c0', /values/],
      ['0x1234', /TypedTransaction with ID 18 unknown/],
      ['0x', /invalid/i],
    ];
    for (const [raw, detail] of cases) {
      const { body } = await call('eth_sendRawTransaction', [raw]);
      assert.equal(body.error?.code, -32000, `${raw}: ${JSON.stringify(body)}`);
      assert.match(body.error.message, /^invalid transaction: /, raw);
      assert.match(body.error.message, detail, raw);
      // ethereumjs appends a dump of the transaction to its messages; a client gets only the reason.
      assert.doesNotMatch(body.error.message, /tx type=/, raw);
    }
    await stillServes();
  });

  it('a bad signature: -32000 invalid sender, as geth words it; a tampered one is not the signer\'s', async () => {
    const n = secp256k1.CURVE.n;
    const highS = n - BigInt(bytesToHex(fields()[S]));
    const invalid: Array<[string, string]> = [
      ['s above n/2 (EIP-2)', withField(S, highS)],
      ['r = 0', withField(R, 0n)],
      ['s = 0', withField(S, 0n)],
      ['r ≥ n', withField(R, n + 1n)],
      ['y-parity 2', withField(Y_PARITY, 2n)],
    ];
    for (const [what, raw] of invalid) {
      const { body } = await call('eth_sendRawTransaction', [raw]);
      assert.deepEqual(body.error, { code: -32000, message: 'invalid sender: invalid transaction v, r, s values' }, what);
    }
    // Another value under the same signature recovers some other, unfunded, address: geth then
    // refuses it for funds, and above all the dev account must not pay for it.
    const { body } = await call('eth_sendRawTransaction', [withField(VALUE, 2n)]);
    assert.equal(body.error?.code, -32000);
    assert.match(body.error.message, /^insufficient funds for gas \* price \+ value: address 0x[0-9a-f]{40} /);
    assert.doesNotMatch(body.error.message, new RegExp(SENDER.toString().slice(2), 'i'));
    await stillServes();
  });

  it('the untampered transaction is accepted: the refusals above were about the tampering', async () => {
    const { body } = await call('eth_sendRawTransaction', [typed2(fields())]);
    assert.match(body.result, /^0x[0-9a-f]{64}$/, JSON.stringify(body));
    assert.equal((await rpc(devnet.url, 'eth_blockNumber')).result, '0x1');
  });
});
