/** State roots must equal what every Ethereum client computes. */
import assert from 'node:assert/strict';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { Account, Address, bigIntToBytes, bytesToHex, hexToBytes, KECCAK256_NULL, KECCAK256_RLP } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { MemoryLevel } from 'memory-level';
import { createState, createTrie } from '../../state/index.ts';

const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('state tries on LevelDB', () => {
  it('the empty state has the empty trie root', async () => {
    const state = createState({ common });
    assert.equal(bytesToHex(await state.getStateRoot()), '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
  });

  it('a plain trie matches the Yellow Paper "dogs" vector of ethereum/tests', async () => {
    const trie = createTrie(new MemoryLevel(), { secure: false });
    for (const [k, v] of [['doe', 'reindeer'], ['dog', 'puppy'], ['dogglesworth', 'cat']]) await trie.put(utf8(k), utf8(v));
    assert.equal(bytesToHex(trie.root()), '0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3');
  });

  it('one funded account gives the root of a single-leaf secure trie, worked out from the definition', async () => {
    const address = hexToBytes('0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b');
    const state = createState({ common });
    await state.putAccount(new Address(address), new Account(0n, 100000000000n));
    // One leaf: rlp([hex-prefix(0x20, keccak(address)), rlp([nonce, balance, emptyStorageRoot, emptyCodeHash])]).
    const account = RLP.encode([new Uint8Array(0), bigIntToBytes(100000000000n), KECCAK256_RLP, KECCAK256_NULL]);
    const leaf = RLP.encode([Uint8Array.of(0x20, ...keccak256(address)), account]);
    assert.equal(bytesToHex(await state.getStateRoot()), bytesToHex(keccak256(leaf)));
  });

  it('state written to a level store reopens at its root', async () => {
    const level = new MemoryLevel<string | Uint8Array, string | Uint8Array>();
    const state = createState({ common, level });
    const addr = new Address(hexToBytes('0x00000000000000000000000000000000000000aa'));
    await state.putAccount(addr, new Account(3n, 42n));
    await state.putStorage(addr, hexToBytes(`0x${'00'.repeat(31)}01`), hexToBytes('0xbeef'));
    await state.flush();
    const root = await state.getStateRoot();
    const reopened = createState({ common, level, root });
    assert.equal((await reopened.getAccount(addr))?.balance, 42n);
    assert.equal(bytesToHex(await reopened.getStorage(addr, hexToBytes(`0x${'00'.repeat(31)}01`))), '0xbeef');
  });
});
