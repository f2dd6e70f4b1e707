/**
 * Issue 7's acceptance suite, written as a Hardhat user writes tests (ethers, network helpers,
 * chai matchers). It runs unchanged against ewasm-devnet (`--network devnet`) and against
 * Hardhat's own network, so every expectation here is what Hardhat does.
 *
 * Not here, because Hardhat's network (EDR, Hardhat 3.18) does not serve them or gives them other
 * semantics, so the expectations could not be Hardhat's (see test/acceptance/README.md):
 * - item 6: hardhat_setMinGasPrice (EDR refuses it once EIP-1559 is active), hardhat_reset,
 *   hardhat_dumpState/loadState, txpool_inspect, eth_sendUnsignedTransaction,
 *   anvil_setBlockTimestampInterval, evm_increaseTime's result type (EDR answers a decimal
 *   string, Anvil and we a number) and a non-zero evm_setIntervalMining (EDR reads milliseconds,
 *   Anvil and we seconds); all in test/e2e/viem-test-client.test.ts.
 * - item 7: eth_createAccessList, eth_signTransaction, eth_fillTransaction, eth_getStorageValues,
 *   eth_config (EDR: "Method ... is not supported"); all in test/e2e/eth-extras.test.ts.
 * - item 9: anvil_loadState with a bad address (no loadState in EDR); test/rpc/client-errors.test.ts.
 */
import { verifyMerkleProof } from '@ethereumjs/mpt';
import { expect } from 'chai';
import { network } from 'hardhat';

const { ethers, networkHelpers, provider } = await network.connect();
const {
  loadFixture, time, mine, impersonateAccount, stopImpersonatingAccount, setBalance, setCode, setStorageAt, takeSnapshot, setCoinbase,
  setBlockGasLimit, setNextBlockBaseFeePerGas, setPrevRandao,
} = networkHelpers;

const ONE_DAY = 24 * 60 * 60;
const STRANGER = '0x00000000000000000000000000000000000c0dE1';

async function deployVault() {
  const [owner, other] = await ethers.getSigners();
  const unlockTime = (await time.latest()) + ONE_DAY;
  const vault = await ethers.deployContract('Vault', [unlockTime], { value: ethers.parseEther('1') });
  await vault.waitForDeployment();
  return { vault, owner, other, unlockTime };
}

