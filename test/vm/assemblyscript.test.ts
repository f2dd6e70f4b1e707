/**
 * AssemblyScript contracts end to end: asc (through scripts/lib/assemblyscript.ts) → the standard
 * deployer → a create on the in-memory host → calls. Checks what the chain would see: storage,
 * return data, logs and revert reasons.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { WasmEngine } from '../../vm/engine.ts';
import { MemoryHost } from '../../vm/memory-host.ts';
import type { Address, ExecutionResult, Message } from '../../vm/host.ts';
import { AscError, compileAssemblyScript } from '../../scripts/lib/assemblyscript.ts';
import { makeDeployer } from '../../scripts/lib/deployer.ts';

const COUNTER = fileURLToPath(new URL('../contracts/counter.as.ts', import.meta.url));
const SENDER: Address = new Uint8Array(20).fill(0x5e);
const ZERO_ADDRESS: Address = new Uint8Array(20);
const SLOT_0 = new Uint8Array(32);
const GAS = 1_000_000n;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A 32-byte big-endian word. */
function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31, v = value; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

function incrementInput(amount: bigint): Uint8Array {
  const input = new Uint8Array(9);
  new DataView(input.buffer).setBigUint64(1, amount);
  return input;
}

function expectStatus(result: ExecutionResult, status: ExecutionResult['status']): void {
  assert.equal(result.status, status, `expected ${status}, got ${result.status}${result.error ? ` (${result.error})` : ''}`);
}

function message(kind: Message['kind'], to: Address, input: Uint8Array): Message {
  return { kind, isStatic: false, depth: 0, gas: GAS, recipient: to, codeAddress: to, sender: SENDER, input, value: 0n };
}

