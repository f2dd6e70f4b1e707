/** The fuzzer's short run (`npm run fuzz` is the long one): every answer well-formed, none internal, the node serving. */
import assert from 'node:assert/strict';
import { runFuzz } from './fuzz.ts';

describe('fuzz (short run)', function () {
  this.timeout(180_000);
  it('answers 300 HTTP requests, 300 WebSocket frames, 60 mutated Wasm modules and 40 mutated transactions well', async () => {
    const report = await runFuzz(20261202, { http: 300, ws: 300, wasm: 60, txs: 40 });
    assert.deepEqual(report.failures, []);
    assert.ok((report.codes.get('-32602') ?? 0) > 0, 'the fuzz reached parameter checking');
  });
});
