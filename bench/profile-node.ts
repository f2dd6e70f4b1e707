/**
 * An in-process workload for `node --cpu-prof bench/profile-node.ts`: transfers, inc() and
 * eth_call against Devnet directly (no HTTP), so a CPU profile shows the node's own costs.
 */
import { HDNodeWallet, Interface, Transaction, Wallet, getBytes, hexlify } from 'ethers';
import { Address } from '@ethereumjs/util';
import { Devnet } from '../node/devnet.ts';
import { compileSolidity } from '../test/helpers/solc.ts';

const N = Number(process.env.N ?? 300);
const compiled = (await compileSolidity([new URL('contracts/Bench.sol', import.meta.url).pathname])).get('Bench')!;
const abi = new Interface(compiled.abi as never);
const devnet = await Devnet.create({});
const wallet = HDNodeWallet.fromPhrase('test test test test test test test test test test test junk', undefined, "m/44'/60'/0'/0/0");
let nonce = 0;
const sign = (to: string | null, data: string, gasLimit: bigint) => {
  const tx = Transaction.from({ type: 2, chainId: 31337n, nonce: nonce++, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n, to, data, gasLimit, value: to && data === '0x' ? 1n : 0n });
  tx.signature = wallet.signingKey.sign(tx.unsignedHash);
  return getBytes(tx.serialized);
};
await devnet.sendRawTransaction(sign(null, hexlify(compiled.bytecode), 1_000_000n));
const bench = (await devnet.getReceipt(devnet.store.head.transactions[0].hash()))!.contractAddress!;
const sink = Wallet.createRandom().address;
const phases: Record<string, () => Promise<unknown>> = {
  transfers: async () => { for (let i = 0; i < N; i++) await devnet.sendRawTransaction(sign(sink, '0x', 21_000n)); },
  inc: async () => { for (let i = 0; i < N; i++) await devnet.sendRawTransaction(sign(bench.toString(), abi.encodeFunctionData('inc'), 60_000n)); },
  calls: async () => { for (let i = 0; i < N * 2; i++) await devnet.call({ to: bench, data: getBytes(abi.encodeFunctionData('count')) }, 'latest'); },
  estimates: async () => { for (let i = 0; i < N / 5; i++) await devnet.estimateGas({ from: new Address(getBytes(wallet.address)), to: bench, data: getBytes(abi.encodeFunctionData('inc')) }, 'latest'); },
};
for (const [name, run] of Object.entries(phases)) {
  // CPU time as well as wall time: on a shared machine the CPU figure is the steadier one.
  const t = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  console.log(`${name}: ${(performance.now() - t).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
}
await devnet.close();
