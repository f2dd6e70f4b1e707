/**
 * hardhat_mine / anvil_mine of many blocks: after the first, empty blocks skip the block builder
 * (BlockProducer.mineEmpty). They must be the very blocks the builder would have made.
 */
import assert from 'node:assert/strict';
import { Address, bytesToHex, hexToBytes } from '@ethereumjs/util';
import { Devnet } from '../../node/devnet.ts';

const T0 = 1_800_000_000n;
const genesis = {
  chainId: 31337n, gasLimit: 30_000_000n, baseFee: 1_000_000_000n, timestamp: T0, extraData: new Uint8Array(0),
  coinbase: new Address(new Uint8Array(20)), alloc: new Map(),
};
const HISTORY_CONTRACT = new Address(hexToBytes('0x0000F90827F1C53A10CB7A02335B175320002935'));

async function hashes(d: Devnet, from: bigint): Promise<string[]> {
  const out: string[] = [];
  for (let n = from; n <= d.blockNumber(); n++) out.push(bytesToHex((await d.getBlock(n))!.hash()));
  return out;
}

describe('devnet: mining many blocks', () => {
  it('mines empty blocks header-only, identical to blocks built one by one (hashes, timestamps, base fees)', async () => {
    const [fast, slow] = [await Devnet.create({ genesis }), await Devnet.create({ genesis })];
    try {
      await fast.mine(40n, 12n, T0 + 100n);
      for (let i = 0n; i < 40n; i++) {
        slow.setNextBlockTimestamp(T0 + 100n + 12n * i);
        await slow.mine();
      }
      assert.equal(fast.blockNumber(), 40n);
      assert.deepEqual(await hashes(fast, 1n), await hashes(slow, 1n));
      const last = (await fast.getBlock('latest'))!.header;
      assert.equal(last.timestamp, T0 + 100n + 12n * 39n);
      // An empty block lowers the base fee by 1/8: 40 of them take 1 gwei below 1%.
      assert.ok(last.baseFeePerGas! < 1_000_000_000n / 100n, `base fee ${last.baseFeePerGas}`);
    } finally {
      await fast.close();
      await slow.close();
    }
  });

  it('builds every block when a system contract has code (EIP-2935 history writes state)', async () => {
    const [fast, slow] = [await Devnet.create({ genesis }), await Devnet.create({ genesis })];
    try {
      // Any code makes the builder write the parent hash into the contract's storage each block.
      for (const d of [fast, slow]) await d.setCode(HISTORY_CONTRACT, hexToBytes('0x00'));
      await fast.mine(5n, 1n, T0 + 10n);
      for (let i = 0n; i < 5n; i++) {
        slow.setNextBlockTimestamp(T0 + 10n + i);
        await slow.mine();
      }
      assert.deepEqual(await hashes(fast, 1n), await hashes(slow, 1n));
      // Ring slot 3 holds block 3's hash, written while block 4 was built.
      const slot = await fast.getStorageAt(HISTORY_CONTRACT, hexToBytes(`0x${'00'.repeat(31)}03`), 'latest');
      assert.equal(bytesToHex(slot), bytesToHex((await fast.getBlock(3n))!.hash()));
    } finally {
      await fast.close();
      await slow.close();
    }
  });

  it('evm_revert over empty and full blocks gives back the head and blocks as they were', async () => {
    const d = await Devnet.create({ genesis: { ...genesis, alloc: new Map() } });
    try {
      await d.mine(3n, 1n, T0 + 5n);
      const before = await hashes(d, 0n);
      const id = await d.snapshot();
      const [a] = d.accounts();
      await d.setBalance(a, 10n ** 18n);
      await d.sendTransaction({ from: a, to: new Address(new Uint8Array(20).fill(1)), value: 1n });
      await d.mine(4n, 1n);
      assert.equal(d.blockNumber(), 8n);
      assert.equal(await d.revert(id), true);
      assert.equal(d.blockNumber(), 3n);
      assert.deepEqual(await hashes(d, 0n), before);
      assert.equal(bytesToHex((await d.getBlock('latest'))!.hash()), before[3]);
    } finally {
      await d.close();
    }
  });
});
