/**
 * What a call request may carry and what estimation answers, over JSON-RPC: access lists (applied
 * and paid for), EIP-7702 authorizations, blob hashes; estimates under cheats; engine errors.
 */
import assert from 'node:assert/strict';
import { bytesToHex, bigIntToHex, eoaCode7702SignAuthorization, hexToBytes } from '@ethereumjs/util';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { assemble } from '../helpers/evm-asm.ts';

const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
/** Account #1 of the dev mnemonic, and its key. */
const SECOND = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const SECOND_KEY = hexToBytes('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const READER = '0x00000000000000000000000000000000000bead1';
const BLOBS = '0x00000000000000000000000000000000000bead2';
/** SLOADs slot 0 of 0x...0bead1 itself and returns it: cheaper warm (access list) than cold. */
const readerCode = assemble('PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN');
/** Returns BLOBHASH(0). */
const blobCode = assemble('PUSH1 0 BLOBHASH PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN');
const HASH = '0x01' + 'ab'.repeat(31);

describe('rpc: call requests and gas estimation', () => {
  let devnet: DevnetHandle;
  const rpc = (method: string, ...params: unknown[]) => devnet.provider.request({ method, params });
  before(async () => {
    devnet = await createDevnet();
    await rpc('anvil_setCode', READER, bytesToHex(readerCode));
    await rpc('anvil_setCode', BLOBS, bytesToHex(blobCode));
  });
  after(() => devnet.close());

  it('an access list is applied: the estimate pays for it (2400 + 1900) and saves the cold SLOAD (2000)', async () => {
    const plain = BigInt(await rpc('eth_estimateGas', { from: FROM, to: READER, data: '0x01' }) as string);
    const withList = BigInt(await rpc('eth_estimateGas', {
      from: FROM, to: READER, data: '0x01', accessList: [{ address: READER, storageKeys: ['0x' + '00'.repeat(32)] }],
    }) as string);
    assert.ok(withList > plain, `${plain} → ${withList}`);
    assert.equal(await rpc('eth_call', { from: FROM, to: READER, accessList: [{ address: READER, storageKeys: [] }] }, 'latest'), '0x' + '00'.repeat(32));
  });

  it('blobVersionedHashes and maxFeePerBlobGas: BLOBHASH sees the hashes', async () => {
    assert.equal(await rpc('eth_call', { from: FROM, to: BLOBS, blobVersionedHashes: [HASH] }, 'latest'), HASH);
    assert.equal(await rpc('eth_call', { from: FROM, to: BLOBS, blobVersionedHashes: [HASH], maxFeePerBlobGas: '0x1', maxFeePerGas: '0x174876e800' }, 'latest'), HASH);
    assert.ok(BigInt(await rpc('eth_estimateGas', { from: FROM, to: BLOBS, blobVersionedHashes: [HASH] }) as string) > 21_000n);
  });

  it('an EIP-7702 authorizationList: the call runs the delegated code at the authority', async () => {
    assert.equal(await rpc('eth_call', { from: FROM, to: SECOND }, 'latest'), '0x');
    const nonce = BigInt(await rpc('eth_getTransactionCount', SECOND, 'latest') as string);
    const [chainId, address, authNonce, yParity, r, s] = eoaCode7702SignAuthorization({ chainId: '0x7a69', address: BLOBS, nonce: bigIntToHex(nonce) }, SECOND_KEY);
    const authorization = { chainId: bytesToHex(chainId), address: bytesToHex(address), nonce: bigIntToHex(BigInt(bytesToHex(authNonce) === '0x' ? 0 : bytesToHex(authNonce))),
      yParity: bigIntToHex(BigInt(bytesToHex(yParity) === '0x' ? 0 : bytesToHex(yParity))), r: bytesToHex(r), s: bytesToHex(s) };
    const out = await rpc('eth_call', { from: FROM, to: SECOND, authorizationList: [authorization], blobVersionedHashes: undefined }, 'latest');
    assert.equal(out, '0x' + '00'.repeat(32), 'BLOBHASH(0) of a call without blobs, run at the authority');
    assert.ok(BigInt(await rpc('eth_estimateGas', { from: FROM, to: SECOND, authorizationList: [authorization] }) as string) > 21_000n + 25_000n);
    assert.equal(await rpc('eth_getCode', SECOND, 'latest'), '0x', 'a call changes nothing');
  });

  it('an engine error is the estimate\'s answer: a contract whose code is an invalid Wasm module', async () => {
    const floats = '0x0061736d01000000010401600000030201000503010001070d02046d61696e0000066d656d6f727902000a0d010b0044000000000000f03f1a0b';
    await rpc('anvil_setCode', '0x00000000000000000000000000000000000bead3', floats);
    await assert.rejects(rpc('eth_estimateGas', { from: FROM, to: '0x00000000000000000000000000000000000bead3' }), (e: { code: number; message: string }) => {
      assert.equal(e.code, -32000);
      assert.doesNotMatch(e.message, /gas required exceeds allowance/);
      assert.match(e.message, /wasm|Ewasm/i);
      return true;
    });
  });

  it('an estimate from an account whose balance was set to almost nothing, priced: capped by what it can pay', async () => {
    const poor = '0x00000000000000000000000000000000000bee01';
    const price = 2_000_000_000n;
    await rpc('anvil_setBalance', poor, bigIntToHex(22_000n * price));
    assert.equal(await rpc('eth_estimateGas', { from: poor, to: FROM, value: '0x0', gasPrice: bigIntToHex(price) }), '0x5208');
    await assert.rejects(rpc('eth_estimateGas', { from: poor, to: READER, data: '0x01', gasPrice: bigIntToHex(price) }),
      { code: -32000, message: 'gas required exceeds allowance (22000)' });
    await assert.rejects(rpc('eth_call', { from: poor, to: READER, gasPrice: '0xa' }, 'latest'), (e: { code: number; message: string }) =>
      e.code === -32000 && e.message.startsWith('max fee per gas less than block base fee'));
  });
});
