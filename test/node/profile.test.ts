/**
 * Gas profiles: `ewasm-devnet profile` against a node (debug_gasProfile) writes an SVG flame graph
 * that renders to a picture (resvg) and prints top functions that sum to the transaction's gas.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex } from '@ethereumjs/util';
import { Resvg } from '@resvg/resvg-js';
import { startRpcServer, type RpcServer } from '../../rpc/server.ts';
import { runProfile } from '../../scripts/profile.ts';
import { encodeArgs, encodeCall } from '../helpers/abi.ts';
import { compileSolidity } from '../helpers/solc.ts';
import { traceChain, type TraceChain } from './tracers/fixture.ts';

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('gas profile', function () {
  this.timeout(120_000);
  let t: TraceChain;
  let server: RpcServer;
  let dir: string;
  before(async () => {
    t = await traceChain();
    server = await startRpcServer(t.chain, { port: 0, log: () => {} });
    dir = await mkdtemp(join(tmpdir(), 'ewasm-profile-'));
  });
  after(async () => {
    await server.close();
    await t.chain.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function profile(args: string[]): Promise<{ text: string; svg: string }> {
    let text = '';
    const out = join(dir, `p${Math.random().toString(36).slice(2)}.svg`);
    assert.equal(await runProfile([...args, '--rpc', server.url, '--out', out, '--top', '50'], (s) => { text += s; }), 0);
    return { text, svg: await readFile(out, 'utf8') };
  }

  /** The gas column of the text profile, without the total line; and the total. */
  function figures(text: string): { sum: bigint; total: bigint; names: string[] } {
    const rows = text.split('\n').filter((l) => /^\s*\d+\s+[\d.]+%\s/.test(l));
    const total = rows.pop()!;
    assert.match(total, /total$/);
    return { sum: rows.reduce((s, l) => s + BigInt(l.trim().split(/\s+/)[0]), 0n), total: BigInt(total.trim().split(/\s+/)[0]), names: rows.map((l) => l.replace(/^\s*\d+\s+[\d.]+%\s+/, '')) };
  }

  it('an ERC-20 transfer: the SVG renders to a picture, the text profile sums to the transaction\'s gas', async () => {
    const token = (await compileSolidity([fileURLToPath(new URL('../contracts/Token.sol', import.meta.url))])).get('Token')!;
    const deploy = Uint8Array.from([...token.bytecode, ...encodeArgs(['uint256'], [10n ** 24n])]);
    const address = (await t.chain.getReceipt(await t.chain.sendTransaction({ from: t.from, data: deploy })))!.contractAddress!;
    const hash = await t.chain.sendTransaction({ from: t.from, to: address, data: encodeCall('transfer(address,uint256)', t.chain.accounts()[1], 1000n) });
    const receipt = (await t.chain.getReceipt(hash))!;
    assert.equal(receipt.status, 1);
    const { text, svg } = await profile([bytesToHex(hash)]);
    const { sum, total, names } = figures(text);
    assert.equal(total, receipt.gasUsed);
    assert.equal(sum, receipt.gasUsed);
    assert.match(names[0], /^call 0x[0-9a-f]{8}… 0xa9059cbb$/);
    const png = new Resvg(svg).render().asPng();
    const { width, height } = pngSize(png);
    assert.equal(width, 1200);
    assert.ok(height >= 36 && height < 400, `height ${height}`);
    assert.match(svg, new RegExp(`transfer|${receipt.gasUsed} gas`));
  });

  it('across engines: Wasm host-call gas is under the contract function that made the calls; a call profiles too', async () => {
    const hash = await t.go(21n);
    const receipt = (await t.chain.getReceipt(hash))!;
    const { text, svg } = await profile([bytesToHex(hash)]);
    const { sum, total, names } = figures(text);
    assert.equal(sum, receipt.gasUsed);
    assert.equal(total, receipt.gasUsed);
    assert.ok(names.some((n) => n === 'forward (host calls)'), text);
    assert.ok(names.some((n) => /\[wasm\]$/.test(n)), text);
    assert.ok(names.some((n) => n.endsWith(bytesToHex(encodeCall('leaf(uint256)', 1n).subarray(0, 4)))), text);
    assert.ok(pngSize(new Resvg(svg).render().asPng()).height > 60);
    const call = await profile(['--to', t.root.toString(), '--data', bytesToHex(t.goData(2n)), '--from', t.from.toString()]);
    assert.ok(figures(call.text).sum > 21_000n);
  });
});
