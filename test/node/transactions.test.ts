/** Transactions through the executor: fees to the wei, every refusal with geth's message, Wasm and EVM contracts. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { RLP } from '@ethereumjs/rlp';
import { createTx, TransactionType, type TypedTransaction } from '@ethereumjs/tx';
import { Account, Address, bigIntToUnpaddedBytes, bytesToHex, hexToBytes, privateToAddress, setLengthLeft } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { secp256k1 } from 'ethereum-cryptography/secp256k1.js';
import { Executor } from '../../node/executor.ts';
import { TxError } from '../../node/errors.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';

// The first dev account of Hardhat and Anvil.
const KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const SENDER = new Address(privateToAddress(KEY));
const TO = new Address(hexToBytes('0x000000000000000000000000000000000000beef'));
const COINBASE = new Address(hexToBytes('0x00000000000000000000000000000000000c0b0e'));
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;
const BASE_FEE = 7n * GWEI;

async function setup(balance = 100n * ETH) {
  const ex = await Executor.create();
  await ex.state.putAccount(SENDER, new Account(0n, balance));
  const block = ex.block({ number: 1n, gasLimit: 30_000_000n, baseFeePerGas: BASE_FEE, coinbase: COINBASE, timestamp: 1_700_000_000n });
  return { ex, block };
}

function signed(ex: Executor, fields: Record<string, unknown>, type: TransactionType = TransactionType.FeeMarketEIP1559): TypedTransaction {
  const defaults = type === TransactionType.FeeMarketEIP1559
    ? { maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 2n * GWEI }
    : { gasPrice: 10n * GWEI };
  return createTx({ type, nonce: 0n, gasLimit: 21_000n, to: TO, value: 0n, ...defaults, ...fields }, { common: ex.common }).sign(KEY);
}

const balanceOf = async (ex: Executor, a: Address) => (await ex.state.getAccount(a))?.balance ?? 0n;

async function rejects(promise: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof TxError, String(e));
    assert.equal(e.message.split(':')[0], message);
    return true;
  });
}

describe('transactions', () => {
  it('an EIP-1559 transfer: the sender pays gas × (base fee + tip) + value, the tip goes to the coinbase, the base fee burns', async () => {
    const { ex, block } = await setup();
    const value = 123_456_789n;
    const r = await ex.runTransaction(signed(ex, { value }), block);
    assert.equal(r.totalGasSpent, 21_000n);
    assert.equal(await balanceOf(ex, SENDER), 100n * ETH - 21_000n * (BASE_FEE + 2n * GWEI) - value);
    assert.equal(await balanceOf(ex, TO), value);
    assert.equal(await balanceOf(ex, COINBASE), 21_000n * 2n * GWEI);
    assert.equal((await ex.state.getAccount(SENDER))?.nonce, 1n);
  });

  it('a legacy EIP-155 transfer pays its gas price, the coinbase gets price − base fee', async () => {
    const { ex, block } = await setup();
    const tx = signed(ex, { value: 1n }, TransactionType.Legacy);
    assert.ok(tx.v === 2n * 31337n + 35n || tx.v === 2n * 31337n + 36n, 'EIP-155 v encodes the chain id');
    await ex.runTransaction(tx, block);
    assert.equal(await balanceOf(ex, SENDER), 100n * ETH - 21_000n * 10n * GWEI - 1n);
    assert.equal(await balanceOf(ex, COINBASE), 21_000n * (10n * GWEI - BASE_FEE));
  });

  it('a pre-EIP-155 legacy transaction (v = 27/28) is accepted', async () => {
    const { ex, block } = await setup();
    const fields = [0n, 10n * GWEI, 21_000n].map(bigIntToUnpaddedBytes);
    const payload = [...fields, TO.bytes, bigIntToUnpaddedBytes(5n), new Uint8Array(0)];
    const sig = secp256k1.sign(keccak256(RLP.encode(payload)), KEY);
    const raw = RLP.encode([...payload, bigIntToUnpaddedBytes(27n + BigInt(sig.recovery)), bigIntToUnpaddedBytes(sig.r), bigIntToUnpaddedBytes(sig.s)]);
    const tx = ex.decodeTransaction(raw);
    assert.equal(tx.getSenderAddress().toString(), SENDER.toString());
    await ex.runTransaction(tx, block);
    assert.equal(await balanceOf(ex, TO), 5n);
  });

  it('an EIP-2930 transaction pays for its access list', async () => {
    const { ex, block } = await setup();
    const accessList = [{ address: TO.toString(), storageKeys: [bytesToHex(setLengthLeft(Uint8Array.of(1), 32))] }];
    const r = await ex.runTransaction(signed(ex, { accessList, gasLimit: 30_000n }, TransactionType.AccessListEIP2930), block);
    assert.equal(r.totalGasSpent, 21_000n + 2_400n + 1_900n);
  });

  describe('refused with the message clients parse, changing nothing', () => {
    it('nonce too low and nonce too high', async () => {
      const { ex, block } = await setup();
      await ex.runTransaction(signed(ex, {}), block);
      await rejects(ex.runTransaction(signed(ex, { nonce: 0n }), block), 'nonce too low');
      await rejects(ex.runTransaction(signed(ex, { nonce: 5n }), block), 'nonce too high');
    });
    it('insufficient funds for gas * price + value', async () => {
      const { ex, block } = await setup(ETH);
      await rejects(ex.runTransaction(signed(ex, { value: ETH }), block), 'insufficient funds for gas * price + value');
      assert.equal(await balanceOf(ex, SENDER), ETH);
    });
    it('intrinsic gas too low', async () => {
      const { ex, block } = await setup();
      await rejects(ex.runTransaction(signed(ex, { gasLimit: 20_999n }), block), 'intrinsic gas too low');
      // Calldata raises the floor: 4 non-zero bytes under EIP-7623 need 21000 + 16 tokens × 10.
      await rejects(ex.runTransaction(signed(ex, { gasLimit: 21_100n, data: Uint8Array.of(1, 2, 3, 4) }), block), 'intrinsic gas too low');
    });
    it('exceeds block gas limit', async () => {
      const { ex, block } = await setup();
      await rejects(ex.runTransaction(signed(ex, { gasLimit: 30_000_001n }), block), 'exceeds block gas limit');
    });
    it('max fee per gas less than block base fee', async () => {
      const { ex, block } = await setup();
      await rejects(ex.runTransaction(signed(ex, { maxFeePerGas: BASE_FEE - 1n, maxPriorityFeePerGas: 0n }), block), 'max fee per gas less than block base fee');
      await rejects(ex.runTransaction(signed(ex, { gasPrice: BASE_FEE - 1n }, TransactionType.Legacy), block), 'max fee per gas less than block base fee');
    });
    it('a bad signature and malformed RLP', async () => {
      const { ex } = await setup();
      // Flipping s to n − s keeps the signature valid for ECDSA, but Ethereum refuses high s (EIP-2).
      const fields = RLP.decode(signed(ex, {}).serialize().subarray(1)) as Uint8Array[];
      const highS = secp256k1.CURVE.n - BigInt(bytesToHex(fields[11]));
      const raw = Uint8Array.of(0x02, ...RLP.encode([...fields.slice(0, 11), bigIntToUnpaddedBytes(highS)]));
      assert.throws(() => ex.decodeTransaction(raw), (e: unknown) => e instanceof TxError && /^invalid (sender|transaction)/.test(e.message));
      // A recovery id that is neither 0 nor 1.
      const badV = Uint8Array.of(0x02, ...RLP.encode([...fields.slice(0, 9), Uint8Array.of(5), ...fields.slice(10)]));
      assert.throws(() => ex.decodeTransaction(badV), (e: unknown) => e instanceof TxError);
      assert.throws(() => ex.decodeTransaction(Uint8Array.of(0x02, 0xc1)), (e: unknown) => e instanceof TxError && e.code === 'invalidTransaction');
    });
    it('a transaction signed for another chain', async () => {
      const other = await Executor.create({ chainId: 1n });
      const { ex } = await setup();
      assert.throws(() => ex.decodeTransaction(signed(other, {}).serialize()), (e: unknown) => e instanceof TxError);
    });
  });

  describe('contracts', () => {
    it('deploys a Wasm contract and calls it; receipts carry status, cumulative gas, logs and bloom', async () => {
      const { ex, block } = await setup();
      const runtime = await watToWasm(await readFile(new URL('../../examples/counter.wat', import.meta.url), 'utf8'));
      const deploy = await ex.runTransaction(signed(ex, { to: undefined, data: makeDeployer(runtime), gasLimit: 3_000_000n }), block);
      assert.equal(deploy.execResult.exceptionError, undefined);
      const address = deploy.createdAddress!;
      assert.equal(bytesToHex(await ex.state.getCode(address)), bytesToHex(runtime));
      const call = await ex.runTransaction(signed(ex, { nonce: 1n, to: address, gasLimit: 200_000n }), block);
      assert.equal('status' in call.receipt ? call.receipt.status : undefined, 1);
      assert.equal(call.receipt.cumulativeBlockGasUsed, call.totalGasSpent);
      assert.equal(call.receipt.logs.length, 1);
      assert.equal(bytesToHex(call.receipt.logs[0][0]), address.toString());
      assert.ok(call.receipt.bitvector.some((b) => b !== 0));
      assert.equal(bytesToHex(call.execResult.returnValue), bytesToHex(setLengthLeft(Uint8Array.of(1), 32)));
    });

    it('eth_call changes nothing; eth_estimateGas returns gas that succeeds, within geth\'s 1.5% of the least', async () => {
      const { ex, block } = await setup();
      const runtime = await watToWasm(await readFile(new URL('../../examples/counter.wat', import.meta.url), 'utf8'));
      const address = (await ex.runTransaction(signed(ex, { to: undefined, data: makeDeployer(runtime), gasLimit: 3_000_000n }), block)).createdAddress!;
      const rootBefore = bytesToHex(await ex.state.getStateRoot());
      const out = await ex.call({ from: SENDER, to: address }, block);
      assert.ok(out.success);
      assert.equal(bytesToHex(out.returnValue), bytesToHex(setLengthLeft(Uint8Array.of(1), 32)));
      assert.equal(bytesToHex(await ex.state.getStateRoot()), rootBefore);
      const estimate = await ex.estimateGas({ from: SENDER, to: address }, block);
      assert.ok((await ex.call({ from: SENDER, to: address, gas: estimate }, block)).success);
      assert.ok(!(await ex.call({ from: SENDER, to: address, gas: (estimate * 985n) / 1000n }, block)).success);
      const real = await ex.runTransaction(signed(ex, { nonce: 1n, to: address, gasLimit: estimate }), block);
      assert.equal(real.execResult.exceptionError, undefined);
    });

    it('replaying the same transactions on a fresh state gives the same state root', async () => {
      const runtime = await watToWasm(await readFile(new URL('../../examples/counter.wat', import.meta.url), 'utf8'));
      const replay = async () => {
        const { ex, block } = await setup();
        const deployTx = signed(ex, { to: undefined, data: makeDeployer(runtime), gasLimit: 3_000_000n });
        const address = (await ex.runTransaction(deployTx, block)).createdAddress!;
        for (let n = 1n; n <= 3n; n++) await ex.runTransaction(signed(ex, { nonce: n, to: address, gasLimit: 200_000n, value: n }), block);
        await ex.runTransaction(signed(ex, { nonce: 4n, value: 77n }), block);
        return bytesToHex(await ex.state.getStateRoot());
      };
      assert.equal(await replay(), await replay());
    });
  });
});
