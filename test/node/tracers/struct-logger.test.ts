/** geth's default struct logger and its options, and the debug_trace* methods over JSON-RPC. */
import assert from 'node:assert/strict';
import { bytesToHex } from '@ethereumjs/util';
import { startRpcServer, type RpcServer } from '../../../rpc/server.ts';
import { uint256 } from '../../helpers/abi.ts';
import { traceChain, type TraceChain } from './fixture.ts';

interface Step {
  pc: number; op: string; gas: number; gasCost: number; depth: number; engine?: string;
  stack?: string[]; memory?: string[]; storage?: Record<string, string>; returnData?: string; refund?: number;
}
interface StructTrace { gas: number; failed: boolean; returnValue: string; structLogs: Step[] }

describe('struct logger and debug_trace* over JSON-RPC', function () {
  this.timeout(120_000);
  let t: TraceChain;
  let server: RpcServer;
  let hash: Uint8Array;
  const call = async (method: string, ...params: unknown[]) => {
    // Through JSON text, as a client receives it (a streamed result becomes its value).
    const r = await server.dispatch({ jsonrpc: '2.0', id: 1, method, params });
    return JSON.parse(JSON.stringify(r)) as { result?: unknown; error?: { code: number; message: string } };
  };
  before(async () => {
    t = await traceChain();
    server = await startRpcServer(t.chain, { port: 0, log: () => {} });
    hash = await t.go(21n);
  });
  after(async () => {
    await server.close();
    await t.chain.close();
  });

  it('default: opcodes with stack and storage on SLOAD/SSTORE, host calls for the Wasm frame', async () => {
    const trace = (await call('debug_traceTransaction', bytesToHex(hash))).result as StructTrace;
    assert.equal(trace.failed, false);
    assert.equal(BigInt(trace.gas), (await t.chain.getReceipt(hash))!.gasUsed);
    assert.equal(trace.returnValue, bytesToHex(uint256(42n)));
    const sstore = trace.structLogs.find((s) => s.op === 'SSTORE' && s.depth === 3)!;
    const key = '0'.repeat(64);
    assert.deepEqual(sstore.storage, { [key]: (21).toString(16).padStart(64, '0') });
    assert.equal(sstore.stack!.at(-1), '0x0');
    assert.equal(trace.structLogs[0].op, 'PUSH1');
    assert.equal(trace.structLogs[1].gas, trace.structLogs[0].gas - trace.structLogs[0].gasCost);
    assert.equal(trace.structLogs.some((s) => 'memory' in s || 'returnData' in s), false);
    const host = trace.structLogs.filter((s) => s.engine === 'wasm');
    assert.deepEqual(host.slice(0, 4).map((s) => [s.op, s.depth]), [['ethereum.getCallDataSize', 2], ['ethereum.callDataCopy', 2], ['ethereum.storageStore', 2], ['ethereum.log', 2]]);
    // Each host call carries what it charged, and the contract function that made it (name section).
    assert.ok(host[2].gasCost > 0);
    const byFunction = host.map((s) => [s.op, (s as { function?: string }).function]);
    assert.deepEqual(byFunction.find(([op]) => op === 'ethereum.call'), ['ethereum.call', 'forward']);
    assert.deepEqual(byFunction.find(([op]) => op === 'ethereum.storageStore'), ['ethereum.storageStore', 'wasm-function[11]']);
  });

  it('disableStack, disableStorage, enableMemory, enableReturnData and limit', async () => {
    const trace = (await call('debug_traceTransaction', bytesToHex(hash), {
      disableStack: true, disableStorage: true, enableMemory: true, enableReturnData: true,
    })).result as StructTrace;
    assert.equal(trace.structLogs.some((s) => s.stack !== undefined || s.storage !== undefined), false);
    const mstore = trace.structLogs.findIndex((s) => s.op === 'MSTORE');
    assert.deepEqual(trace.structLogs[mstore + 1].memory!.slice(2, 3), [(0x80).toString(16).padStart(64, '0')]);
    // After Root's call returns, RETURNDATASIZE sees the forwarder's output as returnData.
    const afterCall = trace.structLogs.find((s) => s.depth === 1 && s.op === 'RETURNDATASIZE')!;
    assert.equal(afterCall.returnData, bytesToHex(uint256(42n)));
    const limited = (await call('debug_traceTransaction', bytesToHex(hash), { limit: 7 })).result as StructTrace;
    assert.equal(limited.structLogs.length, 7);
  });

  it('debug_traceBlockByNumber and debug_traceBlockByHash: [{ txHash, result }] for each transaction', async () => {
    const receipt = (await t.chain.getReceipt(hash))!;
    const byNumber = (await call('debug_traceBlockByNumber', `0x${receipt.blockNumber.toString(16)}`, { tracer: 'callTracer' })).result as Array<{ txHash: string; result: { to: string } }>;
    assert.deepEqual(byNumber.map((r) => [r.txHash, r.result.to]), [[bytesToHex(hash), t.root.toString()]]);
    const byHash = (await call('debug_traceBlockByHash', bytesToHex(receipt.blockHash), { tracer: 'callTracer' })).result;
    assert.deepEqual(byHash, byNumber);
    const latest = (await call('debug_traceBlockByNumber', 'latest', { tracer: '4byteTracer' })).result as unknown[];
    assert.equal(latest.length, 1);
  });

  it('a large struct log streams over HTTP: chunked transfer encoding, many chunks, the whole trace', async () => {
    // 10,000 rounds of a 7-opcode loop: 70,000 steps, several MB of JSON.
    const loop = Uint8Array.from([0x61, 0x27, 0x10, 0x5b, 0x60, 0x01, 0x90, 0x03, 0x80, 0x60, 0x03, 0x57, 0x00]);
    const target = t.chain.accounts()[5];
    await t.chain.setCode(target, loop);
    const txHash = await t.chain.sendTransaction({ from: t.from, to: target, gas: 1_000_000n });
    const response = await fetch(server.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'debug_traceTransaction', params: [bytesToHex(txHash), { enableMemory: true }] }),
    });
    assert.equal(response.headers.get('transfer-encoding'), 'chunked');
    assert.equal(response.headers.get('content-length'), null);
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for await (const piece of response.body!) {
      chunks++;
      text += decoder.decode(piece, { stream: true });
    }
    assert.ok(text.length > 2_000_000, `${text.length} bytes`);
    assert.ok(chunks > 10, `${chunks} chunks`);
    const body = JSON.parse(text) as { id: number; result: StructTrace };
    assert.equal(body.id, 7);
    assert.equal(body.result.structLogs.length, 1 + 10_000 * 7 + 1);
    assert.equal(body.result.structLogs.at(-1)!.op, 'STOP');
  });

  it('debug_traceCall with a tracer; bad options are refused with a message', async () => {
    const r = (await call('debug_traceCall', { from: t.from.toString(), to: t.root.toString(), data: bytesToHex(t.goData(2n)) }, 'latest', { tracer: 'callTracer' })).result as { output: string };
    assert.equal(r.output, bytesToHex(uint256(4n)));
    const unknown = await call('debug_traceTransaction', bytesToHex(hash), { tracer: 'nosuchTracer' });
    assert.equal(unknown.error?.code, -32000);
    assert.match(unknown.error!.message, /tracer "nosuchTracer" is not supported/);
    const badLimit = await call('debug_traceTransaction', bytesToHex(hash), { limit: 'ten' });
    assert.equal(badLimit.error?.code, -32602);
    assert.match(badLimit.error!.message, /options\.limit/);
    const missing = await call('debug_traceTransaction', bytesToHex(new Uint8Array(32)));
    assert.match(missing.error!.message, /transaction not found/);
  });
});
