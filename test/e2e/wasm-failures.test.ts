/**
 * A Wasm contract that fails says why, wherever a user looks: the error ethers shows for a deploy
 * (eth_estimateGas), eth_call's error, a mined transaction's debug_traceTransaction, and the
 * node's log line. The module here uses a float, which the Ewasm policy refuses by name.
 */
import assert from 'node:assert/strict';
import { ContractFactory, JsonRpcProvider, hexlify } from 'ethers';
import { createDevnet, type DevnetHandle } from 'ewasm-devnet';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { rpc } from '../rpc/fake-node.ts';

const REASON = /invalid Ewasm contract \(floatInstruction\): function 0 uses f32\.const/;

describe('Wasm failures say why', function () {
  this.timeout(60_000);
  let devnet: DevnetHandle;
  const logged: string[] = [];
  let initCode: string;

  before(async () => {
    devnet = await createDevnet({ log: (line) => logged.push(line) });
    initCode = hexlify(await watToWasm('(module (memory (export "memory") 1) (func (export "main") (drop (f32.const 1))))'));
  });
  after(async () => {
    await devnet?.close();
  });

  it('deploying an invalid module through ethers reports the validator\'s reason, not a gas allowance', async () => {
    const provider = new JsonRpcProvider(devnet.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const signer = await provider.getSigner(0);
    // ethers turns every eth_estimateGas error into CALL_EXCEPTION "missing revert data" and keeps
    // the node's own error, which is what it prints with the error, in `info.error`.
    await assert.rejects(new ContractFactory([], initCode, signer).deploy(), (e: Error & { info?: { error?: { message?: string } } }) => {
      const nodeMessage = e.info?.error?.message ?? '';
      assert.match(nodeMessage, REASON);
      assert.doesNotMatch(nodeMessage, /gas required exceeds allowance/);
      return true;
    });
    provider.destroy();
  });

  it('eth_call and eth_estimateGas errors carry the reason', async () => {
    const [from] = (await rpc(devnet.url, 'eth_accounts')).result as string[];
    for (const method of ['eth_call', 'eth_estimateGas']) {
      const res = await rpc(devnet.url, method, [{ from, data: initCode }, 'latest']);
      assert.ok(res.error, `${method} should fail`);
      assert.match(res.error.message, REASON, method);
    }
  });

  it('a mined failing deploy: receipt status 0, the trace says failed with the reason, the log line too', async () => {
    const [from] = (await rpc(devnet.url, 'eth_accounts')).result as string[];
    const sent = await rpc(devnet.url, 'eth_sendTransaction', [{ from, data: initCode, gas: '0x100000' }]);
    const hash = sent.result as string;
    assert.ok(hash, JSON.stringify(sent.error));
    const receipt = (await rpc(devnet.url, 'eth_getTransactionReceipt', [hash])).result as { status: string; contractAddress: string | null };
    assert.equal(receipt.status, '0x0');
    assert.equal(receipt.contractAddress, null);
    const trace = (await rpc(devnet.url, 'debug_traceTransaction', [hash])).result as { failed: boolean; error?: string };
    assert.equal(trace.failed, true);
    assert.match(trace.error ?? '', REASON);
    const line = logged.find((l) => l.includes(hash));
    assert.ok(line, `no log line for ${hash} in:\n${logged.join('\n')}`);
    assert.match(line, /deploy Wasm gas \d+ FAILED \(wasm failure: invalid Ewasm contract \(floatInstruction\)/);
    assert.doesNotMatch(line, /undefined/);
  });
});
