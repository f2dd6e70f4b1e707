/**
 * The Ewasm Environment Interface as AssemblyScript imports (shared/ewasm-spec.md §5; names and
 * signatures as the engine's policy checks them). Pointers are offsets into the contract's memory;
 * u128 values (call value, balances, gas price) are little-endian, everything else raw bytes.
 * Contracts normally use the typed helpers in env.ts, storage.ts and abi.ts instead.
 */

@external("ethereum", "useGas") export declare function useGas(amount: i64): void;
@external("ethereum", "getGasLeft") export declare function getGasLeft(): i64;
@external("ethereum", "getAddress") export declare function getAddress(resultOffset: usize): void;
@external("ethereum", "getExternalBalance") export declare function getExternalBalance(addressOffset: usize, resultOffset: usize): void;
@external("ethereum", "getBlockHash") export declare function getBlockHash(number: i64, resultOffset: usize): i32;
@external("ethereum", "getCallDataSize") export declare function getCallDataSize(): i32;
@external("ethereum", "callDataCopy") export declare function callDataCopy(resultOffset: usize, dataOffset: i32, length: i32): void;
@external("ethereum", "getCaller") export declare function getCaller(resultOffset: usize): void;
@external("ethereum", "getCallValue") export declare function getCallValue(resultOffset: usize): void;
@external("ethereum", "codeCopy") export declare function codeCopy(resultOffset: usize, codeOffset: i32, length: i32): void;
@external("ethereum", "getCodeSize") export declare function getCodeSize(): i32;
@external("ethereum", "externalCodeCopy") export declare function externalCodeCopy(addressOffset: usize, resultOffset: usize, codeOffset: i32, length: i32): void;
@external("ethereum", "getExternalCodeSize") export declare function getExternalCodeSize(addressOffset: usize): i32;
@external("ethereum", "getBlockCoinbase") export declare function getBlockCoinbase(resultOffset: usize): void;
@external("ethereum", "getBlockDifficulty") export declare function getBlockDifficulty(resultOffset: usize): void;
@external("ethereum", "getBlockGasLimit") export declare function getBlockGasLimit(): i64;
@external("ethereum", "getTxGasPrice") export declare function getTxGasPrice(resultOffset: usize): void;
@external("ethereum", "log") export declare function log(dataOffset: usize, dataLength: i32, numberOfTopics: i32,
  topic1: usize, topic2: usize, topic3: usize, topic4: usize): void;
@external("ethereum", "getBlockNumber") export declare function getBlockNumber(): i64;
@external("ethereum", "getBlockTimestamp") export declare function getBlockTimestamp(): i64;
@external("ethereum", "getTxOrigin") export declare function getTxOrigin(resultOffset: usize): void;
@external("ethereum", "storageStore") export declare function storageStore(pathOffset: usize, valueOffset: usize): void;
@external("ethereum", "storageLoad") export declare function storageLoad(pathOffset: usize, resultOffset: usize): void;
@external("ethereum", "finish") export declare function finish(dataOffset: usize, dataLength: i32): void;
@external("ethereum", "revert") export declare function revert(dataOffset: usize, dataLength: i32): void;
@external("ethereum", "getReturnDataSize") export declare function getReturnDataSize(): i32;
@external("ethereum", "returnDataCopy") export declare function returnDataCopy(resultOffset: usize, dataOffset: i32, length: i32): void;
@external("ethereum", "call") export declare function call(gas: i64, addressOffset: usize, valueOffset: usize, dataOffset: usize, dataLength: i32): i32;
@external("ethereum", "callCode") export declare function callCode(gas: i64, addressOffset: usize, valueOffset: usize, dataOffset: usize, dataLength: i32): i32;
@external("ethereum", "callDelegate") export declare function callDelegate(gas: i64, addressOffset: usize, dataOffset: usize, dataLength: i32): i32;
@external("ethereum", "callStatic") export declare function callStatic(gas: i64, addressOffset: usize, dataOffset: usize, dataLength: i32): i32;
@external("ethereum", "create") export declare function create(valueOffset: usize, dataOffset: usize, dataLength: i32, resultOffset: usize): i32;
@external("ethereum", "selfDestruct") export declare function selfDestruct(addressOffset: usize): void;

/** 256-bit arithmetic on 32-byte big-endian words (docs/bignum.md). */
export namespace bignum {
  @external("bignum", "add256") export declare function add256(a: usize, b: usize, result: usize): void;
  @external("bignum", "sub256") export declare function sub256(a: usize, b: usize, result: usize): void;
  @external("bignum", "mul256") export declare function mul256(a: usize, b: usize, result: usize): void;
  @external("bignum", "div256") export declare function div256(a: usize, b: usize, result: usize): void;
  @external("bignum", "sdiv256") export declare function sdiv256(a: usize, b: usize, result: usize): void;
  @external("bignum", "mod256") export declare function mod256(a: usize, b: usize, result: usize): void;
  @external("bignum", "smod256") export declare function smod256(a: usize, b: usize, result: usize): void;
  @external("bignum", "addmod256") export declare function addmod256(a: usize, b: usize, n: usize, result: usize): void;
  @external("bignum", "mulmod256") export declare function mulmod256(a: usize, b: usize, n: usize, result: usize): void;
  @external("bignum", "exp256") export declare function exp256(a: usize, b: usize, result: usize): void;
}

/** Development output, printed by the node under the transaction (cost 0). */
export namespace debug {
  @external("debug", "print32") export declare function print32(value: i32): void;
  @external("debug", "print64") export declare function print64(value: i64): void;
  @external("debug", "printMem") export declare function printMem(offset: usize, length: i32): void;
  @external("debug", "printMemHex") export declare function printMemHex(offset: usize, length: i32): void;
}
