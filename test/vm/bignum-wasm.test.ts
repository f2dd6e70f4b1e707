/** The bignum functions implemented in Wasm (vm/eei/bignum.wat): built from their source, priced as their EVM opcodes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { BIGNUM_EVM_GAS } from '../../vm/eei/bignum.ts';
import { BIGNUM_WASM_GAS } from '../../vm/eei/bignum-wasm.ts';
import { GENERATED_PATH, generateBignumWasm } from '../../scripts/build-bignum-wasm.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { WasmEngine } from '../../vm/engine.ts';
import { run } from '../helpers/contracts.ts';

// a, b and n as 32-byte big-endian words (n has its top bit set and a small low part).
const CONTRACT_WORDS = 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100'
  + '123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0'
  + '800000000000000000000000000000000000000000000000000000000000013b';
const asWatString = (hex: string) => hex.replace(/../g, (byte) => `\\${byte}`);

// (a * b) mod n and a * b, both returned: the trampoline path (no tracer) and the JavaScript path a
// tracer uses must agree on output and gas, and the tracer must see each call.
const CONTRACT = `(module
  (import "bignum" "mulmod256" (func $mulmod (param i32 i32 i32 i32)))
  (import "bignum" "mul256" (func $mul (param i32 i32 i32)))
  (import "ethereum" "finish" (func $finish (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "${asWatString(CONTRACT_WORDS)}")
  (func (export "main")
    (call $mulmod (i32.const 0) (i32.const 32) (i32.const 64) (i32.const 96))
    (call $mul (i32.const 0) (i32.const 32) (i32.const 128))
    (call $finish (i32.const 96) (i32.const 64))))`;
const word = (b: Uint8Array, i: number) => BigInt(`0x${Buffer.from(b.subarray(32 * i, 32 * i + 32)).toString('hex')}`);

describe('bignum in Wasm', () => {
  it('charges each function its EVM opcode gas', () => {
    for (const [name, gas] of Object.entries(BIGNUM_WASM_GAS)) {
      assert.equal(gas, BIGNUM_EVM_GAS[name as keyof typeof BIGNUM_EVM_GAS], name);
    }
    // The WAT charges by constant: the table above must say what the source does.
    const wat = readFileSync(new URL('../../vm/eei/bignum.wat', import.meta.url), 'utf8');
    for (const [name, gas] of Object.entries(BIGNUM_WASM_GAS)) {
      assert.match(wat, new RegExp(`\\(export "${name}"\\)[^\\n]*\\n\\s*\\(call \\$charge \\(i64\\.const ${gas}\\)\\)`), name);
    }
  });

  it('gives the same results and gas whether linked as Wasm or called through JavaScript (tracing)', async () => {
    const code = await watToWasm(CONTRACT);
    const plain = await run(code);
    const engine = new WasmEngine();
    const seen: string[] = [];
    engine.tracer = (e) => seen.push(e.name);
    const traced = await run(code, { engine });
    const [a, b, n] = [0, 1, 2].map((i) => word(new Uint8Array(Buffer.from(CONTRACT_WORDS, 'hex')), i));
    for (const r of [plain, traced]) {
      assert.equal(r.result.status, 'success', r.result.error ?? '');
      assert.equal(word(r.result.output, 0), (a * b) % n);
      assert.equal(word(r.result.output, 1), (a * b) % (1n << 256n));
    }
    assert.equal(traced.gasUsed, plain.gasUsed);
    assert.deepEqual(seen, ['bignum.mulmod256', 'bignum.mul256', 'ethereum.finish']);
  });

  it('the committed binary is what bignum.wat compiles to', function () {
    if (spawnSync('wat2wasm', ['--version']).error !== undefined) {
      console.log('    wat2wasm not found: install the Debian package "wabt" to check vm/eei/bignum-wasm.generated.ts');
      this.skip();
    }
    assert.equal(readFileSync(GENERATED_PATH, 'utf8'), generateBignumWasm(),
      'vm/eei/bignum-wasm.generated.ts is stale: run node scripts/build-bignum-wasm.ts');
  });
});
