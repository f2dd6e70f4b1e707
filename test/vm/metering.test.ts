/** Gas metering and the stack limit: exact, deterministic, and bounding every kind of runaway code. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG, WasmEngine } from '../../vm/index.ts';
import { FRAME_BASE_COST } from '../../vm/instrument.ts';
import { costTable } from '../../vm/gas/wasm-costs.ts';
import { OPCODES } from '../../vm/wasm/opcodes.ts';
import { contract, run } from '../helpers/contracts.ts';

const execFileAsync = promisify(execFile);
const CLI = new URL('../../bin/ewasm-devnet.js', import.meta.url).pathname;
const costOf = (name: string) => {
  const op = [...OPCODES.values()].find((o) => o.name === name);
  assert.ok(op, name);
  return costTable(DEFAULT_CONFIG.wasm)[op.code];
};

// Sums 1..n where n is the first call-data byte.
const SUM_LOOP = `(local $n i32) (local $acc i32)
  (if (call $getCallDataSize) (then (call $callDataCopy (i32.const 0) (i32.const 0) (i32.const 1))))
  (local.set $n (i32.load8_u (i32.const 0)))
  (block $done (loop $next
    (br_if $done (i32.eqz (local.get $n)))
    (local.set $acc (i32.add (local.get $acc) (local.get $n)))
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (br $next)))
  (i32.store (i32.const 0) (local.get $acc))
  (call $finish (i32.const 0) (i32.const 4))`;

describe('metering', () => {
  it('charges the cost table for every instruction that runs', async () => {
    const { result, gasUsed } = await run(await contract([], '(drop (i64.mul (i64.const 6) (i64.const 7)))'));
    assert.equal(result.status, 'success');
    // Every frame pays for its instance first; the body then ends with `end`.
    const expected = DEFAULT_CONFIG.wasm.frame + 2 * costOf('i64.const') + costOf('i64.mul') + costOf('drop') + costOf('end');
    assert.equal(gasUsed, BigInt(expected));
  });

  it('a loop costs the same per iteration', async () => {
    const code = await contract(['getCallDataSize', 'callDataCopy', 'finish'], SUM_LOOP);
    const gas = async (n: number) => (await run(code, { input: Uint8Array.of(n) })).gasUsed;
    const [g10, g20, g30] = [await gas(10), await gas(20), await gas(30)];
    assert.ok(g20 > g10);
    assert.equal(g30 - g20, g20 - g10);
    // One iteration: br_if's test and the body up to `br`.
    const perIteration = ['local.get', 'i32.eqz', 'br_if', 'local.get', 'local.get', 'i32.add', 'local.set', 'local.get',
      'i32.const', 'i32.sub', 'local.set', 'br'].reduce((s, n) => s + costOf(n), 0);
    assert.equal((g20 - g10) / 10n, BigInt(perIteration));
  });

  it('the same call gives the same gas and result in 100 runs', async () => {
    const engine = new WasmEngine();
    const code = await contract(['getCallDataSize', 'callDataCopy', 'finish'], SUM_LOOP);
    const first = await run(code, { engine, input: Uint8Array.of(200) });
    assert.equal(Buffer.from(first.result.output).readUInt32LE(0), 20100);
    for (let i = 0; i < 100; i++) {
      const again = await run(code, { engine, input: Uint8Array.of(200) });
      assert.equal(again.gasUsed, first.gasUsed);
      assert.deepEqual(again.result.output, first.result.output);
    }
  });

  it('an infinite loop ends outOfGas using exactly the gas given', async () => {
    const { result, gasUsed } = await run(await contract([], '(loop $forever (br $forever))'), { gas: 1_234_567n });
    assert.equal(result.status, 'outOfGas');
    assert.equal(result.gasLeft, 0n);
    assert.equal(gasUsed, 1_234_567n);
  });

  it('a memory.grow loop ends out of gas and memory stops at the page limit', async () => {
    const before = process.memoryUsage().rss;
    const { result } = await run(await contract([], '(loop $grow (drop (memory.grow (i32.const 1))) (br $grow))'), { gas: 30_000_000n });
    assert.equal(result.status, 'outOfGas');
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024, 'resident memory grew by more than 64 MiB');

    const grown = await run(await contract(['finish'],
      '(loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) (i32.store (i32.const 0) (memory.size)) (call $finish (i32.const 0) (i32.const 4))'),
      { gas: 30_000_000n });
    assert.equal(grown.result.status, 'success', grown.result.error ?? '');
    assert.equal(Buffer.from(grown.result.output).readUInt32LE(0), DEFAULT_CONFIG.limits.maxMemoryPages);
  });

  it('an early return inside nested blocks returns from the function, not from the block', async () => {
    // Instrumentation rewrites `return` as a branch to the block wrapping the body.
    const code = await contract(['finish'], '(i32.store (i32.const 0) (i32.add (call $f (i32.const 1)) (call $f (i32.const 0)))) (call $finish (i32.const 0) (i32.const 4))',
      `(func $f (param i32) (result i32)
         (block (if (local.get 0) (then (block (return (i32.const 100)))))) (i32.const 2) (i32.const 3) (i32.add))`);
    const { result } = await run(code);
    assert.equal(Buffer.from(result.output).readUInt32LE(0), 105);
  });

  it('memory.grow costs its per-page price', async () => {
    const growBy = async (pages: number) => (await run(await contract([], `(drop (memory.grow (i32.const ${pages})))`))).gasUsed;
    assert.equal(await growBy(3) - await growBy(1), BigInt(2 * DEFAULT_CONFIG.wasm.memoryPage));
  });
});

describe('stack limit', () => {
  // Prints its depth, then recurses: the last line printed is the deepest frame that ran.
  const RECURSE = `(module
    (import "debug" "print32" (func $print32 (param i32)))
    (memory (export "memory") 1)
    (func (export "main") (call $r (i32.const 0)))
    (func $r (param $depth i32)
      (call $print32 (local.get $depth))
      (call $r (i32.add (local.get $depth) (i32.const 1)))))`;

  it('unbounded recursion fails at the same depth, from the limit and frame sizes', async () => {
    const { result, host } = await run(await (await import('../../scripts/lib/wat.ts')).watToWasm(RECURSE), { gas: 100_000_000n });
    assert.equal(result.status, 'failure');
    assert.equal(result.error, 'stack limit exceeded');
    // main: base + 1 operand; $r: base + 1 param + 2 operands.
    const main = FRAME_BASE_COST + 1;
    const frame = FRAME_BASE_COST + 1 + 2;
    const frames = Math.floor((DEFAULT_CONFIG.limits.stackLimit - main) / frame);
    assert.equal(host.debugLines.at(-1), `${frames - 1} (0x${(frames - 1).toString(16)})`);
  });

  it('two fresh processes give the same outcome, gas and depth for recursion and loops', async function () {
    this.timeout(120_000);
    const dir = await mkdtemp(join(tmpdir(), 'ewasm-determinism-'));
    try {
      await writeFile(join(dir, 'recurse.wat'), RECURSE);
      await writeFile(join(dir, 'sum.wat'), `(module
        (import "ethereum" "getCallDataSize" (func $getCallDataSize (result i32)))
        (import "ethereum" "callDataCopy" (func $callDataCopy (param i32 i32 i32)))
        (import "ethereum" "finish" (func $finish (param i32 i32)))
        (memory (export "memory") 1) (func (export "main") ${SUM_LOOP}))`);
      const once = async (file: string, input: string) => {
        const out = await execFileAsync(process.execPath, [CLI, 'exec', '--code', join(dir, file), '--input', input, '--gas', '50000000'])
          .catch((e: { stdout: string; stderr: string }) => e);
        return { json: JSON.parse(out.stdout), lastDebug: out.stderr.trim().split('\n').at(-1) };
      };
      const [a, b] = await Promise.all([once('recurse.wat', '0x'), once('recurse.wat', '0x')]);
      assert.equal(a.json.status, 'failure');
      assert.deepEqual(a, b);
      const [c, d] = await Promise.all([once('sum.wat', '0xff'), once('sum.wat', '0xff')]);
      assert.equal(c.json.status, 'success');
      assert.deepEqual(c, d);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
