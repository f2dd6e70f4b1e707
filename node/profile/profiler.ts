/**
 * Gas by function for one transaction, across both engines: a tracer (node/tracers/types.ts) that
 * builds the call tree, naming EVM frames by contract and function selector and Wasm frames by
 * contract, with the gas of each Wasm host call under the contract function that made it (from the
 * name section). A frame's own gas is what it used minus its callees'; the top frame's used gas is
 * the receipt's, so intrinsic gas and refunds are in its own gas and the whole sums to the
 * transaction's gas.
 */
import { bytesToHex } from '@ethereumjs/util';
import type { FrameEnd, FrameStart } from '../../evm-compat/tracing.ts';
import type { HostCallTrace } from '../../vm/index.ts';
import type { JsonObject, Tracer, TxEnd } from '../tracers/types.ts';

/** A node of the flame graph: a name, its own gas, and its children. */
export interface ProfileNode {
  readonly name: string;
  selfGas: bigint;
  readonly children: ProfileNode[];
}

interface OpenFrame {
  readonly node: ProfileNode;
  /** Host-call gas by calling Wasm function. */
  readonly hostGas: Map<string, bigint>;
  /** What the callee that returned last used: a call/create host function's charge includes it. */
  lastCalleeUsed: bigint;
}

const MESSAGE_HOST_CALLS = new Set(['ethereum.call', 'ethereum.callCode', 'ethereum.callDelegate', 'ethereum.callStatic', 'ethereum.create']);

function frameName(f: FrameStart): string {
  const to = f.to ? `${f.to.toString().slice(0, 10)}…` : 'new contract';
  const selector = f.input.length >= 4 && f.type !== 'CREATE' && f.type !== 'CREATE2' ? ` ${bytesToHex(f.input.subarray(0, 4))}` : '';
  return `${f.type === 'CREATE' || f.type === 'CREATE2' ? f.type.toLowerCase() : 'call'} ${to}${selector}`;
}

export class GasProfiler implements Tracer {
  private readonly stack: OpenFrame[] = [];
  /** Gas each frame used, callees included (the receipt's for the top frame). */
  private readonly used = new Map<ProfileNode, bigint>();
  root: ProfileNode | undefined;

  readonly hooks = {
    enter: (f: FrameStart) => {
      const node: ProfileNode = { name: frameName(f), selfGas: 0n, children: [] };
      this.stack.at(-1)?.node.children.push(node);
      this.stack.push({ node, hostGas: new Map(), lastCalleeUsed: 0n });
    },
    engine: (engine: 'evm' | 'wasm') => {
      const top = this.stack.at(-1);
      if (top && engine === 'wasm') (top.node as { name: string }).name = `${top.node.name} [wasm]`;
    },
    hostCall: (c: HostCallTrace) => {
      const top = this.stack.at(-1);
      if (!top) return;
      const fn = c.functionName ?? (c.functionIndex !== undefined ? `wasm-function[${c.functionIndex}]` : '(wasm)');
      let cost = c.gasBefore - c.gasAfter;
      if (MESSAGE_HOST_CALLS.has(c.name)) cost -= top.lastCalleeUsed;
      top.hostGas.set(fn, (top.hostGas.get(fn) ?? 0n) + cost);
    },
    exit: (f: FrameEnd) => {
      const frame = this.stack.pop();
      if (!frame) return;
      this.used.set(frame.node, f.gasUsed);
      const parent = this.stack.at(-1);
      if (parent) parent.lastCalleeUsed = f.gasUsed;
      else this.root = frame.node;
      this.settle(frame, f.gasUsed);
    },
  };

  /** Own gas = used − callees' used; of a Wasm frame, host-call gas goes to the functions that made the calls. */
  private settle(frame: OpenFrame, gasUsed: bigint): void {
    const calleesUsed = frame.node.children.reduce((sum, c) => sum + (this.used.get(c) ?? 0n), 0n);
    let self = gasUsed - calleesUsed;
    let host = 0n;
    for (const g of frame.hostGas.values()) host += g;
    if (frame.hostGas.size > 0 && host <= self) {
      for (const [fn, gas] of frame.hostGas) frame.node.children.push({ name: `${fn} (host calls)`, selfGas: gas, children: [] });
      self -= host;
    }
    frame.node.selfGas = self;
  }

  txEnd(end: TxEnd): void {
    // The transaction's gas (intrinsic, refunds) belongs to the top frame.
    if (this.root) {
      this.root.selfGas += end.gasUsed - this.used.get(this.root)!;
      this.used.set(this.root, end.gasUsed);
    }
  }

  result(): JsonObject {
    return {};
  }
}

/** Own gas summed by name over the whole tree, largest first. */
export function topFunctions(root: ProfileNode): Array<{ name: string; gas: bigint }> {
  const totals = new Map<string, bigint>();
  const walk = (n: ProfileNode) => {
    totals.set(n.name, (totals.get(n.name) ?? 0n) + n.selfGas);
    n.children.forEach(walk);
  };
  walk(root);
  return [...totals].map(([name, gas]) => ({ name, gas })).filter((f) => f.gas !== 0n).sort((a, b) => (b.gas > a.gas ? 1 : b.gas < a.gas ? -1 : a.name.localeCompare(b.name)));
}

export function totalGas(node: ProfileNode): bigint {
  return node.children.reduce((sum, c) => sum + totalGas(c), node.selfGas);
}
