/**
 * Every eth_ method we serve that the Ethereum JSON-RPC specification describes answers what its
 * result schema allows (execution-apis-openrpc.json, vendored here; README.md says from where),
 * on a chain with realistic state: EVM (solc) and Wasm contracts, successful and failed
 * transactions, logs, several blocks, a pending transaction. Schemas are draft 2019-09: ajv's 2019 mode.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Interface } from 'ethers';
import { createDevnet, type DevnetHandle } from 'ewasm-devnet';
import { METHODS } from '../../rpc/methods/index.ts';
import { loadContracts, STORE_ABI } from '../e2e/clients/contracts.ts';

interface OpenRpcMethod { name: string; result?: { schema: object } }
const SPEC: { methods: OpenRpcMethod[] } = JSON.parse(readFileSync(new URL('./execution-apis-openrpc.json', import.meta.url), 'utf8'));
const SCHEMAS = new Map(SPEC.methods.map((m) => [m.name, m.result?.schema]));

const ALICE = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const BOB = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';

/** The eth_ methods we serve (by any name) that the specification describes. */
const served = [...new Set(METHODS.flatMap((m) => [m.name, ...m.aliases]))].filter((n) => n.startsWith('eth_') && SCHEMAS.has(n)).sort();

describe('execution-apis schema: every eth_ answer validates', function () {
  this.timeout(120_000);
  let devnet: DevnetHandle;
  const calls: Array<[string, unknown[]]> = [];
  const failures: string[] = [];
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });

  const request = (method: string, params: unknown[] = []) => devnet.provider.request({ method, params }) as Promise<any>;
  /** Calls a method, validates its answer against the spec, and returns it. */
  async function checked(method: string, params: unknown[] = []): Promise<any> {
    calls.push([method, params]);
    const result = await request(method, params);
    const schema = SCHEMAS.get(method);
    assert.ok(schema, `${method} has no result schema`);
    const validate = ajv.compile(schema);
    if (!validate(result)) {
      failures.push(`${method}(${JSON.stringify(params).slice(0, 100)}) answered ${JSON.stringify(result).slice(0, 300)}…\n  ${ajv.errorsText(validate.errors, { separator: '\n  ' })}`);
    }
    return result;
  }

  let token: string;
  let store: string;
  let transferHash: string;
  let failedHash: string;
  let deployHash: string;
  let block: any;

  before(async () => {
    devnet = await createDevnet();
    const contracts = await loadContracts();
    const tokenAbi = new Interface(contracts.token.abi as never);
    const send = async (tx: Record<string, string>) => {
      const hash = await request('eth_sendTransaction', [{ from: ALICE, ...tx }]);
      return { hash, receipt: await request('eth_getTransactionReceipt', [hash]) };
    };
    const supply = tokenAbi.encodeDeploy([10n ** 24n]).slice(2);
    const deployed = await send({ data: contracts.token.bytecode + supply });
    deployHash = deployed.hash;
    token = deployed.receipt.contractAddress;
    store = (await send({ data: contracts.store.bytecode, gas: '0x1000000' })).receipt.contractAddress;
    const storeAbi = new Interface(STORE_ABI as never);
    transferHash = (await send({ to: token, data: tokenAbi.encodeFunctionData('transfer', [BOB, 5n]) })).hash;
    await send({ to: store, data: storeAbi.encodeFunctionData('set', [42n]) });
    // A transaction that reverts, mined with a receipt of status 0 (gas given: no estimate to refuse it).
    failedHash = (await send({ to: store, data: storeAbi.encodeFunctionData('fail'), gas: '0x100000' })).hash;
    block = await request('eth_getTransactionReceipt', [transferHash]);
  });
  after(() => devnet?.close());

  it('every served method that the spec describes', async () => {
    const tokenAbi = new Interface((await loadContracts()).token.abi as never);
    const transfer = tokenAbi.encodeFunctionData('transfer', [BOB, 1n]);
    const balanceOf = tokenAbi.encodeFunctionData('balanceOf', [ALICE]);
    for (const m of ['eth_accounts', 'eth_blockNumber', 'eth_chainId', 'eth_coinbase', 'eth_gasPrice', 'eth_maxPriorityFeePerGas', 'eth_syncing',
      'eth_blobBaseFee', 'eth_config']) await checked(m);
    await checked('eth_call', [{ to: token, data: balanceOf }, 'latest']);
    await checked('eth_estimateGas', [{ from: ALICE, to: token, data: transfer }]);
    await checked('eth_createAccessList', [{ from: ALICE, to: token, data: transfer }, 'latest']);
    await checked('eth_feeHistory', ['0x4', 'latest', [25, 75]]);
    await checked('eth_getBalance', [ALICE, 'latest']);
    await checked('eth_getCode', [store, 'latest']);
    await checked('eth_getStorageAt', [token, '0x0', 'latest']);
    await checked('eth_getTransactionCount', [ALICE, 'latest']);
    await checked('eth_getProof', [token, ['0x0', '0x1'], 'latest']);
    await checked('eth_getStorageValues', [{ [token]: ['0x0'], [store]: ['0x0'] }, 'latest']);
    for (const full of [true, false]) {
      await checked('eth_getBlockByHash', [block.blockHash, full]);
      await checked('eth_getBlockByNumber', ['latest', full]);
      await checked('eth_getBlockByNumber', ['0x0', full]);
    }
    await checked('eth_getBlockByNumber', ['0x999', false]);
    await checked('eth_getBlockReceipts', [block.blockNumber]);
    await checked('eth_getBlockTransactionCountByHash', [block.blockHash]);
    await checked('eth_getBlockTransactionCountByNumber', [block.blockNumber]);
    for (const hash of [transferHash, failedHash, deployHash]) {
      await checked('eth_getTransactionByHash', [hash]);
      await checked('eth_getTransactionReceipt', [hash]);
    }
    await checked('eth_getTransactionByBlockHashAndIndex', [block.blockHash, '0x0']);
    await checked('eth_getTransactionByBlockNumberAndIndex', [block.blockNumber, '0x0']);
    await checked('eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }]);
    const filter = await checked('eth_newFilter', [{ fromBlock: '0x0', address: token }]);
    await checked('eth_getFilterLogs', [filter]);
    const blocks = await checked('eth_newBlockFilter');
    const pending = await checked('eth_newPendingTransactionFilter');
    // The spec's result is oneOf(hashes, logs): an empty array matches both, so no [] can pass it.
    // Every filter has something new when it is read.
    await request('eth_sendTransaction', [{ from: ALICE, to: token, data: transfer }]);
    await checked('eth_getFilterChanges', [filter]);
    await checked('eth_sign', [ALICE, '0x68656c6c6f']);
    await checked('eth_fillTransaction', [{ from: ALICE, to: BOB, value: '0x1' }]);
    const signed = await checked('eth_signTransaction', [{ from: ALICE, to: BOB, value: '0x1' }]);
    await checked('eth_sendRawTransaction', [signed.raw]);
    await checked('eth_sendTransaction', [{ from: ALICE, to: BOB, value: '0x2' }]);
    await checked('eth_getFilterChanges', [blocks]);
    await checked('eth_getFilterChanges', [pending]);
    await checked('eth_uninstallFilter', [filter]);

    assert.deepEqual(failures, [], 'answers that fail their result schema');
    const missing = served.filter((name) => !calls.some(([m]) => m === name));
    assert.deepEqual(missing, [], 'served methods this test does not call');
  });
});
