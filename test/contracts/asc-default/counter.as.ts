// A counter as a new user writes it for `npx asc counter.ts -o counter.wasm` with asc's default
// flags: raw EEI imports, module-level buffers (static initialisation: asc's start function), and
// assert (env.abort). Each call adds 1 to storage slot 0 and returns the new value as a word.
@external("ethereum", "storageLoad")
declare function storageLoad(keyOffset: usize, resultOffset: usize): void;
@external("ethereum", "storageStore")
declare function storageStore(keyOffset: usize, valueOffset: usize): void;
@external("ethereum", "finish")
declare function finish(dataOffset: usize, length: u32): void;

const key = new ArrayBuffer(32);
const value = new ArrayBuffer(32);

export function main(): void {
  storageLoad(changetype<usize>(key), changetype<usize>(value));
  const count = load<u8>(changetype<usize>(value), 31);
  assert(count < 255, "counter overflow");
  store<u8>(changetype<usize>(value), count + 1, 31);
  storageStore(changetype<usize>(key), changetype<usize>(value));
  finish(changetype<usize>(value), 32);
}
