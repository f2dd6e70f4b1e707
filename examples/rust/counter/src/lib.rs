//! A counter in Rust, speaking the Solidity ABI of `get() returns (uint256)` and `increment()`;
//! the count is a uint256 in storage slot 0, as Solidity would keep it. ABI in ../abi.json.
#![no_std]

use ewasm_eei as eei;

const GET: u32 = 0x6d4ce63c; // get()
const INCREMENT: u32 = 0xd09de08a; // increment()
const SLOT: eei::Word = [0u8; 32];

#[no_mangle]
pub extern "C" fn main() {
    match eei::selector() {
        Some(GET) => eei::finish(&eei::storage_load(&SLOT)),
        Some(INCREMENT) => {
            let count = eei::word_low_u64(&eei::storage_load(&SLOT));
            let next = match count.checked_add(1) {
                Some(n) => n,
                None => eei::revert(&[]),
            };
            eei::storage_store(&SLOT, &eei::word_from_u64(next));
        }
        _ => eei::revert(&[]),
    }
}
