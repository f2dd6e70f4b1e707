/**
 * Solidity console.log (Hardhat's console.sol): calls to the console address carry an ABI-encoded
 * `log(...)` call, which is decoded and formatted as Hardhat prints it. The selector table is built
 * from signatures.json (generated from hardhat/console.sol by scripts/console-signatures.ts), plus
 * the `uint`/`int` spellings older console.sol versions hashed, which Hardhat still accepts.
 */
import { format } from 'node:util';
// ox's per-module entry points (viem's own ABI code): the `viem` barrel costs ~0.4 s and ~40 MB at
// startup, for a decoder most runs never call.
import * as AbiParameters from 'ox/AbiParameters';
import * as OxAddress from 'ox/Address';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { bytesToHex } from '@ethereumjs/util';
import SIGNATURES from './signatures.json' with { type: 'json' };

/** 0x000000000000000000636F6e736F6c652e6c6f67: "console.log" in ASCII. */
export const CONSOLE_ADDRESS = '0x000000000000000000636f6e736f6c652e6c6f67';

type Params = AbiParameters.AbiParameters;

const selectorOf = (signature: string) => bytesToHex(keccak256(new TextEncoder().encode(signature)).subarray(0, 4));

let table: Map<string, Params> | undefined;

/** Selector → parameters, built on the first call to the console address (hundreds of keccaks). */
function selectors(): Map<string, Params> {
  if (table) return table;
  table = new Map();
  for (const signature of SIGNATURES as string[]) {
    const types = signature.slice(4, -1);
    const params: Params = types === '' ? [] : AbiParameters.from(types);
    table.set(selectorOf(signature), params);
    const legacy = signature.replace(/\b(u?int)256\b/g, '$1');
    if (legacy !== signature) table.set(selectorOf(legacy), params);
  }
  return table;
}

/** The line console.log prints for `data` (the call data sent to the console address), or undefined if it is no log call. */
export function decodeConsoleLog(data: Uint8Array): string | undefined {
  if (data.length < 4) return undefined;
  const params = selectors().get(bytesToHex(data.subarray(0, 4)));
  if (params === undefined) return undefined;
  let values: readonly unknown[];
  try {
    values = AbiParameters.decode(params, bytesToHex(data.subarray(4)));
  } catch {
    return undefined;
  }
  // As Hardhat: util.format, so a first string argument may hold %s, %d, %i, %o placeholders.
  return format(...values.map((v, i) => display(v, params[i].type)));
}

function display(value: unknown, type: string): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (type === 'address') return OxAddress.checksum(value as OxAddress.Address);
  return value;
}
