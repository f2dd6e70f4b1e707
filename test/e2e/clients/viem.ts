/**
 * viem: walletClient.deployContract, readContract / simulateContract / writeContract /
 * estimateContractGas, getContractEvents, watchContractEvent over the webSocket transport, and
 * ContractFunctionRevertedError for reverts. A local account signs, so transactions go raw.
 */
import {
  BaseError, ContractFunctionRevertedError, createPublicClient, createWalletClient, http, webSocket,
  type Abi, type Hex, type Transport, type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { DevnetHandle } from 'ewasm-devnet';
import { DEFAULT_MNEMONIC, devAccounts } from '../../../genesis/accounts.ts';
import { EventQueue, positional, type AbiEntry, type ClientAdapter, type ContractRef, type DecodedEvent, type Receipt, type RevertInfo } from './adapter.ts';

const POLLING_MS = 50;

function receiptOf(r: TransactionReceipt): Receipt {
  return { status: r.status, transactionHash: r.transactionHash, blockNumber: r.blockNumber, gasUsed: r.gasUsed, contractAddress: r.contractAddress ?? null };
}

interface ViemLog {
  eventName?: string;
  args?: unknown;
  address: string;
  blockNumber: bigint | null;
  transactionHash: string | null;
}

function eventOf(abi: readonly AbiEntry[], log: ViemLog): DecodedEvent {
  if (!log.eventName || log.blockNumber === null || log.transactionHash === null) throw new Error('viem returned an undecoded or pending log');
  return {
    eventName: log.eventName, args: positional(abi, 'event', log.eventName, log.args as Record<string, unknown>), address: log.address,
    blockNumber: log.blockNumber, transactionHash: log.transactionHash,
  };
}

function revertInfo(error: unknown): RevertInfo {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
  if (!(reverted instanceof ContractFunctionRevertedError)) throw error;
  // Error(string) comes as `reason`; a custom error as `data`, decoded with the contract's ABI.
  const custom = reverted.data && reverted.data.errorName !== 'Error' ? reverted.data : undefined;
  return { reason: reverted.reason, errorName: custom?.errorName, args: custom?.args ? [...custom.args] : undefined, message: reverted.shortMessage };
}

/**
 * viem's webSocket transport, telling when the node has answered an eth_subscribe:
 * watchContractEvent subscribes in the background and has no such signal of its own.
 */
function acknowledgingWebSocket(url: string, onSubscribed: () => void): Transport {
  const inner = webSocket(url);
  return ((options: Parameters<Transport>[0]) => {
    const transport = inner(options);
    const subscribe = transport.value!.subscribe;
    return {
      ...transport,
      value: {
        ...transport.value,
        async subscribe(args: Parameters<typeof subscribe>[0]) {
          const result = await subscribe(args);
          onSubscribed();
          return result;
        },
      },
    };
  }) as Transport;
}

export async function viemAdapter(devnet: DevnetHandle): Promise<ClientAdapter> {
  const [dev] = devAccounts(DEFAULT_MNEMONIC, 1);
  const account = privateKeyToAccount(`0x${Buffer.from(dev.privateKey).toString('hex')}`);
  const chainId = Number(await devnet.provider.request({ method: 'eth_chainId' }));
  const chain = {
    id: chainId, name: 'ewasm-devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [devnet.url], webSocket: [devnet.wsUrl] } },
  } as const;
  const publicClient = createPublicClient({ chain, transport: http(devnet.url), pollingInterval: POLLING_MS, cacheTime: 0 });
  const walletClient = createWalletClient({ chain, account, transport: http(devnet.url), pollingInterval: POLLING_MS, cacheTime: 0 });
  const closers: Array<() => Promise<void>> = [];
  const target = (c: ContractRef, functionName: string, args: readonly unknown[]) =>
    ({ address: c.address as Hex, abi: c.artifact.abi as Abi, functionName, args, account });
  const mined = async (hash: Hex) => receiptOf(await publicClient.waitForTransactionReceipt({ hash, pollingInterval: POLLING_MS }));

  return {
    name: 'viem',
    sender: account.address,

    async deploy(artifact, args) {
      const hash = await walletClient.deployContract({ abi: artifact.abi as Abi, bytecode: artifact.bytecode, args });
      const receipt = await mined(hash);
      if (!receipt.contractAddress) throw new Error('deploy receipt without a contract address');
      return { address: receipt.contractAddress, receipt };
    },

    read: (c, fn, args) => publicClient.readContract(target(c, fn, args)),

    async write(c, fn, args, options = {}) {
      return mined(await walletClient.writeContract({ ...target(c, fn, args), gas: options.gas }));
    },

    estimateGas: (c, fn, args) => publicClient.estimateContractGas(target(c, fn, args)),

    async getLogs(c, eventName, { fromBlock, toBlock }) {
      const logs = await publicClient.getContractEvents({ address: c.address as Hex, abi: c.artifact.abi as Abi, eventName, fromBlock, toBlock });
      return logs.map((log) => eventOf(c.artifact.abi, log as ViemLog));
    },

    async subscribe(c, eventName) {
      let subscribed!: () => void;
      const acknowledged = new Promise<void>((resolve) => { subscribed = resolve; });
      const socketClient = createPublicClient({ chain, transport: acknowledgingWebSocket(devnet.wsUrl, () => subscribed()) });
      const queue = new EventQueue();
      let failure: Error | undefined;
      const unwatch = socketClient.watchContractEvent({
        address: c.address as Hex, abi: c.artifact.abi as Abi, eventName,
        onLogs: (logs) => logs.forEach((log) => queue.push(eventOf(c.artifact.abi, log as ViemLog))),
        onError: (e) => { failure = e; },
      });
      const close = async () => {
        unwatch();
        await socketClient.transport.getRpcClient().then((rpc: { close(): void }) => rpc.close());
      };
      closers.push(close);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(failure ?? new Error('no answer to eth_subscribe')), 5_000);
      });
      try {
        await Promise.race([acknowledged, timedOut]);
      } finally {
        clearTimeout(timer);
      }
      return { next: (timeoutMs) => queue.next(timeoutMs), close };
    },

    async revertOf(c, fn, args, via) {
      try {
        // simulateContract is viem's way to run a write as a call (readContract is for views).
        if (via === 'call') await publicClient.simulateContract(target(c, fn, args));
        else await mined(await walletClient.writeContract(target(c, fn, args)));
      } catch (error) {
        return revertInfo(error);
      }
      throw new Error(`${fn} did not revert`);
    },

    async getCode(address) {
      return (await publicClient.getCode({ address: address as Hex })) ?? '0x';
    },
    request: (method, params) => publicClient.request({ method, params } as never),

    async latestBlock() {
      const block = await publicClient.getBlock({ blockTag: 'latest' });
      return { number: block.number, timestamp: block.timestamp };
    },

    async close() {
      for (const close of closers) await close();
    },
  };
}