describe('AssemblyScript contracts', function () {
  // asc needs a few seconds per module.
  this.timeout(180_000);

  let runtime: Uint8Array<ArrayBuffer>;
  let engine: WasmEngine;
  let host: MemoryHost;
  let counter: Address;

  before(async () => {
    runtime = await compileAssemblyScript(COUNTER);
    engine = new WasmEngine();
    host = new MemoryHost(engine);
    host.account(SENDER).balance = 10n ** 18n;
    const created = await host.call(message('create', ZERO_ADDRESS, makeDeployer(runtime)));
    expectStatus(created, 'success');
    assert.ok(created.createAddress);
    counter = created.createAddress;
  });

  const call = (input: Uint8Array): Promise<ExecutionResult> => host.execute(message('call', counter, input));

  it('compiles to a module with only main and memory exports and ethereum imports', () => {
    const module = new WebAssembly.Module(runtime);
    assert.deepEqual(WebAssembly.Module.exports(module).map((e) => e.name).sort(), ['main', 'memory']);
    const imports = WebAssembly.Module.imports(module);
    assert.ok(imports.length > 0);
    assert.ok(imports.every((i) => i.module === 'ethereum' && i.kind === 'function'), JSON.stringify(imports));
  });

  it('deploys through the standard deployer: the account holds exactly the runtime code', () => {
    assert.deepEqual(host.getCode(counter), runtime);
  });

  it('increments the stored counter and logs each increment', async () => {
    const topic = keccak256(utf8('Incremented(uint64,uint64)'));
    const logsBefore = host.logs.length;

    const first = await call(incrementInput(5n));
    expectStatus(first, 'success');
    assert.deepEqual(host.getStorage(counter, SLOT_0), word(5n));

    const second = await call(incrementInput(7n));
    expectStatus(second, 'success');
    assert.deepEqual(host.getStorage(counter, SLOT_0), word(12n));

    const logs = host.logs.slice(logsBefore);
    assert.equal(logs.length, 2);
    assert.deepEqual(logs.map((l) => l.address), [counter, counter]);
    assert.deepEqual(logs.map((l) => l.topics), [[topic], [topic]]);
    assert.deepEqual(logs[0].data, Uint8Array.of(...word(5n), ...word(5n)));
    assert.deepEqual(logs[1].data, Uint8Array.of(...word(7n), ...word(12n)));
  });

  it('returns the stored counter', async () => {
    const stored = host.getStorage(counter, SLOT_0);
    const read = await call(Uint8Array.of(1));
    expectStatus(read, 'success');
    assert.deepEqual(read.output, stored);
    assert.notDeepEqual(stored, word(0n), 'the increment test should have left a non-zero counter');
  });

  describe('reverts with a message, keeping the unused gas and changing nothing', () => {
    const cases: Array<[string, Uint8Array, string]> = [
      ['an unknown selector', Uint8Array.of(2), 'unknown selector'],
      ['empty call data', new Uint8Array(0), 'unknown selector'],
      // Thrown in AssemblyScript: reaches ethereum.revert through the abort handler.
      ['an increment without its amount', Uint8Array.of(0, 1, 2), 'increment needs a u64 amount'],
      ['an increment that overflows u64', incrementInput((1n << 64n) - 1n), 'counter overflow'],
    ];
    for (const [what, input, reason] of cases) {
      it(`on ${what}`, async () => {
        const storageBefore = host.getStorage(counter, SLOT_0);
        const logsBefore = host.logs.length;
        const result = await call(input);
        expectStatus(result, 'revert');
        assert.equal(text(result.output), reason);
        assert.ok(result.gasLeft > 0n && result.gasLeft < GAS, `gasLeft ${result.gasLeft}`);
        assert.deepEqual(host.getStorage(counter, SLOT_0), storageBefore);
        assert.equal(host.logs.length, logsBefore);
      });
    }
  });

  describe('compileAssemblyScript', () => {
    const HEADER = `
@external("ethereum", "getCallDataSize") declare function getCallDataSize(): i32;
@external("ethereum", "finish") declare function finish(dataOffset: usize, dataLength: i32): void;
`;
    const run = (code: Uint8Array, input: Uint8Array) =>
      new WasmEngine().execute(message('call', ZERO_ADDRESS, input), code, new MemoryHost(new WasmEngine()));

    it('runs top-level code (asc\'s start function) before main', async () => {
      const code = await compileAssemblyScript({
        name: 'toplevel.ts',
        source: `${HEADER}
const size = getCallDataSize(); // run-time initialiser: lands in the start function
const out = new ArrayBuffer(4); // heap allocation: needs the start function's heap pointer
export function main(): void {
  store<i32>(changetype<usize>(out), size);
  finish(changetype<usize>(out), 4);
}`,
      });
      const result = await run(code, new Uint8Array(300));
      expectStatus(result, 'success');
      assert.equal(new DataView(result.output.buffer, result.output.byteOffset).getInt32(0, true), 300);
    });

    it('maps throw to a trap with abort: "trap"', async () => {
      const code = await compileAssemblyScript(COUNTER, { abort: 'trap' });
      assert.ok(!WebAssembly.Module.imports(new WebAssembly.Module(code)).some((i) => i.module === 'env'));
      const result = await run(code, Uint8Array.of(0, 1, 2));
      assert.equal(result.status, 'failure');
      assert.equal(result.gasLeft, 0n);
    });

    it('refuses source that compiles to float instructions', async () => {
      const source = `${HEADER}
export function main(): void {
  const half = <f64>getCallDataSize() / 2.0;
  store<i32>(0, <i32>half);
  finish(0, 4);
}`;
      await assert.rejects(compileAssemblyScript({ name: 'float.ts', source }), (e: unknown) =>
        e instanceof AscError && /floatInstruction|floatType/.test(e.message));
    });

    it('refuses a module without main, and says so', async () => {
      const source = `${HEADER}
let size = 0;
size = getCallDataSize(); // a start function that has no main to move into
export function run(): void { finish(0, size); }`;
      await assert.rejects(compileAssemblyScript({ name: 'nomain.ts', source }), (e: unknown) =>
        e instanceof AscError && /noMain/.test(e.message));
    });

    it('reports asc diagnostics', async () => {
      await assert.rejects(compileAssemblyScript({ name: 'broken.ts', source: 'export function main(): void { undefinedThing(); }' }),
        (e: unknown) => e instanceof AscError && /undefinedThing/.test(e.message));
    });
  });
});
