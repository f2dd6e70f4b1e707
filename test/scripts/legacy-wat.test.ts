/** Pre-2018 WAT instruction names (old Ewasm examples): exec and deployer read them like the current ones. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute } from '../../scripts/exec.ts';
import { modernizeWat } from '../../scripts/lib/wat-legacy.ts';

// An old-style Ewasm contract: returns the 8-byte i64 7 (extend_u/i32 → wrap/i64 → a global and back) and 4 bytes.
const OLD = `(module
  (import "ethereum" "finish" (func $finish (param i32 i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (table 1 anyfunc)
  (data (i32.const 64) "get_local and i64.extend_u/i32 in a string stay") ;; so does get_local in a comment
  (func (export "main") (local $x i64)
    (set_local $x (i64.extend_u/i32 (i32.const 7)))
    (set_global $g (i32.wrap/i64 (get_local $x)))
    (i64.store (i32.const 0) (i64.add (tee_local 0 (get_local $x)) (i64.extend_s/i32 (i32.const 0))))
    (drop (grow_memory (i32.const 0)))
    (drop (current_memory))
    (i32.store (i32.const 8) (get_global $g))
    (call $finish (i32.const 0) (i32.const 12))))`;

describe('legacy WAT instruction names', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'ewasm-legacy-wat-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('rewrites every renamed instruction and conversion, leaving strings and comments alone', () => {
    assert.equal(modernizeWat('(get_local 0) (set_local 1) (tee_local 2) (get_global 0) (set_global 0) current_memory grow_memory anyfunc'),
      '(local.get 0) (local.set 1) (local.tee 2) (global.get 0) (global.set 0) memory.size memory.grow funcref');
    assert.equal(modernizeWat('i64.extend_u/i32 i64.extend_s/i32 i32.wrap/i64 f64.convert_s/i64 i32.trunc_u/f64 f32.demote/f64 i32.reinterpret/f32 i32.trunc_s:sat/f32'),
      'i64.extend_i32_u i64.extend_i32_s i32.wrap_i64 f64.convert_i64_s i32.trunc_f64_u f32.demote_f64 i32.reinterpret_f32 i32.trunc_sat_f32_s');
    assert.equal(modernizeWat('(data "get_local \\" tee_local") ;; get_local\n(; set_local (; nested ;) ;) local.get'),
      '(data "get_local \\" tee_local") ;; get_local\n(; set_local (; nested ;) ;) local.get');
  });

  it('exec runs an old-style contract, and deployer-wrapped through --deploy', async () => {
    const file = join(dir, 'old.wat');
    await writeFile(file, OLD);
    const out = await execute(['--code', file]);
    assert.equal(out.status, 'success', out.error ?? '');
    assert.equal(out.returnData, '0x070000000000000007000000');
  });
});
