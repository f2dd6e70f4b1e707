;; A counter: each call adds 1 to storage slot 0, logs the new count and returns it as a
;; 32-byte big-endian word (the EVM word layout).
(module
  (import "ethereum" "storageLoad" (func $load (param i32 i32)))
  (import "ethereum" "storageStore" (func $store (param i32 i32)))
  (import "ethereum" "log" (func $log (param i32 i32 i32 i32 i32 i32 i32)))
  (import "ethereum" "finish" (func $finish (param i32 i32)))
  (memory (export "memory") 1)
  ;; bytes 0..31: the slot key (zero); bytes 32..63: the value
  (func (export "main")
    (call $load (i32.const 0) (i32.const 32))
    ;; the count lives in the last 8 bytes of the big-endian word
    (i64.store (i32.const 56)
      (call $bswap64 (i64.add (call $bswap64 (i64.load (i32.const 56))) (i64.const 1))))
    (call $store (i32.const 0) (i32.const 32))
    (call $log (i32.const 32) (i32.const 32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
    (call $finish (i32.const 32) (i32.const 32)))
  (func $bswap64 (param $x i64) (result i64)
    (local $r i64) (local $i i32)
    (loop $next
      (local.set $r (i64.or (i64.shl (local.get $r) (i64.const 8)) (i64.and (local.get $x) (i64.const 0xff))))
      (local.set $x (i64.shr_u (local.get $x) (i64.const 8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 8))))
    (local.get $r)))
