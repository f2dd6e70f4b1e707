/**
 * `npm run bench:peers`: ours against Hardhat 3 and Anvil on one JSON-RPC workload
 * (bench/lib/peer-workload.ts). Each round starts every node afresh, one after the other on
 * 127.0.0.1 (order alternating between rounds), runs the workload, and stops it. Prints the
 * medians of the rounds with ours ÷ best peer per row, oriented so that > 1 means ours is better
 * (throughput: ours ÷ peer; time and memory: peer ÷ ours), and writes an SVG chart of the ratios.
 *
 *   npm run bench:peers [-- --rounds 3 --svg bench/peers.svg]
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Interface, hexlify } from 'ethers';
import { compileSolidity } from '../test/helpers/solc.ts';
import { watToWasm } from '../scripts/lib/wat.ts';
import { makeDeployer } from '../scripts/lib/deployer.ts';
import { peerKinds, rssMb, startNode } from './lib/peer-nodes.ts';
import { Rpc, runWorkload, type Contracts, type Figures } from './lib/peer-workload.ts';
import { ratioChart } from './lib/ratio-chart.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, svg: { type: 'string', default: 'bench/peers.svg' } } });
const ROUNDS = Number(values.rounds);
/** Rows where less is better. */
const lowerIsBetter = (row: string) => /\((ms|MB)\)$/.test(row);

async function contracts(): Promise<Contracts> {
  const compiled = await compileSolidity([new URL('contracts/Bench.sol', import.meta.url).pathname, new URL('../test/contracts/Token.sol', import.meta.url).pathname]);
  const sol = (name: string) => {
    const c = compiled.get(name)!;
    return { abi: new Interface(c.abi as never), bytecode: hexlify(c.bytecode) };
  };
  const wat = await readFile(new URL('../examples/counter.wat', import.meta.url), 'utf8');
  return { bench: sol('Bench'), token: sol('Token'), wasmCounter: hexlify(makeDeployer(await watToWasm(wat))) };
}

async function main(): Promise<void> {
  console.log(`peer benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.versions.node}, ${ROUNDS} rounds`);
  const kinds = peerKinds();
  for (const k of kinds) if (k.missing) console.log(`  ${k.name}: skipped, ${k.missing}`);
  const present = kinds.filter((k) => !k.missing);
  const code = await contracts();
  const results = new Map<string, Figures[]>(present.map((k) => [k.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? present : [...present].reverse();
    for (const kind of order) {
      const node = await startNode(kind);
      try {
        await new Promise((r) => setTimeout(r, 300));
        const idle = rssMb(node.pid);
        const figures = await runWorkload(new Rpc(node.url), code, kind.name === 'ewasm-devnet');
        figures['startup to first answer (ms)'] = node.startupMs;
        figures['RSS idle (MB)'] = idle;
        figures['RSS after the run (MB)'] = rssMb(node.pid);
        results.get(kind.name)!.push(figures);
        console.log(`  round ${round + 1} ${kind.name}: done (startup ${node.startupMs.toFixed(0)} ms)`);
      } finally {
        await node.stop();
      }
    }
  }

  const names = present.map((k) => k.name);
  const rows = [...new Set([...results.values()].flatMap((rs) => rs.flatMap((r) => Object.keys(r))))];
  const med = (name: string, row: string) => {
    const xs = results.get(name)!.map((r) => r[row]).filter((v) => v !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const table: string[][] = [['figure (median)', ...names, 'ours ÷ best peer']];
  const bars: Array<{ label: string; ratio: number; peer: string }> = [];
  for (const row of rows) {
    const ours = med('ewasm-devnet', row);
    const peers = names.slice(1).map((n) => ({ n, v: med(n, row) })).filter((p) => p.v !== undefined) as Array<{ n: string; v: number }>;
    let ratioCell = '–';
    if (ours !== undefined && peers.length > 0) {
      const best = peers.reduce((a, b) => (lowerIsBetter(row) ? (b.v < a.v ? b : a) : (b.v > a.v ? b : a)));
      const ratio = lowerIsBetter(row) ? best.v / ours : ours / best.v;
      ratioCell = `${ratio.toFixed(2)}× (${best.n})`;
      bars.push({ label: row, ratio, peer: best.n });
    }
    table.push([row, ...names.map((n) => { const v = med(n, row); return v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1); }), ratioCell]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  console.log();
  for (const r of table) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  console.log('\n(ratios > 1: ours better; throughput ours ÷ peer, time and memory peer ÷ ours)');
  if (bars.length > 0) {
    await writeFile(values.svg!, ratioChart(`ewasm-devnet ÷ best peer (${names.slice(1).join(', ')}), median of ${ROUNDS}`, bars));
    console.log(`chart: ${values.svg}`);
  }
}

await main();
