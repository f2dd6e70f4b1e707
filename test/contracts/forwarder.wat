;; Forwards a call: call data is a 20-byte address followed by the call data for it. Stores 1 in
;; slot 0, logs the address, calls it with all but 10,000 of its gas, and returns what it returned
;; (reverting with its revert data when it fails).
(module
  (import "ethereum" "getCallDataSize" (func $size (result i32)))
  (import "ethereum" "callDataCopy" (func $copy (param i32 i32 i32)))
  (import "ethereum" "storageStore" (func $store (param i32 i32)))
  (import "ethereum" "log" (func $log (param i32 i32 i32 i32 i32 i32 i32)))
  (import "ethereum" "getGasLeft" (func $gasLeft (result i64)))
  (import "ethereum" "call" (func $call (param i64 i32 i32 i32 i32) (result i32)))
  (import "ethereum" "getReturnDataSize" (func $returnSize (result i32)))
  (import "ethereum" "returnDataCopy" (func $returnCopy (param i32 i32 i32)))
  (import "ethereum" "finish" (func $finish (param i32 i32)))
  (import "ethereum" "revert" (func $revert (param i32 i32)))
  (memory (export "memory") 1)
  ;; 1024..1055: slot 0.  1056..1087: the value 1.  2048..2063: zero value to send.
  (data (i32.const 1087) "\01")
  (func $forward (result i32)
    (call $call (i64.sub (call $gasLeft) (i64.const 10000)) (i32.const 0) (i32.const 2048) (i32.const 20) (i32.sub (call $size) (i32.const 20))))
  (func (export "main")
    (local $status i32)
    (call $copy (i32.const 0) (i32.const 0) (call $size))
    (call $store (i32.const 1024) (i32.const 1056))
    (call $log (i32.const 0) (i32.const 20) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
    (local.set $status (call $forward))
    (call $returnCopy (i32.const 4096) (i32.const 0) (call $returnSize))
    (if (local.get $status) (then (call $revert (i32.const 4096) (call $returnSize))))
    (call $finish (i32.const 4096) (call $returnSize))))
