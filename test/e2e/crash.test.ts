/**
 * kill -9 at arbitrary moments: with --datadir, the node must restart at the last whole block, its
 * state matching that block — balances, nonces and receipts agree with the blocks it kept.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, rpc as rpcAt } from './cli-node.ts';
import { prng } from '../reliability/prng.ts'; // the kill moments are arbitrary but the same on every run

const CLI = new URL('../../bin/ewasm-devnet.js', import.meta.url).pathname;
const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const TO = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const START_BALANCE = 10_000n * 10n ** 18n;
/** A few rounds in npm test; `npm run crash` runs 20 (CRASH_ROUNDS). */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);

/** One JSON-RPC call to the node on `port`. */
const rpc = (port: number, method: string, params: unknown[] = []) => rpcAt(`http://127.0.0.1:${port}`, method, params);

async function start(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, '--datadir', dir, '--port', String(port), '--silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  for (let i = 0; i < 600; i++) { // up to 30 s: a loaded machine starts Node 26 slowly
    if (child.exitCode !== null) throw new Error(`node exited: ${stderr}`);
    try {
      await rpc(port, 'eth_blockNumber');
      return { child, port };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`node did not start: ${stderr}`);
}

describe('crash safety with --datadir', function () {
  this.timeout(60_000 + ROUNDS * 45_000); // a start takes seconds on a loaded machine
  let dir: string;
  let running: ChildProcess | null = null;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'ewasm-crash-')); });
  after(async () => {
    running?.kill('SIGKILL'); // a failed assertion must not leave a node behind
    await rm(dir, { recursive: true, force: true });
  });

  it(`restarts at the last whole block with matching state, after kill -9 at ${ROUNDS} arbitrary moments`, async () => {
    const random = prng(20261125);
    const sent = new Set<string>();
    let lastHead = 0n;
    for (let round = 0; round < ROUNDS; round++) {
      const { child, port } = await start(dir);
      running = child;
      // The chain survived the previous kill: every block is there, linked, and the state agrees.
      const head = BigInt(await rpc(port, 'eth_blockNumber'));
      assert.ok(head >= lastHead, `head went back from ${lastHead} to ${head}`);
      let mined = 0n;
      let parentHash: string | null = null;
      for (let n = 0n; n <= head; n++) {
        const block = await rpc(port, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
        assert.ok(block, `block ${n} missing`);
        if (parentHash) assert.equal(block.parentHash, parentHash);
        parentHash = block.hash;
        for (const hash of block.transactions as string[]) {
          const receipt = await rpc(port, 'eth_getTransactionReceipt', [hash]);
          assert.equal(receipt.status, '0x1');
          mined++;
        }
      }
      // Nothing acknowledged is lost: each hash the node answered with (automine: once mined) has its receipt.
      for (const hash of sent) assert.ok(await rpc(port, 'eth_getTransactionReceipt', [hash]), `acknowledged ${hash} lost`);
      assert.equal(BigInt(await rpc(port, 'eth_getBalance', [TO, 'latest'])), START_BALANCE + mined);
      assert.equal(BigInt(await rpc(port, 'eth_getTransactionCount', [FROM, 'latest'])), mined);
      lastHead = head;

      // Send transfers and kill the process at an arbitrary moment, with requests in flight.
      const inFlight: Promise<unknown>[] = [];
      const count = 1 + Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        inFlight.push(rpc(port, 'eth_sendTransaction', [{ from: FROM, to: TO, value: '0x1' }]).then((h) => sent.add(h as string), () => undefined));
        if (random() < 0.5) await inFlight[inFlight.length - 1];
      }
      await new Promise((r) => setTimeout(r, Math.floor(random() * 40)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await Promise.allSettled(inFlight);
    }
    assert.ok(lastHead > 0n, 'no block was ever mined');
    console.log(`      (${ROUNDS} kills; ${sent.size} acknowledged transactions, none lost; head ${lastHead})`);
  });
});
