/**
 * Impersonation of any address, contracts included (EIP-3607 does not apply, as on Hardhat and
 * Anvil), and no transaction whose hash a client holds disappears without a word.
 */
import assert from 'node:assert/strict';
import { bigIntToHex, bytesToHex } from '@ethereumjs/util';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { assemble } from '../helpers/evm-asm.ts';

const TO = '0x00000000000000000000000000000000000a11ce';
const CONTRACT = '0x00000000000000000000000000000000c0de0001';
/** Returns CALLER: who the call came from. */
const callerCode = assemble('CALLER PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN');
const ETH = 10n ** 18n;

type Receipt = { status: string; from: string; blockNumber: string };
type Tx = { blockNumber: string | null; hash: string };

describe('rpc: impersonation and transactions that do not go in', () => {
  let devnet: DevnetHandle;
  const rpc = (method: string, ...params: unknown[]) => devnet.provider.request({ method, params });
  beforeEach(async () => {
    devnet = await createDevnet();
    await rpc('anvil_setCode', CONTRACT, bytesToHex(callerCode));
    await rpc('anvil_setBalance', CONTRACT, bigIntToHex(10n * ETH));
  });
  afterEach(() => devnet.close());

  it('an impersonated contract sends a transaction: mined, status 1, from the contract', async () => {
    await rpc('anvil_impersonateAccount', CONTRACT);
    const hash = await rpc('eth_sendTransaction', { from: CONTRACT, to: TO, value: '0x64' });
    const receipt = (await rpc('eth_getTransactionReceipt', hash)) as Receipt;
    assert.equal(receipt.status, '0x1');
    assert.equal(receipt.from, CONTRACT);
    assert.equal(await rpc('eth_getBalance', TO, 'latest'), '0x64');
    assert.equal(await rpc('eth_getCode', CONTRACT, 'latest'), bytesToHex(callerCode), 'its code is untouched');
    const trace = (await rpc('debug_traceTransaction', hash)) as { failed: boolean };
    assert.equal(trace.failed, false);
  });

  it('eth_call and eth_estimateGas from a contract, impersonated or not', async () => {
    assert.equal(await rpc('eth_call', { from: CONTRACT, to: CONTRACT }, 'latest'), '0x' + CONTRACT.slice(2).padStart(64, '0'));
    assert.ok(BigInt(await rpc('eth_estimateGas', { from: CONTRACT, to: TO, value: '0x1' }) as string) === 21_000n);
  });

  it('a transaction the block cannot take stays pending with its hash, and is mined once it can be', async () => {
    await rpc('evm_setAutomine', false);
    const sender = '0x00000000000000000000000000000000000b0b01';
    await rpc('anvil_impersonateAccount', sender);
    // Enough for either transfer alone (each is checked on its own), not for both.
    await rpc('anvil_setBalance', sender, bigIntToHex(ETH));
    const first = await rpc('eth_sendTransaction', { from: sender, to: TO, value: bigIntToHex(6n * ETH / 10n) }) as string;
    const second = await rpc('eth_sendTransaction', { from: sender, to: TO, value: bigIntToHex(6n * ETH / 10n), nonce: '0x1' }) as string;
    await rpc('evm_mine');
    assert.equal(((await rpc('eth_getTransactionReceipt', first)) as Receipt).status, '0x1');
    assert.equal(await rpc('eth_getTransactionReceipt', second), null);
    assert.equal(((await rpc('eth_getTransactionByHash', second)) as Tx).blockNumber, null, 'still known, still pending');
    await rpc('anvil_setBalance', sender, bigIntToHex(ETH));
    await rpc('evm_mine');
    assert.equal(((await rpc('eth_getTransactionReceipt', second)) as Receipt).status, '0x1');
  });
});
