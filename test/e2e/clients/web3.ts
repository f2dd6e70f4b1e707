/**
 * web3.js v4: `new web3.eth.Contract(abi).deploy(...).send(...)` to deploy, contract methods for
 * calls, sends and estimates, getPastEvents, `contract.events.X()` over a WebSocketProvider, and
 * the ContractExecutionError / Eip838ExecutionError pair for reverts. Transactions are signed in
 * web3's own wallet and sent raw, so this client covers eth_sendRawTransaction.
 */
import { Web3, WebSocketProvider, type ContractAbi, type EventLog, type TransactionReceipt } from 'web3';
import type { DevnetHandle } from 'ewasm-devnet';
import { DEFAULT_MNEMONIC, devAccounts } from '../../../genesis/accounts.ts';
import { EventQueue, positional, type AbiEntry, type ClientAdapter, type ContractRef, type DecodedEvent, type Receipt, type RevertInfo } from './adapter.ts';

/** The slice of a web3 contract method object the adapter uses; web3's own types need a literal ABI. */
interface Web3Method {
  call(options: { from: string }): Promise<unknown>;
  send(options: { from: string; gas?: string }): Promise<TransactionReceipt>;
  estimateGas(options: { from: string }): Promise<bigint>;
}

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`;

function receiptOf(r: TransactionReceipt): Receipt {
  return {
    status: BigInt(r.status) === 1n ? 'success' : 'reverted', transactionHash: String(r.transactionHash),
    blockNumber: BigInt(r.blockNumber), gasUsed: BigInt(r.gasUsed), contractAddress: r.contractAddress ? String(r.contractAddress) : null,
  };
}

function eventOf(abi: readonly AbiEntry[], log: EventLog): DecodedEvent {
  if (!log.event) throw new Error('web3 could not decode a log');
  return {
    eventName: log.event, args: positional(abi, 'event', log.event, log.returnValues), address: String(log.address),
    blockNumber: BigInt(log.blockNumber ?? -1), transactionHash: String(log.transactionHash),
  };
}

/** web3 puts the node's decoded revert in the error's cause, an Eip838ExecutionError. */
function revertInfo(abi: readonly AbiEntry[], error: unknown): RevertInfo {
  let e = error as { cause?: unknown; innerError?: unknown; errorName?: string; errorArgs?: Record<string, unknown>; message: string };
  const top = e.message;
  while (e && e.errorName === undefined && (e.cause || e.innerError)) e = (e.cause ?? e.innerError) as typeof e;
  if (!e || e.errorName === undefined) throw error;
  // Error(string) is decoded as an error named Error with the reason as its one argument.
  if (e.errorName === 'Error') return { reason: String(e.errorArgs?.[0]), message: top };
  return { errorName: e.errorName, args: positional(abi, 'error', e.errorName, e.errorArgs ?? {}), message: top };
}

export async function web3Adapter(devnet: DevnetHandle): Promise<ClientAdapter> {
  const web3 = new Web3(devnet.url);
  // Receipts are there as soon as the send returns (automine); poll for them often.
  web3.transactionPollingInterval = 50;
  const [dev] = devAccounts(DEFAULT_MNEMONIC, 1);
  const account = web3.eth.accounts.wallet.add(hex(dev.privateKey))[0];
  const from = account.address;
  const sockets: Web3[] = [];
  const contract = (c: ContractRef) => new web3.eth.Contract(c.artifact.abi as ContractAbi, c.address);
  const method = (c: ContractRef, fn: string, args: readonly unknown[]): Web3Method =>
    (contract(c).methods as unknown as Record<string, (...a: unknown[]) => Web3Method>)[fn](...args);

  return {
    name: 'web3',
    sender: from,

    async deploy(artifact, args) {
      let receipt: TransactionReceipt | undefined;
      const deployed = await new web3.eth.Contract(artifact.abi as ContractAbi)
        .deploy({ data: artifact.bytecode, arguments: args as never })
        .send({ from })
        .on('receipt', (r) => { receipt = r; });
      if (!receipt) throw new Error('web3 deployed without a receipt event');
      return { address: String(deployed.options.address), receipt: receiptOf(receipt) };
    },

    // Calls name the sender, as a transaction would have it: without one the node calls from address zero, as geth does.
    read: (c, fn, args) => method(c, fn, args).call({ from }),

    async write(c, fn, args, options = {}) {
      const gas = options.gas === undefined ? {} : { gas: options.gas.toString() };
      return receiptOf(await method(c, fn, args).send({ from, ...gas }));
    },

    estimateGas: (c, fn, args) => method(c, fn, args).estimateGas({ from }),

    async getLogs(c, eventName, { fromBlock, toBlock }) {
      const logs = await contract(c).getPastEvents(eventName as never, { fromBlock, toBlock });
      return logs.map((log) => {
        if (typeof log === 'string') throw new Error('web3 returned a log as a string');
        return eventOf(c.artifact.abi, log);
      });
    },

    async subscribe(c, eventName) {
      const socketWeb3 = new Web3(new WebSocketProvider(devnet.wsUrl));
      sockets.push(socketWeb3);
      const queue = new EventQueue();
      const watched = new socketWeb3.eth.Contract(c.artifact.abi as ContractAbi, c.address);
      const subscription = (watched.events as unknown as Record<string, () => ReturnType<typeof watched.events.allEvents>>)[eventName]();
      subscription.on('data', (log: EventLog) => queue.push(eventOf(c.artifact.abi, log)));
      // web3 says 'connected' once the node has answered eth_subscribe with an id.
      await new Promise<void>((resolve, reject) => {
        subscription.once('connected', () => resolve());
        subscription.once('error', reject);
      });
      return {
        next: (timeoutMs) => queue.next(timeoutMs),
        async close() {
          await subscription.unsubscribe();
          socketWeb3.currentProvider?.disconnect();
        },
      };
    },

    async revertOf(c, fn, args, via) {
      try {
        if (via === 'call') await method(c, fn, args).call({ from });
        else await method(c, fn, args).send({ from });
      } catch (error) {
        return revertInfo(c.artifact.abi, error);
      }
      throw new Error(`${fn} did not revert`);
    },

    getCode: (address) => web3.eth.getCode(address),
    request: (m, params) => web3.requestManager.send({ method: m, params }),

    async latestBlock() {
      const block = await web3.eth.getBlock('latest');
      return { number: BigInt(block.number), timestamp: BigInt(block.timestamp) };
    },

    async close() {
      for (const s of sockets) s.currentProvider?.disconnect();
    },
  };
}
