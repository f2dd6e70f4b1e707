/**
 * Our tracers against Hardhat's (EDR implements geth's callTracer, prestateTracer and 4byteTracer):
 * the same EVM-only transactions (Direct → Leaf, one succeeding and one reverting) on a fresh
 * Hardhat network and on ours, traced with the same options. Same accounts, same deploy order, so
 * contract addresses and gas agree and the JSON can be compared whole, except the accounts whose
 * balances depend on fee settings (sender, coinbase), which are compared by shape.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Address, bytesToHex, generateAddress } from '@ethereumjs/util';
import { Devnet } from '../../node/devnet.ts';
import { encodeCall } from '../helpers/abi.ts';
import { compileSolidity } from '../helpers/solc.ts';
import { hardhatPath, requireEdr } from './hardhat-env.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT = join(REPO, 'test/fixtures/hardhat');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function runHardhat(plan: unknown): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    ...process.env, PATH: hardhatPath(),
    TRACE_PLAN: JSON.stringify(plan), HARDHAT_DISABLE_TELEMETRY: 'true', NO_COLOR: '1', HARDHAT_OUT: join(REPO, '.cache/hardhat-traces'),
  };
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no', 'hardhat', 'run', 'scripts/trace.ts'], { cwd: PROJECT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JSON's shape: every key path with the kind of its value (hex quantity, hex data, number, …). */
function shape(value: Json): Json {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [/^0x[0-9a-f]{40}$/.test(k) ? 'address' : k, shape(v)]));
  if (typeof value === 'string') return /^0x[0-9a-f]{64}$/.test(value) ? 'word' : /^0x[0-9a-f]*$/.test(value) ? 'hex' : 'text';
  return typeof value;
}

describe('tracers: the same JSON as Hardhat\'s (EDR) on EVM-only transactions', function () {
  this.timeout(180_000);

  it('callTracer (withLog), prestateTracer (and diffMode) and 4byteTracer agree with Hardhat\'s', async function () {
    requireEdr(this);
    const compiled = await compileSolidity([join(REPO, 'test/contracts/TraceChain.sol')]);
    const chain = await Devnet.create();
    const from = chain.accounts()[0];
    const leaf = new Address(generateAddress(from.bytes, new Uint8Array(0)));
    const traces = [
      { tracer: 'callTracer', tracerConfig: { withLog: true } },
      { tracer: 'prestateTracer' },
      { tracer: 'prestateTracer', tracerConfig: { diffMode: true } },
      { tracer: '4byteTracer' },
    ];
    const calls = [21n, 13n].map((x) => ({ to: 1, data: bytesToHex(encodeCall('go(address,uint256)', leaf, x)), gas: '0x7a120' }));
    const plan = { deploys: [compiled.get('Leaf')!.bytecode, compiled.get('Direct')!.bytecode].map((b) => bytesToHex(b)), calls, traces };

    const hardhat = await runHardhat(plan);
    assert.equal(hardhat.code, 0, `hardhat failed:\n${hardhat.stdout}\n${hardhat.stderr}`);
    const theirs = JSON.parse(hardhat.stdout.trim().split('\n').at(-1)!) as { from: string; addresses: string[]; txs: Array<{ gasUsed: string; traces: Json[] }> };

    try {
      assert.equal(theirs.from.toLowerCase(), from.toString());
      const addresses: string[] = [];
      for (const data of plan.deploys) {
        const hash = await chain.sendTransaction({ from, data: Buffer.from(data.slice(2), 'hex') });
        addresses.push((await chain.getReceipt(hash))!.contractAddress!.toString());
      }
      assert.deepEqual(addresses, theirs.addresses.map((a) => a.toLowerCase()));
      for (const [i, call] of calls.entries()) {
        const hash = await chain.sendTransaction({ from, to: new Address(Buffer.from(addresses[call.to].slice(2), 'hex')), data: Buffer.from(call.data.slice(2), 'hex'), gas: BigInt(call.gas) });
        assert.equal((await chain.getReceipt(hash))!.gasUsed, BigInt(theirs.txs[i].gasUsed), `gas of call ${i}`);
        for (const [j, options] of traces.entries()) {
          const ours = await chain.traceTransaction(hash, options) as Json;
          const reference = theirs.txs[i].traces[j];
          const label = `call ${i} (x=${i === 0 ? 21 : 13}), ${JSON.stringify(options)}`;
          if (options.tracer === 'prestateTracer') {
            // Contracts exactly; sender and coinbase (fees differ between the nodes) by shape.
            const pick = (t: Json, keep: (a: string) => boolean): Json => {
              const sides = options.tracerConfig ? ['pre', 'post'] : [null];
              const out: Record<string, Json> = {};
              for (const side of sides) {
                const accounts = (side ? (t as Record<string, Record<string, Json>>)[side] : t) as Record<string, Json>;
                out[side ?? 'state'] = Object.fromEntries(Object.entries(accounts).filter(([a]) => keep(a)));
              }
              return out;
            };
            const isContract = (a: string) => addresses.includes(a.toLowerCase());
            assert.deepEqual(pick(ours, isContract), pick(reference, isContract), label);
            assert.deepEqual(shape(pick(ours, (a) => a === from.toString())), shape(pick(reference, (a) => a.toLowerCase() === from.toString())), label);
          } else {
            assert.deepEqual(ours, reference, label);
          }
        }
      }
    } finally {
      await chain.close();
    }
  });
});
