/**
 * A counter contract in AssemblyScript, compiled by scripts/lib/assemblyscript.ts.
 *
 * Call data is one selector byte followed by its arguments:
 *   0x00 ++ amount (u64, big-endian): adds `amount` to the counter and logs
 *        Incremented(uint64 amount, uint64 counter) with the two values as 32-byte words.
 *   0x01: returns the counter as a 32-byte big-endian word.
 *   anything else: reverts with "unknown selector".
 *
 * The counter lives in storage slot 0 as a 32-byte big-endian word, the way an EVM contract
 * stores a uint64, so EVM tooling reading the slot sees the same number.
 */

@external("ethereum", "getCallDataSize")
declare function getCallDataSize(): i32;
@external("ethereum", "callDataCopy")
declare function callDataCopy(resultOffset: usize, dataOffset: i32, length: i32): void;
@external("ethereum", "storageLoad")
declare function storageLoad(keyOffset: usize, resultOffset: usize): void;
@external("ethereum", "storageStore")
declare function storageStore(keyOffset: usize, valueOffset: usize): void;
@external("ethereum", "log")
declare function log(dataOffset: usize, dataLength: i32, numberOfTopics: i32,
  topic1: usize, topic2: usize, topic3: usize, topic4: usize): void;
@external("ethereum", "finish")
declare function finish(dataOffset: usize, dataLength: i32): void;
@external("ethereum", "revert")
declare function revert(dataOffset: usize, dataLength: i32): void;

// Static buffers rather than heap objects: the host reads and writes them by address, and the
// bump allocator would only add code and gas.
const SLOT = memory.data(32); // storage key 0: all zero bytes
const WORD = memory.data(32);
const ARGS = memory.data(16);
const LOG_DATA = memory.data(64);
// keccak256("Incremented(uint64,uint64)"), computed ahead of time as Solidity would.
const INCREMENTED = memory.data<u8>([
  0xaa, 0xda, 0xb4, 0xce, 0x48, 0x2a, 0x98, 0x52, 0x3e, 0x01, 0xe2, 0x83, 0x86, 0x01, 0xc0, 0xc1,
  0xb3, 0x0e, 0x82, 0x9a, 0xbb, 0xb3, 0x87, 0xf7, 0xb5, 0xcc, 0x48, 0x81, 0x48, 0x2c, 0xc6, 0xb2,
]);

function fail(message: string): void {
  const data = String.UTF8.encode(message);
  revert(changetype<usize>(data), data.byteLength);
  unreachable();
}

/** Writes `value` as a 32-byte big-endian word. */
function putWord(at: usize, value: u64): void {
  store<u64>(at, 0);
  store<u64>(at, 0, 8);
  store<u64>(at, 0, 16);
  store<u64>(at, bswap<u64>(value), 24);
}

function loadCounter(): u64 {
  storageLoad(SLOT, WORD);
  // Only u64 values are ever stored, so the upper 24 bytes are zero.
  return bswap<u64>(load<u64>(WORD, 24));
}

function increment(callDataSize: i32): void {
  // A throw goes through the abort handler, which reverts with this message.
  if (callDataSize < 9) throw new Error("increment needs a u64 amount");
  callDataCopy(ARGS, 1, 8);
  const amount = bswap<u64>(load<u64>(ARGS));
  const before = loadCounter();
  const after = before + amount;
  if (after < before) fail("counter overflow");
  putWord(WORD, after);
  storageStore(SLOT, WORD);
  putWord(LOG_DATA, amount);
  putWord(LOG_DATA + 32, after);
  log(LOG_DATA, 64, 1, INCREMENTED, 0, 0, 0);
}

export function main(): void {
  const size = getCallDataSize();
  let selector: i32 = -1;
  if (size > 0) {
    callDataCopy(ARGS, 0, 1);
    selector = load<u8>(ARGS);
  }
  if (selector == 0) {
    increment(size);
  } else if (selector == 1) {
    putWord(WORD, loadCounter());
    finish(WORD, 32);
  } else {
    fail("unknown selector");
  }
}
