/**
 * eth_call, eth_estimateGas and debug_traceCall run in the block they name (geth, Hardhat, Anvil):
 * at `latest`, a number or a hash that block's NUMBER, TIMESTAMP, BASEFEE, COINBASE and PREVRANDAO;
 * at `pending` the next block as it will be mined, stamped by the one clock evm_setNextBlockTimestamp
 * and evm_increaseTime move.
 */
import assert from 'node:assert/strict';
import { Address, bytesToHex, hexToBytes } from '@ethereumjs/util';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { assemble } from '../helpers/evm-asm.ts';

const CONTEXT = '0x00000000000000000000000000000000c0ffee01';
const NOT_BEFORE = '0x00000000000000000000000000000000c0ffee02';
const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
/** Returns NUMBER, TIMESTAMP, BASEFEE, COINBASE, PREVRANDAO as five words. */
const contextCode = assemble(`NUMBER PUSH1 0 MSTORE TIMESTAMP PUSH1 32 MSTORE BASEFEE PUSH1 64 MSTORE
  COINBASE PUSH1 96 MSTORE PREVRANDAO PUSH1 128 MSTORE PUSH1 160 PUSH1 0 RETURN`);
/** Reverts unless TIMESTAMP >= the word in slot 0 (a time lock). */
const notBeforeCode = assemble(`PUSH1 0 SLOAD TIMESTAMP LT PUSH2 @early JUMPI STOP early: JUMPDEST PUSH1 0 PUSH1 0 REVERT`);

type Block = { number: string; timestamp: string; baseFeePerGas: string; miner: string; mixHash: string; hash: string };

describe('rpc: the block context of calls', () => {
  let devnet: DevnetHandle;
  const rpc = (method: string, ...params: unknown[]) => devnet.provider.request({ method, params });
  const context = async (tag: unknown, extra: Record<string, string> = {}) => {
    const out = (await rpc('eth_call', { to: CONTEXT, ...extra }, tag)) as string;
    const word = (i: number) => BigInt('0x' + out.slice(2 + 64 * i, 2 + 64 * (i + 1)));
    return { number: word(0), timestamp: word(1), baseFee: word(2), coinbase: word(3), prevrandao: word(4) };
  };
  const expectBlock = (seen: Awaited<ReturnType<typeof context>>, block: Block) => {
    assert.equal(seen.number, BigInt(block.number));
    assert.equal(seen.timestamp, BigInt(block.timestamp));
    assert.equal(seen.coinbase, BigInt(block.miner));
    assert.equal(seen.prevrandao, BigInt(block.mixHash));
  };

  beforeEach(async () => {
    devnet = await createDevnet({ coinbase: new Address(hexToBytes('0x00000000000000000000000000000000000000c0')) });
    await rpc('anvil_setCode', CONTEXT, bytesToHex(contextCode));
    await rpc('anvil_setCode', NOT_BEFORE, bytesToHex(notBeforeCode));
    await rpc('evm_mine');
    await rpc('evm_mine');
  });
  afterEach(() => devnet.close());

  it('at latest, a number and a hash: that block\'s number, timestamp, coinbase and prevrandao', async () => {
    const latest = (await rpc('eth_getBlockByNumber', 'latest', false)) as Block;
    expectBlock(await context('latest'), latest);
    const first = (await rpc('eth_getBlockByNumber', '0x1', false)) as Block;
    expectBlock(await context('0x1'), first);
    expectBlock(await context({ blockHash: first.hash }), first);
    assert.notEqual(first.mixHash, latest.mixHash);
  });

  it('BASEFEE is the block\'s when the call is priced, zero when it is not (geth and Hardhat)', async () => {
    const latest = (await rpc('eth_getBlockByNumber', 'latest', false)) as Block;
    assert.equal((await context('latest', { from: FROM, maxFeePerGas: '0x174876e800' })).baseFee, BigInt(latest.baseFeePerGas));
    assert.equal((await context('latest')).baseFee, 0n);
  });

  it('at pending: the next block as it will be mined, timestamp from evm_setNextBlockTimestamp', async () => {
    const head = (await rpc('eth_getBlockByNumber', 'latest', false)) as Block;
    const next = BigInt(head.timestamp) + 1000n;
    await rpc('evm_setNextBlockTimestamp', Number(next));
    const pending = await context('pending', { from: FROM, maxFeePerGas: '0x174876e800' });
    assert.equal(pending.number, BigInt(head.number) + 1n);
    assert.equal(pending.timestamp, next);
    assert.equal((await context('latest')).timestamp, BigInt(head.timestamp), 'latest still sees the head');
    await rpc('evm_mine');
    const mined = (await rpc('eth_getBlockByNumber', 'latest', false)) as Block;
    expectBlock(pending, mined);
    assert.equal(pending.baseFee, BigInt(mined.baseFeePerGas));
  });

  it('at pending: evm_increaseTime shifts the next timestamp, and the mined block agrees', async () => {
    const head = BigInt(((await rpc('eth_getBlockByNumber', 'latest', false)) as Block).timestamp);
    const before = (await context('pending')).timestamp;
    await rpc('evm_increaseTime', 7200);
    const after = (await context('pending')).timestamp;
    assert.ok(after >= head + 7200n && after <= before + 7200n + 5n, `head ${head}: ${before} → ${after}`);
    await rpc('evm_mine');
    const mined = (await rpc('eth_getBlockByNumber', 'latest', false)) as Block;
    assert.ok(BigInt(mined.timestamp) >= after && BigInt(mined.timestamp) <= after + 5n);
  });

  it('eth_estimateGas defaults to pending (as Hardhat): a time lock opened by evm_setNextBlockTimestamp estimates', async () => {
    const head = (await rpc('eth_getBlockByNumber', 'latest', false)) as Block;
    const unlock = BigInt(head.timestamp) + 100_000n;
    await rpc('anvil_setStorageAt', NOT_BEFORE, '0x0', '0x' + unlock.toString(16).padStart(64, '0'));
    await assert.rejects(rpc('eth_estimateGas', { from: FROM, to: NOT_BEFORE }), { code: 3, message: 'execution reverted' });
    await rpc('evm_setNextBlockTimestamp', Number(unlock));
    const gas = BigInt((await rpc('eth_estimateGas', { from: FROM, to: NOT_BEFORE })) as string);
    assert.ok(gas > 21_000n && gas < 30_000n, `${gas}`);
    await assert.rejects(rpc('eth_estimateGas', { from: FROM, to: NOT_BEFORE }, 'latest'), { code: 3 });
    await assert.rejects(rpc('eth_call', { from: FROM, to: NOT_BEFORE }, 'latest'), { code: 3 });
    assert.equal(await rpc('eth_call', { from: FROM, to: NOT_BEFORE }, 'pending'), '0x');
  });

  it('debug_traceCall runs in the same context as eth_call', async () => {
    const trace = (await rpc('debug_traceCall', { to: CONTEXT }, 'latest')) as { returnValue: string };
    assert.equal(trace.returnValue, await rpc('eth_call', { to: CONTEXT }, 'latest'));
    const first = (await rpc('debug_traceCall', { to: CONTEXT }, '0x1')) as { returnValue: string };
    assert.equal(first.returnValue, await rpc('eth_call', { to: CONTEXT }, '0x1'));
  });
});
