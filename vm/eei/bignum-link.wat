;; Per-frame trampoline between a contract and bignum.wat (see bignum-wasm.ts): the contract imports
;; these Wasm functions, so its bignum calls never leave Wasm. The library can only be instantiated
;; once the contract's memory and gas global exist, i.e. after the contract itself: the first call
;; asks the host to link it into the table, every call then goes through call_indirect.
(module
  (type $f4 (func (param i32 i32 i32 i32)))
  (type $f3 (func (param i32 i32 i32)))
  (import "t" "table" (table 3 funcref))
  (import "t" "link" (func $link))
  (global $linked (mut i32) (i32.const 0))
  (func $ensure
    (if (i32.eqz (global.get $linked)) (then (call $link) (global.set $linked (i32.const 1)))))
  (func (export "mulmod256") (param i32 i32 i32 i32)
    (call $ensure)
    (call_indirect (type $f4) (local.get 0) (local.get 1) (local.get 2) (local.get 3) (i32.const 0)))
  (func (export "mul256") (param i32 i32 i32)
    (call $ensure)
    (call_indirect (type $f3) (local.get 0) (local.get 1) (local.get 2) (i32.const 1)))
  (func (export "mod256") (param i32 i32 i32)
    (call $ensure)
    (call_indirect (type $f3) (local.get 0) (local.get 1) (local.get 2) (i32.const 2))))
