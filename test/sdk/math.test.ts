/** examples/assemblyscript/MathLib.ts: U256 arithmetic against JavaScript bigint, on the devnet. */
import assert from 'node:assert/strict';
import { ContractFactory, JsonRpcProvider, isCallException, type Contract, type InterfaceAbi } from 'ethers';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { exampleArtifact } from './artifacts.ts';

const MAX = 2n ** 256n - 1n;

function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let y = x;
  let z = (x >> 1n) + 1n;
  while (z < y) { y = z; z = (x / z + z) >> 1n; }
  return y;
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n % m;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

describe('examples/assemblyscript/MathLib.ts: u256 math', function () {
  this.timeout(180_000);
  let devnet: DevnetHandle;
  let math: Contract;

  before(async () => {
    const artifact = await exampleArtifact('examples/assemblyscript/MathLib.ts');
    devnet = await createDevnet();
    const signer = await new JsonRpcProvider(devnet.url).getSigner(0);
    math = await (await new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer).deploy()).waitForDeployment() as Contract;
  });
  after(() => devnet?.close());

  it('sqrt', async () => {
    for (const x of [0n, 1n, 2n, 99n, 10n ** 30n + 7n, MAX]) assert.equal(await math.sqrt(x), isqrt(x), `sqrt(${x})`);
  });

  it('modExp over mulmod (512-bit intermediate products)', async () => {
    const p = 2n ** 255n - 19n;
    for (const [b, e, m] of [[3n, 200n, p], [MAX, MAX, p], [2n, 10n, 1n], [7n, 0n, 13n]]) {
      assert.equal(await math.modExp(b, e, m), modPow(b, e, m), `${b}^${e} mod ${m}`);
    }
    await assert.rejects(math.modExp(1n, 1n, 0n), { reason: 'MathLib: zero modulus' });
  });

  it('factorial with checked multiplication: 57! fits, 58! is Panic(0x11)', async () => {
    let f = 1n;
    for (let i = 2n; i <= 57n; i++) f *= i;
    assert.equal(await math.factorial(57), f);
    await assert.rejects(math.factorial(58), (e) => isCallException(e) && e.revert?.name === 'Panic' && Number(e.revert.args[0]) === 0x11);
  });

  it('mulDiv', async () => {
    assert.equal(await math.mulDiv(10n ** 30n, 3n, 7n), (10n ** 30n * 3n) / 7n);
    assert.equal(await math.mulDiv(MAX, 1n, 3n), MAX / 3n);
  });
});
