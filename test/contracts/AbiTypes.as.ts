/**
 * An AssemblyScript contract that echoes one argument of each ABI type, for test/sdk/abi.test.ts:
 * the generated decoder and encoder must round-trip what ethers encodes, byte for byte.
 */
import {
  U256, Address, address, uint8, uint24, uint64, uint128, uint256, int8, int24, int64, int128, int256,
  bytes, bytes1, bytes20, bytes32, FixedArray2, FixedArray3, revertMessage, console,
} from "ewasm-devnet";

export class Point { x: uint64 = 0; y: int24 = 0; }
export class Named { name: string = ""; tags: Array<uint256> = []; at: Point = new Point(); }

@error declare function Unlucky(code: uint256, why: string): void;

@pure export function echoUint8(v: uint8): uint8 { return v; }
@pure export function echoUint24(v: uint24): uint24 { return v; }
@pure export function echoUint64(v: uint64): uint64 { return v; }
@pure export function echoUint128(v: uint128): uint128 { return v; }
@pure export function echoUint256(v: uint256): uint256 { return v; }
@pure export function echoInt8(v: int8): int8 { return v; }
@pure export function echoInt24(v: int24): int24 { return v; }
@pure export function echoInt64(v: int64): int64 { return v; }
@pure export function echoInt128(v: int128): int128 { return v; }
@pure export function echoInt256(v: int256): int256 { return v; }
@pure export function echoBool(v: bool): bool { return v; }
@pure export function echoAddress(v: address): address { return v; }
@pure export function echoBytes(v: bytes): bytes { return v; }
@pure export function echoBytes1(v: bytes1): bytes1 { return v; }
@pure export function echoBytes20(v: bytes20): bytes20 { return v; }
@pure export function echoBytes32(v: bytes32): bytes32 { return v; }
@pure export function echoString(v: string): string { return v; }
@pure export function echoUints(v: Array<uint256>): Array<uint256> { return v; }
@pure export function echoStrings(v: Array<string>): Array<string> { return v; }
@pure export function echoNested(v: Array<Array<uint8>>): Array<Array<uint8>> { return v; }
@pure export function echoFixed(v: FixedArray3<uint64>): FixedArray3<uint64> { return v; }
@pure export function echoFixedStrings(v: FixedArray2<string>): FixedArray2<string> { return v; }
@pure export function echoPoint(v: Point): Point { return v; }
@pure export function echoNamed(v: Named): Named { return v; }
@pure export function echoNamedList(v: Array<Named>): Array<Named> { return v; }

/** Several arguments: the head/tail layout of a mixed tuple. */
@pure export function describe(id: uint8, label: string, key: bytes32, who: address, values: Array<uint64>): string {
  return label + ":" + id.toString() + ":" + values.length.toString() + ":" + who.toString() + ":" + key[31].toString();
}

export function fail(code: uint256): void {
  if (code == U256.fromU64(7)) Unlucky(code, "seven");
  if (code == U256.fromU64(8)) revertMessage("eight");
  console.log("fail(" + code.toString() + ") did not fail");
}

/** Solidity 0.8's checked arithmetic: Panic(0x11) on overflow, Panic(0x12) on division by zero. */
@pure export function checkedAdd(a: uint256, b: uint256): uint256 { return a + b; }
@pure export function checkedDiv(a: uint256, b: uint256): uint256 { return a / b; }
