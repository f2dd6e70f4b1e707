/**
 * Gas of the EEI host functions, as data, one schedule per hardfork rule set. The default prices
 * each function as its EVM opcode under the chain's current rules, so a contract pays the same
 * whichever engine runs it; `byzantium` reproduces Hera's charges, which the Ewasm conformance
 * cases assume. docs/gas.md has the full table.
 */
import type { AccessStatus, StorageStatus } from '../host.ts';

export interface AccessCost {
  readonly warm: number;
  readonly cold: number;
}

export interface StorageWriteCost {
  readonly gas: number;
  readonly refund: number;
}

export interface EeiSchedule {
  readonly name: string;
  /** Simple getters (getAddress, getCaller, getBlockNumber, ...): EVM's "base" tier. */
  readonly base: number;
  readonly copyBase: number;
  readonly copyWord: number;
  readonly balance: AccessCost;
  readonly extCodeSize: AccessCost;
  readonly extCodeCopy: AccessCost;
  readonly blockHash: number;
  readonly storageLoad: AccessCost;
  readonly storageStore: Readonly<Record<StorageStatus, StorageWriteCost>>;
  /** Added to a store when the slot was not yet accessed in the transaction (EIP-2929). */
  readonly storageStoreCold: number;
  /** EIP-2200: a store fails when no more than this much gas is left. 0 disables the check. */
  readonly storageStoreSentry: number;
  readonly log: number;
  readonly logTopic: number;
  readonly logByte: number;
  readonly call: AccessCost;
  readonly callValue: number;
  readonly callNewAccount: number;
  readonly callStipend: number;
  readonly create: number;
  /** EIP-3860 charge per 32-byte word of init code; 0 before Shanghai. */
  readonly initCodeWord: number;
  readonly codeDepositByte: number;
  readonly selfDestruct: number;
  readonly selfDestructCold: number;
  readonly selfDestructNewAccount: number;
  /** EIP-161: charge selfDestructNewAccount only when a balance is actually sent. */
  readonly selfDestructNewAccountNeedsValue: boolean;
  readonly selfDestructRefund: number;
  readonly maxCallDepth: number;
  /** Every bignum host function pays this on top of its EVM opcode's gas. */
  readonly bignumHostCall: number;
}

export const EEI_PRAGUE: EeiSchedule = {
  name: 'prague',
  base: 2,
  copyBase: 3,
  copyWord: 3,
  balance: { warm: 100, cold: 2600 },
  extCodeSize: { warm: 100, cold: 2600 },
  extCodeCopy: { warm: 100, cold: 2600 },
  blockHash: 20,
  storageLoad: { warm: 100, cold: 2100 },
  storageStore: {
    assigned: { gas: 100, refund: 0 },
    added: { gas: 20000, refund: 0 },
    deleted: { gas: 2900, refund: 4800 },
    modified: { gas: 2900, refund: 0 },
    deletedAdded: { gas: 100, refund: -4800 },
    modifiedDeleted: { gas: 100, refund: 4800 },
    deletedRestored: { gas: 100, refund: -4800 + 2900 - 100 },
    addedDeleted: { gas: 100, refund: 20000 - 100 },
    modifiedRestored: { gas: 100, refund: 2900 - 100 },
  },
  storageStoreCold: 2100,
  storageStoreSentry: 2300,
  log: 375,
  logTopic: 375,
  logByte: 8,
  call: { warm: 100, cold: 2600 },
  callValue: 9000,
  callNewAccount: 25000,
  callStipend: 2300,
  create: 32000,
  initCodeWord: 2,
  codeDepositByte: 200,
  selfDestruct: 5000,
  selfDestructCold: 2600,
  selfDestructNewAccount: 25000,
  selfDestructNewAccountNeedsValue: true,
  selfDestructRefund: 0,
  maxCallDepth: 1024,
  bignumHostCall: 2,
};

export const EEI_BYZANTIUM: EeiSchedule = {
  name: 'byzantium',
  base: 2,
  copyBase: 3,
  copyWord: 3,
  balance: { warm: 400, cold: 400 },
  extCodeSize: { warm: 700, cold: 700 },
  extCodeCopy: { warm: 700, cold: 700 },
  blockHash: 800,
  storageLoad: { warm: 200, cold: 200 },
  storageStore: {
    assigned: { gas: 5000, refund: 0 },
    added: { gas: 20000, refund: 0 },
    deleted: { gas: 5000, refund: 15000 },
    modified: { gas: 5000, refund: 0 },
    deletedAdded: { gas: 20000, refund: 0 },
    modifiedDeleted: { gas: 5000, refund: 15000 },
    deletedRestored: { gas: 20000, refund: 0 },
    addedDeleted: { gas: 5000, refund: 15000 },
    modifiedRestored: { gas: 5000, refund: 0 },
  },
  storageStoreCold: 0,
  storageStoreSentry: 0,
  log: 375,
  logTopic: 375,
  logByte: 8,
  call: { warm: 700, cold: 700 },
  callValue: 9000,
  callNewAccount: 25000,
  callStipend: 2300,
  create: 32000,
  initCodeWord: 0,
  codeDepositByte: 200,
  selfDestruct: 5000,
  selfDestructCold: 0,
  selfDestructNewAccount: 25000,
  selfDestructNewAccountNeedsValue: false,
  selfDestructRefund: 24000,
  maxCallDepth: 1024,
  bignumHostCall: 0,
};

export function accessCost(cost: AccessCost, status: AccessStatus): number {
  return status === 'warm' ? cost.warm : cost.cold;
}

/** 3 + 3·ceil(n/32) with the default numbers: the EVM's copy cost without memory expansion. */
export function copyCost(s: EeiSchedule, length: number): number {
  return s.copyBase + s.copyWord * Math.ceil(length / 32);
}
