/**
 * The soak: concurrent senders against a node started as a user starts it, for two phases of equal
 * length. Afterwards every acknowledged transaction is in exactly one block, no other is, each
 * sender's nonce equals what it sent, and the node's RSS after each phase is reported.
 */
import { readFile } from 'node:fs/promises';
import { startCliNode, rpc } from '../e2e/cli-node.ts';

export interface SoakReport {
  readonly sent: number;
  readonly blocks: number;
  readonly perPhase: readonly number[];
  /** Resident set size of the node after each phase, in MB. */
  readonly rssMb: readonly number[];
  /** What went wrong: lost, duplicated or unknown transactions, nonce mismatches. */
  readonly problems: string[];
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Many calls in batches (each a JSON-RPC batch of at most `size`). */
async function batched(url: string, calls: Array<[string, unknown[]]>, size = 200): Promise<any[]> {
  const out: any[] = [];
  for (let i = 0; i < calls.length; i += size) {
    const body = calls.slice(i, i + size).map(([method, params], j) => ({ jsonrpc: '2.0', id: i + j, method, params }));
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answers = (await res.json()) as Array<{ id: number; result: unknown }>;
    out.push(...answers.sort((a, b) => a.id - b.id).map((a) => a.result));
  }
  return out;
}

export async function runSoak(phaseSeconds: number, senderCount: number): Promise<SoakReport> {
  const node = await startCliNode(['--accounts', String(Math.max(senderCount, 2))]);
  const problems: string[] = [];
  try {
    const accounts = (await rpc<string[]>(node.url, 'eth_accounts')).slice(0, senderCount);
    const acked = new Map<string, string>(); // hash → sender
    const perSender = new Map<string, number>(accounts.map((a) => [a, 0]));
    const perPhase: number[] = [];
    const rss: number[] = [];
    for (let phase = 0; phase < 2; phase++) {
      const until = Date.now() + phaseSeconds * 1000;
      const before = acked.size;
      await Promise.all(accounts.map(async (from, i) => {
        const to = accounts[(i + 1) % accounts.length];
        while (Date.now() < until) {
          const hash = await rpc<string>(node.url, 'eth_sendTransaction', [{ from, to, value: '0x1' }]);
          if (acked.has(hash)) problems.push(`hash ${hash} acknowledged twice`);
          acked.set(hash, from);
          perSender.set(from, perSender.get(from)! + 1);
        }
      }));
      perPhase.push(acked.size - before);
      rss.push(await rssMb(node.child.pid!));
    }
    // Every block: each acknowledged transaction exactly once, nothing else.
    const head = Number(BigInt(await rpc(node.url, 'eth_blockNumber')));
    const blocks = await batched(node.url, Array.from({ length: head + 1 }, (_, n) => ['eth_getBlockByNumber', [`0x${n.toString(16)}`, false]]));
    const seen = new Set<string>();
    for (const block of blocks) {
      for (const hash of block.transactions as string[]) {
        if (seen.has(hash)) problems.push(`${hash} in two blocks`);
        if (!acked.has(hash)) problems.push(`${hash} mined but never acknowledged`);
        seen.add(hash);
      }
    }
    for (const hash of acked.keys()) if (!seen.has(hash)) problems.push(`acknowledged ${hash} not in any block`);
    const nonces = await batched(node.url, accounts.map((a) => ['eth_getTransactionCount', [a, 'latest']]));
    accounts.forEach((a, i) => {
      if (BigInt(nonces[i]) !== BigInt(perSender.get(a)!)) problems.push(`${a}: nonce ${BigInt(nonces[i])}, sent ${perSender.get(a)}`);
    });
    return { sent: acked.size, blocks: head, perPhase, rssMb: rss, problems };
  } finally {
    await node.stop();
  }
}
