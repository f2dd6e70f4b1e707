/** debug_replayBlock: every block of a chain of mixed Wasm and EVM transactions re-executes to the same receipts and state root. */
import assert from 'node:assert/strict';
import { Address, bytesToHex } from '@ethereumjs/util';
import { startRpcServer } from '../../rpc/server.ts';
import { encodeCall } from '../helpers/abi.ts';
import { traceChain } from './tracers/fixture.ts';

interface Replay {
  match: boolean;
  stateRoot: { expected: string; actual: string };
  receipts: Array<{ index: number; transactionHash: string; match: boolean; diff?: Record<string, { expected: string; actual: string }> }>;
}

describe('debug_replayBlock', function () {
  this.timeout(120_000);

  it('replays a chain of mixed Wasm/EVM blocks, several transactions to a block, to the same receipts and state roots', async () => {
    const t = await traceChain();
    const server = await startRpcServer(t.chain, { port: 0, log: () => {} });
    const replay = async (tag: string) => {
      const r = JSON.parse(JSON.stringify(await server.dispatch({ jsonrpc: '2.0', id: 1, method: 'debug_replayBlock', params: [tag] }))) as { result?: Replay; error?: { message: string } };
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      return r.result!;
    };
    try {
      await t.go(3n);
      // One block with an EVM → Wasm → EVM call, a failing one, a transfer, a direct Wasm call and an impersonated sender.
      t.chain.setAutomine(false);
      const whale = new Address(Buffer.from('00000000000000000000000000000000000beef1', 'hex'));
      await t.chain.setBalance(whale, 10n ** 20n);
      t.chain.impersonate(whale);
      const hashes = [
        await t.go(8n),
        await t.go(13n),
        await t.chain.sendTransaction({ from: t.from, to: whale, value: 12345n }),
        await t.chain.sendTransaction({ from: t.from, to: t.forwarder, data: Uint8Array.from([...t.leaf.bytes, ...encodeCall('leaf(uint256)', 9n)]), gas: 300_000n }),
        await t.chain.sendTransaction({ from: whale, to: t.root, data: t.goData(1n), gas: 1_000_000n }),
      ];
      await t.chain.mine();
      t.chain.setAutomine(true);
      const receipts = await Promise.all(hashes.map(async (h) => (await t.chain.getReceipt(h))!));
      assert.deepEqual(receipts.map((r) => r.status), [1, 0, 1, 1, 1]);
      assert.equal(new Set(receipts.map((r) => r.blockNumber)).size, 1);

      for (let n = 1n; n <= t.chain.blockNumber(); n++) {
        const r = await replay(`0x${n.toString(16)}`);
        assert.equal(r.match, true, `block ${n}: ${JSON.stringify(r)}`);
        assert.equal(r.stateRoot.actual, r.stateRoot.expected);
        assert.equal(r.stateRoot.expected, bytesToHex((await t.chain.getBlock(n))!.header.stateRoot));
      }
      const mixed = await replay(`0x${receipts[0].blockNumber.toString(16)}`);
      assert.deepEqual(mixed.receipts.map((r) => [r.transactionHash, r.match]), hashes.map((h) => [bytesToHex(h), true]));

      // A receipt that does not match what execution gives is reported with the field that differs.
      const stored = t.chain.store.receiptsOf(receipts[0].blockNumber)!;
      const gasUsed = stored[3].gasUsed;
      (stored[3] as { gasUsed: bigint }).gasUsed += 1n;
      const tampered = await replay(`0x${receipts[0].blockNumber.toString(16)}`);
      assert.equal(tampered.match, false);
      assert.deepEqual(tampered.receipts[3].diff, { gasUsed: { expected: String(gasUsed + 1n), actual: String(gasUsed) } });
      assert.equal(tampered.receipts[2].match, true);
    } finally {
      await server.close();
      await t.chain.close();
    }
  });
});
