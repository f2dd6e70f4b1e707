/** `ewasm-devnet exec` and `deployer` as a user runs them: a separate process, JSON out, exit codes. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { watToWasm } from '../scripts/lib/wat.ts';
import { compileAssemblyScript } from '../scripts/lib/assemblyscript.ts';

const execFileAsync = promisify(execFile);
const CLI = new URL('../bin/ewasm-devnet.js', import.meta.url).pathname;
const COUNTER = new URL('../examples/counter.wat', import.meta.url).pathname;
const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}`;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> & { status: string; gasUsed: string; returnData: string; storage: Record<string, string>; error?: string };
}

async function cli(...args: string[]): Promise<CliRun> {
  const done = await execFileAsync(process.execPath, [CLI, ...args])
    .then((r) => ({ ...r, code: 0 }))
    .catch((e: { stdout: string; stderr: string; code: number }) => e);
  const firstLine = done.stdout.split('\n')[0];
  return { code: done.code, stdout: done.stdout, stderr: done.stderr, json: firstLine.startsWith('{') ? JSON.parse(firstLine) : undefined! };
}

describe('ewasm-devnet exec', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'ewasm-cli-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('runs a WAT contract and prints status, gas, return data, logs and storage', async () => {
    const r = await cli('exec', '--code', COUNTER);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.status, 'success');
    assert.equal(r.json.returnData, word(1n));
    assert.deepEqual(r.json.storage, { [word(0n)]: word(1n) });
    assert.deepEqual(r.json.logs, [{ address: '0x0000000000000000000000007265636569766572', topics: [], data: word(1n) }]);
    assert.match(r.json.gasUsed, /^0x[0-9a-f]+$/);
  });

  it('takes initial storage, binary code and hex code', async () => {
    const storage = join(dir, 'storage.json');
    await writeFile(storage, JSON.stringify({ '0x00': '0x29' }));
    const wasm = join(dir, 'counter.wasm');
    await writeFile(wasm, await watToWasm(await readFile(COUNTER, 'utf8')));
    const fromFile = await cli('exec', '--code', wasm, '--storage', storage);
    assert.equal(fromFile.json.returnData, word(42n));
    const hex = `0x${(await readFile(wasm)).toString('hex')}`;
    const fromHex = await cli('exec', '--code', hex, '--storage', storage);
    assert.deepEqual(fromHex.json, fromFile.json);
  });

  it('deploys with --deploy: the constructor\'s storage and the runtime code it returns, which then runs', async () => {
    const runtime = await watToWasm(await readFile(COUNTER, 'utf8'));
    const bytes = Array.from(runtime, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
    // A hand-written constructor: sets the counter to 41, then returns the runtime code.
    const ctor = join(dir, 'counter-init.wat');
    await writeFile(ctor, `(module
      (import "ethereum" "storageStore" (func $store (param i32 i32)))
      (import "ethereum" "finish" (func $finish (param i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 63) "\\29")
      (data (i32.const 64) "${bytes}")
      (func (export "main")
        (call $store (i32.const 0) (i32.const 32))
        (call $finish (i32.const 64) (i32.const ${runtime.length}))))`);
    const deployed = await cli('exec', '--deploy', '--code', ctor);
    assert.equal(deployed.code, 0, deployed.stdout);
    assert.equal(deployed.json.returnData, `0x${Buffer.from(runtime).toString('hex')}`);
    assert.deepEqual(deployed.json.storage, { [word(0n)]: word(41n) });

    const storage = join(dir, 'after-deploy.json');
    await writeFile(storage, JSON.stringify(deployed.json.storage));
    const called = await cli('exec', '--code', deployed.json.returnData, '--storage', storage);
    assert.equal(called.json.returnData, word(42n));
  });

  it('deployer wraps runtime code in a constructor that --deploy turns back into the same code', async () => {
    const out = join(dir, 'counter.deploy.wasm');
    const wrapped = await cli('deployer', '--code', COUNTER, '--out', out);
    assert.equal(wrapped.code, 0, wrapped.stderr);
    const deployed = await cli('exec', '--deploy', '--code', out);
    const runtime = await watToWasm(await readFile(COUNTER, 'utf8'));
    assert.equal(deployed.json.returnData, `0x${Buffer.from(runtime).toString('hex')}`);
    assert.equal((await cli('exec', '--code', deployed.json.returnData)).json.returnData, word(1n));
  });

  it('an AssemblyScript contract deploys with --deploy and then runs', async () => {
    const runtime = await compileAssemblyScript(new URL('./contracts/counter.as.ts', import.meta.url).pathname);
    const wasm = join(dir, 'counter-as.wasm');
    await writeFile(wasm, runtime);
    const ctor = join(dir, 'counter-as.deploy.wasm');
    assert.equal((await cli('deployer', '--code', wasm, '--out', ctor)).code, 0);
    const deployed = await cli('exec', '--deploy', '--code', ctor);
    assert.equal(deployed.code, 0, deployed.stdout);
    assert.equal(deployed.json.returnData, `0x${Buffer.from(runtime).toString('hex')}`);
    // Selector 0x00 adds the big-endian u64 that follows; the counter starts at 5 in storage.
    const storage = join(dir, 'as-storage.json');
    await writeFile(storage, JSON.stringify({ '0x00': '0x05' }));
    const added = await cli('exec', '--code', deployed.json.returnData, '--storage', storage, '--input', '0x000000000000000007');
    assert.equal(added.json.status, 'success', added.json.error ?? '');
    assert.deepEqual(added.json.storage, { [word(0n)]: word(12n) });
  });

  it('a refused module prints status failure with the reason and exits 2', async () => {
    const r = await cli('exec', '--code', '0x0061736d01000000');
    assert.equal(r.code, 2);
    assert.equal(r.json.status, 'failure');
    assert.match(r.json.error!, /noMain/);
    const notWasm = await cli('exec', '--code', '0x6080604052');
    assert.equal(notWasm.code, 2);
    assert.match(notWasm.json.error!, /notWasm/);
  });

  it('a constructor that returns something other than a valid contract fails with exit 2', async () => {
    const ctor = join(dir, 'bad-init.wat');
    await writeFile(ctor, `(module (import "ethereum" "finish" (func $finish (param i32 i32))) (memory (export "memory") 1)
      (data (i32.const 0) "\\60\\80") (func (export "main") (call $finish (i32.const 0) (i32.const 2))))`);
    const r = await cli('exec', '--deploy', '--code', ctor);
    assert.equal(r.code, 2);
    assert.match(r.json.error!, /constructor returned an invalid contract/);
  });

  it('reverts and out-of-gas exit 1 with their status; bad arguments exit 2', async () => {
    const oog = await cli('exec', '--code', COUNTER, '--gas', '100');
    assert.equal(oog.code, 1);
    assert.equal(oog.json.status, 'outOfGas');
    assert.equal(oog.json.gasUsed, '0x64');
    const bad = await cli('exec', '--code', COUNTER, '--input', 'zz');
    assert.equal(bad.code, 2);
    assert.match(bad.json.error!, /--input/);
    const unknown = await cli('exec', '--code', COUNTER, '--frobnicate');
    assert.equal(unknown.code, 2);
    const wat = join(dir, 'broken.wat');
    await writeFile(wat, '(module (func');
    assert.equal((await cli('exec', '--code', wat)).code, 2);
  });

  it('prints debug output on stderr, never in the result', async () => {
    const wat = join(dir, 'debug.wat');
    await writeFile(wat, `(module (import "debug" "printMem" (func $p (param i32 i32))) (memory (export "memory") 1)
      (data (i32.const 0) "hello") (func (export "main") (call $p (i32.const 0) (i32.const 5))))`);
    const r = await cli('exec', '--code', wat);
    assert.equal(r.json.status, 'success');
    assert.match(r.stderr, /debug: hello/);
    assert.doesNotMatch(r.stdout, /hello/);
  });
});
