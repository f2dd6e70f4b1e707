/** `exec` has the chain's precompiles: a Wasm contract calling one gets the same answer there and on the node. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@ethereumjs/util';
import { createDevnet } from 'ewasm-devnet';
import { execute } from '../../scripts/exec.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { rpc } from '../rpc/fake-node.ts';

// Calls SHA-256 (precompile 0x02) on "abc" and returns the digest.
const SHA256_CALLER = `(module
  (import "ethereum" "call" (func $call (param i64 i32 i32 i32 i32) (result i32)))
  (import "ethereum" "returnDataCopy" (func $returnDataCopy (param i32 i32 i32)))
  (import "ethereum" "finish" (func $finish (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 19) "\\02")
  (data (i32.const 64) "abc")
  (func (export "main")
    (if (call $call (i64.const 100000) (i32.const 0) (i32.const 32) (i32.const 64) (i32.const 3)) (then unreachable))
    (call $returnDataCopy (i32.const 128) (i32.const 0) (i32.const 32))
    (call $finish (i32.const 128) (i32.const 32))))`;

describe('exec precompiles', function () {
  this.timeout(60_000);
  const digest = `0x${createHash('sha256').update('abc').digest('hex')}`;

  it('a Wasm contract calling SHA-256 gets the digest from exec and from the node alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ewasm-exec-pre-'));
    try {
      const file = join(dir, 'sha.wat');
      await writeFile(file, SHA256_CALLER);
      const out = await execute(['--code', file]);
      assert.equal(out.status, 'success', out.error ?? '');
      assert.equal(out.returnData, digest);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const devnet = await createDevnet();
    try {
      const [from] = (await rpc(devnet.url, 'eth_accounts')).result as string[];
      const data = bytesToHex(makeDeployer(await watToWasm(SHA256_CALLER)));
      const hash = (await rpc(devnet.url, 'eth_sendTransaction', [{ from, data, gas: '0x200000' }])).result as string;
      const receipt = (await rpc(devnet.url, 'eth_getTransactionReceipt', [hash])).result as { contractAddress: string };
      const called = await rpc(devnet.url, 'eth_call', [{ from, to: receipt.contractAddress }, 'latest']);
      assert.equal(called.result, digest, JSON.stringify(called.error));
    } finally {
      await devnet.close();
    }
  });
});
