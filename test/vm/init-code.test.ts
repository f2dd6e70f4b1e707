/** vm/wasm/init-code.ts: where a Wasm constructor module ends and its appended arguments begin. */
import assert from 'node:assert/strict';
import { ARGS_SECTION, constructorModule } from '../../vm/wasm/init-code.ts';
import { MemoryHost, WasmEngine } from '../../vm/index.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';

function custom(name: string): Uint8Array {
  const n = new TextEncoder().encode(name);
  return Uint8Array.from([0, n.length + 1, n.length, ...n]);
}

const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('Wasm init code: constructor arguments after the module', () => {
  const source = `(module
    (import "ethereum" "getCodeSize" (func $size (result i32)))
    (import "ethereum" "codeCopy" (func $copy (param i32 i32 i32)))
    (import "ethereum" "revert" (func $revert (param i32 i32)))
    (memory (export "memory") 1)
    (func (export "main")
      ;; revert with the last 3 bytes of the init code, to show codeCopy reaches past the module
      (call $copy (i32.const 0) (i32.sub (call $size) (i32.const 3)) (i32.const 3))
      (call $revert (i32.const 0) (i32.const 3))))`;

  it('ends the module after the ewasm.args section; without it the whole code is the module', async () => {
    const module = await watToWasm(source);
    const marked = concat(module, custom(ARGS_SECTION));
    const withArgs = concat(marked, Uint8Array.from([1, 2, 3]));
    assert.deepEqual(constructorModule(withArgs), marked);
    assert.deepEqual(constructorModule(module), module);
    assert.deepEqual(constructorModule(concat(module, custom('other'), Uint8Array.from([9]))).length, module.length + custom('other').length + 1);
    assert.deepEqual(constructorModule(Uint8Array.from([0, 0x61, 0x73])), Uint8Array.from([0, 0x61, 0x73]));
  });

  it('a constructor sees its arguments with codeCopy; the same bytes as a call are not a module', async () => {
    const module = await watToWasm(source);
    const code = concat(module, custom(ARGS_SECTION), Uint8Array.from([7, 8, 9]));
    const engine = new WasmEngine();
    const host = new MemoryHost(engine);
    const message = {
      kind: 'create' as const, isStatic: false, depth: 0, gas: 1_000_000n, recipient: new Uint8Array(20), sender: new Uint8Array(20),
      input: new Uint8Array(0), value: 0n, codeAddress: new Uint8Array(20), gasRefund: 0n,
    };
    const created = await engine.execute(message, code, host);
    assert.equal(created.status, 'revert');
    assert.deepEqual([...created.output], [7, 8, 9]);
    const called = await engine.execute({ ...message, kind: 'call' }, code, host);
    assert.equal(called.status, 'failure');
  });
});
