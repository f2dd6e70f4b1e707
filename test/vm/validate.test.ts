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
  it('forbiddenFeature: SIMD, reference types, threads, multi-memory', async () => {
    await refused(`(module ${MEMORY} (func (export "main") (drop (v128.const i64x2 0 0))))`, 'forbiddenFeature', /SIMD/);
    await refused(`(module ${MEMORY} (func (export "main") (drop (ref.null func))))`, 'forbiddenFeature', /reference types/);
    await refused(`(module ${MEMORY} (table 1 funcref) (func (export "main") (drop (table.size 0))))`, 'forbiddenFeature', /table\.size \(reference types\)/);
    await refused(`(module ${MEMORY} ${MAIN} (table 1 funcref) (elem func 0))`, 'forbiddenFeature', /element segment 0 is passive/);
    await refused(`(module (memory (export "memory") 1 1 shared) ${MAIN})`, 'forbiddenFeature', /shared/);
    await refused(`(module (memory (export "memory") 1 1) (func (export "main") (drop (i32.atomic.load (i32.const 0)))))`, 'forbiddenFeature', /atomic instruction 0xfe 0x10 \(threads\)/);
  });
  it('floatInstruction: the saturating float-to-int conversions (non-trapping fptoint) stay refused', () =>
    refused(`(module ${MEMORY} (func (export "main") (drop (i32.trunc_sat_f32_s (f32.const 1)))))`, 'floatInstruction'));
  it('extraExport: the instrumenter\'s own export names are reserved, even for a global', () =>
    refused(`(module ${MEMORY} ${MAIN} (global (export "__ewasm_gas") i64 (i64.const 0)))`, 'extraExport', /__ewasm_gas/));

  it('accepts what default compiler builds use: bulk memory, data count, multi-value, exported globals, table index', async () => {
    // The shape of a default `cargo build --release --target wasm32-unknown-unknown` cdylib: 17
    // pages, __data_end/__heap_base exported, an explicit-table element segment, call_indirect
    // with its table byte, memory.copy/fill, a passive segment for memory.init (data count section).
    const code = await watToWasm(`(module ${importsFor(['finish'])}
      (type $pair (func (result i32 i64)))
      (type $through (func (param i32 i64) (result i32 i64)))
      (memory (export "memory") 17)
      (global $sp (mut i32) (i32.const 1048576))
      (global (export "__data_end") i32 (i32.const 1048600))
      (global (export "__heap_base") i32 (i32.const 1048608))
      (table 2 2 funcref)
      (elem (table 0) (i32.const 1) func $pair)
      (data (i32.const 1048576) "abc")
      (data $tail "xyz")
      (func $pair (type $pair) (i32.const 7) (i64.const 9))
      (func (export "main")
        (memory.fill (i32.const 0) (i32.const 0x61) (i32.const 4))
        (memory.copy (i32.const 4) (i32.const 1048576) (i32.const 3))
        (memory.init $tail (i32.const 7) (i32.const 0) (i32.const 3))
        (data.drop $tail)
        i32.const 1
        call_indirect (type $pair)
        block (type $through) end
        i64.const 9 i64.ne br_if 0
        i32.const 7 i32.ne br_if 0
        (call $finish (i32.const 0) (i32.const 10))))`);
    validateContract(code, DEFAULT_CONFIG);
    const { result } = await run(code);
    assert.equal(result.status, 'success', result.error ?? '');
    assert.equal(Buffer.from(result.output).toString(), 'aaaaabcxyz');
  });

  it('importNamespace: a namespace other than ethereum, bignum, debug, env', () =>
    refused(`(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) ${MEMORY} ${MAIN})`, 'importNamespace', /"wasi_snapshot_preview1"/));
  it('env holds only AssemblyScript\'s abort, with its exact signature', async () => {
    await refused(`(module (import "env" "memset" (func (param i32 i32 i32))) ${MEMORY} ${MAIN})`, 'importUnknown', /"env"\."memset"/);
    await refused(`(module (import "env" "abort" (func)) ${MEMORY} ${MAIN})`, 'importSignature', /\(i32, i32, i32, i32\) -> \(\)/);
    await refused(`(module (import "env" "toString" (func)) ${MEMORY} ${MAIN})`, 'importUnknown');
    await refused(`(module (import "constructor" "abort" (func)) ${MEMORY} ${MAIN})`, 'importNamespace');
  });
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
  it('extraExport: a function or table exported besides main and memory', async () => {
    await refused(`(module ${MEMORY} ${MAIN} (func (export "helper")))`, 'extraExport', /"helper"/);
    await refused(`(module ${MEMORY} ${MAIN} (table (export "t") 1 funcref))`, 'extraExport', /"t"/);
  });
  it('startFunction: a start function that is main itself (it would call itself)', () =>
    refused(`(module ${MEMORY} (func $main (export "main")) (start $main))`, 'startFunction', /may not be "main"/));
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
