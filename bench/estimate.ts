/**
 * eth_estimateGas against eth_call on the same call, side by side: what an estimate costs in
 * executions (geth's gasestimator: the cap, then usually one probe at what it consumed). Run:
 * `npm run bench:estimate` (not part of `npm run bench`'s report). Requests go through the node's
 * EIP-1193 provider in process, so the figures are the node's work without HTTP.
 */
import { readFile } from 'node:fs/promises';
import { bytesToHex } from '@ethereumjs/util';
import { createDevnet } from '../index.ts';
import { makeDeployer } from '../scripts/lib/deployer.ts';
import { watToWasm } from '../scripts/lib/wat.ts';
import { assemble } from '../test/helpers/evm-asm.ts';
import { fmt, interleave, median, medianRatio, ratioSpread } from './lib/stats.ts';

const ROUNDS = 60;
const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const EVM_COUNTER = '0x00000000000000000000000000000000000c0001';
const EVM_CALLER = '0x00000000000000000000000000000000000c0002';
const TO = '0x00000000000000000000000000000000000a11ce';

const devnet = await createDevnet();
const rpc = (method: string, ...params: unknown[]) => devnet.provider.request({ method, params });
try {
  // An EVM counter (SLOAD, ADD, SSTORE), a contract that CALLs it and reverts if that failed (the 63/64 rule applies), the Wasm counter example.
  await rpc('anvil_setCode', EVM_COUNTER, bytesToHex(assemble('PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE STOP')));
  await rpc('anvil_setCode', EVM_CALLER, bytesToHex(assemble(
    `PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${EVM_COUNTER} GAS CALL ISZERO PUSH2 @failed JUMPI STOP failed: JUMPDEST PUSH1 0 PUSH1 0 REVERT`)));
  const wasm = await watToWasm(await readFile(new URL('../examples/counter.wat', import.meta.url), 'utf8'));
  const deploy = await rpc('eth_sendTransaction', { from: FROM, data: bytesToHex(makeDeployer(wasm)), gas: '0x1000000' });
  const wasmCounter = ((await rpc('eth_getTransactionReceipt', deploy)) as { contractAddress: string }).contractAddress;

  const executor = devnet.devnet.executor;
  const realCall = executor.call.bind(executor);
  let runs = 0;
  executor.call = (request, block) => {
    runs++;
    return realCall(request, block);
  };
  const cases = [
    ['plain transfer', { from: FROM, to: TO, value: '0x1' }],
    ['EVM counter (SSTORE)', { from: FROM, to: EVM_COUNTER }],
    ['EVM → EVM call (63/64)', { from: FROM, to: EVM_CALLER }],
    ['Wasm counter', { from: FROM, to: wasmCounter }],
  ] as const;
  const rows = [['call', 'eth_call ms', 'eth_estimateGas ms', 'ratio', 'IQR', 'runs per estimate']];
  for (const [name, request] of cases) {
    runs = 0;
    await rpc('eth_estimateGas', request, 'latest');
    const perEstimate = runs;
    for (let i = 0; i < 5; i++) await interleave([() => rpc('eth_call', request, 'latest'), () => rpc('eth_estimateGas', request, 'latest')], 2);
    const [call, estimate] = await interleave([() => rpc('eth_call', request, 'latest'), () => rpc('eth_estimateGas', request, 'latest')], ROUNDS);
    const [lo, hi] = ratioSpread(estimate, call);
    rows.push([name, fmt(median(call), 3), fmt(median(estimate), 3), `${fmt(medianRatio(estimate, call))}×`, `[${fmt(lo)}, ${fmt(hi)}]`, String(perEstimate)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`eth_estimateGas against eth_call, same request, ${ROUNDS} interleaved rounds (medians; ratio = median of per-round ratios)`);
  console.log(rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n'));
} finally {
  await devnet.close();
}
