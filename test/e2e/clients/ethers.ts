/**
 * ethers v6: ContractFactory to deploy, Contract for calls, sends, queryFilter and `on`, the
 * node's own accounts through JsonRpcSigner (eth_sendTransaction), a WebSocketProvider for
 * subscriptions, and ethers' CallExceptionError for reverts.
 */
import {
  Contract, ContractEventPayload, ContractFactory, EventLog, JsonRpcProvider, WebSocketProvider, isCallException,
  type ContractTransactionReceipt, type InterfaceAbi, type JsonRpcSigner, type TransactionReceipt,
} from 'ethers';
import type { DevnetHandle } from 'ewasm-devnet';
import { EventQueue, type Artifact, type ClientAdapter, type ContractRef, type DecodedEvent, type Receipt, type RevertInfo } from './adapter.ts';

// ethers answers a repeated identical request from a 250 ms cache by default, which would return
// a value read before a transaction for the same read after it.
const OPTIONS = { cacheTimeout: -1, pollingInterval: 100 };

function receiptOf(r: TransactionReceipt | ContractTransactionReceipt | null): Receipt {
  if (!r) throw new Error('no receipt');
  return {
    status: r.status === 1 ? 'success' : 'reverted', transactionHash: r.hash, blockNumber: BigInt(r.blockNumber),
    gasUsed: r.gasUsed, contractAddress: r.contractAddress,
  };
}

function eventOf(log: EventLog): DecodedEvent {
  return {
    eventName: log.eventName, args: [...log.args], address: log.address, blockNumber: BigInt(log.blockNumber),
    transactionHash: log.transactionHash,
  };
}

function revertInfo(error: unknown, contract: Contract): RevertInfo {
  if (!isCallException(error)) throw error;
  // A contract's staticCall decodes custom errors with its ABI; a send fails in the signer's
  // estimateGas, which knows no ABI and leaves the data for `interface.parseError`, as ethers
  // documents for that case.
  const decoded = error.revert ?? (error.data ? contract.interface.parseError(error.data) : null);
  // Error(string) also decodes as an error named Error; its text is `reason`.
  const custom = decoded?.name === 'Error' ? null : decoded;
  return {
    reason: error.reason ?? undefined,
    errorName: custom?.name,
    args: custom ? [...custom.args] : undefined,
    message: error.shortMessage,
  };
}

export async function ethersAdapter(devnet: DevnetHandle): Promise<ClientAdapter> {
  const provider = new JsonRpcProvider(devnet.url, undefined, OPTIONS);
  const signer: JsonRpcSigner = await provider.getSigner(0);
  const sockets: WebSocketProvider[] = [];
  const contract = (c: ContractRef) => new Contract(c.address, c.artifact.abi as InterfaceAbi, signer);
  const method = (c: ContractRef, fn: string) => contract(c).getFunction(fn);

  return {
    name: 'ethers',
    sender: signer.address,

    async deploy(artifact: Artifact, args) {
      const factory = new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer);
      const deployed = await factory.deploy(...args);
      const receipt = await deployed.deploymentTransaction()!.wait();
      await deployed.waitForDeployment();
      return { address: await deployed.getAddress(), receipt: receiptOf(receipt) };
    },

    read: (c, fn, args) => method(c, fn).staticCall(...args),

    async write(c, fn, args, options = {}) {
      const overrides = options.gas === undefined ? {} : { gasLimit: options.gas };
      const tx = await method(c, fn).send(...args, overrides);
      return receiptOf(await tx.wait());
    },

    estimateGas: (c, fn, args) => method(c, fn).estimateGas(...args),

    async getLogs(c, eventName, { fromBlock, toBlock }) {
      const logs = await contract(c).queryFilter(eventName, Number(fromBlock), Number(toBlock));
      return logs.map((log) => {
        if (!(log instanceof EventLog)) throw new Error(`ethers could not decode a log of ${eventName}`);
        return eventOf(log);
      });
    },

    async subscribe(c, eventName) {
      const socket = new WebSocketProvider(devnet.wsUrl, undefined, OPTIONS);
      sockets.push(socket);
      const queue = new EventQueue();
      const watched = new Contract(c.address, c.artifact.abi as InterfaceAbi, socket);
      await watched.on(eventName, (...args: unknown[]) => queue.push(eventOf((args.at(-1) as ContractEventPayload).log)));
      // `on` has queued eth_subscribe; the socket answers requests in order, so once a later
      // request is answered the node holds the subscription.
      await socket.send('eth_chainId', []);
      return {
        next: (timeoutMs) => queue.next(timeoutMs),
        async close() {
          await watched.removeAllListeners();
          await socket.destroy();
        },
      };
    },

    async revertOf(c, fn, args, via) {
      const target = contract(c);
      try {
        if (via === 'call') await target.getFunction(fn).staticCall(...args);
        else await (await target.getFunction(fn).send(...args)).wait();
      } catch (error) {
        return revertInfo(error, target);
      }
      throw new Error(`${fn} did not revert`);
    },

    getCode: (address) => provider.getCode(address),
    request: (m, params) => provider.send(m, params),

    async latestBlock() {
      const block = await provider.getBlock('latest');
      if (!block) throw new Error('no latest block');
      return { number: BigInt(block.number), timestamp: BigInt(block.timestamp) };
    },

    async close() {
      for (const s of sockets) await s.destroy();
      provider.destroy();
    },
  };
}
