/**
 * A chain with Root (Solidity) → forwarder (Wasm) → Leaf (Solidity) deployed: the call tree the
 * tracer tests look at, one frame of each engine calling the other.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Address } from '@ethereumjs/util';
import { Devnet, type DevnetOptions } from '../../../node/devnet.ts';
import { makeDeployer } from '../../../scripts/lib/deployer.ts';
import { watToWasm } from '../../../scripts/lib/wat.ts';
import { encodeCall } from '../../helpers/abi.ts';
import { compileSolidity } from '../../helpers/solc.ts';

const contractPath = (name: string) => fileURLToPath(new URL(`../../contracts/${name}`, import.meta.url));

export interface TraceChain {
  readonly chain: Devnet;
  readonly from: Address;
  readonly root: Address;
  readonly forwarder: Address;
  readonly leaf: Address;
  /** Sends Root.go(forwarder, leaf, x) and returns the transaction hash. */
  go(x: bigint): Promise<Uint8Array>;
  goData(x: bigint): Uint8Array;
}

export async function traceChain(options: DevnetOptions = {}): Promise<TraceChain> {
  const chain = await Devnet.create(options);
  const from = chain.accounts()[0];
  const compiled = await compileSolidity([contractPath('TraceChain.sol')]);
  const deploy = async (data: Uint8Array) => (await chain.getReceipt(await chain.sendTransaction({ from, data })))!.contractAddress!;
  const leaf = await deploy(compiled.get('Leaf')!.bytecode);
  const root = await deploy(compiled.get('Root')!.bytecode);
  const forwarder = await deploy(makeDeployer(await watToWasm(await readFile(contractPath('forwarder.wat'), 'utf8'), 'forwarder.wat', { debugNames: true })));
  const goData = (x: bigint) => encodeCall('go(address,address,uint256)', forwarder, leaf, x);
  return {
    chain, from, root, forwarder, leaf, goData,
    go: (x) => chain.sendTransaction({ from, to: root, data: goData(x), gas: 1_000_000n }),
  };
}
