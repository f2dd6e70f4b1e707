/**
 * The workload `npm run bench:peers` runs on every node alike, over JSON-RPC with raw transactions
 * signed by ethers before the clock starts (signing is the client's cost, not the node's). Every
 * timed phase is checked afterwards — a counter's value, a token balance, a loop's sum — so a node
 * that answers fast but wrongly fails the bench instead of winning it.
 */
import { HDNodeWallet, Interface, Transaction, Wallet, type BaseWallet } from 'ethers';
import { MNEMONIC } from './peer-nodes.ts';

export interface Contracts {
  readonly bench: { abi: Interface; bytecode: string };
  readonly token: { abi: Interface; bytecode: string };
  /** Ewasm counter creation code (ours only). */
  readonly wasmCounter: string;
}

export interface Figures {
  [row: string]: number;
}

export const SIZES = { transfers: 150, senders: 32, perSender: 8, inc: 150, erc20: 150, calls: 400, estimates: 30, sumTo: 100_000, wasm: 150 };
const GWEI = 10n ** 9n;
const FEES = { maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: GWEI };

export class Rpc {
  private id = 0;
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async call<T = string>(method: string, params: unknown[] = []): Promise<T> {
    const body = JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params });
    const post = () => fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // A server may close an idle keep-alive connection just as the next request goes out (the
    // request never reached it): send that one again on a new connection.
    const res = await post().catch((e: Error & { cause?: { code?: string } }) => {
      if (e.cause?.code === 'UND_ERR_SOCKET' || e.cause?.code === 'ECONNRESET') return post();
      throw e;
    });
    const answer = (await res.json()) as { result?: T; error?: { message: string } };
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  }
}

const dev = (i: number) => HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);

/** Signs consecutive transactions from `wallet` (nonces from the node), before any timing. */
async function signAll(rpc: Rpc, wallet: BaseWallet, count: number, make: (i: number) => { to: string; data?: string; value?: bigint; gasLimit: bigint }): Promise<string[]> {
  const chainId = BigInt(await rpc.call('eth_chainId'));
  const first = BigInt(await rpc.call('eth_getTransactionCount', [wallet.address, 'pending']));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const tx = Transaction.from({ type: 2, chainId, nonce: Number(first) + i, ...FEES, ...make(i) });
    tx.signature = wallet.signingKey.sign(tx.unsignedHash);
    out.push(tx.serialized);
  }
  return out;
}

async function sendAll(rpc: Rpc, raws: string[]): Promise<string> {
  let hash = '';
  for (const raw of raws) hash = await rpc.call('eth_sendRawTransaction', [raw]);
  return hash;
}

async function mined(rpc: Rpc, hash: string): Promise<{ status: string; contractAddress: string | null }> {
  for (let i = 0; i < 200; i++) {
    const r = await rpc.call<{ status: string; contractAddress: string | null } | null>('eth_getTransactionReceipt', [hash]);
    if (r) return r;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`transaction ${hash} was not mined`);
}

async function deploy(rpc: Rpc, wallet: BaseWallet, data: string): Promise<string> {
  const [raw] = await signAll(rpc, wallet, 1, () => ({ to: null as unknown as string, data, gasLimit: 5_000_000n }));
  const r = await mined(rpc, await rpc.call('eth_sendRawTransaction', [raw]));
  if (r.status !== '0x1' || !r.contractAddress) throw new Error('deployment failed');
  return r.contractAddress;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`wrong result: ${what}`);
}

const perSecond = (count: number, ms: number) => (count * 1000) / ms;

