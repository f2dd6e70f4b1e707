/**
 * Answers for the newer eth_ methods that read the chain rather than change it: EIP-1186 proofs
 * (eth_getProof), access lists (eth_createAccessList), the blob base fee and the EIP-7910 fork
 * config. Each takes a narrow view of the chain, not the Devnet.
 */
import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import { getMerkleStateProof, type MerkleStateManager } from '@ethereumjs/statemanager';
import { Address, bytesToHex, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import type { CallOutcome, CallRequest, Executor } from './executor.ts';
import { ChainError } from './errors.ts';

export interface AccountProof {
  readonly address: Address;
  readonly balance: bigint;
  readonly nonce: bigint;
  readonly codeHash: Uint8Array;
  readonly storageHash: Uint8Array;
  readonly accountProof: Uint8Array[];
  readonly storageProof: Array<{ key: Uint8Array; value: bigint; proof: Uint8Array[] }>;
}

/** An EIP-1186 proof of an account and some of its slots, against the state root of `block` (geth: the block's root, not pending changes). */
export async function accountProof(live: MerkleStateManager, block: Block, address: Address, slots: Uint8Array[]): Promise<AccountProof> {
  const state = live.shallowCopy(false);
  await state.setStateRoot(block.header.stateRoot);
  const proof = await getMerkleStateProof(state, address, slots.map((s) => setLengthLeft(s, 32)));
  const bytes = (hex: string) => hexToBytes(hex as `0x${string}`);
  return {
    address, balance: BigInt(proof.balance), nonce: BigInt(proof.nonce), codeHash: bytes(proof.codeHash), storageHash: bytes(proof.storageHash),
    accountProof: proof.accountProof.map(bytes),
    // The slot as the client gave it, as geth answers.
    storageProof: proof.storageProof.map((p, i) => ({ key: slots[i], value: BigInt(p.value), proof: p.proof.map(bytes) })),
  };
}

export interface AccessListResult {
  readonly accessList: Array<{ address: Address; storageKeys: Uint8Array[] }>;
  readonly gasUsed: bigint;
  readonly error?: string;
}

/** Prague's precompiles, 0x01 to 0x11. */
const isPrecompile = (a: string) => /^0x0{38}(0[1-9a-f]|1[01])$/i.test(a);

/**
 * eth_createAccessList as geth: run the call reporting what it touched, then run it again with that
 * list until the list stops changing (a warm slot can change the path a contract takes), and answer
 * the last list with the gas the call used with it.
 */
export async function createAccessList(executor: Executor, request: CallRequest, block: Block): Promise<AccessListResult> {
  let list: AccessListResult['accessList'] = [];
  let outcome: CallOutcome | undefined;
  for (let round = 0; round < 5; round++) {
    outcome = await executor.call({ ...request, accessList: list } as CallRequest, block, { reportAccessList: true });
    const next = (outcome.accessList ?? [])
      // As geth's tracer: the sender, the recipient and precompiles are warm anyway, so they are listed only for their slots.
      .filter((e) => e.storageKeys.length > 0 || !(isPrecompile(e.address) || e.address === request.from?.toString() || e.address === request.to?.toString()))
      .map((e) => ({ address: new Address(hexToBytes(e.address as `0x${string}`)), storageKeys: e.storageKeys.map((k) => setLengthLeft(hexToBytes(k as `0x${string}`), 32)) }));
    const same = JSON.stringify(next.map(keyOf)) === JSON.stringify(list.map(keyOf));
    list = next;
    if (same) break;
  }
  return { accessList: list, gasUsed: outcome!.gasUsed, ...(outcome!.success ? {} : { error: outcome!.reverted ? 'execution reverted' : outcome!.error }) };
}

const keyOf = (e: { address: Address; storageKeys: Uint8Array[] }) => [e.address.toString(), ...e.storageKeys.map((k) => bytesToHex(k))];

/** EIP-4844's blob base fee of the block after `head`. */
export function blobBaseFee(head: Block, common: Common): bigint {
  if (head.header.excessBlobGas === undefined) throw new ChainError('blob base fee is not defined before Cancun');
  return head.header.calcNextBlobGasPrice(common);
}

/** EIP-7910's fork configuration; this chain runs one fork from genesis, so there is no next or last. */
export interface ForkConfig {
  readonly activationTime: number;
  readonly blobSchedule: { baseFeeUpdateFraction: number; max: number; target: number };
  readonly chainId: bigint;
  /** EIP-2124 fork hash: CRC32 of the genesis hash, with no later fork to fold in. */
  readonly forkId: number;
  readonly precompiles: Record<string, Address>;
  readonly systemContracts: Record<string, Address>;
}

/** Prague's precompiles by the names EIP-7910 gives them. */
const PRECOMPILES = [
  'ECREC', 'SHA256', 'RIPEMD160', 'ID', 'MODEXP', 'BN254_ADD', 'BN254_MUL', 'BN254_PAIRING', 'BLAKE2F', 'KZG_POINT_EVALUATION',
  'BLS12_G1ADD', 'BLS12_G1MSM', 'BLS12_G2ADD', 'BLS12_G2MSM', 'BLS12_PAIRING_CHECK', 'BLS12_MAP_FP_TO_G1', 'BLS12_MAP_FP2_TO_G2',
];
/** EIP-4788's beacon roots contract (not a Common parameter in @ethereumjs). */
const BEACON_ROOTS_ADDRESS = '0x000f3df6d732807ef1319fb7b8bb8522d0beac02';
/** The mainnet deposit contract, which Prague's EIP-6110 requests read (as in geth's dev mode). */
const DEPOSIT_CONTRACT_ADDRESS = '0x00000000219ab540356cbb839cbe05303d7705fa';

export function forkConfig(common: Common, genesis: Block, crc32: (data: Uint8Array) => number): ForkConfig {
  const schedule = common.getBlobGasSchedule();
  const perBlob = common.param('blobGasPerBlob');
  const address = (hex: string) => new Address(hexToBytes(hex.toLowerCase() as `0x${string}`));
  // Common keeps address parameters as numbers.
  const param = (name: string) => address(`0x${BigInt(common.param(name)).toString(16).padStart(40, '0')}`);
  return {
    activationTime: Number(genesis.header.timestamp),
    blobSchedule: {
      baseFeeUpdateFraction: Number(schedule.blobGasPriceUpdateFraction), max: Number(schedule.maxBlobGasPerBlock / perBlob),
      target: Number(schedule.targetBlobGasPerBlock / perBlob),
    },
    chainId: common.chainId(),
    forkId: crc32(genesis.hash()),
    precompiles: Object.fromEntries(PRECOMPILES.map((name, i) => [name, address(`0x${(i + 1).toString(16).padStart(40, '0')}`)])),
    systemContracts: {
      BEACON_ROOTS_ADDRESS: address(BEACON_ROOTS_ADDRESS),
      CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS: param('consolidationRequestPredeployAddress'),
      DEPOSIT_CONTRACT_ADDRESS: address(DEPOSIT_CONTRACT_ADDRESS),
      HISTORY_STORAGE_ADDRESS: param('historyStorageAddress'),
      WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS: param('withdrawalRequestPredeployAddress'),
    },
  };
}
