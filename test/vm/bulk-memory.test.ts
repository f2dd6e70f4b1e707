/**
 * Bulk memory (memory.fill, memory.copy, memory.init), accepted since default compiler builds use
 * it: metered like the EVM's MCOPY, 3 gas per 32-byte word on top of the instruction's base cost,
 * charged in full before any byte is written.
 */
import assert from 'node:assert/strict';
import { WASM_COSTS_V1 } from '../../vm/index.ts';
import { costTable } from '../../vm/gas/wasm-costs.ts';
import { OPCODES } from '../../vm/wasm/opcodes.ts';
import { ADDRESS, contract, run, word } from '../helpers/contracts.ts';

const base = (name: string) => costTable(WASM_COSTS_V1)[[...OPCODES.values()].find((o) => o.name === name)!.code];
const words = (n: number) => Math.ceil(n / 32);

/** Fills `n` bytes at 0 with 0x61 and returns the first 8 bytes. */
const fill = (n: number) => contract(['finish'],
  `(memory.fill (i32.const 0) (i32.const 0x61) (i32.const ${n})) (call $finish (i32.const 0) (i32.const 8))`);
const copy = (n: number) => contract(['finish'],
  `(memory.copy (i32.const 100) (i32.const 0) (i32.const ${n})) (call $finish (i32.const 100) (i32.const 8))`, '(data (i32.const 0) "abcdefgh")');

describe('bulk memory metering', () => {
  it('memory.fill of N bytes costs its base plus 3 gas per 32-byte word', async () => {
    assert.equal(WASM_COSTS_V1.bulkMemoryWord, 3);
    const zero = (await run(await fill(0))).gasUsed;
    for (const n of [1, 32, 33, 1000, 65536]) {
      const { result, gasUsed } = await run(await fill(n));
      assert.equal(result.status, 'success', result.error ?? '');
      assert.equal(gasUsed - zero, BigInt(3 * words(n)), `${n} bytes`);
      assert.equal(Buffer.from(result.output).toString(), 'aaaaaaaa'.slice(0, Math.min(n, 8)).padEnd(8, '\0'));
    }
    assert.ok(base('memory.fill') > 0);
  });

  it('memory.copy of N bytes costs the same per word, and copies', async () => {
    const zero = (await run(await copy(0))).gasUsed;
    const { result, gasUsed } = await run(await copy(8));
    assert.equal(Buffer.from(result.output).toString(), 'abcdefgh');
    assert.equal(gasUsed - zero, 3n);
    assert.equal((await run(await copy(4096))).gasUsed - zero, BigInt(3 * 128));
  });

  it('memory.init from a passive segment and data.drop run and are metered per word', async () => {
    const code = await contract(['finish'], `
      (memory.init $seg (i32.const 0) (i32.const 2) (i32.const 4)) (data.drop $seg)
      (call $finish (i32.const 0) (i32.const 4))`, '(data $seg "xyABCDz")');
    const { result } = await run(code);
    assert.equal(result.status, 'success', result.error ?? '');
    assert.equal(Buffer.from(result.output).toString(), 'ABCD');
    // Using a dropped segment traps, as Wasm specifies: a failure, all gas used.
    const dropped = await run(await contract([], `(data.drop $seg) (memory.init $seg (i32.const 0) (i32.const 0) (i32.const 1))`, '(data $seg "x")'), { gas: 5000n });
    assert.equal(dropped.result.status, 'failure');
    assert.match(dropped.result.error!, /out of bounds/);
    assert.equal(dropped.gasUsed, 5000n);
  });

  it('out of gas in a fill is charged before writing: exactly enough succeeds, one less leaves nothing behind', async () => {
    // Stores a slot first, then fills 64 KiB: with one gas too few the call ends outOfGas and the
    // slot write is undone with it — nothing of the call is observable.
    const code = await contract(['storageStore', 'finish'], `
      (i32.store8 (i32.const 31) (i32.const 1)) (call $storageStore (i32.const 32) (i32.const 0))
      (memory.fill (i32.const 0) (i32.const 0x61) (i32.const 65536)) (call $finish (i32.const 0) (i32.const 4))`);
    const enough = await run(code);
    assert.equal(enough.result.status, 'success', enough.result.error ?? '');
    const exact = await run(code, { gas: enough.gasUsed });
    assert.equal(exact.result.status, 'success');
    assert.equal(Buffer.from(exact.result.output).toString(), 'aaaa');
    assert.deepEqual(exact.host.getStorage(ADDRESS, word(0n)), word(1n));
    const short = await run(code, { gas: enough.gasUsed - 1n });
    assert.equal(short.result.status, 'outOfGas');
    assert.equal(short.gasUsed, enough.gasUsed - 1n);
    assert.deepEqual(short.result.output, new Uint8Array(0));
    assert.deepEqual(short.host.getStorage(ADDRESS, word(0n)), word(0n));
  });

  it('a fill or copy past the end of memory traps before writing anything', async () => {
    for (const body of ['(memory.fill (i32.const 65530) (i32.const 1) (i32.const 10))',
      '(memory.copy (i32.const 0) (i32.const 65530) (i32.const 10))']) {
      const { result, gasUsed } = await run(await contract([], body), { gas: 10_000n });
      assert.equal(result.status, 'failure');
      assert.match(result.error!, /trap: memory access out of bounds/);
      assert.equal(gasUsed, 10_000n);
    }
  });
});
