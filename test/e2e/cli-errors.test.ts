/**
 * The node command's errors for bad files and paths, as a user sees them: one line on stderr,
 * no file content, no stack trace, and an exit code. Also its access flags, end to end.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startCliNode } from './cli-node.ts';

const CLI = new URL('../../bin/ewasm-devnet.js', import.meta.url).pathname;
const SECRET = 'root:x:0:0:hunter2-do-not-print:/root:/bin/bash';

async function run(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  return promisify(execFile)(process.execPath, [CLI, '--port', '0', '--silent', ...args], { timeout: 30_000 })
    .then((r) => ({ ...r, code: 0 }))
    .catch((e: { code: number; stderr: string; stdout: string }) => e);
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `want one line, got:\n${stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

describe('ewasm-devnet: bad files and paths', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'ewasm-cli-errors-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('--genesis with a file that is not JSON: says so without printing the file', async () => {
    const secret = join(dir, 'passwd');
    await writeFile(secret, `${SECRET}\n`);
    const r = await run('--genesis', secret);
    assert.equal(r.code, 2);
    assertOneLine(r.stderr, new RegExp(`^ewasm-devnet: ${secret} is not a JSON genesis file`));
    assert.doesNotMatch(r.stderr + r.stdout, /root|hunter2/);
  });

  it('--genesis with a directory, a device or a missing path: one line each', async () => {
    assertOneLine((await run('--genesis', dir)).stderr, /is not a file$/);
    assertOneLine((await run('--genesis', '/dev/zero')).stderr, /^ewasm-devnet: \/dev\/zero is not a file$/);
    assertOneLine((await run('--genesis', join(dir, 'missing.json'))).stderr, /cannot read .*missing\.json: no such file$/);
  });

  it('--datadir pointing at a file: one line, exit code 1', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const r = await run('--datadir', file);
    assert.equal(r.code, 1);
    assertOneLine(r.stderr, /^ewasm-devnet: --datadir .*a-file is a file, not a directory/);
  });

  it('--datadir held by a running node: one line about the lock, exit code 1', async () => {
    const chain = join(dir, 'chain');
    await mkdir(chain);
    const first = await startCliNode(['--datadir', chain]);
    try {
      const r = await run('--datadir', chain);
      assert.equal(r.code, 1);
      assertOneLine(r.stderr, /^ewasm-devnet: --datadir .*chain is in use by another running node/);
    } finally {
      await first.stop();
    }
  });

  it('--allow-origin and --allow-hosts reach the server', async () => {
    const node = await startCliNode(['--allow-origin', 'http://localhost:3000', '--allow-hosts', 'devnet.test']);
    try {
      const post = (headers: Record<string, string>) => fetch(node.url, {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}',
      });
      assert.equal((await post({ Origin: 'http://evil.example' })).status, 403);
      const ok = await post({ Origin: 'http://localhost:3000' });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    } finally {
      await node.stop();
    }
  });
});
