/**
 * What a default AssemblyScript build needs beyond the EEI: a start function (static
 * initialisation), run at the head of `main`, and `env.abort`, which fails the frame like a trap.
 */
import assert from 'node:assert/strict';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { WasmEngine } from '../../vm/index.ts';
import { importsFor, run, toHex } from '../helpers/contracts.ts';

/** `text` as an AssemblyScript string in a data segment at `at`: u32 byte length, then UTF-16LE. */
function asString(at: number, text: string): string {
  const bytes = Buffer.concat([Buffer.alloc(4), Buffer.from(text, 'utf16le')]);
  bytes.writeUInt32LE(bytes.length - 4, 0);
  const escaped = Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  return `(data (i32.const ${at - 4}) "${escaped}")`;
}

async function aborting(messagePtr: number, filePtr: number, pages = 1): Promise<Uint8Array> {
  return watToWasm(`(module ${importsFor(['env.abort'])}
    (memory (export "memory") ${pages})
    ${asString(64, 'boom')} ${asString(128, 'assembly/index.ts')}
    (func (export "main") (call $abort (i32.const ${messagePtr}) (i32.const ${filePtr}) (i32.const 12) (i32.const 5))))`);
}

describe('env.abort (AssemblyScript)', () => {
  it('fails the frame with the message and source position, consuming all gas', async () => {
    const { result, gasUsed } = await run(await aborting(64, 128), { gas: 50_000n });
    assert.equal(result.status, 'failure');
    assert.match(result.error!, /^abort: boom at assembly\/index\.ts:12:5( in |$)/);
    assert.equal(gasUsed, 50_000n);
  });

  it('leaves out a string whose pointer is null, out of bounds or has an odd or oversized length', async () => {
    assert.match((await run(await aborting(0, 0))).result.error!, /^abort at 12:5( in |$)/);
    assert.match((await run(await aborting(65540, 128))).result.error!, /^abort at assembly\/index\.ts:12:5/);
    assert.match((await run(await aborting(65536, 128))).result.error!, /^abort at assembly\/index\.ts:12:5/); // empty
    assert.match((await run(await aborting(-1, 2))).result.error!, /^abort at 12:5/);
    // Length word 0xffffffff before offset 4.
    const huge = await watToWasm(`(module ${importsFor(['env.abort'])} (memory (export "memory") 1)
      (data (i32.const 0) "\\ff\\ff\\ff\\ff")
      (func (export "main") (call $abort (i32.const 4) (i32.const 4) (i32.const -1) (i32.const 0))))`);
    assert.match((await run(huge)).result.error!, /^abort at 4294967295:0/);
  });

  it('cuts a very long message so the reason stays one line', async () => {
    const code = await watToWasm(`(module ${importsFor(['env.abort'])} (memory (export "memory") 1)
      ${asString(64, 'x'.repeat(2000))}
      (func (export "main") (call $abort (i32.const 64) (i32.const 0) (i32.const 1) (i32.const 1))))`);
    const { error } = (await run(code)).result;
    assert.match(error!, /^abort: x{256}… at 1:1/);
  });
});

describe('start functions', () => {
  it('run once before main, metered, and may call suspending host functions', async () => {
    // The start function reads storage (a suspending import) and adds 1 to the word at 0;
    // main adds 10 and returns it: one run of each gives 0x0b.
    const code = await watToWasm(`(module ${importsFor(['storageLoad', 'finish'])}
      (memory (export "memory") 1)
      (func $init
        (call $storageLoad (i32.const 64) (i32.const 0))
        (i32.store8 (i32.const 31) (i32.add (i32.load8_u (i32.const 31)) (i32.const 1))))
      (start $init)
      (func (export "main")
        (i32.store8 (i32.const 31) (i32.add (i32.load8_u (i32.const 31)) (i32.const 10)))
        (call $finish (i32.const 0) (i32.const 32))))`);
    const { result, gasUsed } = await run(code);
    assert.equal(result.status, 'success', result.error ?? '');
    assert.equal(toHex(result.output), '0b'.padStart(64, '0'));
    // Its storageLoad is charged: more than the same module without the start function.
    const without = await run(await watToWasm(`(module ${importsFor(['finish'])} (memory (export "memory") 1)
      (func (export "main") (call $finish (i32.const 0) (i32.const 32))))`));
    assert.ok(gasUsed > without.gasUsed + 800n, `${gasUsed} vs ${without.gasUsed}`);
  });

  it('an endless start function runs out of gas like main would', async () => {
    const code = await watToWasm(`(module (memory (export "memory") 1)
      (func $spin (loop (br 0))) (start $spin) (func (export "main")))`);
    const { result, gasUsed } = await run(code, { gas: 100_000n });
    assert.equal(result.status, 'outOfGas');
    assert.equal(gasUsed, 100_000n);
  });

  it('a trap in the start function fails the call (instantiation itself runs no contract code)', async () => {
    const code = await watToWasm(`(module (memory (export "memory") 1)
      (func $init unreachable) (start $init) (func (export "main")))`);
    const engine = new WasmEngine();
    engine.validate(code);
    const { result } = await run(code, { engine });
    assert.equal(result.status, 'failure');
    assert.match(result.error!, /^trap: unreachable/);
  });
});
