;; A WAT contract with the ABI of
;;   contract SimpleStorage { uint256 value; function set(uint256) external; function get() external view returns (uint256); }
;; (SimpleStorage.abi.json next to it is what `ewasm-devnet build` puts in the artifact).
;; The value is in storage slot 0, as Solidity keeps it. A selector is compared as the
;; little-endian i32 that loading its four bytes gives.
(module
  (import "ethereum" "getCallDataSize" (func $callDataSize (result i32)))
  (import "ethereum" "callDataCopy" (func $callDataCopy (param i32 i32 i32)))
  (import "ethereum" "getCallValue" (func $callValue (param i32)))
  (import "ethereum" "storageStore" (func $storageStore (param i32 i32)))
  (import "ethereum" "storageLoad" (func $storageLoad (param i32 i32)))
  (import "ethereum" "finish" (func $finish (param i32 i32)))
  (import "ethereum" "revert" (func $revert (param i32 i32)))
  (memory (export "memory") 1)
  ;; 0..31 the storage key (slot 0), 32..35 the selector, 48..63 the call value, 64..95 a word.

  (func $fail (call $revert (i32.const 0) (i32.const 0)))

  (func (export "main")
    (if (i32.lt_u (call $callDataSize) (i32.const 4)) (then (call $fail)))
    ;; Neither function is payable.
    (call $callValue (i32.const 48))
    (if (i64.ne (i64.or (i64.load (i32.const 48)) (i64.load (i32.const 56))) (i64.const 0)) (then (call $fail)))
    (call $callDataCopy (i32.const 32) (i32.const 0) (i32.const 4))
    ;; get(): 0x6d4ce63c
    (if (i32.eq (i32.load (i32.const 32)) (i32.const 0x3ce64c6d))
      (then
        (call $storageLoad (i32.const 0) (i32.const 64))
        (call $finish (i32.const 64) (i32.const 32))))
    ;; set(uint256): 0x60fe47b1
    (if (i32.eq (i32.load (i32.const 32)) (i32.const 0xb147fe60))
      (then
        (if (i32.lt_u (call $callDataSize) (i32.const 36)) (then (call $fail)))
        (call $callDataCopy (i32.const 64) (i32.const 4) (i32.const 32))
        (call $storageStore (i32.const 0) (i32.const 64))
        (return)))
    (call $fail)))
