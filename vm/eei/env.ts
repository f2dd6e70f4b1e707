/**
 * The `env` namespace: only AssemblyScript's `abort(message, fileName, line, column)`, which every
 * default asc build imports (assert, unreachable code, out-of-bounds array access). It ends the
 * frame like a trap: all gas is consumed and the reason names the message and the source position.
 * The strings are AssemblyScript's: UTF-16LE, with their byte length in the u32 just before the
 * pointer. A pointer that does not point at such a string leaves its part out, so a contract cannot
 * turn a bad pointer into anything but "abort" with the line and column.
 */
import { ContractTrap } from '../errors.ts';
import type { Frame } from '../frame.ts';
import { fn, type HostNamespace } from './types.ts';

/** Longest string (in bytes) an abort reason quotes; the rest is cut, so a reason stays a line. */
export const ABORT_STRING_MAX_BYTES = 512;

/** The AssemblyScript string at `ptr`, or undefined when it is null, out of bounds or malformed. */
export function readAssemblyScriptString(frame: Frame, ptr: number): string | undefined {
  const at = ptr >>> 0;
  if (at < 4) return undefined;
  let length: number;
  try {
    const header = frame.view(at - 4, 4);
    length = (header[0] | (header[1] << 8) | (header[2] << 16) | (header[3] << 24)) >>> 0;
    if (length % 2 !== 0) return undefined;
    frame.check(at, length);
  } catch (e) {
    if (e instanceof ContractTrap) return undefined;
    throw e;
  }
  const shown = Math.min(length, ABORT_STRING_MAX_BYTES);
  const text = new TextDecoder('utf-16le').decode(frame.view(at, shown));
  return shown < length ? `${text}…` : text;
}

function abort(frame: Frame, message: number, fileName: number, line: number, column: number): never {
  const text = readAssemblyScriptString(frame, message);
  const file = readAssemblyScriptString(frame, fileName);
  const position = `${file === undefined ? '' : `${file}:`}${line >>> 0}:${column >>> 0}`;
  throw new ContractTrap(`abort${text ? `: ${text}` : ''} at ${position}`);
}

export const ENV: HostNamespace = {
  abort: fn(['i32', 'i32', 'i32', 'i32'], [], abort),
};
