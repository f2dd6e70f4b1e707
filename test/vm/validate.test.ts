/** The Ewasm policy: every reason a module is refused, and what it accepts. */
import assert from 'node:assert/strict';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { DEFAULT_CONFIG, validateContract, ValidationError, WasmEngine, type ValidationReason } from '../../vm/index.ts';
import { importsFor, run } from '../helpers/contracts.ts';

const MEMORY = '(memory (export "memory") 1)';
const MAIN = '(func (export "main"))';

async function refused(source: string | Uint8Array, reason: ValidationReason, message?: RegExp): Promise<void> {
  const code = typeof source === 'string' ? await watToWasm(source) : source;
  // What deployment runs: the policy, instrumentation and V8's own validation.
  assert.throws(() => new WasmEngine().validate(code), (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected a ValidationError, got ${e}`);
    assert.equal(e.reason, reason, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
  if (reason === 'notWasm') return; // such code is EVM bytecode, for the EVM adapter
  // The engine refuses it the same way at run time: failure, all gas used, the reason in `error`.
  const { result, gasUsed } = await run(code, { gas: 12_345n });
  assert.equal(result.status, 'failure');
  assert.match(result.error!, new RegExp(`\\(${reason}\\)`));
  assert.equal(gasUsed, 12_345n);
}

describe('Ewasm contract validation', () => {
  it('accepts a minimal contract, the debug and bignum namespaces and sign-extension ops', async () => {
    const code = await watToWasm(`(module ${importsFor(['useGas', 'debug.print32'])} ${MEMORY}
      (func (export "main") (call $print32 (i32.extend8_s (i32.const 255)))))`);
    validateContract(code, DEFAULT_CONFIG);
  });

  it('notWasm: code without the \\0asm preamble', () => refused(Uint8Array.from([0x60, 0x80, 0x60, 0x40]), 'notWasm'));
  it('malformed: a wrong version', () => refused(Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), 'malformed', /version/));
  it('malformed: a truncated section', () => refused(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 10, 1]), 'malformed'));
  it('malformed: an unknown opcode', async () => {
    const ok = await watToWasm(`(module ${MEMORY} (func (export "main") nop))`);
    const bad = ok.slice();
    bad[bad.lastIndexOf(0x01)] = 0xff; // the nop
    await refused(bad, 'malformed', /illegal opcode/);
  });

  it('floatType: f64 in a signature, a local or a global', async () => {
    await refused(`(module ${MEMORY} ${MAIN} (func (param f64)))`, 'floatType');
    await refused(`(module ${MEMORY} (func (export "main") (local f32)))`, 'floatType');
    await refused(`(module ${MEMORY} ${MAIN} (global f32 (f32.const 0)))`, 'floatType');
  });
  it('floatInstruction: float arithmetic, loads, reinterpretation', async () => {
    await refused(`(module ${MEMORY} (func (export "main") (drop (f32.const 1))))`, 'floatInstruction');
    await refused(`(module ${MEMORY} (func (export "main") (drop (i32.reinterpret_f32 (f32.load (i32.const 0))))))`, 'floatInstruction');
    await refused(`(module ${MEMORY} (func (export "main") (drop (i64.trunc_f64_s (f64.const 1)))))`, 'floatInstruction');
  });
  it('forbiddenFeature: SIMD, bulk memory, reference types, multi-value', async () => {
    await refused(`(module ${MEMORY} (func (export "main") (drop (v128.const i64x2 0 0))))`, 'forbiddenFeature');
    await refused(`(module ${MEMORY} (func (export "main") (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))`, 'forbiddenFeature', /bulk memory/);
    await refused(`(module ${MEMORY} (func (export "main") (drop (ref.null func))))`, 'forbiddenFeature');
    await refused(`(module ${MEMORY} ${MAIN} (func (result i32 i32) (i32.const 0) (i32.const 1)))`, 'forbiddenFeature', /multi-value/);
    await refused(`(module (memory (export "memory") 1 1 shared) ${MAIN})`, 'forbiddenFeature');
  });

  it('importNamespace: a namespace other than ethereum, bignum, debug', () =>
    refused(`(module (import "env" "abort" (func)) ${MEMORY} ${MAIN})`, 'importNamespace', /"env"/));
  it('importUnknown: a name the namespace does not have', () =>
    refused(`(module (import "ethereum" "getBalance" (func (param i32 i32))) ${MEMORY} ${MAIN})`, 'importUnknown', /getBalance/));
  it('importSignature: a known name with the wrong type', () =>
    refused(`(module (import "ethereum" "useGas" (func (param i32))) ${MEMORY} ${MAIN})`, 'importSignature', /\(i64\) -> \(\)/));
  it('importKind: importing a memory or a global', async () => {
    await refused(`(module (import "ethereum" "memory" (memory 1)) (export "memory" (memory 0)) ${MAIN})`, 'importKind');
    await refused(`(module (import "ethereum" "gas" (global i64)) ${MEMORY} ${MAIN})`, 'importKind');
  });

  it('noMain: no main export', () => refused(`(module ${MEMORY})`, 'noMain'));
  it('mainSignature: main with parameters, a result, or not a function', async () => {
    await refused(`(module ${MEMORY} (func (export "main") (param i32)))`, 'mainSignature');
    await refused(`(module ${MEMORY} (func (export "main") (result i32) (i32.const 0)))`, 'mainSignature');
    await refused(`(module (memory (export "main") 1) (export "memory" (memory 0)))`, 'mainSignature');
  });
  it('noMemory: no memory export', () => refused(`(module (memory 1) ${MAIN})`, 'noMemory'));
  it('extraExport: anything exported besides main and memory', () =>
    refused(`(module ${MEMORY} ${MAIN} (func (export "helper")))`, 'extraExport', /"helper"/));
  it('startFunction: a start section', () => refused(`(module ${MEMORY} ${MAIN} (func $s) (start $s))`, 'startFunction'));
  it('memoryLimit: initial or maximum memory above the limit', async () => {
    const limit = DEFAULT_CONFIG.limits.maxMemoryPages;
    await refused(`(module (memory (export "memory") ${limit + 1}) ${MAIN})`, 'memoryLimit', new RegExp(`${limit} pages`));
    await refused(`(module (memory (export "memory") 1 ${limit + 1}) ${MAIN})`, 'memoryLimit');
  });
  it('tableLimit: a table above the limit', () =>
    refused(`(module ${MEMORY} ${MAIN} (table ${DEFAULT_CONFIG.limits.maxTableSize + 1} funcref))`, 'tableLimit'));
  it('invalid: a module V8 refuses (type error in code)', () =>
    refused(Uint8Array.from([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      1, 4, 1, 0x60, 0, 0, // type () -> ()
      3, 2, 1, 0, // one function
      5, 3, 1, 0, 1, // memory 1
      7, 17, 2, 4, ...Buffer.from('main'), 0, 0, 6, ...Buffer.from('memory'), 2, 0,
      10, 5, 1, 3, 0, 0x6a, 0x0b, // body: i32.add on an empty stack
    ]), 'invalid'));
});
