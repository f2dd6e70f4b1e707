/**
 * The fuzzer: JSON-RPC over HTTP and WebSocket (mutated requests and texts), mutated Wasm modules
 * run as contracts, mutated signed transactions — all from a seeded PRNG, against an in-process
 * node on loopback. Whatever comes in, the node must answer with well-formed JSON-RPC (or an HTTP
 * 4xx), never an internal error, and keep serving. `npm run fuzz` runs the long version;
 * test/reliability/fuzz.test.ts a short one.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common';
import { createTx } from '@ethereumjs/tx';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import WebSocket from 'ws';
import { createDevnet } from '../../index.ts';
import { defaultMethodTable } from '../../rpc/methods/index.ts';
import { watToWasm } from '../../scripts/lib/wat.ts';
import { int, mutateBytes, pick, prng, type Random } from './prng.ts';

export interface FuzzCounts { readonly http: number; readonly ws: number; readonly wasm: number; readonly txs: number }

export interface FuzzReport {
  readonly counts: FuzzCounts;
  /** Answers that were not well-formed JSON-RPC, or internal errors: each a short description. */
  readonly failures: string[];
  /** Error codes seen, with how often: what the fuzz mostly exercised. */
  readonly codes: Map<string, number>;
  readonly seconds: number;
}

const KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const FROM = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const TARGET = '0x00000000000000000000000000000000000f0220';
/** Methods left out: they start timers (interval mining) or change what the rest of the run means. */
const EXCLUDED = new Set(['evm_setIntervalMining', 'anvil_setIntervalMining', 'evm_setAutomine', 'anvil_setAutomine', 'anvil_reset', 'hardhat_reset', 'anvil_loadState', 'hardhat_loadState']);

const VALUES: readonly unknown[] = [
  null, true, false, 0, 1, -1, 1.5, 2 ** 53, '', '0x', '0x0', '0x1', '0x00', '0x10', '0xffffffffffffffff', `0x${'f'.repeat(64)}`, `0x1${'0'.repeat(64)}`,
  'latest', 'pending', 'earliest', 'safe', 'finalized', 'zz', '0xzz', FROM, TARGET, `0x${'ab'.repeat(32)}`, `0x${'00'.repeat(20)}`, [], {}, [[]], { '': null },
  { from: FROM, to: TARGET }, { from: FROM, to: TARGET, data: '0x00', gas: '0x5208' }, { fromBlock: '0x0', toBlock: 'latest', topics: [[null]] },
  { blockHash: `0x${'11'.repeat(32)}` }, { to: TARGET, input: '0x', value: `0x${'f'.repeat(64)}` }, ['newHeads'], 'newHeads', 'logs',
];

function randomValue(random: Random, depth = 0): unknown {
  const r = random();
  if (depth < 3 && r < 0.1) return Array.from({ length: int(random, 4) }, () => randomValue(random, depth + 1));
  if (depth < 3 && r < 0.15) return Object.fromEntries(Array.from({ length: int(random, 3) }, () => [pick(random, ['from', 'to', 'data', 'gas', 'value', 'topics', 'address', 'blocks', 'timestamp']), randomValue(random, depth + 1)]));
  if (r < 0.2) return `0x${Buffer.from(Array.from({ length: int(random, 40) }, () => int(random, 256))).toString('hex')}`;
  return pick(random, VALUES);
}

/** A request text: a method from the table (or not) with random params, sometimes mangled as text. */
function randomRequest(random: Random, methods: readonly string[], id: number): string {
  const request: Record<string, unknown> = { jsonrpc: random() < 0.95 ? '2.0' : pick(random, ['1.0', 2, null]), method: random() < 0.9 ? pick(random, methods) : pick(random, ['', 'eth_', 'rpc.discover', 42]) };
  if (random() < 0.95) request.id = random() < 0.9 ? id : pick(random, [null, 'x', {}, [], 1.5]);
  if (random() < 0.9) request.params = random() < 0.9 ? Array.from({ length: int(random, 4) }, () => randomValue(random)) : randomValue(random);
  let text = JSON.stringify(random() < 0.1 ? [request, { ...request, id: id + 0.5 }] : request);
  if (random() < 0.15) {
    const bytes = Buffer.from(text);
    text = Buffer.from(mutateBytes(random, bytes)).toString('latin1');
  }
  return text;
}

