/**
 * geth's callTracer, 4byteTracer, noopTracer and muxTracer over Root (Solidity) → forwarder (Wasm)
 * → Leaf (Solidity): one tree whichever engine calls whichever.
 */
import assert from 'node:assert/strict';
import { bytesToHex } from '@ethereumjs/util';
import { encodeCall, uint256 } from '../../helpers/abi.ts';
import { traceChain, type TraceChain } from './fixture.ts';

interface Frame {
  type: string; from: string; to?: string; value?: string; gas: string; gasUsed: string; input: string; output?: string;
  error?: string; revertReason?: string; calls?: Frame[]; logs?: Array<{ address: string; topics: string[]; data: string; index: string; position: string }>;
}
interface StructLog { pc: number; op: string; gas: number; gasCost: number; depth: number; engine?: string }

/** Init code returning a one-byte runtime (STOP): PUSH1 1 PUSH1 12 PUSH1 0 CODECOPY PUSH1 1 PUSH1 0 RETURN STOP */
const STOP_CONTRACT_INIT = Uint8Array.from([0x60, 0x01, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, 0x01, 0x60, 0x00, 0xf3, 0x00]);
const hex = (n: bigint) => `0x${n.toString(16)}`;

describe('callTracer across engines', function () {
  this.timeout(120_000);
  let t: TraceChain;
  before(async () => {
    t = await traceChain();
  });
  after(() => t.chain.close());

  it('gives one tree of three frames with inputs, outputs, gas and logs in place', async () => {
    const hash = await t.go(21n);
    const receipt = (await t.chain.getReceipt(hash))!;
    const root = await t.chain.traceTransaction(hash, { tracer: 'callTracer', tracerConfig: { withLog: true } }) as unknown as Frame;
    // The top frame: the transaction's gas limit and the receipt's gasUsed, as geth reports them.
    assert.equal(root.type, 'CALL');
    assert.equal(root.from, t.from.toString());
    assert.equal(root.to, t.root.toString());
    assert.equal(root.gas, hex(1_000_000n));
    assert.equal(root.gasUsed, hex(receipt.gasUsed));
    assert.equal(root.input, bytesToHex(t.goData(21n)));
    assert.equal(root.output, bytesToHex(uint256(42n)));
    assert.equal(root.value, '0x0');
    const wasm = root.calls![0];
    assert.equal(root.calls!.length, 1);
    assert.deepEqual([wasm.type, wasm.from, wasm.to], ['CALL', t.root.toString(), t.forwarder.toString()]);
    assert.equal(wasm.input, bytesToHex(t.leaf.bytes) + bytesToHex(encodeCall('leaf(uint256)', 21n)).slice(2));
    assert.equal(wasm.output, bytesToHex(uint256(42n)));
    const leaf = wasm.calls![0];
    assert.deepEqual([leaf.type, leaf.from, leaf.to, leaf.input, leaf.output],
      ['CALL', t.forwarder.toString(), t.leaf.toString(), bytesToHex(encodeCall('leaf(uint256)', 21n)), bytesToHex(uint256(42n))]);
    assert.equal(leaf.calls, undefined);
    // Each frame's own logs, placed among its calls: Root logs after its call, the forwarder before.
    assert.deepEqual(leaf.logs!.map((l) => [l.address, l.data, l.position]), [[t.leaf.toString(), bytesToHex(uint256(21n)), '0x0']]);
    assert.deepEqual(wasm.logs!.map((l) => [l.address, l.topics, l.data, l.position]), [[t.forwarder.toString(), [], bytesToHex(t.leaf.bytes), '0x0']]);
    assert.deepEqual(root.logs!.map((l) => [l.address, l.position]), [[t.root.toString(), '0x1']]);
    // index: the log's place in the block, in the order they were emitted (forwarder, leaf, root).
    assert.deepEqual([wasm.logs![0].index, leaf.logs![0].index, root.logs![0].index], ['0x0', '0x1', '0x2']);
    assert.equal(receipt.logs.length, 3);

    // Gas: the struct logger's view of the same frames (first and last step of each) agrees.
    // Through JSON, as a client reads it (struct logs come streamed).
    const steps = (JSON.parse(JSON.stringify(await t.chain.traceTransaction(hash))) as { structLogs: StructLog[] }).structLogs;
    const leafSteps = steps.filter((s) => s.depth === 3);
    assert.equal(hex(BigInt(leafSteps[0].gas)), leaf.gas);
    const last = leafSteps[leafSteps.length - 1];
    assert.equal(last.op, 'RETURN');
    assert.equal(hex(BigInt(leafSteps[0].gas - last.gas + last.gasCost)), leaf.gasUsed);
    const wasmSteps = steps.filter((s) => s.depth === 2);
    assert.ok(wasmSteps.every((s) => s.engine === 'wasm'));
    assert.ok(BigInt(wasmSteps[0].gas) <= BigInt(wasm.gas) && BigInt(wasm.gasUsed) > BigInt(leaf.gasUsed));
    // The forwarder passes all but 10,000 of what getGasLeft reported (minus the calls in between).
    const gasLeft = wasmSteps.find((s) => s.op === 'ethereum.getGasLeft')!;
    const call = wasmSteps.find((s) => s.op === 'ethereum.call')!;
    assert.ok(BigInt(leaf.gas) <= BigInt(gasLeft.gas) - 10_000n && BigInt(leaf.gas) > BigInt(call.gas) - 10_000n - 20_000n);
  });

  it('reports a revert deep in the tree with geth\'s error, revert reason, and no logs of failed frames', async () => {
    const hash = await t.go(13n);
    assert.equal((await t.chain.getReceipt(hash))!.status, 0);
    const root = await t.chain.traceTransaction(hash, { tracer: 'callTracer', tracerConfig: { withLog: true } }) as unknown as Frame;
    assert.equal(root.error, 'execution reverted');
    assert.equal(root.revertReason, 'forwarder failed');
    const wasm = root.calls![0];
    const leaf = wasm.calls![0];
    assert.equal(leaf.error, 'execution reverted');
    assert.equal(leaf.revertReason, 'unlucky');
    // The forwarder passes the revert data on.
    assert.equal(wasm.error, 'execution reverted');
    assert.equal(wasm.revertReason, 'unlucky');
    assert.equal(root.logs, undefined);
    assert.equal(wasm.logs, undefined);
    assert.equal(leaf.logs, undefined);
  });

  it('onlyTopCall keeps the top frame and its own logs only', async () => {
    const hash = await t.go(5n);
    const root = await t.chain.traceTransaction(hash, { tracer: 'callTracer', tracerConfig: { onlyTopCall: true, withLog: true } }) as unknown as Frame;
    assert.equal(root.calls, undefined);
    assert.deepEqual(root.logs!.map((l) => [l.address, l.position]), [[t.root.toString(), '0x0']]);
    assert.equal(root.output, bytesToHex(uint256(10n)));
  });

  it('debug_traceCall traces without a transaction; a create frame names the new contract', async () => {
    const root = await t.chain.traceCall({ from: t.from, to: t.root, data: t.goData(7n), gas: 500_000n }, 'latest', { tracer: 'callTracer' }) as unknown as Frame;
    assert.equal(root.gas, hex(500_000n));
    assert.equal(root.output, bytesToHex(uint256(14n)));
    assert.equal(root.calls![0].calls![0].to, t.leaf.toString());
    const deploy = await t.chain.traceCall({ from: t.from, data: STOP_CONTRACT_INIT }, 'latest', { tracer: 'callTracer' }) as unknown as Frame;
    assert.equal(deploy.type, 'CREATE');
    assert.match(deploy.to!, /^0x[0-9a-f]{40}$/);
    assert.equal(deploy.output, '0x00');
  });

  it('4byteTracer counts selectors with their argument sizes, muxTracer runs several, noopTracer gives {}', async () => {
    const hash = await t.go(3n);
    const counts = await t.chain.traceTransaction(hash, { tracer: '4byteTracer' });
    const go = bytesToHex(t.goData(3n).subarray(0, 4));
    const leafSel = bytesToHex(encodeCall('leaf(uint256)', 3n).subarray(0, 4));
    // The forwarder's call data starts with the leaf's address, so geth would count those 4 bytes too.
    const fwd = bytesToHex(t.leaf.bytes.subarray(0, 4));
    assert.deepEqual(counts, { [`${go}-96`]: 1, [`${fwd}-52`]: 1, [`${leafSel}-32`]: 1 });
    const mux = await t.chain.traceTransaction(hash, { tracer: 'muxTracer', tracerConfig: { '4byteTracer': {}, callTracer: { onlyTopCall: true }, noopTracer: null } }) as Record<string, unknown>;
    assert.deepEqual(mux['4byteTracer'], counts);
    assert.equal((mux.callTracer as Frame).calls, undefined);
    assert.deepEqual(mux.noopTracer, {});
    assert.deepEqual(await t.chain.traceTransaction(hash, { tracer: 'noopTracer' }), {});
    await assert.rejects(t.chain.traceTransaction(hash, { tracer: 'opcodeTracer' }), /tracer "opcodeTracer" is not supported/);
  });
});
