/**
 * Shapes and edge cases clients meet: blockTimestamp in transactions (geth 1.16), the pending block
 * with transactions in the pool, block numbers as JSON numbers and with leading zeros, a genesis at
 * timestamp 0, and geth's insufficient-funds error for a call sending more than the sender has.
 */
import assert from 'node:assert/strict';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { parseGenesis } from '../../genesis/genesis.ts';

const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const TO = '0x00000000000000000000000000000000000a11ce';

type Tx = { hash: string; blockNumber: string | null; blockTimestamp?: string; from: string };
type Block = { number: string; timestamp: string; transactions: Array<Tx | string> };

describe('rpc: shapes and edge cases', () => {
  let devnet: DevnetHandle;
  const rpc = (method: string, ...params: unknown[]) => devnet.provider.request({ method, params });
  afterEach(() => devnet?.close());

  it('a mined transaction carries blockTimestamp (hex, its block\'s); a pending one does not', async () => {
    devnet = await createDevnet();
    const hash = await rpc('eth_sendTransaction', { from: FROM, to: TO, value: '0x1' });
    const tx = (await rpc('eth_getTransactionByHash', hash)) as Tx;
    const block = (await rpc('eth_getBlockByNumber', tx.blockNumber, false)) as Block;
    assert.equal(tx.blockTimestamp, block.timestamp);
    await rpc('evm_setAutomine', false);
    const pending = (await rpc('eth_getTransactionByHash', await rpc('eth_sendTransaction', { from: FROM, to: TO, value: '0x1' }))) as Tx;
    assert.equal(pending.blockNumber, null);
    assert.equal('blockTimestamp' in pending, false);
  });

  it('the pending block and its transactions by index, with transactions in the pool (impersonated ones too)', async () => {
    devnet = await createDevnet();
    await rpc('evm_setAutomine', false);
    const impersonated = '0x00000000000000000000000000000000000b0b02';
    await rpc('anvil_impersonateAccount', impersonated);
    await rpc('anvil_setBalance', impersonated, '0xde0b6b3a7640000');
    const first = await rpc('eth_sendTransaction', { from: FROM, to: TO, value: '0x1' });
    const second = await rpc('eth_sendTransaction', { from: impersonated, to: TO, value: '0x2' });
    const head = BigInt(await rpc('eth_blockNumber') as string);
    const pending = (await rpc('eth_getBlockByNumber', 'pending', true)) as Block;
    assert.equal(BigInt(pending.number), head + 1n);
    assert.deepEqual((pending.transactions as Tx[]).map((t) => [t.hash, t.from]), [[first, FROM], [second, impersonated]]);
    assert.deepEqual(((await rpc('eth_getBlockByNumber', 'pending', false)) as Block).transactions, [first, second]);
    const byIndex = (await rpc('eth_getTransactionByBlockNumberAndIndex', 'pending', '0x1')) as Tx;
    assert.equal(byIndex.hash, second);
    assert.equal(byIndex.from, impersonated);
    assert.equal(await rpc('eth_getTransactionByBlockNumberAndIndex', 'pending', '0x2'), null);
  });

  it('block numbers as JSON numbers and with leading zeros, as Hardhat and Anvil take them', async () => {
    devnet = await createDevnet();
    for (let i = 0; i < 10; i++) await rpc('evm_mine');
    assert.equal(((await rpc('eth_getBlockByNumber', '0x0a', false)) as Block).number, '0xa');
    assert.equal(((await rpc('eth_getBlockByNumber', 10, false)) as Block).number, '0xa');
    assert.equal(await rpc('eth_getBalance', FROM, 3), await rpc('eth_getBalance', FROM, '0x03'));
    assert.equal(await rpc('anvil_setBalance', TO, '0x0a'), true);
    assert.equal(await rpc('eth_getBalance', TO, 'latest'), '0xa');
  });

  it('--genesis with "timestamp": "0x0" starts the chain at time 0', async () => {
    const genesis = parseGenesis({ config: { chainId: 31337 }, timestamp: '0x0', gasLimit: '0x1c9c380', alloc: {} });
    devnet = await createDevnet({ genesis });
    assert.equal(((await rpc('eth_getBlockByNumber', '0x0', false)) as Block).timestamp, '0x0');
  });

  it('eth_call sending more than the sender has: geth\'s insufficient funds error, -32000', async () => {
    devnet = await createDevnet();
    const poor = '0x00000000000000000000000000000000000b0b03';
    await assert.rejects(rpc('eth_call', { from: poor, to: TO, value: '0x1' }, 'latest'),
      { code: -32000, message: 'insufficient funds for gas * price + value: address 0x00000000000000000000000000000000000b0B03 have 0 want 1' });
    await assert.rejects(rpc('eth_estimateGas', { from: poor, to: TO, value: '0x1' }), { code: -32000 });
  });
});
