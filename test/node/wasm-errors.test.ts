/**
 * A trapping Wasm contract's error names the function that trapped (from the module's name
 * section): in the receipt's failure reason, the node's log line and the callTracer's error.
 */
import assert from 'node:assert/strict';
import { bytesToHex } from '@ethereumjs/util';
import { Devnet } from '../../node/devnet.ts';
import { compileAssemblyScript } from '../../scripts/lib/assemblyscript.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';

const SOURCE = `
@external("ethereum", "getCallDataSize")
declare function getCallDataSize(): i32;

// A failed assert traps (abort: 'trap'); unoptimized, so the function is not inlined away.
function checkAmount(n: i32): void {
  assert(n < 4, "too much call data");
}

export function main(): void {
  checkAmount(getCallDataSize());
}
`;

describe('Wasm errors name their function', function () {
  this.timeout(120_000);

  it('a trap in an AssemblyScript contract names the function in the receipt, the node log and the callTracer', async () => {
    const runtime = await compileAssemblyScript({ source: SOURCE, name: 'checked.ts' }, { abort: 'trap', flags: ['--debug', '-O0'] });
    const output: string[] = [];
    const chain = await Devnet.create({ log: (line) => output.push(line) });
    try {
      const from = chain.accounts()[0];
      const address = (await chain.getReceipt(await chain.sendTransaction({ from, data: makeDeployer(runtime) })))!.contractAddress!;
      const ok = await chain.sendTransaction({ from, to: address, data: new Uint8Array(3) });
      assert.equal((await chain.getReceipt(ok))!.status, 1);
      const hash = await chain.sendTransaction({ from, to: address, data: new Uint8Array(8), gas: 200_000n });
      const receipt = (await chain.getReceipt(hash))!;
      assert.equal(receipt.status, 0);
      assert.match(receipt.error!, /trap: unreachable in checked\/checkAmount \(wasm-function\[\d+\]\)/);
      assert.ok(output.some((l) => l.startsWith(`tx ${bytesToHex(hash)}`) && /FAILED \(.*in checked\/checkAmount/.test(l)), output.join('\n'));
      const trace = await chain.traceTransaction(hash, { tracer: 'callTracer' }) as { error: string };
      assert.match(trace.error, /in checked\/checkAmount/);
    } finally {
      await chain.close();
    }
  });
});
