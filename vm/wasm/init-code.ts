/**
 * Constructor arguments after a Wasm constructor module.
 *
 * Solidity tooling (ethers' ContractFactory, viem's deployContract) deploys `bytecode ++
 * abi.encode(args)`, and the constructor finds its arguments with codeSize/codeCopy. A Wasm module
 * cannot have bytes after its last section, so a constructor that takes arguments ends with an
 * empty custom section named `ewasm.args`: the module is everything up to and including that
 * section, and what follows is data that only codeCopy sees. Without the marker the whole init
 * code is the module, as before (and trailing bytes fail to decode, as before).
 */
import { Reader } from './bytes.ts';

export const ARGS_SECTION = 'ewasm.args';

/** The module part of `initCode`: up to the end of its `ewasm.args` section, or all of it. */
export function constructorModule(initCode: Uint8Array): Uint8Array {
  const r = new Reader(initCode);
  try {
    r.skip(8);
    while (!r.done) {
      const id = r.byte();
      const size = r.u32();
      const start = r.pos;
      r.skip(size);
      if (id === 0 && new Reader(initCode, start, start + size).name() === ARGS_SECTION) {
        return initCode.subarray(0, r.pos);
      }
    }
  } catch {
    // Malformed: the decoder reports it with its own message.
  }
  return initCode;
}
