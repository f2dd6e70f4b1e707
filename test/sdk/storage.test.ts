/**
 * The SDK's storage helpers lay out strings, bytes and string-keyed mappings as Solidity does,
 * checked with eth_getStorageAt against the layout computed here (test/contracts/Strings.as.ts).
 */
import assert from 'node:assert/strict';
import { ContractFactory, JsonRpcProvider, concat, keccak256, toBeHex, toUtf8Bytes, zeroPadValue, type Contract, type InterfaceAbi } from 'ethers';
import { createDevnet, type DevnetHandle } from '../../index.ts';
import { exampleArtifact } from './artifacts.ts';

describe('AssemblyScript SDK: storage layout of strings, bytes and mappings', function () {
  this.timeout(180_000);
  let devnet: DevnetHandle;
  let provider: JsonRpcProvider;
  let c: Contract;
  let address: string;
  const word = (slot: bigint | string) => provider.getStorage(address, slot);

  before(async () => {
    const artifact = await exampleArtifact('test/contracts/Strings.as.ts');
    devnet = await createDevnet();
    provider = new JsonRpcProvider(devnet.url, undefined, { cacheTimeout: -1 });
    const signer = await provider.getSigner(0);
    c = await (await new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer).deploy()).waitForDeployment() as Contract;
    address = await c.getAddress();
  });
  after(() => devnet?.close());

  it('a long string: length*2+1 in its slot, the data from keccak256(slot); shrinking zeroes the old data', async () => {
    const long = 'x'.repeat(70);
    await (await c.setText(long)).wait();
    assert.equal(await c.getText(), long);
    assert.equal(BigInt(await word(0n)), 70n * 2n + 1n);
    const data = BigInt(keccak256(zeroPadValue('0x00', 32)));
    const bytes = Buffer.from(long);
    for (let i = 0; i < 3; i++) {
      const chunk = Buffer.alloc(32);
      bytes.copy(chunk, 0, i * 32, i * 32 + 32);
      assert.equal(await word(data + BigInt(i)), `0x${chunk.toString('hex')}`);
    }
    await (await c.setText('short')).wait();
    assert.equal(await c.getText(), 'short');
    assert.equal(await word(0n), `0x${Buffer.from('short').toString('hex').padEnd(62, '0')}0a`);
    for (let i = 0; i < 3; i++) assert.equal(BigInt(await word(data + BigInt(i))), 0n);
  });

  it('bytes use the same layout; a 32-byte value is already long', async () => {
    const value = `0x${'ab'.repeat(32)}`;
    await (await c.setBlob(value)).wait();
    assert.equal(await c.getBlob(), value);
    assert.equal(BigInt(await word(1n)), 65n);
    assert.equal(await word(BigInt(keccak256(zeroPadValue('0x01', 32)))), value);
  });

  it('mapping(string => uint256) keeps m[k] at keccak256(k . slot)', async () => {
    await (await c.setScore('alice', 99n)).wait();
    assert.equal(await c.score('alice'), 99n);
    const slot = keccak256(concat([toUtf8Bytes('alice'), zeroPadValue(toBeHex(2n), 32)]));
    assert.equal(BigInt(await word(slot)), 99n);
  });
});