/** Runs every phase on one node; returns its figures by row name. */
export async function runWorkload(rpc: Rpc, contracts: Contracts, withWasm: boolean): Promise<Figures> {
  const f: Figures = {};
  const [a0, a1, a2] = [dev(0), dev(1), dev(2)];
  const sink = Wallet.createRandom().address;

  // transfers, one sender
  let raws = await signAll(rpc, a0, SIZES.transfers, () => ({ to: sink, value: 1n, gasLimit: 21_000n }));
  let t = performance.now();
  let last = await sendAll(rpc, raws);
  f['transfers, 1 sender (tx/s)'] = perSecond(raws.length, performance.now() - t);
  check((await mined(rpc, last)).status === '0x1', 'last transfer');
  check(BigInt(await rpc.call('eth_getBalance', [sink, 'latest'])) === BigInt(SIZES.transfers), 'sink balance after transfers');

  // transfers, 32 senders at once (funded first, untimed)
  const senders = Array.from({ length: SIZES.senders }, () => Wallet.createRandom());
  last = await sendAll(rpc, await signAll(rpc, a0, senders.length, (i) => ({ to: senders[i].address, value: 10n ** 18n, gasLimit: 21_000n })));
  await mined(rpc, last);
  const batches = await Promise.all(senders.map((s) => signAll(rpc, s, SIZES.perSender, () => ({ to: sink, value: 1n, gasLimit: 21_000n }))));
  t = performance.now();
  const lastHashes = await Promise.all(batches.map((b) => sendAll(rpc, b)));
  for (const h of lastHashes) await mined(rpc, h);
  f['transfers, 32 senders at once (tx/s)'] = perSecond(SIZES.senders * SIZES.perSender, performance.now() - t);
  check(BigInt(await rpc.call('eth_getBalance', [sink, 'latest'])) === BigInt(SIZES.transfers + SIZES.senders * SIZES.perSender), 'sink balance after 32 senders');

  // Solidity inc()
  const bench = await deploy(rpc, a2, contracts.bench.bytecode);
  const incData = contracts.bench.abi.encodeFunctionData('inc');
  raws = await signAll(rpc, a2, SIZES.inc, () => ({ to: bench, data: incData, gasLimit: 60_000n }));
  t = performance.now();
  last = await sendAll(rpc, raws);
  f['Solidity inc() (tx/s)'] = perSecond(raws.length, performance.now() - t);
  await mined(rpc, last);
  const countCall = { to: bench, data: contracts.bench.abi.encodeFunctionData('count') };
  check(BigInt(await rpc.call('eth_call', [countCall, 'latest'])) === BigInt(SIZES.inc), 'count() after inc()');

  // ERC-20 transfer()
  const token = await deploy(rpc, a1, contracts.token.bytecode + contracts.token.abi.encodeDeploy([10n ** 24n]).slice(2));
  const transferData = contracts.token.abi.encodeFunctionData('transfer', [sink, 1n]);
  raws = await signAll(rpc, a1, SIZES.erc20, () => ({ to: token, data: transferData, gasLimit: 80_000n }));
  t = performance.now();
  last = await sendAll(rpc, raws);
  f['ERC-20 transfer() (tx/s)'] = perSecond(raws.length, performance.now() - t);
  await mined(rpc, last);
  const balanceCall = { to: token, data: contracts.token.abi.encodeFunctionData('balanceOf', [sink]) };
  check(BigInt(await rpc.call('eth_call', [balanceCall, 'latest'])) === BigInt(SIZES.erc20), 'token balance after transfer()');

  // eth_call of a view, sequential
  t = performance.now();
  for (let i = 0; i < SIZES.calls; i++) await rpc.call('eth_call', [countCall, 'latest']);
  f['eth_call of a view, sequential (/s)'] = perSecond(SIZES.calls, performance.now() - t);

  // eth_estimateGas of an ERC-20 transfer
  const estimate = { from: a1.address, to: token, data: transferData };
  t = performance.now();
  for (let i = 0; i < SIZES.estimates; i++) await rpc.call('eth_estimateGas', [estimate]);
  f['eth_estimateGas (ms)'] = (performance.now() - t) / SIZES.estimates;

  // sumTo(100000) through eth_call: EVM compute
  const sumCall = { to: bench, data: contracts.bench.abi.encodeFunctionData('sumTo', [SIZES.sumTo]), gas: '0xf42400' };
  const times: number[] = [];
  for (let i = 0; i < 2; i++) {
    t = performance.now();
    const out = await rpc.call('eth_call', [sumCall, 'latest']);
    times.push(performance.now() - t);
    check(BigInt(out) === BigInt(SIZES.sumTo * (SIZES.sumTo + 1) / 2), 'sumTo result');
  }
  f['sumTo(100000) eth_call (ms)'] = Math.min(...times);

  if (withWasm) {
    const counter = await deploy(rpc, a2, contracts.wasmCounter);
    raws = await signAll(rpc, a2, SIZES.wasm, () => ({ to: counter, data: '0x', gasLimit: 200_000n }));
    t = performance.now();
    last = await sendAll(rpc, raws);
    f['Wasm counter (tx/s)'] = perSecond(raws.length, performance.now() - t);
    check(BigInt(await rpc.call('eth_getStorageAt', [counter, '0x0', 'latest'])) === BigInt(SIZES.wasm), 'Wasm counter slot');
  }
  return f;
}
