/**
 * Solidity console.log (calls to Hardhat's console address) and Wasm debug.print: printed under
 * their transaction in the node's output, and streamed to `eth_subscribe("debugLogs")`.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes, toChecksumAddress } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import WebSocket from 'ws';
import { Devnet } from '../../node/devnet.ts';
import { decodeConsoleLog } from '../../node/console/decode.ts';
import { startRpcServer } from '../../rpc/server.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { encodeArgs, encodeCall } from '../helpers/abi.ts';
import { compileSolidity } from '../helpers/solc.ts';

const selector = (signature: string) => keccak256(new TextEncoder().encode(signature)).subarray(0, 4);
const call = (signature: string, types: string[], values: Parameters<typeof encodeArgs>[1]) => Uint8Array.from([...selector(signature), ...encodeArgs(types, values)]);

describe('console.log and debug.print', function () {
  this.timeout(120_000);

  it('decodes console.sol signatures as Hardhat prints them', () => {
    assert.equal(decodeConsoleLog(call('log(string,uint256)', ['string', 'uint256'], ['x', 1n])), 'x 1');
    assert.equal(decodeConsoleLog(call('log(uint256)', ['uint256'], [2n ** 200n])), (2n ** 200n).toString());
    // Old console.sol hashed `log(uint)`; Hardhat still reads it.
    assert.equal(decodeConsoleLog(call('log(uint)', ['uint256'], [5n])), '5');
    assert.equal(decodeConsoleLog(call('log(string,bool)', ['string', 'bool'], ['flag %s', true])), 'flag true');
    assert.equal(decodeConsoleLog(call('log(bytes32)', ['bytes32'], [new Uint8Array(32).fill(0xab)])), `0x${'ab'.repeat(32)}`);
    assert.equal(decodeConsoleLog(call('log()', [], [])), '');
    assert.equal(decodeConsoleLog(hexToBytes('0xdeadbeef')), undefined);
    assert.equal(decodeConsoleLog(call('log(string,uint256)', ['uint256'], [1n])), undefined);
  });

  it('prints both under their transaction and streams them on eth_subscribe("debugLogs")', async () => {
    const output: string[] = [];
    const chain = await Devnet.create({ log: (line) => output.push(line) });
    const server = await startRpcServer(chain, { port: 0, log: () => {} });
    const socket = new WebSocket(server.wsUrl);
    try {
      await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
      const notifications: Array<{ transactionHash: string; blockNumber: string; logs: string[] }> = [];
      const subscribed = new Promise<string>((resolve) => {
        socket.on('message', (raw) => {
          const message = JSON.parse(raw.toString());
          if (message.id === 1) resolve(message.result);
          else if (message.method === 'eth_subscription') notifications.push(message.params.result);
        });
      });
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['debugLogs'] }));
      assert.match(await subscribed, /^0x[0-9a-f]+$/);

      const from = chain.accounts()[0];
      const compiled = await compileSolidity([fileURLToPath(new URL('../contracts/ConsoleLogger.sol', import.meta.url))]);
      const logger = (await chain.getReceipt(await chain.sendTransaction({ from, data: compiled.get('ConsoleLogger')!.bytecode })))!.contractAddress!;
      const solidityTx = await chain.sendTransaction({ from, to: logger, data: encodeCall('hello()') });
      const runtime = await watToWasm(`(module
        (import "debug" "printMem" (func $print (param i32 i32)))
        (memory (export "memory") 1) (data (i32.const 0) "hello from wasm")
        (func (export "main") (call $print (i32.const 0) (i32.const 15))))`);
      const wasm = (await chain.getReceipt(await chain.sendTransaction({ from, data: makeDeployer(runtime) })))!.contractAddress!;
      const wasmTx = await chain.sendTransaction({ from, to: wasm });

      // Node output: the transaction's line, then its lines.
      const at = output.findIndex((l) => l.startsWith(`tx ${bytesToHex(solidityTx)}`));
      assert.deepEqual(output.slice(at + 1, at + 3), ['    console.log: x 1', `    console.log: from ${toChecksumAddress(from.toString())} ok? true`]);
      const wasmAt = output.findIndex((l) => l.startsWith(`tx ${bytesToHex(wasmTx)}`));
      assert.equal(output[wasmAt + 1], '    debug: hello from wasm');

      // Subscription: one notification per transaction that printed, in order.
      while (notifications.length < 2) await new Promise((resolve) => socket.once('message', resolve));
      const solidityBlock = (await chain.getReceipt(solidityTx))!.blockNumber;
      assert.deepEqual(notifications[0], {
        transactionHash: bytesToHex(solidityTx), blockNumber: `0x${solidityBlock.toString(16)}`,
        logs: ['x 1', `from ${toChecksumAddress(from.toString())} ok? true`],
      });
      assert.deepEqual([notifications[1].transactionHash, notifications[1].logs], [bytesToHex(wasmTx), ['hello from wasm']]);
    } finally {
      socket.close();
      await server.close();
      await chain.close();
    }
  });
});
