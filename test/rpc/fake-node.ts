/**
 * A stand-in ChainNode for the RPC tests: each test supplies only the methods it exercises and
 * canned typed values; anything else throws, so a test cannot pass by accident through a method it
 * did not mean to call. Also canned chain objects (a signed transaction, a block holding it).
 */
import { EventEmitter } from 'node:events';
import { createBlock, type Block } from '@ethereumjs/block';
import { createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common';
import { createTx, type TypedTransaction } from '@ethereumjs/tx';
import { Address, hexToBytes } from '@ethereumjs/util';
import type { ChainEvents, ChainNode, LogView, TxLookup } from '../../node/api.ts';
import { startRpcServer, type RpcServer, type RpcServerOptions } from '../../rpc/server.ts';

export interface FakeNode extends ChainNode {
  emit<E extends keyof ChainEvents>(event: E, ...args: Parameters<ChainEvents[E]>): void;
}

export function fakeNode(overrides: Partial<ChainNode> = {}): FakeNode {
  const events = new EventEmitter();
  const base: Partial<FakeNode> = {
    chainId: 31337n,
    clientVersion: 'fake-node/0.0.0',
    on: (event, listener) => void events.on(event, listener),
    off: (event, listener) => void events.off(event, listener),
    emit: (event, ...args) => void events.emit(event, ...args),
    ...overrides,
  };
  return new Proxy(base, {
    get(target, prop) {
      if (prop in target) return Reflect.get(target, prop);
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      return () => {
        throw new Error(`fake node: ${prop} not implemented by this test`);
      };
    },
  }) as FakeNode;
}

export const common = createCustomCommon({ chainId: 31337 }, Mainnet, { hardfork: Hardfork.Prague });
// The first dev account of Hardhat and Anvil.
export const KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
export const SENDER = new Address(hexToBytes('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'));
export const TO = new Address(hexToBytes('0x000000000000000000000000000000000000beef'));
export const GWEI = 10n ** 9n;

export function signedTx(fields: Record<string, unknown> = {}): TypedTransaction {
  return createTx({
    type: 2, nonce: 0n, gasLimit: 21_000n, to: TO, value: 1n, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: 2n * GWEI, ...fields,
  }, { common }).sign(KEY);
}

export function blockWith(transactions: TypedTransaction[], number = 5n): Block {
  return createBlock({
    header: { number, gasLimit: 30_000_000n, baseFeePerGas: 7n * GWEI, timestamp: 1_700_000_000n + number },
    transactions,
  }, { common, setHardfork: false });
}

export function lookupsOf(block: Block): TxLookup[] {
  return block.transactions.map((tx, index) => ({ tx, hash: tx.hash(), from: tx.getSenderAddress(), block, index }));
}

export function logView(fields: Partial<LogView> = {}): LogView {
  return {
    address: TO, topics: [new Uint8Array(32).fill(1)], data: new Uint8Array([0xab]), blockNumber: 5n,
    blockHash: new Uint8Array(32).fill(5), transactionHash: new Uint8Array(32).fill(7), transactionIndex: 0, logIndex: 0,
    removed: false, ...fields,
  };
}

/** A server on a free loopback port; internal errors are collected rather than printed. */
export async function serve(node: ChainNode, options: RpcServerOptions = {}): Promise<RpcServer & { logged: string[] }> {
  const logged: string[] = [];
  const server = await startRpcServer(node, { port: 0, log: (line) => logged.push(line), ...options });
  return Object.assign(server, { logged });
}

/** POSTs a JSON-RPC payload; returns the HTTP status, headers and parsed body (undefined when empty). */
export async function post(url: string, payload: unknown, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload), ...init,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** One call; resolves to the response object ({ result } or { error }). */
export async function rpc(url: string, method: string, params: unknown[] = [], id: unknown = 1): Promise<any> {
  return (await post(url, { jsonrpc: '2.0', id, method, params })).body;
}
