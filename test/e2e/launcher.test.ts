/**
 * The process a user starts is the node: bin/ewasm-devnet.js started by an older Node re-runs
 * itself under Node 26 as a child, and stopping the launcher by any signal, kill -9 included,
 * must leave nothing running — no port served, no data directory locked.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, rpc, startCliNode } from './cli-node.ts';

const CLI = new URL('../../bin/ewasm-devnet.js', import.meta.url).pathname;

/** A Node older than 26 on this machine (the one that makes the launcher spawn a child), if any. */
function olderNode(): string | undefined {
  const candidates = ['/usr/local/bin/node', '/usr/bin/node', '/bin/node'];
  try {
    candidates.push(...execFileSync('which', ['-a', 'node'], { encoding: 'utf8' }).split('\n').filter(Boolean));
  } catch { /* no `which`: the fixed paths only */ }
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
    if (Number(version.slice(1).split('.')[0]) < 26) return path;
  }
  return undefined;
}

const until = async (what: string, test: () => Promise<boolean>, ms = 15_000) => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) if (await test()) return;
  assert.fail(`timed out waiting until ${what}`);
};
const serves = (url: string) => rpc(url, 'eth_blockNumber').then(() => true, () => false);

describe('the launcher under an older Node', function () {
  this.timeout(60_000);
  const node20 = olderNode();
  let dir: string;
  let launcher: ChildProcess | undefined;
  before(async function () {
    if (!node20) {
      console.log('    (skipped: no Node older than 26 on this machine, so the launcher never spawns a child)');
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), 'ewasm-launcher-'));
  });
  after(async () => {
    launcher?.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`${signal} to the launcher frees the port and the data directory`, async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      launcher = spawn(node20!, [CLI, '--port', String(port), '--datadir', dir, '--silent'], { stdio: 'ignore' });
      await until('the node serves', () => serves(url), 30_000);
      launcher.kill(signal);
      await until('the port is free', async () => !(await serves(url)));
      // The same data directory opens again: the child released the LevelDB lock.
      const next = await startCliNode(['--datadir', dir]);
      try {
        assert.equal(await rpc(next.url, 'eth_blockNumber'), '0x0');
      } finally {
        await next.stop();
      }
    });
  }
});
