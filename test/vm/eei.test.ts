/** Every EEI function of the `ethereum` namespace: its effect, its result bytes and its exact gas. */
import assert from 'node:assert/strict';
import { makeDeployer } from '../../scripts/lib/deployer.ts';
import { createAddress, DEFAULT_TX_CONTEXT, EEI_PRAGUE, MemoryHost, WasmEngine } from '../../vm/index.ts';
import { ADDRESS, CALLER, EEI_ONLY, contract, fromHex, leUint, run, storageOf, toHex, word } from '../helpers/contracts.ts';

const OTHER = fromHex('00000000000000000000000000000000000b0b0b');
const S = EEI_PRAGUE;
const finish = (offset: number, length: number) => `(call $finish (i32.const ${offset}) (i32.const ${length}))`;
const data = (offset: number, bytes: Uint8Array) =>
  `(data (i32.const ${offset}) "${Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('')}")`;
const addressAt = (offset: number, address: Uint8Array) => data(offset, address);

describe('EEI (ethereum namespace)', () => {
  describe('context getters', () => {
    const cases: Array<[string, () => Uint8Array]> = [
      ['getAddress', () => ADDRESS],
      ['getCaller', () => CALLER],
      ['getTxOrigin', () => DEFAULT_TX_CONTEXT.origin],
      ['getBlockCoinbase', () => DEFAULT_TX_CONTEXT.coinbase],
    ];
    for (const [name, expected] of cases) {
      it(`${name} writes the 20-byte address for ${S.base} gas`, async () => {
        const { result, gasUsed } = await run(await contract([name, 'finish'], `(call $${name} (i32.const 0)) ${finish(0, 20)}`), { config: EEI_ONLY });
        assert.equal(result.status, 'success');
        assert.equal(toHex(result.output), toHex(expected()));
        assert.equal(gasUsed, BigInt(S.base));
      });
    }

    it('getCallValue and getTxGasPrice write 128-bit little-endian values', async () => {
      const code = await contract(['getCallValue', 'getTxGasPrice', 'finish'], `(call $getCallValue (i32.const 0)) (call $getTxGasPrice (i32.const 16)) ${finish(0, 32)}`);
      const { result, gasUsed } = await run(code, { value: 0x0102030405n, config: EEI_ONLY });
      assert.equal(leUint(result.output.subarray(0, 16)), 0x0102030405n);
      assert.equal(toHex(result.output.subarray(0, 5)), '0504030201');
      assert.equal(leUint(result.output.subarray(16, 32)), DEFAULT_TX_CONTEXT.gasPrice);
      assert.equal(gasUsed, BigInt(2 * S.base));
    });

    it('getBlockDifficulty writes 256-bit little-endian (PREVRANDAO after the merge)', async () => {
      const randao = (1n << 255n) + 0xabcdefn;
      const code = await contract(['getBlockDifficulty', 'finish'], `(call $getBlockDifficulty (i32.const 0)) ${finish(0, 32)}`);
      const { result } = await run(code, { setup: (h) => h.setTxContext({ ...DEFAULT_TX_CONTEXT, difficulty: randao }) });
      assert.equal(leUint(result.output), randao);
    });

    for (const [name, field] of [['getBlockGasLimit', 'gasLimit'], ['getBlockNumber', 'number'], ['getBlockTimestamp', 'timestamp']] as const) {
      it(`${name} returns the i64 ${field}`, async () => {
        const code = await contract([name, 'finish'], `(i64.store (i32.const 0) (call $${name})) ${finish(0, 8)}`);
        const { result, gasUsed } = await run(code, { config: EEI_ONLY });
        assert.equal(leUint(result.output), DEFAULT_TX_CONTEXT[field]);
        assert.equal(gasUsed, BigInt(S.base));
      });
    }

    it('getGasLeft returns the gas left after paying for itself', async () => {
      const code = await contract(['getGasLeft', 'finish'], `(i64.store (i32.const 0) (call $getGasLeft)) ${finish(0, 8)}`);
      const { result } = await run(code, { gas: 50_000n, config: EEI_ONLY });
      assert.equal(leUint(result.output), 50_000n - BigInt(S.base));
    });
  });

  describe('call data, code and return data', () => {
    it('getCallDataSize and callDataCopy copy the input, 3 + 3 per word', async () => {
      const code = await contract(['getCallDataSize', 'callDataCopy', 'finish'],
        `(i32.store (i32.const 0) (call $getCallDataSize)) (call $callDataCopy (i32.const 4) (i32.const 2) (i32.const 40)) ${finish(0, 44)}`);
      const input = Uint8Array.from({ length: 42 }, (_, i) => i + 1);
      const { result, gasUsed } = await run(code, { input, config: EEI_ONLY });
      assert.equal(leUint(result.output.subarray(0, 4)), 42n);
      assert.equal(toHex(result.output.subarray(4)), toHex(input.subarray(2)));
      assert.equal(gasUsed, BigInt(S.base + 3 + 3 * 2));
    });

    it('callDataCopy past the end of the input traps (no zero padding) and uses all gas', async () => {
      const code = await contract(['callDataCopy'], '(call $callDataCopy (i32.const 0) (i32.const 30) (i32.const 4))');
      const { result, gasUsed } = await run(code, { input: new Uint8Array(32), gas: 77_777n });
      assert.equal(result.status, 'failure');
      assert.match(result.error!, /callDataCopy out of bounds/);
      assert.equal(gasUsed, 77_777n);
    });

    it('getCodeSize and codeCopy see the code as deployed, custom sections included', async () => {
      const plain = await contract(['getCodeSize', 'codeCopy', 'finish'],
        `(i32.store (i32.const 0) (call $getCodeSize)) (call $codeCopy (i32.const 4) (i32.const 0) (call $getCodeSize)) (call $finish (i32.const 0) (i32.add (i32.const 4) (call $getCodeSize)))`);
      // A custom section "note" with payload "abc" appended: still a valid module.
      const code = Uint8Array.from([...plain, 0x00, 0x08, 0x04, ...Buffer.from('note'), ...Buffer.from('abc')]);
      const { result } = await run(code);
      assert.equal(result.status, 'success');
      assert.equal(leUint(result.output.subarray(0, 4)), BigInt(code.length));
      assert.equal(toHex(result.output.subarray(4)), toHex(code));
    });

    it('codeCopy past the end of the code traps', async () => {
      const code = await contract(['codeCopy', 'getCodeSize'], '(call $codeCopy (i32.const 0) (call $getCodeSize) (i32.const 1))');
      const { result } = await run(code);
      assert.equal(result.status, 'failure');
    });
  });

  describe('other accounts', () => {
    const setup = (h: MemoryHost) => {
      h.account(OTHER).balance = (1n << 100n) + 7n;
      h.account(OTHER).code = Uint8Array.from({ length: 70 }, (_, i) => i);
    };

    it('getExternalBalance writes the balance as u128 LE; cold then warm access', async () => {
      const code = await contract(['getExternalBalance', 'finish'],
        `(call $getExternalBalance (i32.const 100) (i32.const 0)) (call $getExternalBalance (i32.const 100) (i32.const 16)) ${finish(0, 32)}`,
        addressAt(100, OTHER));
      const { result, gasUsed } = await run(code, { setup, config: EEI_ONLY });
      assert.equal(leUint(result.output.subarray(0, 16)), (1n << 100n) + 7n);
      assert.equal(leUint(result.output.subarray(16)), (1n << 100n) + 7n);
      assert.equal(gasUsed, BigInt(S.balance.cold + S.balance.warm));
    });

    it('a balance that does not fit 128 bits fails the call', async () => {
      const code = await contract(['getExternalBalance'], '(call $getExternalBalance (i32.const 100) (i32.const 0))', addressAt(100, OTHER));
      const { result } = await run(code, { setup: (h) => { h.account(OTHER).balance = 1n << 130n; } });
      assert.equal(result.status, 'failure');
    });

    it('getExternalCodeSize and externalCodeCopy read another account\'s code', async () => {
      const code = await contract(['getExternalCodeSize', 'externalCodeCopy', 'finish'],
        `(i32.store (i32.const 0) (call $getExternalCodeSize (i32.const 100)))
         (call $externalCodeCopy (i32.const 100) (i32.const 4) (i32.const 10) (i32.const 33)) ${finish(0, 37)}`,
        addressAt(100, OTHER));
      const { result, gasUsed } = await run(code, { setup, config: EEI_ONLY });
      assert.equal(leUint(result.output.subarray(0, 4)), 70n);
      assert.equal(toHex(result.output.subarray(4)), toHex(Uint8Array.from({ length: 33 }, (_, i) => i + 10)));
      assert.equal(gasUsed, BigInt(S.extCodeSize.cold + S.extCodeCopy.warm + 3 * 2));
    });

    it('externalCodeCopy asking for more bytes than the code has traps', async () => {
      const code = await contract(['externalCodeCopy'], '(call $externalCodeCopy (i32.const 100) (i32.const 0) (i32.const 60) (i32.const 11))', addressAt(100, OTHER));
      assert.equal((await run(code, { setup })).result.status, 'failure');
    });

    it('getBlockHash gives 0 and the hash for a recent block, 1 and untouched memory otherwise', async () => {
      const code = await contract(['getBlockHash', 'getBlockNumber', 'finish'],
        `(i32.store (i32.const 0) (call $getBlockHash (i64.sub (call $getBlockNumber) (i64.const 1)) (i32.const 8)))
         (i32.store (i32.const 4) (call $getBlockHash (call $getBlockNumber) (i32.const 40))) ${finish(0, 72)}`);
      const hash = fromHex('ab'.repeat(32));
      const { result, gasUsed } = await run(code, {
        config: EEI_ONLY,
        setup: (h) => { h.setTxContext({ ...DEFAULT_TX_CONTEXT, number: 10n }); h.blockHashes.set(9n, hash); },
      });
      assert.equal(leUint(result.output.subarray(0, 4)), 0n);
      assert.equal(leUint(result.output.subarray(4, 8)), 1n);
      assert.equal(toHex(result.output.subarray(8, 40)), toHex(hash));
      assert.equal(toHex(result.output.subarray(40, 72)), '00'.repeat(32));
      assert.equal(gasUsed, BigInt(2 * S.blockHash + 2 * S.base));
    });
  });

  describe('storage', () => {
    it('storageStore then storageLoad: 20000 + cold 2100 for a new slot, 100 for the warm load', async () => {
      const code = await contract(['storageStore', 'storageLoad', 'finish'],
        `(call $storageStore (i32.const 0) (i32.const 32)) (call $storageLoad (i32.const 0) (i32.const 64)) ${finish(64, 32)}`,
        data(0, word(7n)) + data(32, word(0xdeadbeefn)));
      const { result, host, gasUsed } = await run(code, { config: EEI_ONLY });
      assert.equal(toHex(result.output), toHex(word(0xdeadbeefn)));
      assert.equal(storageOf(host, ADDRESS, 7n), 0xdeadbeefn);
      assert.equal(gasUsed, BigInt(S.storageStore.added.gas + S.storageStoreCold + S.storageLoad.warm));
    });

    it('clearing a slot refunds 4800 (EIP-3529)', async () => {
      const code = await contract(['storageStore'], '(call $storageStore (i32.const 0) (i32.const 32))', data(0, word(1n)));
      const { result, host, gasUsed } = await run(code, { config: EEI_ONLY, setup: (h) => { h.account(ADDRESS).storage.set(toHex(word(1n)), word(5n)); } });
      assert.equal(result.gasRefund, 4800n);
      assert.equal(gasUsed, BigInt(S.storageStore.deleted.gas + S.storageStoreCold));
      assert.equal(storageOf(host, ADDRESS, 1n), 0n);
    });

    it('an unset slot loads as zeros', async () => {
      const code = await contract(['storageLoad', 'finish'], `(call $storageLoad (i32.const 0) (i32.const 32)) ${finish(32, 32)}`, data(32, word(99n)));
      const { result, gasUsed } = await run(code, { config: EEI_ONLY });
      assert.equal(toHex(result.output), '00'.repeat(32));
      assert.equal(gasUsed, BigInt(S.storageLoad.cold));
    });

    it('storageStore in a static call fails', async () => {
      const code = await contract(['storageStore'], '(call $storageStore (i32.const 0) (i32.const 0))');
      const { result } = await run(code, { isStatic: true });
      assert.equal(result.status, 'failure');
      assert.match(result.error!, /static/);
    });

    it('storageStore with 2300 gas or less left fails (EIP-2200 sentry)', async () => {
      const code = await contract(['storageStore'], '(call $storageStore (i32.const 0) (i32.const 0))');
      const { result } = await run(code, { gas: 2300n, config: EEI_ONLY });
      assert.equal(result.status, 'outOfGas');
    });
  });

  describe('logs, finish and revert', () => {
    it('log emits data and the first numberOfTopics topics; 375 + 375 per topic + 8 per byte', async () => {
      const code = await contract(['log'], '(call $log (i32.const 0) (i32.const 10) (i32.const 2) (i32.const 32) (i32.const 64) (i32.const 65535) (i32.const 65535))',
        data(0, fromHex('00112233445566778899')) + data(32, word(1n)) + data(64, word(2n)));
      const { result, host, gasUsed } = await run(code, { config: EEI_ONLY });
      assert.equal(result.status, 'success');
      assert.equal(host.logs.length, 1);
      assert.equal(toHex(host.logs[0].address), toHex(ADDRESS));
      assert.equal(toHex(host.logs[0].data), '00112233445566778899');
      assert.deepEqual(host.logs[0].topics.map(toHex), [toHex(word(1n)), toHex(word(2n))]);
      assert.equal(gasUsed, BigInt(S.log + 2 * S.logTopic + 10 * S.logByte));
    });

    it('log with more than 4 topics fails, and so does a log in a static call', async () => {
      const code = await contract(['log'], '(call $log (i32.const 0) (i32.const 0) (i32.const 5) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))');
      assert.equal((await run(code)).result.status, 'failure');
      const quiet = await contract(['log'], '(call $log (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))');
      assert.equal((await run(quiet, { isStatic: true })).result.status, 'failure');
    });

    it('revert returns its data, keeps unused gas and undoes the frame\'s writes', async () => {
      const code = await contract(['storageStore', 'revert'], '(call $storageStore (i32.const 0) (i32.const 0)) (call $storageStore (i32.const 32) (i32.const 32)) (call $revert (i32.const 32) (i32.const 4))',
        data(32, fromHex('08c379a0')));
      const { result, host, gasUsed } = await run(code, { gas: 100_000n, config: EEI_ONLY });
      assert.equal(result.status, 'revert');
      assert.equal(toHex(result.output), '08c379a0');
      assert.ok(result.gasLeft > 0n);
      assert.equal(gasUsed, BigInt(S.storageStore.assigned.gas + S.storageStoreCold + S.storageStore.added.gas + S.storageStoreCold));
      assert.equal(host.account(ADDRESS).storage.size, 0);
    });

    it('main returning without finish is success with empty output', async () => {
      const { result } = await run(await contract([], ''));
      assert.equal(result.status, 'success');
      assert.equal(result.output.length, 0);
    });
  });

  describe('gas', () => {
    it('useGas charges exactly; too much is out of gas; a negative amount fails', async () => {
      const use = async (amount: bigint, gas = 10_000n) => run(await contract(['useGas'], `(call $useGas (i64.const ${amount}))`), { gas, config: EEI_ONLY });
      assert.equal((await use(1234n)).gasUsed, 1234n);
      const oog = await use(10_001n);
      assert.equal(oog.result.status, 'outOfGas');
      assert.equal(oog.gasUsed, 10_000n);
      assert.equal((await use(-1n)).result.status, 'failure');
    });
  });

  describe('bounds', () => {
    for (const [name, body] of [
      ['getAddress', '(call $getAddress (i32.const 65530))'],
      ['getCaller', '(call $getCaller (i32.const -1))'],
      ['finish', '(call $finish (i32.const 65500) (i32.const 100))'],
      ['storageLoad', '(call $storageLoad (i32.const 0) (i32.const 65535))'],
      ['callDataCopy', '(call $callDataCopy (i32.const 65535) (i32.const 0) (i32.const 2))'],
    ] as const) {
      it(`${name} with a pointer outside memory fails and uses all gas`, async () => {
        const { result, gasUsed } = await run(await contract([name], body), { input: new Uint8Array(4), gas: 60_000n });
        assert.equal(result.status, 'failure');
        assert.match(result.error!, /out of bounds/);
        assert.equal(gasUsed, 60_000n);
      });
    }
  });

  describe('calls between contracts', () => {
    // The callee stores its caller at slot 0 and its call value at slot 1, then finishes with "ok".
    const callee = () => contract(['getCaller', 'getCallValue', 'storageStore', 'finish'],
      `(call $getCaller (i32.const 76)) (call $getCallValue (i32.const 128))
       (call $storageStore (i32.const 0) (i32.const 64)) (call $storageStore (i32.const 32) (i32.const 96))
       ${finish(200, 2)}`,
      data(32, word(1n)) + data(200, Buffer.from('ok')));
    // callValue in the callee is LE u128 at 128..143; storing 96..127 stores zeros: keep value in slot 1 as LE bytes at 128.
    const calleeWithValue = () => contract(['getCaller', 'getCallValue', 'storageStore', 'finish'],
      `(call $getCaller (i32.const 76)) (call $getCallValue (i32.const 96))
       (call $storageStore (i32.const 0) (i32.const 64)) (call $storageStore (i32.const 32) (i32.const 96))
       ${finish(200, 2)}`,
      data(32, word(1n)) + data(200, Buffer.from('ok')));

    const caller = (kind: string, extra = '') => {
      const withValue = kind === 'call' || kind === 'callCode';
      const args = withValue ? '(i32.const 300) (i32.const 320)' : '(i32.const 300)';
      return contract([kind, 'getReturnDataSize', 'returnDataCopy', 'finish'],
        `(i32.store (i32.const 0) (call $${kind} (i64.const 200000) ${args} (i32.const 0) (i32.const 0)))
         (i32.store (i32.const 4) (call $getReturnDataSize))
         (call $returnDataCopy (i32.const 8) (i32.const 0) (call $getReturnDataSize))
         (call $finish (i32.const 0) (i32.add (i32.const 8) (call $getReturnDataSize)))`,
        addressAt(300, OTHER) + data(320, fromHex('05')) + extra);
    };

    it('call runs the callee in its own account with value; return data is readable', async () => {
      const { result, host } = await run(await caller('call'), {
        value: 10n, setup: async (h) => { h.account(OTHER).code = await calleeWithValue(); },
      });
      assert.equal(result.status, 'success', result.error ?? '');
      assert.equal(leUint(result.output.subarray(0, 4)), 0n);
      assert.equal(leUint(result.output.subarray(4, 8)), 2n);
      assert.equal(Buffer.from(result.output.subarray(8)).toString(), 'ok');
      assert.equal(storageOf(host, OTHER, 0n), BigInt(`0x${toHex(ADDRESS)}`));
      assert.equal(leUint(host.getStorage(OTHER, word(1n)).subarray(0, 16)), 5n);
      assert.equal(host.getBalance(OTHER), 5n);
      assert.equal(host.getBalance(ADDRESS), 5n);
    });

    it('callCode runs the callee\'s code on the caller\'s storage', async () => {
      const { result, host } = await run(await caller('callCode'), {
        value: 10n, setup: async (h) => { h.account(OTHER).code = await callee(); },
      });
      assert.equal(result.status, 'success', result.error ?? '');
      assert.equal(storageOf(host, ADDRESS, 0n), BigInt(`0x${toHex(ADDRESS)}`));
      assert.equal(host.account(OTHER).storage.size, 0);
    });

    it('callDelegate keeps the caller and the call value of the current frame', async () => {
      const { result, host } = await run(await caller('callDelegate'), {
        value: 9n, setup: async (h) => { h.account(OTHER).code = await calleeWithValue(); },
      });
      assert.equal(result.status, 'success', result.error ?? '');
      assert.equal(storageOf(host, ADDRESS, 0n), BigInt(`0x${toHex(CALLER)}`));
      assert.equal(leUint(host.getStorage(ADDRESS, word(1n)).subarray(0, 16)), 9n);
    });

    it('callStatic forbids writes in the callee: the call returns 1 and nothing is stored', async () => {
      const { result, host } = await run(await caller('callStatic'), { setup: async (h) => { h.account(OTHER).code = await callee(); } });
      assert.equal(result.status, 'success');
      assert.equal(leUint(result.output.subarray(0, 4)), 1n);
      assert.equal(leUint(result.output.subarray(4, 8)), 0n);
      assert.equal(host.account(OTHER).storage.size, 0);
    });

    it('a reverting callee returns 2, its revert data, and its writes are undone', async () => {
      const reverter = await contract(['storageStore', 'revert'], '(call $storageStore (i32.const 0) (i32.const 32)) (call $revert (i32.const 32) (i32.const 3))', data(32, fromHex('aabbcc')));
      const { result, host } = await run(await caller('call'), { value: 10n, setup: (h) => { h.account(OTHER).code = reverter; } });
      assert.equal(leUint(result.output.subarray(0, 4)), 2n);
      assert.equal(toHex(result.output.subarray(8)), 'aabbcc');
      assert.equal(host.account(OTHER).storage.size, 0);
      assert.equal(host.getBalance(OTHER), 0n);
    });

    it('a trapping callee returns 1, consumes the gas it was given, and the caller goes on', async () => {
      const trap = await contract([], 'unreachable');
      const { result, gasUsed } = await run(await caller('call'), { value: 10n, config: EEI_ONLY, setup: (h) => { h.account(OTHER).code = trap; } });
      assert.equal(leUint(result.output.subarray(0, 4)), 1n);
      // access (cold) + value + stipend-free forwarding of 200000 that is all consumed, + getters
      assert.equal(gasUsed, BigInt(S.call.cold + S.callValue + 200_000 + 3 * S.base + S.copyBase));
    });

    it('the refund counter continues through nested calls, and a reverted callee\'s refunds are dropped', async () => {
      // The callee clears slot 0 (+4800) and reverts when given call data.
      const clearer = await contract(['storageStore', 'getCallDataSize', 'revert'],
        '(call $storageStore (i32.const 0) (i32.const 32)) (if (call $getCallDataSize) (then (call $revert (i32.const 0) (i32.const 0))))');
      const setup = (h: MemoryHost) => {
        h.account(OTHER).code = clearer;
        h.account(OTHER).storage.set(toHex(word(0n)), word(1n));
      };
      const callWith = (dataLength: number) => contract(['call'],
        `(drop (call $call (i64.const 100000) (i32.const 300) (i32.const 320) (i32.const 0) (i32.const ${dataLength})))`, addressAt(300, OTHER));
      assert.equal((await run(await callWith(0), { setup })).result.gasRefund, BigInt(S.storageStore.deleted.refund));
      assert.equal((await run(await callWith(1), { setup })).result.gasRefund, 0n);
    });

    it('returnDataCopy past the end of the return data traps', async () => {
      const code = await contract(['returnDataCopy'], '(call $returnDataCopy (i32.const 0) (i32.const 0) (i32.const 1))');
      assert.equal((await run(code)).result.status, 'failure');
    });

    it('create deploys a child whose address follows the creator\'s nonce', async () => {
      const runtime = await contract(['finish'], finish(0, 3), data(0, Buffer.from('kid')));
      const init = makeDeployer(runtime);
      const code = await contract(['create', 'finish'],
        `(i32.store (i32.const 0) (call $create (i32.const 16) (i32.const 100) (i32.const ${init.length}) (i32.const 4))) ${finish(0, 24)}`,
        data(100, init));
      const { result, host } = await run(code, { setup: (h) => { h.account(ADDRESS).nonce = 1n; } });
      assert.equal(result.status, 'success', result.error ?? '');
      assert.equal(leUint(result.output.subarray(0, 4)), 0n);
      const child = createAddress(ADDRESS, 1n);
      assert.equal(toHex(result.output.subarray(4, 24)), toHex(child));
      assert.equal(toHex(host.getCode(child)), toHex(runtime));
      assert.equal(host.account(ADDRESS).nonce, 2n);
    });

    it('create of init code that returns an invalid contract returns 1', async () => {
      const bad = await contract(['finish'], finish(0, 4), data(0, fromHex('00010203')));
      const code = await contract(['create', 'finish'],
        `(i32.store (i32.const 0) (call $create (i32.const 16) (i32.const 100) (i32.const ${bad.length}) (i32.const 4))) ${finish(0, 4)}`, data(100, bad));
      const { result } = await run(code);
      assert.equal(leUint(result.output), 1n);
    });

    it('selfDestruct sends the balance to the beneficiary and ends the frame', async () => {
      const code = await contract(['selfDestruct', 'storageStore'], '(call $selfDestruct (i32.const 100)) (call $storageStore (i32.const 0) (i32.const 0))', addressAt(100, OTHER));
      const { result, host, gasUsed } = await run(code, { config: EEI_ONLY, setup: (h) => { h.account(ADDRESS).balance = 1000n; } });
      assert.equal(result.status, 'success');
      assert.equal(host.getBalance(OTHER), 1000n);
      assert.equal(host.getBalance(ADDRESS), 0n);
      assert.equal(gasUsed, BigInt(S.selfDestruct + S.selfDestructCold + S.selfDestructNewAccount));
    });

    it('selfDestruct in a static call fails', async () => {
      const code = await contract(['selfDestruct'], '(call $selfDestruct (i32.const 100))', addressAt(100, OTHER));
      assert.equal((await run(code, { isStatic: true })).result.status, 'failure');
    });

    it('nested calls stop at depth 1024: a frame at depth 1024 cannot call', async () => {
      // Calls itself with all its gas, counts how deep it got in slot 0 of the outermost frame.
      const code = await contract(['call', 'getAddress', 'getGasLeft', 'storageLoad', 'storageStore', 'finish', 'callDataCopy', 'getCallDataSize'],
        `(call $getAddress (i32.const 300))
         (if (call $getCallDataSize) (then (call $callDataCopy (i32.const 0) (i32.const 0) (i32.const 4))))
         (i32.store (i32.const 4) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
         (i32.store (i32.const 8) (call $call (call $getGasLeft) (i32.const 300) (i32.const 400) (i32.const 4) (i32.const 4)))
         (if (i32.eq (i32.load (i32.const 8)) (i32.const 1)) (then
           (i32.store (i32.const 44) (i32.load (i32.const 4)))
           (call $storageStore (i32.const 500) (i32.const 32))))`);
      const { result, host } = await run(code, { gas: 1n << 40n, config: EEI_ONLY });
      assert.equal(result.status, 'success', result.error ?? '');
      // The frame at depth d counts d + 1; as in the EVM, depths 0..1024 run and depth 1024's call fails.
      const stored = host.getStorage(ADDRESS, new Uint8Array(32));
      assert.equal(new DataView(stored.buffer, stored.byteOffset).getUint32(12, true), 1025);
    });
  });

  it('one engine serves many hosts; a compiled contract is cached by code', async () => {
    const engine = new WasmEngine(EEI_ONLY);
    const code = await contract(['getCaller', 'finish'], `(call $getCaller (i32.const 0)) ${finish(0, 20)}`);
    for (let i = 0; i < 3; i++) assert.equal(toHex((await run(code, { engine })).result.output), toHex(CALLER));
    assert.strictEqual(engine.compile(code), engine.compile(code.slice()));
  });
});
