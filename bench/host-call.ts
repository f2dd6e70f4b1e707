/**
 * Where the time of one bignum.mulmod256 host call goes, not part of `npm run bench`: a Wasm loop
 * calls an imported function 200,000 times, and the import does successively more of what the real
 * host function does. Run it with `node bench/host-call.ts`.
 */
import { watToWasm } from '../scripts/lib/wat.ts';
import { DEFAULT_CONFIG } from '../vm/config.ts';
import { BIGNUM } from '../vm/eei/bignum.ts';
import { Frame } from '../vm/frame.ts';
import type { Host, Message } from '../vm/host.ts';
import { prng, randomWord, toWord } from './lib/kernels.ts';
import { interleave, median } from './lib/stats.ts';

const CALLS = 200_000;
const wasm = new Uint8Array(await watToWasm(`(module
  (import "bench" "f" (func $f (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $gas (export "gas") (mut i64) (i64.const 0x4000000000000000))
  (func (export "loop") (param $n i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (call $f (i32.const 0) (i32.const 32) (i32.const 64) (i32.const 96))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))))`));
const module = new WebAssembly.Module(wasm);
const next = prng(7n);
const [a, b, n] = [randomWord(next), randomWord(next), randomWord(next) | (1n << 255n)];

type Import = (frame: Frame) => (a: number, b: number, n: number, result: number) => void;

/** An instance whose import is `make(frame)`, with the operands in memory; returns the timed loop. */
function setUp(make: Import): () => void {
  let target: (a: number, b: number, n: number, result: number) => void = () => {};
  const instance = new WebAssembly.Instance(module, { bench: { f: (w: number, x: number, y: number, z: number) => target(w, x, y, z) } });
  const exports = instance.exports as { memory: WebAssembly.Memory; gas: WebAssembly.Global; loop: (n: number) => void };
  // The frame is only used for memory and gas here; message and host are never read.
  const frame = new Frame({} as Message, new Uint8Array(0), {} as Host, DEFAULT_CONFIG);
  frame.attach(exports.memory, exports.gas);
  target = make(frame);
  const memory = new Uint8Array(exports.memory.buffer);
  [a, b, n].forEach((value, i) => memory.set(toWord(value), 32 * i));
  return () => {
    exports.gas.value = 1n << 62n;
    exports.loop(CALLS);
  };
}

/** bignum.ts's own conversion: a 32-byte view staged into a DataView, four 64-bit limbs. */
function wordReader(frame: Frame): (offset: number) => bigint {
  const stage = new Uint8Array(32);
  const limbs = new DataView(stage.buffer);
  return (offset) => {
    stage.set(frame.view(offset, 32));
    return (limbs.getBigUint64(0) << 192n) | (limbs.getBigUint64(8) << 128n) | (limbs.getBigUint64(16) << 64n) | limbs.getBigUint64(24);
  };
}

let sink = 0n; // keeps results alive so that no step is optimised away
const mulmod = BIGNUM.mulmod256.run as (frame: Frame, a: number, b: number, n: number, result: number) => void;
const STEPS: ReadonlyArray<readonly [string, Import]> = [
  ['empty import', () => () => {}],
  ['frame.charge', (frame) => () => frame.charge(10)],
  ['3 words → bigint', (frame) => {
    const read = wordReader(frame);
    return (x, y, z) => { sink ^= read(x) ^ read(y) ^ read(z); };
  }],
  ['(a * b) % n on bigints', () => () => { sink ^= (a * b) % n; }],
  ['BIGNUM.mulmod256 (all of it)', (frame) => (x, y, z, r) => mulmod(frame, x, y, z, r)],
];

const runs = STEPS.map(([, make]) => setUp(make));
await interleave(runs, 3);
const times = await interleave(runs, 15);
console.log(`ns per host call, median of 15 interleaved rounds of ${CALLS} calls`);
STEPS.forEach(([name], i) => console.log(`${name.padEnd(30)} ${((median(times[i]) / CALLS) * 1e6).toFixed(0).padStart(5)}`));
if (sink === -1n) console.log(sink);
