/** Param codecs (geth's strictness and messages) and result encoders (geth's JSON shapes). */
import assert from 'node:assert/strict';
import { bytesToHex, hexToBytes as hexToBytesStrict } from '@ethereumjs/util';
import {
  CodecError, address, blockNumber, blockNumberOrHash, callRequest, data, encodeQuantity, hash, hexOrDecimal64, logFilter, quantity,
  quantityOrNumber, storageSlot, storageValue, txRequest, uint64,
} from '../../rpc/codecs.ts';
import { decodeRevertReason } from '../../rpc/errors.ts';
import { formatTransaction } from '../../rpc/format.ts';
import { GWEI, SENDER, blockWith, lookupsOf, signedTx } from './fake-node.ts';

/** Test literals are built by concatenation; @ethereumjs types want the 0x template type. */
const hexToBytes = (hex: string) => hexToBytesStrict(hex as `0x${string}`);

function fails(decode: () => unknown, message: string, path: string[] = []): void {
  assert.throws(decode, (e: unknown) => {
    assert.ok(e instanceof CodecError, String(e));
    assert.equal(e.message, message);
    assert.deepEqual(e.path, path);
    return true;
  });
}

const HASH = `0x${'ab'.repeat(32)}` as const;

describe('rpc codecs', () => {
  describe('quantities', () => {
    it('accept 0x-prefixed hex without leading zeros, either case of prefix and digits', () => {
      assert.equal(quantity('0x0'), 0n);
      assert.equal(quantity('0x1a'), 26n);
      assert.equal(quantity('0X1A'), 26n);
      assert.equal(quantity('0x' + 'f'.repeat(64)), (1n << 256n) - 1n);
    });

    it('accept leading zeros, as Hardhat and Anvil do (ethers\' toBeHex writes "0x0a")', () => {
      assert.equal(quantity('0x0a'), 10n);
      assert.equal(quantity('0x00'), 0n);
      assert.equal(uint64('0x' + '0'.repeat(20) + 'ff'), 255n);
      assert.equal(blockNumber('0x0a'), 10n);
      assert.equal(blockNumber(10), 10n, 'a block number as a JSON number');
      assert.deepEqual(blockNumberOrHash(7), 7n);
    });

    it('refuse what geth refuses, with its messages', () => {
      fails(() => quantity(''), 'empty hex string');
      fails(() => quantity('1a'), 'hex string without 0x prefix');
      fails(() => quantity('0x'), 'hex string "0x"');
      fails(() => quantity('0xg'), 'invalid hex string');
      fails(() => quantity('0x1' + '0'.repeat(64)), 'hex number > 256 bits');
      fails(() => uint64('0x1' + '0'.repeat(16)), 'hex number > 64 bits');
      fails(() => quantity(26), 'cannot unmarshal number into a hex quantity');
      fails(() => quantity(null), 'cannot unmarshal null into a hex quantity');
    });

    it('cheat methods also take JSON numbers; fee history also decimal strings', () => {
      assert.equal(quantityOrNumber(3600), 3600n);
      assert.equal(quantityOrNumber('0xe10'), 3600n);
      fails(() => quantityOrNumber(-1), 'invalid number -1: want a non-negative integer');
      fails(() => quantityOrNumber(1.5), 'invalid number 1.5: want a non-negative integer');
      assert.equal(hexOrDecimal64('10'), 10n);
      assert.equal(hexOrDecimal64('0xa'), 10n);
      assert.equal(hexOrDecimal64(10), 10n);
      fails(() => hexOrDecimal64('ten'), 'invalid hex or decimal integer ten');
    });
  });

  describe('bytes, hashes and addresses', () => {
    it('data must be even-length hex; 0x is empty', () => {
      assert.deepEqual(data('0x'), new Uint8Array());
      assert.deepEqual(data('0xdeadBEEF'), hexToBytes('0xdeadbeef'));
      fails(() => data('0xabc'), 'hex string of odd length');
      fails(() => data('0xzz'), 'invalid hex string');
      fails(() => data('abcd'), 'hex string without 0x prefix');
    });

    it('an address has exactly 40 hex digits; the checksum is not enforced', () => {
      assert.equal(address('0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266').toString(), SENDER.toString());
      fails(() => address('0x' + '1'.repeat(38)), 'hex string has length 38, want 40 for common.Address');
      fails(() => address('0x' + '1'.repeat(42)), 'hex string has length 42, want 40 for common.Address');
      fails(() => address('1'.repeat(40)), 'hex string without 0x prefix');
      fails(() => hash('0x1234'), 'hex string has length 4, want 64 for common.Hash');
    });

    it('a storage slot is read as geth reads one: short, odd or unprefixed, left-padded to 32 bytes', () => {
      assert.equal(bytesToHex(storageSlot('0x1')), '0x' + '0'.repeat(63) + '1');
      assert.equal(bytesToHex(storageSlot('02')), '0x' + '0'.repeat(63) + '2');
      fails(() => storageSlot('0x' + '1'.repeat(66)), 'hex string too long, want at most 32 bytes');
      fails(() => storageSlot('0xzz'), 'hex string invalid');
      assert.equal(bytesToHex(storageValue('0x01')), '0x' + '0'.repeat(63) + '1');
      fails(() => storageValue('0x' + '00'.repeat(33)), 'storage value must be at most 32 bytes long');
    });
  });

  describe('block tags', () => {
    it('tags and numbers; a block number param takes no hash', () => {
      for (const tag of ['latest', 'earliest', 'pending', 'safe', 'finalized']) assert.equal(blockNumber(tag), tag);
      assert.equal(blockNumber('0x10'), 16n);
      fails(() => blockNumber('0x8000000000000000'), 'block number larger than int64');
      fails(() => blockNumber('newest'), 'hex string without 0x prefix');
      fails(() => blockNumber({ blockHash: HASH }), 'cannot unmarshal object into a hex quantity');
    });

    it('EIP-1898: { blockHash, requireCanonical }, { blockNumber }, and a bare 32-byte hash', () => {
      assert.deepEqual(blockNumberOrHash({ blockHash: HASH }), { blockHash: hexToBytes(HASH) });
      assert.deepEqual(blockNumberOrHash({ blockHash: HASH, requireCanonical: true }), { blockHash: hexToBytes(HASH), requireCanonical: true });
      assert.deepEqual(blockNumberOrHash({ blockNumber: '0x5' }), { blockNumber: 5n });
      assert.equal(blockNumberOrHash({ blockNumber: 'safe' }), 'safe');
      assert.deepEqual(blockNumberOrHash(HASH), { blockHash: hexToBytes(HASH) });
      assert.equal(blockNumberOrHash('0x5'), 5n);
      fails(() => blockNumberOrHash({ blockHash: HASH, blockNumber: '0x1' }), 'cannot specify both BlockHash and BlockNumber, choose one or the other');
      fails(() => blockNumberOrHash({}), 'invalid arguments; neither block nor hash specified');
      fails(() => blockNumberOrHash({ blockHash: '0x12' }), 'hex string has length 2, want 64 for common.Hash', ['blockHash']);
      fails(() => blockNumberOrHash({ blockHash: HASH, requireCanonical: 'yes' }), 'cannot unmarshal string into bool', ['requireCanonical']);
    });
  });

  describe('requests and filters', () => {
    it('a call request: input or data, fee fields, and the bad field named in the error', () => {
      const call = callRequest({ from: SENDER.toString(), to: null, input: '0x01', gas: '0x5208', maxFeePerGas: '0x1', unknownField: 1 });
      assert.deepEqual(call, { from: SENDER, data: hexToBytes('0x01'), gas: 21000n, maxFeePerGas: 1n });
      assert.deepEqual(callRequest({ data: '0x02', input: '0x02' }).data, hexToBytes('0x02'));
      fails(() => callRequest({ data: '0x01', input: '0x02' }), 'both "data" and "input" are set and not equal. Please use "input" to pass transaction call data');
      fails(() => callRequest({ gasPrice: '0x1', maxFeePerGas: '0x1' }), 'both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified');
      fails(() => callRequest({ gas: '0xz5' }), 'invalid hex string', ['gas']);
      fails(() => callRequest([]), 'cannot unmarshal array into transaction args');
    });

    it('a transaction request needs from; type, nonce and access list are read', () => {
      const tx = txRequest({ from: SENDER.toString(), type: '0x1', nonce: '0x3', accessList: [{ address: SENDER.toString(), storageKeys: [HASH] }] });
      assert.equal(tx.type, 1);
      assert.equal(tx.nonce, 3n);
      assert.deepEqual(tx.accessList, [{ address: SENDER, storageKeys: [hexToBytes(HASH)] }]);
      fails(() => txRequest({ to: SENDER.toString() }), "missing required field 'from'", ['from']);
      fails(() => txRequest({ from: SENDER.toString(), accessList: [{ address: '0x12' }] }), 'hex string has length 2, want 40 for common.Address', ['accessList', '0', 'address']);
    });

    it('a log filter: one or many addresses, topics with null and alternatives', () => {
      const f = logFilter({ fromBlock: '0x1', toBlock: 'latest', address: SENDER.toString(), topics: [HASH, null, [HASH, null], [HASH]] });
      assert.deepEqual(f, {
        fromBlock: 1n, toBlock: 'latest', address: [SENDER], topics: [[hexToBytes(HASH)], null, null, [hexToBytes(HASH)]],
      });
      fails(() => logFilter({ topics: [null, null, null, null, null] }), 'exceed max topics', ['topics']);
      fails(() => logFilter({ blockHash: HASH, fromBlock: '0x1' }), 'cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other');
      fails(() => logFilter({ topics: [null, '0x12'] }), 'hex string has length 2, want 64 for common.Hash', ['topics', '1']);
    });
  });

  describe('encoders', () => {
    it('quantities without leading zeros', () => {
      assert.equal(encodeQuantity(0n), '0x0');
      assert.equal(encodeQuantity(255n), '0xff');
      assert.throws(() => encodeQuantity(-1n));
    });

    it('a revert reason from Error(string) and Panic(uint256), none from a custom error', () => {
      const errorString = hexToBytes('0x08c379a0' + '20'.padStart(64, '0') + '05'.padStart(64, '0') + Buffer.from('nope!').toString('hex').padEnd(64, '0'));
      assert.equal(decodeRevertReason(errorString), 'nope!');
      assert.equal(decodeRevertReason(hexToBytes('0x4e487b71' + '11'.padStart(64, '0'))), 'arithmetic underflow or overflow');
      assert.equal(decodeRevertReason(hexToBytes('0x4e487b71' + '99'.padStart(64, '0'))), 'unknown panic code: 0x99');
      assert.equal(decodeRevertReason(hexToBytes('0xdeadbeef')), undefined);
      assert.equal(decodeRevertReason(hexToBytes('0x08c379a0' + 'ff'.repeat(64))), undefined);
    });

    it('an EIP-1559 transaction: yParity, access list, chainId; gasPrice is the price paid once mined, the fee cap while pending', () => {
      const tx = signedTx();
      const [mined] = lookupsOf(blockWith([tx]));
      const json = formatTransaction(mined);
      assert.equal(json.type, '0x2');
      assert.equal(json.gasPrice, encodeQuantity(9n * GWEI));
      assert.equal(json.yParity, json.v);
      assert.deepEqual(json.accessList, []);
      assert.equal(json.chainId, '0x7a69');
      assert.equal(json.from, SENDER.toString());
      const pending = formatTransaction({ tx, hash: tx.hash(), from: SENDER });
      assert.equal(pending.gasPrice, encodeQuantity(20n * GWEI));
      assert.equal(pending.blockHash, null);
      assert.equal(pending.blockNumber, null);
      assert.equal(pending.transactionIndex, null);
    });

    it('a legacy contract creation: to is null, no yParity or accessList, EIP-155 v', () => {
      const tx = signedTx({ type: 0, to: undefined, gasPrice: 10n * GWEI, maxFeePerGas: undefined, maxPriorityFeePerGas: undefined });
      const json = formatTransaction({ tx, hash: tx.hash(), from: SENDER });
      assert.equal(json.to, null);
      assert.equal(json.gasPrice, encodeQuantity(10n * GWEI));
      assert.ok(!('yParity' in json) && !('accessList' in json) && !('maxFeePerGas' in json));
      assert.ok(json.v === encodeQuantity(31337n * 2n + 35n) || json.v === encodeQuantity(31337n * 2n + 36n));
      assert.equal(json.chainId, '0x7a69');
    });
  });
});
