/** `ewasm-devnet build` as a user runs it: artifacts on disk, progress on stdout, compiler-style errors. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { watToWasm } from '../../scripts/lib/wat.ts';

const CLI = fileURLToPath(new URL('../../scripts/cli.ts', import.meta.url));
const run = promisify(execFile);
const PLAIN_WAT = '(module (memory (export "memory") 1) (func (export "main")))\n';

async function build(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'build', ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('ewasm-devnet build', function () {
  this.timeout(240_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ewasm-build-'));
    await writeFile(path.join(dir, 'Good.ts'), [
      'import { StorageValue, U256, uint256 } from "ewasm-devnet";',
      'const value = new StorageValue<U256>(0);',
      '@view export function get(): uint256 { return value.get(); }',
      '',
    ].join('\n'));
    await writeFile(path.join(dir, 'Broken.ts'), [
      'import { uint256 } from "ewasm-devnet";',
      '',
      'export function f(a: uint256): uint256 {',
      '  return a + notDeclared;',
      '}',
      '',
    ].join('\n'));
    await writeFile(path.join(dir, 'NoAbi.ts'), 'export function g(x: f64): void {}\n');
    await writeFile(path.join(dir, 'Plain.wat'), PLAIN_WAT);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes a Hardhat-shaped artifact per contract and reports errors at file:line:col', async () => {
    const r = await build(dir, '.', '--out', 'out');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^Compiling 4 contracts to out\//m);
    assert.match(r.stdout, /Good\.ts -> out\/Good\.json \(runtime [\d,]+ bytes, init [\d,]+ bytes/);
    assert.match(r.stderr, /^Broken\.ts:4:14: error TS2304: Cannot find name 'notDeclared'\.$/m);
    assert.match(r.stderr, /^NoAbi\.ts:1:22: error: type f64 has no ABI type/m);
    assert.match(r.stderr, /2 of 4 contracts failed to build/);

    const good = JSON.parse(await readFile(path.join(dir, 'out/Good.json'), 'utf8'));
    assert.deepEqual(Object.keys(good).sort(), ['_format', 'abi', 'bytecode', 'contractName', 'deployedBytecode', 'deployedLinkReferences', 'linkReferences', 'sourceName']);
    assert.equal(good._format, 'hh-sol-artifact-1');
    assert.equal(good.contractName, 'Good');
    assert.deepEqual(good.abi, [{ type: 'function', name: 'get', inputs: [], outputs: [{ name: '', type: 'uint256' }], stateMutability: 'view' }]);
    assert.match(good.deployedBytecode, /^0x0061736d01000000/);
    const plain = JSON.parse(await readFile(path.join(dir, 'out/Plain.json'), 'utf8'));
    assert.equal(plain.deployedBytecode, `0x${Buffer.from(await watToWasm(PLAIN_WAT)).toString('hex')}`, 'the WAT module is the runtime code');
  });

  it('refuses a path that is not a contract, with exit code 2', async () => {
    const r = await build(dir, 'missing-dir');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing-dir: no such file or directory/);
  });
});
