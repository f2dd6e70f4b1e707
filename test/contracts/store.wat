;; An ABI-speaking Ewasm contract for client tests: the same interface a Solidity contract
;;   function set(uint256 value)   — stores it, emits ValueSet(address indexed by, uint256 value)
;;   function get() returns (uint256)
;;   function fail()               — reverts with Error("nope")
;; would have. Selectors are compared as little-endian i32 loads of the first four call-data bytes.
(module
  (import "ethereum" "getCallDataSize" (func $size (result i32)))
  (import "ethereum" "callDataCopy" (func $copy (param i32 i32 i32)))
  (import "ethereum" "storageStore" (func $store (param i32 i32)))
  (import "ethereum" "storageLoad" (func $load (param i32 i32)))
  (import "ethereum" "getCaller" (func $caller (param i32)))
  (import "ethereum" "log" (func $log (param i32 i32 i32 i32 i32 i32 i32)))
  (import "ethereum" "finish" (func $finish (param i32 i32)))
  (import "ethereum" "revert" (func $revert (param i32 i32)))
  (memory (export "memory") 1)
  ;; 64..95: storage key 0.  128..159: keccak256("ValueSet(address,uint256)").
  (data (i32.const 128) "\f3\f5\77\17\df\f9\f5\f1\0a\f3\15\ef\db\fa\dc\60\c4\21\52\c1\1f\c0\c3\c4\13\bb\fb\dc\66\1f\14\3c")
  ;; 256..355: Error("nope") as the ABI encodes it.
  (data (i32.const 256) "\08\c3\79\a0")
  (data (i32.const 291) "\20")
  (data (i32.const 323) "\04")
  (data (i32.const 324) "nope")
  (func (export "main")
    (local $selector i32)
    (if (i32.lt_u (call $size) (i32.const 4)) (then (call $revert (i32.const 0) (i32.const 0))))
    (call $copy (i32.const 0) (i32.const 0) (i32.const 4))
    (local.set $selector (i32.load (i32.const 0)))
    ;; set(uint256) = 0x60fe47b1
    (if (i32.eq (local.get $selector) (i32.const 0xb147fe60)) (then
      (if (i32.lt_u (call $size) (i32.const 36)) (then (call $revert (i32.const 0) (i32.const 0))))
      (call $copy (i32.const 32) (i32.const 4) (i32.const 32))
      (call $store (i32.const 64) (i32.const 32))
      (call $caller (i32.const 172))
      (call $log (i32.const 32) (i32.const 32) (i32.const 2) (i32.const 128) (i32.const 160) (i32.const 0) (i32.const 0))
      (call $finish (i32.const 0) (i32.const 0))))
    ;; get() = 0x6d4ce63c
    (if (i32.eq (local.get $selector) (i32.const 0x3ce64c6d)) (then
      (call $load (i32.const 64) (i32.const 32))
      (call $finish (i32.const 32) (i32.const 32))))
    ;; fail() = 0xa9cc4718
    (if (i32.eq (local.get $selector) (i32.const 0x1847cca9)) (then
      (call $revert (i32.const 256) (i32.const 100))))
    (call $revert (i32.const 0) (i32.const 0))))
