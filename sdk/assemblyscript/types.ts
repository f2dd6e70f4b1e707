/**
 * Solidity's type names as AssemblyScript types, so a contract's exported functions read like a
 * Solidity interface and the build derives the ABI from them (scripts/lib/abi-gen.ts): an argument
 * declared `uint24` is `uint24` in the ABI and a u32 in the code. Widths up to 64 bits are native
 * integers (checked against their width when decoded, as Solidity does), wider ones U256 (intN as
 * two's complement). `bytesN` are Uint8Arrays of exactly N bytes, `T[N]` is `FixedArrayN<T>`.
 */
import { U256 } from "./u256";
import { Address } from "./address";

export type address = Address;
export type bytes = Uint8Array;
export type uint8 = u8; export type uint16 = u16; export type uint24 = u32; export type uint32 = u32;
export type uint40 = u64; export type uint48 = u64; export type uint56 = u64; export type uint64 = u64;
export type uint72 = U256; export type uint80 = U256; export type uint88 = U256; export type uint96 = U256;
export type uint104 = U256; export type uint112 = U256; export type uint120 = U256; export type uint128 = U256;
export type uint136 = U256; export type uint144 = U256; export type uint152 = U256; export type uint160 = U256;
export type uint168 = U256; export type uint176 = U256; export type uint184 = U256; export type uint192 = U256;
export type uint200 = U256; export type uint208 = U256; export type uint216 = U256; export type uint224 = U256;
export type uint232 = U256; export type uint240 = U256; export type uint248 = U256; export type uint256 = U256;
export type int8 = i8; export type int16 = i16; export type int24 = i32; export type int32 = i32;
export type int40 = i64; export type int48 = i64; export type int56 = i64; export type int64 = i64;
export type int72 = U256; export type int80 = U256; export type int88 = U256; export type int96 = U256;
export type int104 = U256; export type int112 = U256; export type int120 = U256; export type int128 = U256;
export type int136 = U256; export type int144 = U256; export type int152 = U256; export type int160 = U256;
export type int168 = U256; export type int176 = U256; export type int184 = U256; export type int192 = U256;
export type int200 = U256; export type int208 = U256; export type int216 = U256; export type int224 = U256;
export type int232 = U256; export type int240 = U256; export type int248 = U256; export type int256 = U256;
export type bytes1 = Uint8Array; export type bytes2 = Uint8Array; export type bytes3 = Uint8Array; export type bytes4 = Uint8Array;
export type bytes5 = Uint8Array; export type bytes6 = Uint8Array; export type bytes7 = Uint8Array; export type bytes8 = Uint8Array;
export type bytes9 = Uint8Array; export type bytes10 = Uint8Array; export type bytes11 = Uint8Array; export type bytes12 = Uint8Array;
export type bytes13 = Uint8Array; export type bytes14 = Uint8Array; export type bytes15 = Uint8Array; export type bytes16 = Uint8Array;
export type bytes17 = Uint8Array; export type bytes18 = Uint8Array; export type bytes19 = Uint8Array; export type bytes20 = Uint8Array;
export type bytes21 = Uint8Array; export type bytes22 = Uint8Array; export type bytes23 = Uint8Array; export type bytes24 = Uint8Array;
export type bytes25 = Uint8Array; export type bytes26 = Uint8Array; export type bytes27 = Uint8Array; export type bytes28 = Uint8Array;
export type bytes29 = Uint8Array; export type bytes30 = Uint8Array; export type bytes31 = Uint8Array; export type bytes32 = Uint8Array;
// T[N]: a StaticArray of exactly N elements.
export type FixedArray1<T> = StaticArray<T>; export type FixedArray2<T> = StaticArray<T>; export type FixedArray3<T> = StaticArray<T>; export type FixedArray4<T> = StaticArray<T>;
export type FixedArray5<T> = StaticArray<T>; export type FixedArray6<T> = StaticArray<T>; export type FixedArray7<T> = StaticArray<T>; export type FixedArray8<T> = StaticArray<T>;
export type FixedArray9<T> = StaticArray<T>; export type FixedArray10<T> = StaticArray<T>; export type FixedArray11<T> = StaticArray<T>; export type FixedArray12<T> = StaticArray<T>;
export type FixedArray13<T> = StaticArray<T>; export type FixedArray14<T> = StaticArray<T>; export type FixedArray15<T> = StaticArray<T>; export type FixedArray16<T> = StaticArray<T>;
export type FixedArray17<T> = StaticArray<T>; export type FixedArray18<T> = StaticArray<T>; export type FixedArray19<T> = StaticArray<T>; export type FixedArray20<T> = StaticArray<T>;
export type FixedArray21<T> = StaticArray<T>; export type FixedArray22<T> = StaticArray<T>; export type FixedArray23<T> = StaticArray<T>; export type FixedArray24<T> = StaticArray<T>;
export type FixedArray25<T> = StaticArray<T>; export type FixedArray26<T> = StaticArray<T>; export type FixedArray27<T> = StaticArray<T>; export type FixedArray28<T> = StaticArray<T>;
export type FixedArray29<T> = StaticArray<T>; export type FixedArray30<T> = StaticArray<T>; export type FixedArray31<T> = StaticArray<T>; export type FixedArray32<T> = StaticArray<T>;
