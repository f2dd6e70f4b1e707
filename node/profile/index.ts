/**
 * debug_gasProfile (ours) and `ewasm-devnet profile`: gas by function of a mined transaction or a
 * call, as the top functions in text and an SVG flame graph.
 */
import { bytesToHex } from '@ethereumjs/util';
import type { BlockTag, CallRequest } from '../api.ts';
import type { Devnet } from '../devnet.ts';
import { runTracer } from '../tracers/run.ts';
import { flameGraphSvg } from './flame-graph.ts';
import { GasProfiler, topFunctions, totalGas } from './profiler.ts';

export interface GasProfile {
  /** The transaction's gas; the functions' gas sums to it. */
  readonly gasUsed: bigint;
  readonly functions: Array<{ name: string; gas: bigint }>;
  readonly svg: string;
}

export type ProfileTarget = { readonly hash: Uint8Array } | { readonly call: CallRequest; readonly tag: BlockTag };

export async function gasProfile(chain: Devnet, target: ProfileTarget): Promise<GasProfile> {
  const profiler = new GasProfiler();
  await runTracer(chain, 'hash' in target ? { hash: target.hash } : target, profiler);
  const root = profiler.root!;
  const title = 'hash' in target ? `gas profile of ${bytesToHex(target.hash)}` : 'gas profile of a call';
  return { gasUsed: totalGas(root), functions: topFunctions(root), svg: flameGraphSvg(root, title) };
}

/** The text profile: gas, share and name, largest first, and the total. */
export function formatProfile(p: { gasUsed: bigint; functions: Array<{ name: string; gas: bigint }> }, top = 20): string {
  const lines = p.functions.slice(0, top).map((f) => `${f.gas.toString().padStart(10)}  ${(Number((f.gas * 10000n) / (p.gasUsed || 1n)) / 100).toFixed(2).padStart(6)}%  ${f.name}`);
  if (p.functions.length > top) lines.push(`${''.padStart(10)}  (${p.functions.length - top} more)`);
  lines.push(`${p.gasUsed.toString().padStart(10)}  100.00%  total`);
  return lines.join('\n');
}
