/** `ewasm-devnet` as a user sees it: the banner, one log line per transaction, debug output, Ctrl-C. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { freePort, rpc } from './cli-node.ts';

const CLI = new URL('../../bin/ewasm-devnet.js', import.meta.url).pathname;
const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

interface Running { child: ChildProcess; url: string; output: () => string }

async function start(args: string[]): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200 && !output.includes('Listening on'); i++) {
    if (child.exitCode !== null) throw new Error(`node exited: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url, output: () => output };
}

async function interrupt(node: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => node.child.once('exit', (code) => resolve(code)));
  node.child.kill('SIGINT');
  return exited;
}

async function waitFor(node: Running, text: string): Promise<void> {
  for (let i = 0; i < 100 && !node.output().includes(text); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('ewasm-devnet node command', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'ewasm-node-cli-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('prints accounts and keys, a line per transaction with its engine and failure reason, and contract debug output under it', async () => {
    const node = await start(['--accounts', '3']);
    try {
      assert.match(node.output(), /\(0\) 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 \(10000\.000000000000000000 ETH\)/);
      assert.match(node.output(), /\(2\) 0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a/);
      const runtime = await watToWasm(`(module
        (import "debug" "printMem" (func $print (param i32 i32)))
        (import "ethereum" "getCallDataSize" (func $size (result i32)))
        (import "ethereum" "revert" (func $revert (param i32 i32)))
        (memory (export "memory") 1) (data (i32.const 0) "hello from wasm")
        (func (export "main") (call $print (i32.const 0) (i32.const 15))
          (if (call $size) (then (call $revert (i32.const 0) (i32.const 0))))))`);
      const deployHash = await rpc(node.url, 'eth_sendTransaction', [{ from: FROM, data: `0x${Buffer.from(makeDeployer(runtime)).toString('hex')}` }]);
      const address = (await rpc(node.url, 'eth_getTransactionReceipt', [deployHash])).contractAddress;
      const ok = await rpc(node.url, 'eth_sendTransaction', [{ from: FROM, to: address, gas: '0x30000' }]);
      const failed = await rpc(node.url, 'eth_sendTransaction', [{ from: FROM, to: address, data: '0x01', gas: '0x30000' }]);
      await waitFor(node, `tx ${failed}`);
      const lines = node.output().split('\n');
      assert.ok(lines.some((l) => l.startsWith(`tx ${deployHash}`) && l.includes(`deploy Wasm ${address}`) && l.endsWith(' ok')), node.output());
      const okLine = lines.findIndex((l) => l.startsWith(`tx ${ok}`));
      assert.match(lines[okLine], /Wasm call .* gas \d+ ok$/);
      assert.equal(lines[okLine + 1].trim(), 'debug: hello from wasm');
      assert.match(lines.find((l) => l.startsWith(`tx ${failed}`))!, /FAILED \(execution reverted\)$/);
      assert.equal(await interrupt(node), 0);
    } finally {
      node.child.kill('SIGKILL');
    }
  });

  it('Ctrl-C flushes the data directory: state set between blocks survives a restart', async () => {
    const datadir = join(dir, 'chain');
    const first = await start(['--datadir', datadir, '--silent']);
    await rpc(first.url, 'anvil_setBalance', ['0x00000000000000000000000000000000000000aa', '0x1234']);
    assert.equal(await interrupt(first), 0);
    const second = await start(['--datadir', datadir, '--silent']);
    try {
      assert.equal(await rpc(second.url, 'eth_getBalance', ['0x00000000000000000000000000000000000000aa', 'latest']), '0x1234');
    } finally {
      await interrupt(second);
    }
  });

  it('refuses bad flags with a message and exit code 2', async () => {
    const child = spawn(process.execPath, [CLI, '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => { err += d; });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(err, /--port must be a non-negative integer/);
  });
});
