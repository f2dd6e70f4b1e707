/** anvil_loadState is all or nothing: the whole dump is checked before anything changes. */
import assert from 'node:assert/strict';
import { createDevnet, type DevnetHandle, ProviderRpcError } from '../../index.ts';

const A = '0x00000000000000000000000000000000000000aa';
const B = '0x00000000000000000000000000000000000000bb';
const hexOf = (json: string) => `0x${Buffer.from(json).toString('hex')}`;

describe('anvil_loadState validation', function () {
  this.timeout(60_000);
  let d: DevnetHandle;
  before(async () => { d = await createDevnet({ log: () => {} }); });
  after(() => d.close());
  const request = (method: string, params: unknown[]) => d.provider.request({ method, params });
  const refusal = async (params: unknown[]) => {
    try {
      await request('anvil_loadState', params);
    } catch (e) {
      assert.ok(e instanceof ProviderRpcError);
      return e as ProviderRpcError & { code: number };
    }
    assert.fail('anvil_loadState accepted it');
  };

  it('refuses null, an array or a string with -32602 saying what a dump is', async () => {
    for (const [json, what] of [['null', 'null'], ['[]', 'an array'], ['"accounts"', 'a string'], ['{}', undefined]] as const) {
      const e = await refusal([hexOf(json)]);
      assert.equal(e.code, -32602, json);
      if (what) assert.equal(e.message, `invalid argument 0: state dump: the dump: want a JSON object with "accounts", not ${what}`);
      else assert.equal(e.message, 'invalid argument 0: state dump: accounts: want an object of address → account');
    }
    assert.equal((await refusal([hexOf('{"accounts": ')])).message, 'invalid argument 0: state dump: not valid JSON');
  });

  it('changes nothing when any account of the dump is bad, and names the bad field', async () => {
    const dump = { accounts: { [A]: { nonce: 5, balance: '0x1000', code: '0x60', storage: { '0x01': '0x02' } }, [B]: { balance: 'lots' } } };
    const e = await refusal([hexOf(JSON.stringify(dump))]);
    assert.equal(e.code, -32602);
    assert.equal(e.message, `invalid argument 0: state dump: accounts.${B}.balance: want a 256-bit unsigned integer (hex or decimal)`);
    assert.equal(await request('eth_getBalance', [A, 'latest']), '0x0');
    assert.equal(await request('eth_getTransactionCount', [A, 'latest']), '0x0');
    assert.equal(await request('eth_getCode', [A, 'latest']), '0x');
    for (const [bad, field] of [
      [{ [A]: { nonce: '0x10000000000000000' } }, `accounts.${A}.nonce`], [{ [A]: { code: '0xzz' } }, `accounts.${A}.code`],
      [{ [A]: { storage: { '0x01': `0x${'00'.repeat(33)}` } } }, `accounts.${A}.storage.0x01`], [{ '0x12': {} }, 'accounts.0x12'],
    ] as const) {
      assert.match((await refusal([hexOf(JSON.stringify({ accounts: bad }))])).message, new RegExp(`state dump: ${field.replace(/\./g, '\\.')}: want`));
    }
  });

  it('loads a good dump whole, and a dump of the node round-trips', async () => {
    const dump = { accounts: { [A]: { nonce: '5', balance: '4096', code: '0x6000', storage: { '0x01': '0x02' } }, [B]: { balance: '0x10' } } };
    assert.equal(await request('anvil_loadState', [hexOf(JSON.stringify(dump))]), true);
    assert.equal(await request('eth_getBalance', [A, 'latest']), '0x1000');
    assert.equal(await request('eth_getTransactionCount', [A, 'latest']), '0x5');
    assert.equal(await request('eth_getStorageAt', [A, '0x1', 'latest']), `0x${'2'.padStart(64, '0')}`);
    assert.equal(await request('eth_getBalance', [B, 'latest']), '0x10');
    assert.equal(await request('anvil_loadState', [await request('anvil_dumpState', [])]), true);
    assert.equal(await request('eth_getBalance', [A, 'latest']), '0x1000');
  });
});
