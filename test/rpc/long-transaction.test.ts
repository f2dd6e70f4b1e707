/**
 * A long Wasm transaction does not stop the node from serving: its host calls let the event loop
 * turn (vm/engine.ts, YIELD_EVERY_MS), so an eth_blockNumber sent while it runs is answered before
 * it ends. The test waits for events (the contract's first storage read, the two answers), never
 * for time.
 */
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { MerkleStateManager } from '@ethereumjs/statemanager';
import { Devnet } from '../../node/devnet.ts';
import { startRpcServer, type RpcServer } from '../../rpc/server.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { rpc } from './fake-node.ts';

// Reads slot 0x…5107 once into memory, then storageLoads slot 0 until the gas runs out.
const STORAGE_LOOP = `(module
  (import "ethereum" "storageLoad" (func $load (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 30) "\\51\\07")
  (func (export "main")
    (call $load (i32.const 0) (i32.const 64))
    (loop $forever (call $load (i32.const 64) (i32.const 96)) (br $forever))))`;

describe('rpc: a long Wasm transaction', () => {
  let devnet: Devnet;
  let server: RpcServer;
  const getStorage = MerkleStateManager.prototype.getStorage;
  after(async () => {
    MerkleStateManager.prototype.getStorage = getStorage;
    await server?.close();
    await devnet?.close();
  });

  it('eth_blockNumber is answered while a 3M-gas storage loop runs, before the transaction returns', async () => {
    devnet = await Devnet.create();
    server = await startRpcServer(devnet, { port: 0, log: () => {} });
    const [from] = devnet.accounts();
    const hash = await devnet.sendTransaction({ from, data: makeDeployer(await watToWasm(STORAGE_LOOP)), gas: 5_000_000n });
    const contract = (await devnet.getReceipt(hash))!.contractAddress!;

    // The contract's first read of slot 0x…5107 says the transaction is running.
    const running = new EventEmitter();
    MerkleStateManager.prototype.getStorage = function (this: MerkleStateManager, address, key) {
      if (key[31] === 0x07 && key[30] === 0x51) running.emit('read');
      return getStorage.call(this, address, key);
    };
    const order: string[] = [];
    const started = once(running, 'read');
    const tx = rpc(server.url, 'eth_sendTransaction', [{ from: from.toString(), to: contract.toString(), gas: '0x2dc6c0' }])
      .then((answer) => {
        order.push('transaction');
        return answer;
      });
    await started;
    const blockNumber = await rpc(server.url, 'eth_blockNumber', []);
    order.push('blockNumber');
    const answer = await tx;
    assert.deepEqual(order, ['blockNumber', 'transaction']);
    assert.equal(blockNumber.result, '0x1');
    const receipt = await rpc(server.url, 'eth_getTransactionReceipt', [answer.result]);
    assert.equal(receipt.result.status, '0x0', 'the loop ends out of gas');
    assert.equal(receipt.result.gasUsed, '0x2dc6c0');
  });
});
