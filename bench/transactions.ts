/**
 * Sender recovery and transaction execution: the pure-JavaScript secp256k1 of ethereum-cryptography
 * against libsecp256k1 through the `secp256k1` package, and a whole plain transfer through runTx.
 * Run: node bench/transactions.ts (not part of npm run bench's report).
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createLegacyTx, createTxFromRLP } from '@ethereumjs/tx';
import { createVM, runTx } from '@ethereumjs/vm';
import { createBlock } from '@ethereumjs/block';
import { Account, Address, hexToBytes, privateToAddress } from '@ethereumjs/util';
import { createEwasmEVM } from '../evm-compat/evm.ts';
import { createState } from '../state/index.ts';
import { nativeEcrecover } from '../node/crypto.ts';

const N = 400;
const ROUNDS = 4;
const KEY = hexToBytes(`0x${'45'.repeat(32)}`);

async function measure(ecrecover: ReturnType<typeof nativeEcrecover>): Promise<{ recover: number; transfer: number }> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague, customCrypto: ecrecover ? { ecrecover } : {} });
  const stateManager = createState({ common });
  const evm = await createEwasmEVM({ common, stateManager });
  const vm = await createVM({ common, stateManager, evm });
  await stateManager.putAccount(new Address(privateToAddress(KEY)), new Account(0n, 10n ** 24n));
  const raw = Array.from({ length: N }, (_, i) =>
    createLegacyTx({ nonce: i, gasPrice: 10n, gasLimit: 21000n, to: `0x${'33'.repeat(20)}`, value: 1n }, { common }).sign(KEY).serialize());
  const block = createBlock({ header: { gasLimit: 30_000_000n, baseFeePerGas: 7n, number: 1n } }, { common });
  let t = performance.now();
  for (const r of raw) createTxFromRLP(r, { common }).getSenderAddress();
  const recover = (performance.now() - t) / N;
  t = performance.now();
  for (const r of raw) await runTx(vm, { tx: createTxFromRLP(r, { common }), block, skipBlockGasLimitValidation: true });
  const transfer = (performance.now() - t) / N;
  return { recover, transfer };
}

const native = nativeEcrecover();
if (!native) throw new Error('the secp256k1 native binding did not load');
const rows: Array<{ js: Awaited<ReturnType<typeof measure>>; native: Awaited<ReturnType<typeof measure>> }> = [];
for (let i = 0; i < ROUNDS; i++) rows.push({ js: await measure(undefined), native: await measure(native) });
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
const skip = rows.slice(1); // the first round warms V8 up
console.log(`per transaction, median of ${skip.length} interleaved rounds of ${N}:`);
console.log(`  decode + recover sender: pure JS ${us(median(skip.map((r) => r.js.recover)))}, native ${us(median(skip.map((r) => r.native.recover)))}, ratio ${median(skip.map((r) => r.js.recover / r.native.recover)).toFixed(1)}×`);
console.log(`  decode + runTx transfer: pure JS ${us(median(skip.map((r) => r.js.transfer)))}, native ${us(median(skip.map((r) => r.native.transfer)))}, ratio ${median(skip.map((r) => r.js.transfer / r.native.transfer)).toFixed(1)}×`);
