/**
 * Issue 7's acceptance: test/acceptance is a Hardhat 3 project written the way Hardhat users write
 * theirs (ethers, network helpers, chai matchers, mocha). Its one test file runs here twice, with
 * `npx hardhat test mocha`: against a running ewasm-devnet node (`--network devnet`), and against
 * Hardhat's own in-process network, so the expectations are Hardhat's, not ours. Both runs must
 * pass every test, and run the same number of them.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCliNode, type CliNode } from './cli-node.ts';
import { hardhatPath, requireEdr } from './hardhat-env.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT = join(REPO, 'test/acceptance');

interface Run { code: number | null; output: string }

function hardhat(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    // --no: never fetch a hardhat from the registry; the repo's pinned one or nothing.
    const child = spawn('npx', ['--no', 'hardhat', ...args], { cwd: PROJECT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}


/** Mocha's summary: how many passed and failed. */
function summary(output: string): { passing: number; failing: number } {
  const count = (word: string) => Number(output.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  return { passing: count('passing'), failing: count('failing') };
}

describe('issue 7 acceptance: one Hardhat test file, on ewasm-devnet and on Hardhat\'s network', function () {
  this.timeout(300_000);
  let node: CliNode | undefined;
  let out: string | undefined;
  let env: Record<string, string>;

  before(async function () {
    requireEdr(this);
    node = await startCliNode();
    out = await mkdtemp(join(tmpdir(), 'ewasm-acceptance-'));
    env = {
      PATH: hardhatPath(),
      DEVNET_URL: node.url, HARDHAT_OUT: out, HARDHAT_DISABLE_TELEMETRY: 'true', NO_COLOR: '1',
    };
  });
  after(async () => {
    await node?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  let onHardhat: { passing: number; failing: number } | undefined;

  it('passes on Hardhat\'s own network (the reference)', async () => {
    const run = await hardhat(['test', 'mocha'], env);
    assert.equal(run.code, 0, `on Hardhat's network:\n${run.output}`);
    onHardhat = summary(run.output);
    assert.ok(onHardhat.passing > 0 && onHardhat.failing === 0, run.output);
  });

  it('passes on ewasm-devnet (--network devnet), every test that passed on Hardhat', async () => {
    const run = await hardhat(['test', 'mocha', '--network', 'devnet'], env);
    assert.equal(run.code, 0, `on ewasm-devnet:\n${run.output}`);
    const onDevnet = summary(run.output);
    assert.equal(onDevnet.failing, 0, run.output);
    if (onHardhat) assert.equal(onDevnet.passing, onHardhat.passing, run.output);
    assert.ok(onDevnet.passing > 0, run.output);
  });
});
