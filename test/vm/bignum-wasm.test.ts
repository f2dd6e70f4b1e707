/** The bignum functions implemented in Wasm (vm/eei/bignum.wat): built from their source, priced as their EVM opcodes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { BIGNUM_EVM_GAS } from '../../vm/eei/bignum.ts';
import { BIGNUM_WASM_GAS } from '../../vm/eei/bignum-wasm.ts';
import { GENERATED_PATH, generateBignumWasm } from '../../scripts/build-bignum-wasm.ts';

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

  it('the committed binary is what bignum.wat compiles to', function () {
    if (spawnSync('wat2wasm', ['--version']).error !== undefined) {
      console.log('    wat2wasm not found: install the Debian package "wabt" to check vm/eei/bignum-wasm.generated.ts');
      this.skip();
    }
    assert.equal(readFileSync(GENERATED_PATH, 'utf8'), generateBignumWasm(),
      'vm/eei/bignum-wasm.generated.ts is stale: run node scripts/build-bignum-wasm.ts');
  });
});
