/**
 * `npm run bench:long`: does the node stay flat over a long run? Starts the node as a user does
 * (bin/ewasm-devnet.js), then in stages mines 20,000 empty blocks with hardhat_mine and funds
 * 10,000 new accounts with transfers (1,000 to a block), and after each stage reports the node's
 * RSS and the time of an automined transfer (median over a batch), against the empty chain's.
 *
 * RSS moves with the garbage collector's heap sizing, so the memory an empty block keeps is also
 * measured in this process: heap and array buffers after a forced GC, before and after
 * Devnet.mine of the same number of blocks (needs --expose-gc, which the npm script passes).
 *
 *   npm run bench:long [-- --blocks 20000 --accounts 10000]
 */
import { parseArgs } from 'node:util';
import { Devnet } from '../node/devnet.ts';
import { HDNodeWallet, Transaction, id } from 'ethers';
import { MNEMONIC, peerKinds, rssMb, startNode } from './lib/peer-nodes.ts';
import { Rpc } from './lib/peer-workload.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({ options: { blocks: { type: 'string', default: '20000' }, accounts: { type: 'string', default: '10000' } } });
const BLOCKS = Number(values.blocks);
const ACCOUNTS = Number(values.accounts);
const PER_BLOCK = 1000;
const PROBE = 100;

const wallet = HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/0");
let nonce = 0;
function transfer(to: string): string {
  const tx = Transaction.from({ type: 2, chainId: 31337n, nonce: nonce++, to, value: 1n, gasLimit: 21_000n, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n });
  tx.signature = wallet.signingKey.sign(tx.unsignedHash);
  return tx.serialized;
}
const address = (i: number) => id(`bench:long account ${i}`).slice(0, 42);

/** Median milliseconds of one automined transfer, over PROBE of them. */
async function perTx(rpc: Rpc): Promise<number> {
  const raws = Array.from({ length: PROBE }, (_, i) => transfer(address(i)));
  const times: number[] = [];
  for (const raw of raws) {
    const t = performance.now();
    await rpc.call('eth_sendRawTransaction', [raw]);
    times.push(performance.now() - t);
  }
  return median(times);
}

const ours = peerKinds()[0];
const node = await startNode(ours);
try {
  const rpc = new Rpc(node.url);
  const rows: string[][] = [['stage', 'RSS MB', 'transfer ms', '÷ empty chain', 'stage took s']];
  const report = async (stage: string, took: number, base?: number) => {
    await new Promise((r) => setTimeout(r, 200));
    const ms = await perTx(rpc);
    rows.push([stage, rssMb(node.pid).toFixed(0), ms.toFixed(2), base ? (ms / base).toFixed(2) : '1.00', (took / 1000).toFixed(1)]);
    console.log(rows.at(-1)!.join('  '));
    return ms;
  };
  const base = await report('empty chain', 0);

  let t = performance.now();
  const rssBefore = rssMb(node.pid);
  await rpc.call('hardhat_mine', [`0x${BLOCKS.toString(16)}`]);
  const mineMs = performance.now() - t;
  const perBlockKb = ((rssMb(node.pid) - rssBefore) * 1024) / BLOCKS;
  await report(`after hardhat_mine of ${BLOCKS} blocks`, mineMs, base);

  t = performance.now();
  await rpc.call('evm_setAutomine', [false]);
  for (let i = 0; i < ACCOUNTS; i += PER_BLOCK) {
    const raws = Array.from({ length: Math.min(PER_BLOCK, ACCOUNTS - i) }, (_, k) => transfer(address(PROBE * 10 + i + k)));
    for (const raw of raws) await rpc.call('eth_sendRawTransaction', [raw]);
    await rpc.call('evm_mine');
  }
  await rpc.call('evm_setAutomine', [true]);
  const funded = BigInt(await rpc.call('eth_getBalance', [address(PROBE * 10 + ACCOUNTS - 1), 'latest']));
  if (funded !== 1n) throw new Error(`account ${ACCOUNTS} was not funded (balance ${funded})`);
  await report(`after funding ${ACCOUNTS} accounts`, performance.now() - t, base);

  console.log();
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  console.log(`\nhardhat_mine ${BLOCKS}: ${(mineMs / 1000).toFixed(2)} s, ${(mineMs * 1000 / BLOCKS).toFixed(0)} µs a block; RSS ${perBlockKb.toFixed(2)} KB a block`);
} finally {
  await node.stop();
}

/** Bytes an empty block keeps, in process: live heap plus array buffers after a full GC. */
async function retainedPerBlock(): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  const devnet = await Devnet.create();
  try {
    const live = () => { gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    const before = live();
    await devnet.mine(BigInt(BLOCKS), 1n);
    return (live() - before) / BLOCKS;
  } finally {
    await devnet.close();
  }
}

const kept = await retainedPerBlock();
console.log(kept === undefined ? 'retained bytes per empty block: run with --expose-gc' : `retained per empty block (in process, after GC): ${(kept / 1024).toFixed(2)} KB`);
