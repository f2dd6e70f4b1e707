/**
 * The `debug` namespace: printing for development chains. Output goes to the host's debugPrint
 * (the node's log) and never to the chain; every function is free and changes no state.
 */
import type { Frame } from '../frame.ts';
import { fn, type HostNamespace } from './types.ts';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function print(frame: Frame, line: string): void {
  frame.host.debugPrint?.(line);
}

async function storageValue(frame: Frame, pathOffset: number): Promise<Uint8Array> {
  return await frame.host.getStorage(frame.message.recipient, frame.readBytes32(pathOffset));
}

export const DEBUG: HostNamespace = {
  print32: fn(['i32'], [], (frame: Frame, value: number) => print(frame, `${value >>> 0} (0x${(value >>> 0).toString(16)})`)),
  print64: fn(['i64'], [], (frame: Frame, value: bigint) => {
    const u = BigInt.asUintN(64, value);
    print(frame, `${u} (0x${u.toString(16)})`);
  }),
  printMem: fn(['i32', 'i32'], [], (frame: Frame, offset: number, length: number) =>
    print(frame, new TextDecoder().decode(frame.read(offset, length)))),
  printMemHex: fn(['i32', 'i32'], [], (frame: Frame, offset: number, length: number) =>
    print(frame, hex(frame.read(offset, length)))),
  printStorage: fn(['i32'], [], async (frame: Frame, pathOffset: number) =>
    print(frame, new TextDecoder().decode(await storageValue(frame, pathOffset))), true),
  printStorageHex: fn(['i32'], [], async (frame: Frame, pathOffset: number) =>
    print(frame, hex(await storageValue(frame, pathOffset))), true),
  evmTrace: fn(['i32', 'i32', 'i32', 'i32'], [], (frame: Frame, pc: number, opcode: number, cost: number, sp: number) =>
    print(frame, `evmTrace pc=${pc} opcode=0x${(opcode >>> 0).toString(16)} cost=${cost}${sp < 0 ? '' : ` sp=${sp}`}`)),
};
