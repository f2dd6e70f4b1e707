/**
 * Builds the standard Ewasm "deployer" constructor for a runtime contract (the pattern of the
 * Ewasm design's appendix): a module that keeps the runtime code in a data segment and returns
 * it with ethereum.finish. Deploying the result stores exactly `runtime` as the account's code.
 */
import { Writer } from '../../vm/wasm/bytes.ts';

const PAGE = 65536;

export function makeDeployer(runtime: Uint8Array): Uint8Array {
  const pages = Math.max(1, Math.ceil(runtime.length / PAGE));
  const w = new Writer(runtime.length + 128);
  w.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, build: (s: Writer) => void) => {
    const s = new Writer();
    build(s);
    w.byte(id).sized(s);
  };
  // type 0: (i32, i32) -> (); type 1: () -> ()
  section(1, (s) => s.u32(2).bytes([0x60, 2, 0x7f, 0x7f, 0]).bytes([0x60, 0, 0]));
  section(2, (s) => s.u32(1).name('ethereum').name('finish').byte(0x00).u32(0));
  section(3, (s) => s.u32(1).u32(1));
  section(5, (s) => s.u32(1).byte(0x00).u32(pages));
  section(7, (s) => s.u32(2).name('main').byte(0x00).u32(1).name('memory').byte(0x02).u32(0));
  section(10, (s) => {
    const body = new Writer();
    // no locals; i32.const 0; i32.const len; call $finish; end
    body.u32(0).byte(0x41).s32(0).byte(0x41).s32(runtime.length).byte(0x10).u32(0).byte(0x0b);
    s.u32(1).sized(body);
  });
  section(11, (s) => s.u32(1).u32(0).byte(0x41).s32(0).byte(0x0b).u32(runtime.length).bytes(runtime));
  return w.finish();
}
