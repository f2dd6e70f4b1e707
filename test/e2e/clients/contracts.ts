/** The two contracts every client deploys: the Wasm store (hand-written ABI) and the solc Token. */
import { readFile } from 'node:fs/promises';
import { makeDeployer } from 'ewasm-devnet';
import { watToWasm } from '../../../scripts/lib/wat.ts';
import { compileSolidity } from '../../helpers/solc.ts';
import type { Artifact, Hex } from './adapter.ts';

const CONTRACTS = new URL('../../contracts/', import.meta.url);

/** What store.wat answers to, as a Solidity contract with the same interface would declare it. */
export const STORE_ABI = [
  { type: 'function', name: 'set', stateMutability: 'nonpayable', inputs: [{ name: 'value', type: 'uint256' }], outputs: [] },
  { type: 'function', name: 'get', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'uint256' }] },
  { type: 'function', name: 'fail', stateMutability: 'nonpayable', inputs: [], outputs: [] },
  {
    type: 'event', name: 'ValueSet',
    inputs: [{ name: 'by', type: 'address', indexed: true }, { name: 'value', type: 'uint256', indexed: false }],
  },
] as const;

export interface Contracts {
  readonly store: Artifact;
  /** The Wasm module the store deploys as its code. */
  readonly storeRuntime: Hex;
  readonly token: Artifact;
  readonly tokenRuntime: Hex;
}

const hex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString('hex')}`;

export async function loadContracts(): Promise<Contracts> {
  const runtime = await watToWasm(await readFile(new URL('store.wat', CONTRACTS), 'utf8'), 'store.wat');
  const compiled = await compileSolidity([new URL('Token.sol', CONTRACTS).pathname]);
  const token = compiled.get('Token');
  if (!token) throw new Error('solc produced no Token');
  return {
    store: { abi: STORE_ABI, bytecode: hex(makeDeployer(runtime)) },
    storeRuntime: hex(runtime),
    token: { abi: token.abi as Artifact['abi'], bytecode: hex(token.bytecode) },
    tokenRuntime: hex(token.deployedBytecode),
  };
}
