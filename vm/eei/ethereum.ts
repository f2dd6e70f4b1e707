/**
 * The Ethereum Environment Interface: the `ethereum` import namespace, byte-exact to the Ewasm
 * spec (shared/ewasm-spec.md §5) and priced by the frame's EEI schedule. Addresses and 32-byte
 * values are raw bytes; call values, balances and gas prices are 128-bit little-endian.
 */
import { ContractTrap, Halt } from '../errors.ts';
import type { Frame } from '../frame.ts';
import type { AccessStatus, CallKind, MaybePromise, Message } from '../host.ts';
import { accessCost, copyCost } from '../gas/eei-costs.ts';
import { fn, type HostNamespace } from './types.ts';

const I32 = 'i32';
const I64 = 'i64';
const EMPTY = new Uint8Array(0);

/** f(value), now if the host answered synchronously, else when its promise resolves. */
function then<T, R>(value: MaybePromise<T>, f: (v: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** Copies memory-to-memory from a host buffer; traps when the source range runs past the buffer (no zero padding). */
function copyOut(frame: Frame, source: Uint8Array, resultOffset: number, sourceOffset: number, length: number, what: string): void {
  const start = sourceOffset >>> 0;
  const len = length >>> 0;
  if (start + len > source.length) throw new ContractTrap(`${what} out of bounds: ${start}+${len} > ${source.length}`);
  frame.write(resultOffset, source.subarray(start, start + len));
}

const getter = (value: (frame: Frame) => number | bigint, result: 'i32' | 'i64') =>
  fn([], [result], (frame: Frame) => {
    frame.charge(frame.config.eei.base);
    return value(frame);
  });

const writer = (value: (frame: Frame) => Uint8Array) =>
  fn([I32], [], (frame: Frame, resultOffset: number) => {
    frame.charge(frame.config.eei.base);
    frame.write(resultOffset, value(frame));
  });

const uintWriter = (value: (frame: Frame) => bigint, size: 16 | 32) =>
  fn([I32], [], (frame: Frame, resultOffset: number) => {
    frame.charge(frame.config.eei.base);
    frame.writeUint(resultOffset, value(frame), size);
  });

async function messageCall(frame: Frame, kind: CallKind, gas: bigint, addressOffset: number, valueOffset: number | null,
  dataOffset: number, dataLength: number): Promise<number> {
  const s = frame.config.eei;
  const self = frame.message;
  if (gas < 0n) throw new ContractTrap('negative gas argument');
  const address = frame.readAddress(addressOffset);
  const value = valueOffset === null ? 0n : frame.readU128(valueOffset);
  if (kind === 'call' && value !== 0n) frame.requireNotStatic('call with value');
  const input = frame.read(dataOffset, dataLength);

  frame.charge(accessCost(s.call, await frame.host.accessAccount(address)));
  if (value !== 0n) {
    frame.charge(s.callValue);
    if (kind === 'call' && !(await frame.host.accountExists(address))) frame.charge(s.callNewAccount);
  }
  frame.returnData = EMPTY;
  if (self.depth + 1 > s.maxCallDepth) return 1;
  if (value !== 0n && (await frame.host.getBalance(self.recipient)) < value) return 1;

  const left = frame.gasLeft;
  let forwarded = gas < left - left / 64n ? gas : left - left / 64n;
  frame.charge(forwarded);
  if (value !== 0n) forwarded += BigInt(s.callStipend);

  const message: Message = {
    kind,
    isStatic: self.isStatic || kind === 'callStatic',
    depth: self.depth + 1,
    gas: forwarded,
    recipient: kind === 'call' || kind === 'callStatic' ? address : self.recipient,
    sender: kind === 'callDelegate' ? self.sender : self.recipient,
    input,
    value: kind === 'callDelegate' ? self.value : value,
    codeAddress: address,
    gasRefund: frame.gasRefund,
  };
  const result = await frame.host.call(message);
  frame.gasLeft += result.gasLeft;
  frame.returnData = result.status === 'success' || result.status === 'revert' ? result.output : EMPTY;
  if (result.status === 'success') {
    frame.gasRefund = result.gasRefund;
    return 0;
  }
  return result.status === 'revert' ? 2 : 1;
}

export const ETHEREUM: HostNamespace = {
  useGas: fn([I64], [], (frame: Frame, amount: bigint) => {
    if (amount < 0n) throw new ContractTrap('useGas: negative amount');
    frame.charge(amount);
  }),
  getGasLeft: fn([], [I64], (frame: Frame) => {
    frame.charge(frame.config.eei.base);
    return frame.gasLeft;
  }),
  getAddress: writer((f) => f.message.recipient),
  getCaller: writer((f) => f.message.sender),
  getTxOrigin: writer((f) => f.host.getTxContext().origin),
  getBlockCoinbase: writer((f) => f.host.getTxContext().coinbase),
  getCallValue: uintWriter((f) => f.message.value, 16),
  getTxGasPrice: uintWriter((f) => f.host.getTxContext().gasPrice, 16),
  getBlockDifficulty: uintWriter((f) => f.host.getTxContext().difficulty, 32),
  getCallDataSize: getter((f) => f.message.input.length, I32),
  getCodeSize: getter((f) => f.code.length, I32),
  getReturnDataSize: getter((f) => f.returnData.length, I32),
  getBlockGasLimit: getter((f) => f.host.getTxContext().gasLimit, I64),
  getBlockNumber: getter((f) => f.host.getTxContext().number, I64),
  getBlockTimestamp: getter((f) => f.host.getTxContext().timestamp, I64),

  callDataCopy: fn([I32, I32, I32], [], (frame: Frame, resultOffset: number, dataOffset: number, length: number) => {
    frame.charge(copyCost(frame.config.eei, length >>> 0));
    copyOut(frame, frame.message.input, resultOffset, dataOffset, length, 'callDataCopy');
  }),
  codeCopy: fn([I32, I32, I32], [], (frame: Frame, resultOffset: number, codeOffset: number, length: number) => {
    frame.charge(copyCost(frame.config.eei, length >>> 0));
    copyOut(frame, frame.code, resultOffset, codeOffset, length, 'codeCopy');
  }),
  returnDataCopy: fn([I32, I32, I32], [], (frame: Frame, resultOffset: number, dataOffset: number, length: number) => {
    frame.charge(copyCost(frame.config.eei, length >>> 0));
    copyOut(frame, frame.returnData, resultOffset, dataOffset, length, 'returnDataCopy');
  }),

  getExternalBalance: fn([I32, I32], [], async (frame: Frame, addressOffset: number, resultOffset: number) => {
    const address = frame.readAddress(addressOffset);
    frame.charge(accessCost(frame.config.eei.balance, await frame.host.accessAccount(address)));
    frame.check(resultOffset, 16);
    frame.writeUint(resultOffset, await frame.host.getBalance(address), 16);
  }, true),
  getExternalCodeSize: fn([I32], [I32], async (frame: Frame, addressOffset: number) => {
    const address = frame.readAddress(addressOffset);
    frame.charge(accessCost(frame.config.eei.extCodeSize, await frame.host.accessAccount(address)));
    return await frame.host.getCodeSize(address);
  }, true),
  externalCodeCopy: fn([I32, I32, I32, I32], [], async (frame: Frame, addressOffset: number, resultOffset: number,
    codeOffset: number, length: number) => {
    const s = frame.config.eei;
    const address = frame.readAddress(addressOffset);
    const access = await frame.host.accessAccount(address);
    frame.charge(accessCost(s.extCodeCopy, access) + s.copyWord * Math.ceil((length >>> 0) / 32));
    copyOut(frame, await frame.host.getCode(address), resultOffset, codeOffset, length, 'externalCodeCopy');
  }, true),
  getBlockHash: fn([I64, I32], [I32], async (frame: Frame, number: bigint, resultOffset: number) => {
    frame.charge(frame.config.eei.blockHash);
    frame.check(resultOffset, 32);
    const hash = await frame.host.getBlockHash(BigInt.asUintN(64, number));
    if (hash === undefined) return 1;
    frame.write(resultOffset, hash);
    return 0;
  }, true),

  // Answers without a promise when the host does (a slot already read): no suspension of the contract.
  storageLoad: fn([I32, I32], [], (frame: Frame, pathOffset: number, resultOffset: number) => {
    const key = frame.readBytes32(pathOffset);
    frame.check(resultOffset, 32);
    const self = frame.message.recipient;
    const load = (access: AccessStatus) => {
      frame.charge(accessCost(frame.config.eei.storageLoad, access));
      return then(frame.host.getStorage(self, key), (value) => frame.write(resultOffset, value));
    };
    return then(frame.host.accessStorage(self, key), load);
  }, true),
  storageStore: fn([I32, I32], [], async (frame: Frame, pathOffset: number, valueOffset: number) => {
    const s = frame.config.eei;
    frame.requireNotStatic('storageStore');
    const key = frame.readBytes32(pathOffset);
    const value = frame.readBytes32(valueOffset);
    if (s.storageStoreSentry > 0 && frame.gasLeft <= BigInt(s.storageStoreSentry)) frame.charge(frame.gasLeft + 1n);
    const self = frame.message.recipient;
    const cold = (await frame.host.accessStorage(self, key)) === 'cold' ? s.storageStoreCold : 0;
    const status = await frame.host.setStorage(self, key, value);
    const cost = s.storageStore[status];
    frame.charge(cost.gas + cold);
    frame.refund(BigInt(cost.refund));
  }, true),

  log: fn([I32, I32, I32, I32, I32, I32, I32], [], async (frame: Frame, dataOffset: number, dataLength: number,
    numberOfTopics: number, t1: number, t2: number, t3: number, t4: number) => {
    const s = frame.config.eei;
    const topicCount = numberOfTopics >>> 0;
    if (topicCount > 4) throw new ContractTrap(`log: ${topicCount} topics, at most 4`);
    frame.charge(s.log + s.logTopic * topicCount + s.logByte * (dataLength >>> 0));
    frame.requireNotStatic('log');
    const data = frame.read(dataOffset, dataLength);
    const topics = [t1, t2, t3, t4].slice(0, topicCount).map((t) => frame.readBytes32(t));
    await frame.host.emitLog({ address: frame.message.recipient, topics, data });
  }, true),

  finish: fn([I32, I32], [], (frame: Frame, dataOffset: number, dataLength: number) => {
    throw new Halt('success', frame.read(dataOffset, dataLength));
  }),
  revert: fn([I32, I32], [], (frame: Frame, dataOffset: number, dataLength: number) => {
    throw new Halt('revert', frame.read(dataOffset, dataLength));
  }),

  call: fn([I64, I32, I32, I32, I32], [I32], (frame: Frame, gas: bigint, address: number, value: number, data: number,
    length: number) => messageCall(frame, 'call', gas, address, value, data, length), true),
  callCode: fn([I64, I32, I32, I32, I32], [I32], (frame: Frame, gas: bigint, address: number, value: number, data: number,
    length: number) => messageCall(frame, 'callCode', gas, address, value, data, length), true),
  callDelegate: fn([I64, I32, I32, I32], [I32], (frame: Frame, gas: bigint, address: number, data: number,
    length: number) => messageCall(frame, 'callDelegate', gas, address, null, data, length), true),
  callStatic: fn([I64, I32, I32, I32], [I32], (frame: Frame, gas: bigint, address: number, data: number,
    length: number) => messageCall(frame, 'callStatic', gas, address, null, data, length), true),

  create: fn([I32, I32, I32, I32], [I32], async (frame: Frame, valueOffset: number, dataOffset: number,
    dataLength: number, resultOffset: number) => {
    const s = frame.config.eei;
    const self = frame.message;
    frame.requireNotStatic('create');
    const value = frame.readU128(valueOffset);
    const input = frame.read(dataOffset, dataLength);
    frame.check(resultOffset, 20);
    frame.charge(s.create + s.initCodeWord * Math.ceil(input.length / 32));
    frame.returnData = EMPTY;
    if (self.depth + 1 > s.maxCallDepth) return 1;
    if (value !== 0n && (await frame.host.getBalance(self.recipient)) < value) return 1;
    const forwarded = frame.gasLeft - frame.gasLeft / 64n;
    frame.charge(forwarded);
    const result = await frame.host.call({
      kind: 'create', isStatic: false, depth: self.depth + 1, gas: forwarded, recipient: new Uint8Array(20),
      sender: self.recipient, input, value, codeAddress: new Uint8Array(20), gasRefund: frame.gasRefund,
    });
    frame.gasLeft += result.gasLeft;
    if (result.status === 'success') {
      frame.write(resultOffset, result.createAddress!);
      frame.gasRefund = result.gasRefund;
      return 0;
    }
    frame.returnData = result.status === 'revert' ? result.output : EMPTY;
    return result.status === 'revert' ? 2 : 1;
  }, true),

  selfDestruct: fn([I32], [], async (frame: Frame, addressOffset: number) => {
    const s = frame.config.eei;
    const host = frame.host;
    const self = frame.message.recipient;
    frame.requireNotStatic('selfDestruct');
    const beneficiary = frame.readAddress(addressOffset);
    let cost = s.selfDestruct + ((await host.accessAccount(beneficiary)) === 'cold' ? s.selfDestructCold : 0);
    const sendsValue = !s.selfDestructNewAccountNeedsValue || (await host.getBalance(self)) > 0n;
    if (sendsValue && !(await host.accountExists(beneficiary))) cost += s.selfDestructNewAccount;
    frame.charge(cost);
    if (await host.selfDestruct(self, beneficiary)) frame.refund(BigInt(s.selfDestructRefund));
    throw new Halt('success', EMPTY);
  }, true),
};
