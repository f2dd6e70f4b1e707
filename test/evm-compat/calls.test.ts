/**
 * Message calls through the EwasmEVM: deploys and calls in both engines, value and return data
 * across engine boundaries, reverts and failures at every depth, and static calls in both
 * directions. Every expectation is computed from what each frame does, not copied from a run.
 */
import assert from 'node:assert/strict';
import type { Address } from '@ethereumjs/util';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { concat, TestChain } from '../helpers/chain.ts';
import { toHex, word } from '../helpers/contracts.ts';
import { assemble, evmDeployer } from '../helpers/evm-asm.ts';
import {
  contextInitcode, counterRuntime, EVM_READER, EVM_STORE, PROXY_VALUE, proxyInitcode, relayInitcode, relayInput, staticCallerInitcode,
  WASM_READER, type Action, type Engine, type ProxyKind,
} from './contracts.ts';

const PAYLOAD = new TextEncoder().encode('payload from the caller');
const EMPTY = new Uint8Array(0);

describe('evm-compat: message calls', () => {
  describe('deploy and call', () => {
    it('deploys a Wasm contract with makeDeployer; calls update its storage, log and return the count', async () => {
      const chain = await TestChain.create();
      const runtime = await counterRuntime();
      const counter = await chain.deploy(makeDeployer(runtime));
      assert.equal(toHex(await chain.code(counter)), toHex(runtime), 'the deployer stores exactly the runtime');
      for (const n of [1n, 2n]) {
        const r = await chain.call(counter);
        assert.equal(r.exceptionError, undefined);
        assert.equal(toHex(r.returnValue), toHex(word(n)));
        assert.equal(r.logs?.length, 1);
        const [address, topics, data] = r.logs![0];
        assert.equal(toHex(address), toHex(counter.bytes));
        assert.deepEqual(topics, []);
        assert.equal(toHex(data), toHex(word(n)));
      }
      assert.equal(await chain.storage(counter, 0n), 2n);
    });

    it('deploys EVM bytecode and calls it (the relay, as a leaf: stores 1 and echoes its payload)', async () => {
      const chain = await TestChain.create();
      const init = await relayInitcode('evm');
      const relay = await chain.deploy(init);
      // evmDeployer puts a 12-byte header before the runtime; only the runtime is stored.
      assert.equal(toHex(await chain.code(relay)), toHex(init.subarray(12)));
      const r = await chain.call(relay, relayInput(0, 0, null, PAYLOAD));
      assert.equal(r.exceptionError, undefined);
      assert.equal(toHex(r.returnValue), toHex(PAYLOAD));
      assert.equal(await chain.storage(relay, 0n), 1n);
    });
  });

  describe('A calls B calls C, across engines, with value', () => {
    // The status byte a caller writes for its callee's outcome: EEI call returns 0 / 2 / 1 for
    // success / revert / failure, the EVM's CALL pushes 1 / 0 / 0.
    const statusByte = (caller: Engine, outcome: Action): number =>
      caller === 'wasm' ? [0, 2, 1][outcome] : [1, 0, 0][outcome];
    /** Wei each layer receives from its caller (layer 0 from the message). */
    const VALUES = [100n, 30n, 11n];

    /** What the relay chain must produce: the top output, and which layers' effects survive. */
    function model(engines: Engine[], actions: Action[]): { output: Uint8Array; kept: boolean[] } {
      let output: Uint8Array = PAYLOAD;
      for (let i = engines.length - 1; i >= 0; i--) {
        if (i < engines.length - 1) {
          const child = actions[i + 1];
          output = concat(Uint8Array.of(statusByte(engines[i], child)), child === 2 ? EMPTY : output);
        }
        if (actions[i] === 2) output = EMPTY;
      }
      // A frame's writes and received value survive only if it and every frame above it succeed.
      const kept = actions.map((_, i) => actions.slice(0, i + 1).every((a) => a === 0));
      return { output, kept };
    }

    const chains: Engine[][] = [['wasm', 'evm', 'wasm'], ['evm', 'wasm', 'evm'], ['wasm', 'wasm', 'wasm'], ['evm', 'evm', 'evm']];
    const scenarios: Array<[string, Action[]]> = [
      ['all return', [0, 0, 0]],
      ['C reverts', [0, 0, 1]],
      ['C fails', [0, 0, 2]],
      ['B reverts after C returned', [0, 1, 0]],
      ['B fails after C returned', [0, 2, 0]],
      ['C and B revert', [0, 1, 1]],
      ['A reverts after B and C returned', [1, 0, 0]],
    ];
    for (const engines of chains) {
      for (const [name, actions] of scenarios) {
        it(`${engines.join(' → ')}: ${name}`, async () => {
          const chain = await TestChain.create();
          const layers: Address[] = [];
          for (const engine of engines) layers.push(await chain.deploy(await relayInitcode(engine)));
          const senderBefore = await chain.balance(chain.sender.address);

          let input = relayInput(actions[2], 0, null, PAYLOAD);
          for (let i = engines.length - 2; i >= 0; i--) input = relayInput(actions[i], Number(VALUES[i + 1]), layers[i + 1].bytes, input);
          const r = await chain.call(layers[0], input, { value: VALUES[0] });

          const { output, kept } = model(engines, actions);
          if (actions[0] === 0) assert.equal(r.exceptionError, undefined);
          else if (actions[0] === 1) assert.equal(r.exceptionError?.error, 'revert');
          else assert.notEqual(r.exceptionError, undefined);
          assert.equal(toHex(r.returnValue), toHex(output), 'return data, with every status byte on the way up');
          for (let i = 0; i < layers.length; i++) {
            assert.equal(await chain.storage(layers[i], 0n), kept[i] ? 1n : 0n, `storage of layer ${i}`);
            const received = kept[i] ? VALUES[i] : 0n;
            const sent = kept[i + 1] ? VALUES[i + 1] : 0n;
            assert.equal(await chain.balance(layers[i]), received - sent, `balance of layer ${i}`);
          }
          assert.equal(await chain.balance(chain.sender.address), senderBefore - (kept[0] ? VALUES[0] : 0n));
        });
      }
    }

    it('a failing callee uses all the gas it was given; a reverting one returns the rest', async () => {
      const chain = await TestChain.create();
      const wasm = await chain.deploy(await relayInitcode('wasm'));
      const gasOf = async (action: Action) => {
        const r = await chain.call(wasm, relayInput(action, 0, null, PAYLOAD), { gasLimit: 1_000_000n });
        return r.executionGasUsed;
      };
      const [returned, reverted, failed] = [await gasOf(0), await gasOf(1), await gasOf(2)];
      assert.equal(failed, 1_000_000n);
      assert.ok(reverted < 100_000n && returned < 100_000n, `${returned} / ${reverted}`);
    });
  });

  describe('call, callCode and callDelegate in both directions', () => {
    const SENT = 5n;
    const kinds: Array<[ProxyKind, string]> = [[0, 'call'], [1, 'callCode'], [2, 'callDelegate']];
    for (const proxyEngine of ['wasm', 'evm'] as const) {
      for (const targetEngine of ['wasm', 'evm'] as const) {
        for (const [kind, name] of kinds) {
          it(`${proxyEngine} ${name} into ${targetEngine} code`, async () => {
            const chain = await TestChain.create();
            const proxy = await chain.deploy(await proxyInitcode(proxyEngine));
            const target = await chain.deploy(await contextInitcode(targetEngine));
            const r = await chain.call(proxy, concat(Uint8Array.of(kind), target.bytes), { value: SENT });
            assert.equal(r.exceptionError, undefined);

            // call runs in the target's account; callCode and callDelegate run the target's code in
            // the proxy's, and callDelegate keeps the proxy's own caller and value.
            const runsIn = kind === 0 ? target : proxy;
            const caller = kind === 2 ? chain.sender.address : proxy;
            const value = kind === 2 ? SENT : PROXY_VALUE;
            assert.equal(toHex(r.returnValue), toHex(concat(Uint8Array.of(proxyEngine === 'wasm' ? 0 : 1), runsIn.bytes, Uint8Array.of(Number(value)))));
            assert.equal(await chain.storage(runsIn, 0n), BigInt(caller.toString()));
            assert.equal(await chain.storage(kind === 0 ? proxy : target, 0n), 0n, 'the other account\'s storage is untouched');
            assert.equal(await chain.balance(target), kind === 0 ? PROXY_VALUE : 0n);
            assert.equal(await chain.balance(proxy), kind === 0 ? SENT - PROXY_VALUE : SENT);
          });
        }
      }
    }
  });

  describe('static calls', () => {
    it('Wasm callStatic into EVM code that SSTOREs fails and leaves its storage alone; a read-only callee works', async () => {
      const chain = await TestChain.create();
      const caller = await chain.deploy(await staticCallerInitcode('wasm'));
      const store = await chain.deploy(evmDeployer(assemble(EVM_STORE)));
      const reader = await chain.deploy(evmDeployer(assemble(EVM_READER)));

      const failed = await chain.call(caller, store.bytes);
      assert.equal(failed.exceptionError, undefined, 'the failure is the callee\'s, the caller goes on');
      assert.equal(toHex(failed.returnValue), '01', 'status 1 (failure), no return data');
      assert.equal(await chain.storage(store, 0n), 0n);

      const read = await chain.call(caller, reader.bytes);
      assert.equal(toHex(read.returnValue), `00${toHex(word(42n))}`);
      // Outside a static call the same EVM contract does write: the static flag is what stopped it.
      await chain.call(store);
      assert.equal(await chain.storage(store, 0n), 1n);
    });

    it('EVM STATICCALL into a Wasm contract that calls storageStore fails and leaves its storage alone', async () => {
      const chain = await TestChain.create();
      const caller = await chain.deploy(await staticCallerInitcode('evm'));
      const counter = await chain.deploy(makeDeployer(await counterRuntime()));
      const reader = await chain.deploy(makeDeployer(await watToWasm(WASM_READER)));

      const failed = await chain.call(caller, counter.bytes);
      assert.equal(failed.exceptionError, undefined);
      assert.equal(toHex(failed.returnValue), '00', 'STATICCALL pushed 0, no return data');
      assert.deepEqual(failed.logs, []);
      assert.equal(await chain.storage(counter, 0n), 0n);

      const read = await chain.call(caller, reader.bytes);
      assert.equal(toHex(read.returnValue), `01${toHex(word(0n))}${toHex(new TextEncoder().encode('read-only'))}`);
      // The counter still starts from zero: the static attempt left nothing behind.
      assert.equal(toHex((await chain.call(counter)).returnValue), toHex(word(1n)));
    });

    it('a static frame stays static through a plain CALL it makes (Wasm callStatic → EVM CALL → Wasm counter)', async () => {
      const chain = await TestChain.create();
      const caller = await chain.deploy(await staticCallerInitcode('wasm'));
      // Forwards a plain CALL (no value, no data) to the address in its call data; writes nothing itself.
      const forwarder = await chain.deploy(evmDeployer(assemble(`
        PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 CALLDATALOAD PUSH1 0x60 SHR GAS CALL
        PUSH1 0 MSTORE8 RETURNDATASIZE PUSH1 0 PUSH1 1 RETURNDATACOPY RETURNDATASIZE PUSH1 1 ADD PUSH1 0 RETURN`)));
      const counter = await chain.deploy(makeDeployer(await counterRuntime()));

      const r = await chain.call(caller, concat(forwarder.bytes, counter.bytes));
      assert.equal(toHex(r.returnValue), '0000', 'the forwarder succeeded (0), its CALL into the counter failed (0)');
      assert.equal(await chain.storage(counter, 0n), 0n);
      // Called directly, the forwarder's CALL into the counter succeeds and counts.
      const direct = await chain.call(forwarder, counter.bytes);
      assert.equal(toHex(direct.returnValue), `01${toHex(word(1n))}`);
      assert.equal(await chain.storage(counter, 0n), 1n);
    });
  });
});