/** Checks one answer text; returns a failure description, or undefined when it is well-formed. */
function checkAnswer(text: string, codes: Map<string, number>): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 80)}`;
  }
  for (const r of Array.isArray(body) ? body : [body]) {
    const response = r as { jsonrpc?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown }; method?: unknown; params?: { subscription?: unknown } };
    // A subscription's notification (WebSocket) is well-formed too.
    if (response?.jsonrpc === '2.0' && response.method === 'eth_subscription' && typeof response.params?.subscription === 'string') continue;
    if (response?.jsonrpc !== '2.0' || !('result' in response || 'error' in response)) return `not a JSON-RPC response: ${JSON.stringify(r).slice(0, 80)}`;
    if (response.error) {
      const { code, message } = response.error;
      if (typeof code !== 'number' || typeof message !== 'string') return `malformed error: ${JSON.stringify(response.error).slice(0, 80)}`;
      codes.set(String(code), (codes.get(String(code)) ?? 0) + 1);
      if (code === -32603) return `internal error: ${message.slice(0, 120)}`;
    }
  }
  return undefined;
}

async function post(url: string, text: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
  return { status: res.status, text: await res.text() };
}

export async function runFuzz(seed: number, counts: FuzzCounts): Promise<FuzzReport> {
  const started = performance.now();
  const random = prng(seed);
  const failures: string[] = [];
  const codes = new Map<string, number>();
  const handle = await createDevnet({ log: () => {} });
  const methods = [...defaultMethodTable().keys()].filter((m) => !EXCLUDED.has(m));
  const stillServing = async (what: string) => {
    const { text } = await post(handle.url, '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}');
    if (!text.includes('"0x7a69"')) failures.push(`after ${what}: node no longer answers (${text.slice(0, 80)})`);
  };
  try {
    // HTTP: one request text at a time.
    for (let i = 0; i < counts.http; i++) {
      const text = randomRequest(random, methods, i);
      const answer = await post(handle.url, text);
      if (answer.status === 204) continue;
      if (answer.status >= 500) failures.push(`HTTP ${answer.status} for ${text.slice(0, 80)}`);
      else if (answer.status === 200) {
        const failure = checkAnswer(answer.text, codes);
        if (failure) failures.push(`${failure} ← ${text.slice(0, 100)}`);
      }
    }
    await stillServing('HTTP fuzz');

    // WebSocket: frames on a few connections, some binary, some connections dropped mid-flight.
    let sent = 0;
    while (sent < counts.ws) {
      const socket = new WebSocket(handle.wsUrl);
      await once(socket, 'open');
      socket.on('message', (raw) => {
        const failure = checkAnswer(raw.toString(), codes);
        if (failure) failures.push(`WebSocket: ${failure}`);
      });
      const frames = Math.min(counts.ws - sent, 20 + int(random, 80));
      for (let i = 0; i < frames; i++, sent++) {
        const text = randomRequest(random, [...methods, 'eth_subscribe', 'eth_subscribe'], i);
        socket.send(random() < 0.05 ? Buffer.from(text) : text);
      }
      if (random() < 0.3) socket.terminate();
      else {
        await new Promise((r) => setTimeout(r, 50));
        socket.close();
      }
    }
    await stillServing('WebSocket fuzz');

    // Mutated Wasm modules, run as the code of one address.
    const seeds = [
      await watToWasm(await readFile(new URL('../../examples/counter.wat', import.meta.url), 'utf8')),
      await watToWasm(await readFile(new URL('../contracts/store.wat', import.meta.url), 'utf8')),
    ];
    for (let i = 0; i < counts.wasm; i++) {
      let code = pick(random, seeds);
      for (let m = 1 + int(random, 3); m > 0; m--) code = mutateBytes(random, code);
      await post(handle.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_setCode', params: [TARGET, bytesToHex(code)] }));
      const input = bytesToHex(Uint8Array.from({ length: int(random, 68) }, () => int(random, 256)));
      const answer = await post(handle.url, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'eth_call', params: [{ from: FROM, to: TARGET, data: input, gas: '0x1e8480' }, 'latest'] }));
      const failure = checkAnswer(answer.text, codes);
      if (failure) failures.push(`Wasm module ${bytesToHex(code).slice(0, 60)}…: ${failure}`);
    }
    await stillServing('Wasm fuzz');

    // Mutated signed transactions.
    const common = createCustomCommon({ chainId: 31337 }, Mainnet, { hardfork: Hardfork.Prague });
    for (let i = 0; i < counts.txs; i++) {
      const nonce = BigInt(await handle.provider.request({ method: 'eth_getTransactionCount', params: [FROM, 'pending'] }) as string);
      const fields = pick(random, [
        { type: 2, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n }, { type: 0, gasPrice: 10n ** 10n }, { type: 1, gasPrice: 10n ** 10n, accessList: [] },
      ]);
      const tx = createTx({ ...fields, nonce, gasLimit: 100_000n, to: TARGET, value: BigInt(int(random, 1000)), data: Uint8Array.from({ length: int(random, 8) }, () => int(random, 256)) }, { common }).sign(KEY);
      const raw = random() < 0.2 ? tx.serialize() : mutateBytes(random, tx.serialize());
      const answer = await post(handle.url, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'eth_sendRawTransaction', params: [bytesToHex(raw)] }));
      const failure = checkAnswer(answer.text, codes);
      if (failure) failures.push(`transaction ${bytesToHex(raw).slice(0, 60)}…: ${failure}`);
    }
    await stillServing('transaction fuzz');
  } finally {
    await handle.close();
  }
  return { counts, failures, codes, seconds: (performance.now() - started) / 1000 };
}
