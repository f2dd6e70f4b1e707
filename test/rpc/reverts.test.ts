/**
 * A revert, as every client decodes it: code 3, "execution reverted" (+ ": reason" when the data is
 * Error(string) or Panic(uint256), geth's wording), `data` always present — "0x" when empty — for
 * eth_call and eth_estimateGas; the same words in the node's log line for a mined transaction.
 */
import assert from 'node:assert/strict';
import { bytesToHex } from '@ethereumjs/util';
import { decodeErrorResult, encodeErrorResult, parseAbi } from 'viem';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { assemble } from '../helpers/evm-asm.ts';

const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const ECHO = '0x00000000000000000000000000000000000ec400';
/** Reverts with its calldata as the revert data. */
const echoRevert = assemble('CALLDATASIZE PUSH1 0 PUSH1 0 CALLDATACOPY CALLDATASIZE PUSH1 0 REVERT');
const abi = parseAbi(['error Error(string)', 'error Panic(uint256)', 'error Unauthorized(address who)']);

describe('rpc: revert errors', () => {
  let devnet: DevnetHandle;
  const lines: string[] = [];
  const rpc = (method: string, ...params: unknown[]) => devnet.provider.request({ method, params });
  before(async () => {
    devnet = await createDevnet({ log: (line) => lines.push(line) });
    await rpc('anvil_setCode', ECHO, bytesToHex(echoRevert));
  });
  after(() => devnet.close());

  const cases = [
    { what: 'Error(string)', data: encodeErrorResult({ abi, errorName: 'Error', args: ['not the owner'] }), message: 'execution reverted: not the owner' },
    { what: 'Panic(0x11)', data: encodeErrorResult({ abi, errorName: 'Panic', args: [0x11n] }), message: 'execution reverted: arithmetic underflow or overflow' },
    { what: 'a custom error', data: encodeErrorResult({ abi, errorName: 'Unauthorized', args: [FROM] }), message: 'execution reverted' },
    { what: 'an empty revert', data: '0x', message: 'execution reverted' },
  ] as const;

  for (const { what, data, message } of cases) {
    it(`${what}: code 3, "${message}", the data as is — eth_call and eth_estimateGas`, async () => {
      for (const method of ['eth_call', 'eth_estimateGas']) {
        await assert.rejects(rpc(method, { from: FROM, to: ECHO, data }, 'latest'), (e: { code: number; message: string; data?: string }) => {
          assert.deepEqual({ code: e.code, message: e.message, data: e.data }, { code: 3, message, data }, method);
          return true;
        });
      }
    });
  }

  it('viem decodes the data we send back into the error the contract raised', async () => {
    const data = encodeErrorResult({ abi, errorName: 'Unauthorized', args: [FROM] });
    const error = await rpc('eth_call', { to: ECHO, data }, 'latest').catch((e: { data: `0x${string}` }) => e);
    const decoded = decodeErrorResult({ abi, data: (error as { data: `0x${string}` }).data });
    assert.equal(decoded.errorName, 'Unauthorized');
    assert.equal((decoded.args[0] as string).toLowerCase(), FROM);
  });

  it('a mined transaction that reverts: status 0, and the node\'s log line gives the same reason', async () => {
    const data = encodeErrorResult({ abi, errorName: 'Error', args: ['sold out'] });
    const hash = await rpc('eth_sendTransaction', { from: FROM, to: ECHO, data, gas: '0x186a0' }) as string;
    assert.equal(((await rpc('eth_getTransactionReceipt', hash)) as { status: string }).status, '0x0');
    assert.match(lines.find((l) => l.startsWith(`tx ${hash}`))!, /FAILED \(execution reverted: sold out\)$/);
  });
});
