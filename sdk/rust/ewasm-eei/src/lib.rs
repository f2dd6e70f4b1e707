//! The Ewasm Environment Interface (EEI) for `#![no_std]` Rust contracts on ewasm-devnet.
//!
//! `ffi` declares the host functions exactly as the engine's policy checks them
//! (shared/ewasm-spec.md §5); the safe wrappers below cover what a small contract needs:
//! call data, storage words, return and revert, the caller, logs. A contract exports
//! `#[no_mangle] pub extern "C" fn main()`; see examples/rust/counter.
#![no_std]

pub mod ffi {
    #[link(wasm_import_module = "ethereum")]
    extern "C" {
        pub fn useGas(amount: i64);
        pub fn getGasLeft() -> i64;
        pub fn getAddress(result: *mut u8);
        pub fn getExternalBalance(address: *const u8, result: *mut u8);
        pub fn getCallDataSize() -> i32;
        pub fn callDataCopy(result: *mut u8, data_offset: i32, length: i32);
        pub fn getCaller(result: *mut u8);
        pub fn getCallValue(result: *mut u8);
        pub fn getBlockNumber() -> i64;
        pub fn getBlockTimestamp() -> i64;
        pub fn storageStore(key: *const u8, value: *const u8);
        pub fn storageLoad(key: *const u8, result: *mut u8);
        pub fn log(data: *const u8, length: i32, topics: i32, t1: *const u8, t2: *const u8, t3: *const u8, t4: *const u8);
        pub fn finish(data: *const u8, length: i32) -> !;
        pub fn revert(data: *const u8, length: i32) -> !;
        pub fn getReturnDataSize() -> i32;
        pub fn returnDataCopy(result: *mut u8, data_offset: i32, length: i32);
        pub fn call(gas: i64, address: *const u8, value: *const u8, data: *const u8, length: i32) -> i32;
        pub fn callStatic(gas: i64, address: *const u8, data: *const u8, length: i32) -> i32;
    }
}

/// A 32-byte word: a storage key or value, an ABI slot, a topic (big-endian numbers, as the EVM).
pub type Word = [u8; 32];

/// A 20-byte account address.
pub type Address = [u8; 20];

pub fn call_data_size() -> usize {
    unsafe { ffi::getCallDataSize() as usize }
}

/// Copies call data from `offset` into `out`; the host traps if the call data is shorter.
pub fn call_data_copy(out: &mut [u8], offset: usize) {
    unsafe { ffi::callDataCopy(out.as_mut_ptr(), offset as i32, out.len() as i32) }
}

/// The 4-byte function selector, or None when the call data is shorter.
pub fn selector() -> Option<u32> {
    if call_data_size() < 4 {
        return None;
    }
    let mut s = [0u8; 4];
    call_data_copy(&mut s, 0);
    Some(u32::from_be_bytes(s))
}

pub fn storage_load(key: &Word) -> Word {
    let mut value = [0u8; 32];
    unsafe { ffi::storageLoad(key.as_ptr(), value.as_mut_ptr()) };
    value
}

pub fn storage_store(key: &Word, value: &Word) {
    unsafe { ffi::storageStore(key.as_ptr(), value.as_ptr()) }
}

pub fn caller() -> Address {
    let mut a = [0u8; 20];
    unsafe { ffi::getCaller(a.as_mut_ptr()) };
    a
}

/// A log with up to four topics.
pub fn log(data: &[u8], topics: &[Word]) {
    let t = |i: usize| topics.get(i).map_or(core::ptr::null(), |w| w.as_ptr());
    unsafe { ffi::log(data.as_ptr(), data.len() as i32, topics.len() as i32, t(0), t(1), t(2), t(3)) }
}

/// Ends the call successfully with `data` as return data.
pub fn finish(data: &[u8]) -> ! {
    unsafe { ffi::finish(data.as_ptr(), data.len() as i32) }
}

/// Ends the call with a revert and `data` as return data.
pub fn revert(data: &[u8]) -> ! {
    unsafe { ffi::revert(data.as_ptr(), data.len() as i32) }
}

/// A word holding `value` big-endian in its last 8 bytes, as a Solidity uint64 is stored.
pub fn word_from_u64(value: u64) -> Word {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&value.to_be_bytes());
    w
}

/// The low 64 bits of a big-endian word.
pub fn word_low_u64(w: &Word) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&w[24..]);
    u64::from_be_bytes(b)
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
