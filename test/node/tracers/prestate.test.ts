/** geth's prestateTracer, plain and in diffMode, over Root (Solidity) → forwarder (Wasm) → Leaf (Solidity). */
import assert from 'node:assert/strict';
import { bigIntToHex, bytesToHex } from '@ethereumjs/util';
import { uint256 } from '../../helpers/abi.ts';
import { traceChain, type TraceChain } from './fixture.ts';

interface AccountJson { balance?: string; nonce?: number; code?: string; storage?: Record<string, string> }
type Prestate = Record<string, AccountJson>;

const SLOT0 = bytesToHex(uint256(0n));
const word = (n: bigint) => bytesToHex(uint256(n));

describe('prestateTracer across engines', function () {
  this.timeout(120_000);
  let t: TraceChain;
  before(async () => {
    t = await traceChain();
  });
  after(() => t.chain.close());

  it('gives every touched account and slot as it was before the transaction, Wasm storage included', async () => {
    const first = await t.go(4n);
    const hash = await t.go(21n);
    const block = (await t.chain.getReceipt(hash))!.blockNumber;
    const pre = await t.chain.traceTransaction(hash, { tracer: 'prestateTracer' }) as Prestate;
    const sender = pre[t.from.toString()];
    assert.equal(sender.balance, bigIntToHex(await t.chain.getBalance(t.from, block - 1n)));
    assert.equal(sender.nonce, Number(await t.chain.getTransactionCount(t.from, block - 1n)));
    assert.equal(sender.code, undefined);
    // The values the first call (x = 4) left: Root's total 8, the forwarder's 1, Leaf's last 4.
    assert.deepEqual(pre[t.root.toString()].storage, { [SLOT0]: word(8n) });
    assert.deepEqual(pre[t.forwarder.toString()].storage, { [SLOT0]: word(1n) });
    assert.deepEqual(pre[t.leaf.toString()].storage, { [SLOT0]: word(4n) });
    assert.equal(pre[t.forwarder.toString()].code, bytesToHex(await t.chain.getCode(t.forwarder, 'latest')));
    assert.equal(pre[t.forwarder.toString()].nonce, 1);
    assert.ok(first);
  });

  it('diffMode: only what changed, before and after; unchanged slots left out of both', async () => {
    const hash = await t.go(6n);
    const receipt = (await t.chain.getReceipt(hash))!;
    const block = receipt.blockNumber;
    const { pre, post } = await t.chain.traceTransaction(hash, { tracer: 'prestateTracer', tracerConfig: { diffMode: true } }) as unknown as { pre: Prestate; post: Prestate };
    const total = BigInt((pre[t.root.toString()].storage ?? {})[SLOT0] ?? '0x0');
    assert.deepEqual(post[t.root.toString()], { storage: { [SLOT0]: word(total + 12n) } });
    assert.deepEqual(post[t.leaf.toString()], { storage: { [SLOT0]: word(6n) } });
    // The forwarder wrote 1 over 1: no change, so it is in neither side.
    assert.equal(post[t.forwarder.toString()], undefined);
    assert.equal(pre[t.forwarder.toString()], undefined);
    assert.equal(post[t.from.toString()].nonce, Number(await t.chain.getTransactionCount(t.from, block)));
    assert.equal(post[t.from.toString()].balance, bigIntToHex(await t.chain.getBalance(t.from, block)));
    assert.equal(pre[t.from.toString()].balance, bigIntToHex(await t.chain.getBalance(t.from, block - 1n)));
    // Pre-state of a changed contract carries its code, and only its changed slots.
    assert.deepEqual(Object.keys(pre[t.leaf.toString()].storage!), [SLOT0]);
    assert.ok(pre[t.leaf.toString()].code!.startsWith('0x6080'));
  });

  it('a contract created by the transaction is not in the prestate; in diffMode it is only in post', async () => {
    // PUSH1 42 PUSH1 0 SSTORE, then CODECOPY the last byte (STOP, at 17) and return it as the runtime.
    const init = Uint8Array.from([0x60, 0x2a, 0x60, 0x00, 0x55, 0x60, 0x01, 0x60, 0x11, 0x60, 0x00, 0x39, 0x60, 0x01, 0x60, 0x00, 0xf3, 0x00]);
    const hash = await t.chain.sendTransaction({ from: t.from, data: init });
    const created = (await t.chain.getReceipt(hash))!.contractAddress!.toString();
    const pre = await t.chain.traceTransaction(hash, { tracer: 'prestateTracer' }) as Prestate;
    assert.equal(pre[created], undefined);
    const diff = await t.chain.traceTransaction(hash, { tracer: 'prestateTracer', tracerConfig: { diffMode: true } }) as unknown as { pre: Prestate; post: Prestate };
    assert.equal(diff.pre[created], undefined);
    assert.deepEqual(diff.post[created], { code: '0x00', nonce: 1, storage: { [SLOT0]: word(42n) } });
  });
});