describe('issue 7: a Hardhat suite on this network', function () {
  describe('network helpers (item 5)', function () {
    it('loadFixture deploys once and then restores the snapshot', async function () {
      const first = await loadFixture(deployVault);
      await first.vault.set(7);
      expect(await first.vault.value()).to.equal(7n);
      const second = await loadFixture(deployVault);
      expect(await second.vault.getAddress()).to.equal(await first.vault.getAddress());
      expect(await second.vault.value()).to.equal(0n);
    });

    it('time.increase, time.latest, time.setNextBlockTimestamp and mine', async function () {
      const start = await time.latest();
      await time.increase(3600);
      expect(await time.latest()).to.equal(start + 3600);
      await time.setNextBlockTimestamp(start + 7200);
      await mine();
      expect(await time.latest()).to.equal(start + 7200);
      const block = await time.latestBlock();
      await mine(10);
      expect(await time.latestBlock()).to.equal(block + 10);
    });

    it('a time lock opens after time.increaseTo', async function () {
      const { vault, unlockTime } = await loadFixture(deployVault);
      await expect(vault.withdraw()).to.be.revertedWith('still locked');
      await time.increaseTo(unlockTime);
      await expect(vault.withdraw()).to.changeEtherBalances(ethers, [vault], [-ethers.parseEther('1')]);
    });

    it('setBalance, setCode, setStorageAt', async function () {
      const { vault } = await loadFixture(deployVault);
      await setBalance(STRANGER, ethers.parseEther('5'));
      expect(await ethers.provider.getBalance(STRANGER)).to.equal(ethers.parseEther('5'));
      await setCode(STRANGER, await ethers.provider.getCode(await vault.getAddress()));
      const copy = await ethers.getContractAt('Vault', STRANGER);
      expect(await copy.value()).to.equal(0n);
      await setStorageAt(STRANGER, 1, 42);
      expect(await copy.value()).to.equal(42n);
    });

    it('takeSnapshot and restore', async function () {
      const { vault } = await loadFixture(deployVault);
      const snapshot = await takeSnapshot();
      await vault.set(9);
      const block = await time.latestBlock();
      await snapshot.restore();
      expect(await vault.value()).to.equal(0n);
      expect(await time.latestBlock()).to.equal(block - 1);
    });
  });

  describe('the next block, shaped by helpers (items 5, 6)', function () {
    it('setCoinbase, setBlockGasLimit, setNextBlockBaseFeePerGas, setPrevRandao', async function () {
      await loadFixture(deployVault);
      await setCoinbase(STRANGER);
      await setBlockGasLimit(25_000_000);
      await setNextBlockBaseFeePerGas(3_000_000_000n);
      await setPrevRandao(0x1234n);
      await mine();
      const block = await ethers.provider.send('eth_getBlockByNumber', ['latest', false]);
      expect(ethers.getAddress(block.miner)).to.equal(STRANGER);
      expect(BigInt(block.gasLimit)).to.equal(25_000_000n);
      expect(BigInt(block.baseFeePerGas)).to.equal(3_000_000_000n);
      expect(BigInt(block.mixHash)).to.equal(0x1234n);
    });
  });

  describe('impersonation (item 3)', function () {
    it('sends from any impersonated address', async function () {
      const { vault } = await loadFixture(deployVault);
      await impersonateAccount(STRANGER);
      await setBalance(STRANGER, ethers.parseEther('1'));
      const stranger = await ethers.getSigner(STRANGER);
      await expect((vault.connect(stranger) as typeof vault).set(5)).to.emit(vault, 'ValueSet').withArgs(STRANGER, 5n);
      await stopImpersonatingAccount(STRANGER);
    });

    it('sends from an impersonated contract (no EIP-3607 for impersonated senders)', async function () {
      const { vault } = await loadFixture(deployVault);
      const address = await vault.getAddress();
      await impersonateAccount(address);
      const asContract = await ethers.getSigner(address);
      await expect((vault.connect(asContract) as typeof vault).set(11)).to.emit(vault, 'ValueSet').withArgs(address, 11n);
      expect(await (vault.connect(asContract) as typeof vault).whoami()).to.equal(address);
      await stopImpersonatingAccount(address);
    });
  });

  describe('reverts every client decodes (item 4)', function () {
    it('revertedWith, revertedWithCustomError, revertedWithoutReason', async function () {
      const { vault, other } = await loadFixture(deployVault);
      await expect(vault.set(0)).to.be.revertedWith('value must not be zero');
      await expect((vault.connect(other) as typeof vault).ownerOnly(1)).to.be.revertedWithCustomError(vault, 'NotOwner').withArgs(other.address);
      await expect(vault.failEmpty()).to.be.revertedWithoutReason(ethers);
    });

    it('a view call reverts with its reason too', async function () {
      const { vault, other } = await loadFixture(deployVault);
      await expect((vault.connect(other) as typeof vault).ownerOnly.staticCall(1)).to.be.revertedWithCustomError(vault, 'NotOwner');
    });
  });

  describe('block context and gas estimation (items 1, 2)', function () {
    it('eth_call at latest runs in the latest block', async function () {
      const { vault } = await loadFixture(deployVault);
      await mine(3);
      const latest = await ethers.provider.getBlock('latest');
      const [number, timestamp, basefee, coinbase] = await vault.context({ blockTag: 'latest' });
      expect(number).to.equal(BigInt(latest!.number));
      expect(timestamp).to.equal(BigInt(latest!.timestamp));
      expect(coinbase).to.equal(latest!.miner);
      // As geth: a call that names no gas price runs with base fee 0 (so it needs no balance for gas).
      expect(basefee).to.equal(0n);
    });

    it('eth_call at an older block number runs in that block', async function () {
      const { vault } = await loadFixture(deployVault);
      const then = await ethers.provider.getBlock('latest');
      await time.increase(1000);
      const [number, timestamp] = await vault.context({ blockTag: then!.number });
      expect(number).to.equal(BigInt(then!.number));
      expect(timestamp).to.equal(BigInt(then!.timestamp));
    });

    it('eth_call at pending runs in the next block, at the time set for it', async function () {
      const { vault } = await loadFixture(deployVault);
      const latest = await ethers.provider.getBlock('latest');
      await time.setNextBlockTimestamp(latest!.timestamp + 500);
      const [number, timestamp] = await vault.context({ blockTag: 'pending' });
      expect(number).to.equal(BigInt(latest!.number + 1));
      expect(timestamp).to.equal(BigInt(latest!.timestamp + 500));
    });

    it('estimateGas returns the revert reason, not a gas error', async function () {
      const { vault } = await loadFixture(deployVault);
      await expect(vault.set.estimateGas(0)).to.be.revertedWith('value must not be zero');
    });

    it('a transaction that needs the next block\'s time goes through after setNextBlockTimestamp', async function () {
      const { vault, unlockTime } = await loadFixture(deployVault);
      await time.setNextBlockTimestamp(unlockTime);
      await expect(vault.withdraw()).to.changeEtherBalances(ethers, [vault], [-ethers.parseEther('1')]);
    });
  });

  describe('shapes and edge cases (item 8)', function () {
    it('the pending block holds the pool\'s transactions', async function () {
      const { vault } = await loadFixture(deployVault);
      await ethers.provider.send('evm_setAutomine', [false]);
      try {
        const tx = await vault.set(3);
        const pending = await ethers.provider.send('eth_getBlockByNumber', ['pending', false]);
        expect(pending.transactions).to.include(tx.hash);
        const first = await ethers.provider.send('eth_getTransactionByBlockNumberAndIndex', ['pending', '0x0']);
        expect(first.hash).to.equal(tx.hash);
      } finally {
        await ethers.provider.send('evm_setAutomine', [true]);
      }
    });

    it('a log filter with more topic positions than the log has does not match it (item 10)', async function () {
      const { vault, owner } = await loadFixture(deployVault);
      const receipt = await (await vault.set(4)).wait();
      const topic = vault.interface.getEvent('ValueSet')!.topicHash;
      const range = { address: await vault.getAddress(), fromBlock: receipt!.blockNumber, toBlock: receipt!.blockNumber };
      expect(await ethers.provider.getLogs({ ...range, topics: [topic, null] })).to.have.length(1);
      expect(await ethers.provider.getLogs({ ...range, topics: [topic, ethers.zeroPadValue(owner.address, 32)] })).to.have.length(1);
      expect(await ethers.provider.getLogs({ ...range, topics: [topic, null, null] })).to.have.length(0);
    });

    it('quantities with leading zeros, as ethers\' toBeHex writes them, are accepted', async function () {
      await mine(12);
      const block = await ethers.provider.send('eth_getBlockByNumber', [ethers.toBeHex(10), false]);
      expect(BigInt(block.number)).to.equal(10n);
    });
  });

  describe('devnet control through raw requests (item 6)', function () {
    it('hardhat_setCoinbase, evm_setBlockGasLimit, hardhat_setNextBlockBaseFeePerGas shape the next block and its fees', async function () {
      const { vault } = await loadFixture(deployVault);
      expect(await provider.request({ method: 'hardhat_setCoinbase', params: [STRANGER] })).to.equal(true);
      expect(await provider.request({ method: 'evm_setBlockGasLimit', params: [ethers.toQuantity(20_000_000)] })).to.equal(true);
      expect(await provider.request({ method: 'hardhat_setNextBlockBaseFeePerGas', params: [ethers.toQuantity(2_000_000_000)] })).to.equal(true);
      const before = await ethers.provider.getBalance(STRANGER);
      const tip = 1_000_000_000n;
      const receipt = await (await vault.set(8, { maxFeePerGas: 5_000_000_000n, maxPriorityFeePerGas: tip })).wait();
      const block = await ethers.provider.send('eth_getBlockByNumber', [ethers.toQuantity(receipt!.blockNumber), false]);
      expect(ethers.getAddress(block.miner)).to.equal(STRANGER);
      expect(BigInt(block.gasLimit)).to.equal(20_000_000n);
      expect(BigInt(block.baseFeePerGas)).to.equal(2_000_000_000n);
      expect(receipt!.gasPrice).to.equal(2_000_000_000n + tip);
      // The coinbase earns the tip (the base fee is burnt).
      expect(await ethers.provider.getBalance(STRANGER)).to.equal(before + receipt!.gasUsed * tip);
      // Coinbase and gas limit stay for the blocks after; the base fee was for one block only.
      await mine();
      const next = await ethers.provider.send('eth_getBlockByNumber', ['latest', false]);
      expect(ethers.getAddress(next.miner)).to.equal(STRANGER);
      expect(BigInt(next.gasLimit)).to.equal(20_000_000n);
    });

    it('evm_setIntervalMining 0 with automine off: a transaction waits in the pool until evm_mine', async function () {
      const { vault } = await loadFixture(deployVault);
      expect(await provider.request({ method: 'evm_setIntervalMining', params: [0] })).to.equal(true);
      await provider.request({ method: 'evm_setAutomine', params: [false] });
      try {
        expect(await provider.request({ method: 'hardhat_getAutomine', params: [] })).to.equal(false);
        const head = await time.latestBlock();
        const tx = await vault.set(6);
        expect(await ethers.provider.getTransactionReceipt(tx.hash)).to.equal(null);
        expect(await time.latestBlock()).to.equal(head);
        await provider.request({ method: 'evm_mine', params: [] });
        const receipt = await ethers.provider.getTransactionReceipt(tx.hash);
        expect(receipt!.blockNumber).to.equal(head + 1);
        expect(await vault.value()).to.equal(6n);
      } finally {
        await provider.request({ method: 'evm_setAutomine', params: [true] });
      }
    });

    it('hardhat_setLoggingEnabled answers true and the node keeps serving', async function () {
      expect(await provider.request({ method: 'hardhat_setLoggingEnabled', params: [true] })).to.equal(true);
      expect(await provider.request({ method: 'hardhat_setLoggingEnabled', params: [false] })).to.equal(true);
      const head = await time.latestBlock();
      await mine();
      expect(await time.latestBlock()).to.equal(head + 1);
    });
  });

  describe('newer read-only methods (item 7)', function () {
    const bytes = (hex: string) => ethers.getBytes(hex);

    it('eth_getProof: the account and a storage slot verify against the block\'s state root', async function () {
      const { vault } = await loadFixture(deployVault);
      await vault.set(42);
      const address = await vault.getAddress();
      const block = await ethers.provider.send('eth_getBlockByNumber', ['latest', false]);
      const slot = ethers.zeroPadValue('0x01', 32);
      const proof: any = await provider.request({ method: 'eth_getProof', params: [address, [slot], block.number] });
      const accountNodes = proof.accountProof.map(bytes);
      expect(ethers.keccak256(accountNodes[0])).to.equal(block.stateRoot);
      const account = await verifyMerkleProof(bytes(address), accountNodes, { useKeyHashing: true });
      const [nonce, balance, storageRoot, codeHash] = ethers.decodeRlp(account!) as string[];
      expect(BigInt(nonce)).to.equal(BigInt(proof.nonce));
      expect(BigInt(balance)).to.equal(ethers.parseEther('1'));
      expect(storageRoot).to.equal(proof.storageHash);
      expect(codeHash).to.equal(ethers.keccak256(await ethers.provider.getCode(address)));
      const [entry] = proof.storageProof;
      expect(BigInt(entry.value)).to.equal(42n);
      const storageNodes = entry.proof.map(bytes);
      expect(ethers.keccak256(storageNodes[0])).to.equal(proof.storageHash);
      const stored = await verifyMerkleProof(bytes(slot), storageNodes, { useKeyHashing: true });
      expect(BigInt(ethers.decodeRlp(stored!) as string)).to.equal(42n);
    });

    it('eth_blobBaseFee: the minimum (1 wei) while no blob gas has been used', async function () {
      await mine();
      const block = await ethers.provider.send('eth_getBlockByNumber', ['latest', false]);
      expect(BigInt(block.excessBlobGas)).to.equal(0n);
      expect(BigInt(block.blobGasUsed)).to.equal(0n);
      expect(BigInt(await provider.request({ method: 'eth_blobBaseFee', params: [] }) as string)).to.equal(1n);
    });
  });

  describe('a client\'s mistake is not an internal error (item 9)', function () {
    /** The JSON-RPC error code of a request that must fail. */
    async function codeOf(method: string, params: unknown[]): Promise<number> {
      try {
        await provider.request({ method, params });
      } catch (e) {
        return (e as { code: number }).code;
      }
      expect.fail(`${method} did not fail`);
    }
    const CLIENT_CODES = [-32602, -32000];

    it('eth_signTypedData_v4 with malformed typed data', async function () {
      const [owner] = await ethers.getSigners();
      expect(await codeOf('eth_signTypedData_v4', [owner.address, '{"types": '])).to.equal(-32602);
      expect(await codeOf('eth_signTypedData_v4', [owner.address, { types: {}, domain: {}, message: {} }])).to.equal(-32602);
      const unknownPrimary = JSON.stringify({ types: { EIP712Domain: [] }, primaryType: 'Missing', domain: {}, message: {} });
      expect(await codeOf('eth_signTypedData_v4', [owner.address, unknownPrimary])).to.be.oneOf(CLIENT_CODES);
    });

    it('an invalid address, hash or slot', async function () {
      const [owner] = await ethers.getSigners();
      expect(await codeOf('eth_getBalance', ['0x1234', 'latest'])).to.equal(-32602);
      expect(await codeOf('eth_getBalance', ['not-an-address', 'latest'])).to.equal(-32602);
      expect(await codeOf('eth_getCode', [`0x${'1'.repeat(41)}`, 'latest'])).to.equal(-32602);
      expect(await codeOf('hardhat_setBalance', ['0x12', '0x1'])).to.equal(-32602);
      expect(await codeOf('eth_getTransactionByHash', ['0x12'])).to.equal(-32602);
      expect(await codeOf('eth_getStorageAt', [owner.address, `0x${'1'.repeat(66)}`, 'latest'])).to.equal(-32602);
    });

    it('a nonce at 2^64, or at 2^64 - 1', async function () {
      const [owner, other] = await ethers.getSigners();
      const tx = { from: owner.address, to: other.address, value: '0x1' };
      expect(await codeOf('eth_sendTransaction', [{ ...tx, nonce: '0x10000000000000000' }])).to.equal(-32602);
      expect(await codeOf('hardhat_setNonce', [owner.address, '0x10000000000000000'])).to.equal(-32602);
      expect(await codeOf('eth_sendTransaction', [{ ...tx, nonce: '0xffffffffffffffff' }])).to.equal(-32000);
    });

    it('init code over the limit, too little gas, an undecodable raw transaction', async function () {
      const [owner, other] = await ethers.getSigners();
      expect(await codeOf('eth_sendTransaction', [{ from: owner.address, data: `0x${'00'.repeat(49_153)}` }])).to.equal(-32000);
      expect(await codeOf('eth_sendTransaction', [{ from: owner.address, to: other.address, value: '0x1', gas: '0x1' }])).to.equal(-32000);
      expect(await codeOf('eth_sendRawTransaction', ['0x1234'])).to.be.oneOf(CLIENT_CODES);
      // The node keeps serving after all of the above.
      expect(await ethers.provider.getBalance(other.address)).to.be.greaterThan(0n);
    });
  });
});
