/**
 * Log filters, one matcher for eth_getLogs, polled filters and subscriptions (geth's rules), and
 * eth_getLogs's block range errors (geth's -32602 words).
 */
import assert from 'node:assert/strict';
import { bytesToHex } from '@ethereumjs/util';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { assemble } from '../helpers/evm-asm.ts';

const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const EMITTER = '0x000000000000000000000000000000000000e417';
const TOPIC = '0x' + '11'.repeat(32);
/** LOG1 with topic 0x11…11 and no data. */
const emitter = assemble(`PUSH32 ${TOPIC} PUSH1 0 PUSH1 0 LOG1 STOP`);

describe('rpc: logs', () => {
  let devnet: DevnetHandle;
  const rpc = (method: string, ...params: unknown[]) => devnet.provider.request({ method, params });
  before(async () => {
    devnet = await createDevnet();
    await rpc('anvil_setCode', EMITTER, bytesToHex(emitter));
  });
  after(() => devnet.close());

  it('a one-topic log matches [A] and [[A, B]], not [A, null] — in eth_getLogs and in a filter alike (geth)', async () => {
    const filters = {
      one: await rpc('eth_newFilter', { topics: [TOPIC] }),
      wider: await rpc('eth_newFilter', { topics: [TOPIC, null] }),
      alternatives: await rpc('eth_newFilter', { topics: [[TOPIC, '0x' + '22'.repeat(32)]] }),
    };
    await rpc('eth_sendTransaction', { from: FROM, to: EMITTER, gas: '0x10000' });
    const logs = (topics: unknown[]) => rpc('eth_getLogs', { fromBlock: '0x0', address: EMITTER, topics }) as Promise<unknown[]>;
    assert.equal((await logs([TOPIC])).length, 1);
    assert.equal((await logs([[TOPIC, '0x' + '22'.repeat(32)]])).length, 1);
    assert.equal((await logs([null])).length, 1);
    assert.equal((await logs([TOPIC, null])).length, 0);
    assert.equal(((await rpc('eth_getFilterChanges', filters.one)) as unknown[]).length, 1);
    assert.equal(((await rpc('eth_getFilterChanges', filters.alternatives)) as unknown[]).length, 1);
    assert.equal(((await rpc('eth_getFilterChanges', filters.wider)) as unknown[]).length, 0);
    assert.equal(((await rpc('eth_getFilterLogs', filters.wider)) as unknown[]).length, 0);
  });

  it('a reversed range and a range past the head: -32602 with geth\'s words', async () => {
    const head = BigInt(await rpc('eth_blockNumber') as string);
    await assert.rejects(rpc('eth_getLogs', { fromBlock: '0x1', toBlock: '0x0' }), { code: -32602, message: 'invalid block range params' });
    await assert.rejects(rpc('eth_getLogs', { fromBlock: '0x0', toBlock: '0x' + (head + 5n).toString(16) }),
      { code: -32602, message: 'block range extends beyond current head block' });
    assert.ok(Array.isArray(await rpc('eth_getLogs', { fromBlock: 'earliest', toBlock: 'latest' })));
  });
});
