/**
 * What declared memory costs the node: the time to instantiate a contract with N initial pages and
 * run it, for N from 1 to the 128-page limit, two ways: `main` does nothing (the pages are only
 * declared), and `main` writes one byte into every 4 KiB OS page of its memory (the worst a
 * contract can do to make the pages resident: one store per OS page). Both through the whole
 * engine (validate/instrument once, then `engine.execute` per call, default config), so the
 * numbers include what the node really does per call.
 *
 * Prints per-page slopes (µs per 64 KiB page) and the gas each variant pays, so the price per page
 * in docs/gas.md can be checked against the ~100 ns/gas the EVM interpreter's worst case costs.
 *   node bench/memory-pages.ts
 */
import { WasmEngine } from '../vm/engine.ts';
import { MemoryHost } from '../vm/memory-host.ts';
import { DEFAULT_CONFIG } from '../vm/config.ts';
import { watToWasm } from '../scripts/lib/wat.ts';
import type { Message } from '../vm/host.ts';
import { createEVM } from '@ethereumjs/evm';
import { median } from './lib/stats.ts';

/**
 * The yardstick, measured in the same run so machine load cancels out: ns per gas of the EVM
 * interpreter (@ethereumjs/evm, as the chain runs it) on its cheapest loop, JUMPDEST PUSH1 POP
 * PUSH1 JUMP (17 gas per iteration).
 */
async function evmNsPerGas(): Promise<number> {
  const evm = await createEVM();
  const code = Uint8Array.from([0x5b, 0x60, 0x01, 0x50, 0x60, 0x00, 0x56]);
  const samples: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    const res = await evm.runCode({ code, gasLimit: 1_000_000n });
    samples.push(((performance.now() - t0) * 1e6) / Number(res.executionGasUsed));
  }
  return median(samples.slice(2));
}

const PAGES = [1, 17, 32, 64, 128];
const ROUNDS = 41;
const CALLS = 20;

function source(pages: number, touch: boolean): string {
  // One i32.store8 per 4 KiB: the loop runs pages × 16 times.
  const body = touch
    ? `(local $p i32) (local.set $p (i32.const ${pages * 65536}))
       (loop $next (local.set $p (i32.sub (local.get $p) (i32.const 4096)))
         (i32.store8 (local.get $p) (i32.const 1)) (br_if $next (local.get $p)))`
    : '';
  return `(module (memory (export "memory") ${pages} ${pages}) (func (export "main") ${body}))`;
}

async function main(): Promise<void> {
  const engine = new WasmEngine(DEFAULT_CONFIG);
  const host = new MemoryHost(engine);
  const address = new Uint8Array(20).fill(0xaa);
  const message: Message = {
    kind: 'call', isStatic: false, depth: 0, gas: 1n << 40n, recipient: address, codeAddress: address,
    sender: address, input: new Uint8Array(0), value: 0n,
  };
  const variants: Array<{ pages: number; touch: boolean; code: Uint8Array; times: number[]; gas: bigint }> = [];
  for (const pages of PAGES) {
    for (const touch of [false, true]) {
      const code = await watToWasm(source(pages, touch));
      const r = await engine.execute(message, code, host);
      if (r.status !== 'success') throw new Error(`${pages} pages: ${r.status} ${r.error ?? ''}`);
      variants.push({ pages, touch, code, times: [], gas: message.gas - r.gasLeft });
    }
  }
  for (let round = 0; round < ROUNDS + 5; round++) {
    const order = round % 2 ? [...variants].reverse() : variants;
    for (const v of order) {
      const t0 = performance.now();
      for (let i = 0; i < CALLS; i++) await engine.execute(message, v.code, host);
      if (round >= 5) v.times.push(((performance.now() - t0) * 1000) / CALLS);
    }
  }
  console.log(`Node ${process.versions.node}: µs per call (median of ${ROUNDS} rounds × ${CALLS} calls), gas per call`);
  console.log('pages  declared-only µs  gas      touched µs  gas      touched ns/gas');
  const at = (pages: number, touch: boolean) => variants.find((v) => v.pages === pages && v.touch === touch)!;
  for (const pages of PAGES) {
    const d = at(pages, false);
    const t = at(pages, true);
    const dt = median(d.times);
    const tt = median(t.times);
    console.log(`${String(pages).padStart(5)}  ${dt.toFixed(1).padStart(16)}  ${String(d.gas).padStart(7)}  `
      + `${tt.toFixed(1).padStart(10)}  ${String(t.gas).padStart(7)}  ${((tt * 1000) / Number(t.gas)).toFixed(1).padStart(8)}`);
  }
  const slope = (touch: boolean) => (median(at(128, touch).times) - median(at(1, touch).times)) / 127;
  const evm = await evmNsPerGas();
  const asGas = (us: number) => Math.round((us * 1000) / evm);
  console.log(`EVM interpreter yardstick: ${evm.toFixed(0)} ns/gas (same run)`);
  console.log(`marginal cost per 64 KiB page: declared ${slope(false).toFixed(1)} µs (= ${asGas(slope(false))} EVM gas), `
    + `touched by 16 stores ${slope(true).toFixed(1)} µs (= ${asGas(slope(true))} EVM gas)`);
}

await main();
