/**
 * -32603 is for the node's own bugs only: a client's mistake gets -32602 (bad params) or -32000
 * (a request the chain refuses) with a message saying what was wrong.
 */
import assert from 'node:assert/strict';
import { createDevnet, type DevnetHandle } from '../../index.ts';

const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const ONE = '0x0000000000000000000000000000000000000001';
const dump = (o: unknown) => '0x' + Buffer.from(JSON.stringify(o)).toString('hex');

describe('rpc: a client\'s mistakes are not internal errors', () => {
  let devnet: DevnetHandle;
  const rpc = (method: string, ...params: unknown[]) => devnet.provider.request({ method, params });
  const refused = (method: string, params: unknown[], code: number, message: string | RegExp) =>
    assert.rejects(rpc(method, ...params), (e: { code: number; message: string }) => {
      assert.equal(e.code, code, `${method}: ${e.message}`);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    });
  beforeEach(async () => {
    devnet = await createDevnet();
  });
  afterEach(() => devnet.close());

  it('bad typed data in eth_signTypedData_v4: -32602 saying what is missing or wrong', async () => {
    await refused('eth_signTypedData_v4', [FROM, { foo: 1 }], -32602, 'typed data needs types, primaryType, domain and message');
    await refused('eth_signTypedData_v4', [FROM, { types: { EIP712Domain: [], Mail: [{ name: 'x', type: 'uint256' }] }, primaryType: 'Mail', domain: {}, message: { x: 'abc' } }],
      -32602, 'invalid uint256 value "abc"');
    await refused('eth_signTypedData_v4', [FROM, { types: { EIP712Domain: [], Mail: [{ name: 'x', type: 'bytes32' }] }, primaryType: 'Mail', domain: {}, message: { x: '0xzz' } }],
      -32602, /^invalid/);
  });

  it('a bad state dump in anvil_loadState: -32602 naming the field, and nothing is loaded', async () => {
    await refused('anvil_loadState', [dump({ accounts: { '0x1234': { balance: '0x1' } } })], -32602,
      'invalid argument 0: state dump: accounts.0x1234: want a 20-byte hex address as the key');
    await refused('anvil_loadState', [dump({ accounts: { [ONE]: { balance: '0x5' }, '0x0000000000000000000000000000000000000002': { balance: 'lots' } } })], -32602,
      'invalid argument 0: state dump: accounts.0x0000000000000000000000000000000000000002.balance: want a 256-bit unsigned integer (hex or decimal)');
    assert.equal(await rpc('eth_getBalance', ONE, 'latest'), '0x0', 'the good account before the bad one was not written');
    await refused('anvil_loadState', [dump({ accounts: { [ONE]: { code: '0xzz' } } })], -32602, /accounts\.0x0+1\.code/);
    await refused('anvil_loadState', ['0x7b'], -32602, 'invalid argument 0: state dump: not valid JSON');
    assert.equal(await rpc('anvil_loadState', dump({ accounts: { [ONE]: { nonce: 3, balance: '0x10', storage: { '0x1': '0x2a' } } } })), true);
    assert.equal(await rpc('eth_getStorageAt', ONE, '0x1', 'latest'), '0x' + '2a'.padStart(64, '0'));
  });

  it('a nonce at 2^64: -32602 for the cheat, geth\'s "nonce has max value" for a transaction at 2^64 - 1', async () => {
    await refused('anvil_setNonce', [FROM, '0x10000000000000000'], -32602, 'invalid argument 1: nonce: hex number > 64 bits');
    await rpc('anvil_setNonce', FROM, '0xffffffffffffffff');
    await refused('eth_sendTransaction', [{ from: FROM, to: ONE }], -32000, /^nonce has max value: address 0xf39f/);
  });

  it('init code over the limit, and call requests no transaction can carry: -32000', async () => {
    await refused('eth_sendTransaction', [{ from: FROM, data: '0x' + '00'.repeat(49153), gas: '0x1000000' }], -32000,
      'invalid transaction: max initcode size exceeded: code size 49153 limit 49152');
    await refused('eth_estimateGas', [{ from: FROM, data: '0x' + '00'.repeat(49153) }], -32000, /initcode/);
    await refused('eth_call', [{ from: FROM, blobVersionedHashes: ['0x01' + '00'.repeat(31)] }, 'latest'], -32000, 'invalid transaction: blob transaction of type create');
    await refused('eth_call', [{ from: FROM, to: ONE, authorizationList: [] }, 'latest'], -32000, 'invalid transaction: EIP-7702 transaction with empty auth list');
  });
});
