/**
 * Issue 7's acceptance suite, written as a Hardhat user writes tests (ethers, network helpers,
 * chai matchers). It runs unchanged against ewasm-devnet (`--network devnet`) and against
 * Hardhat's own network, so every expectation here is what Hardhat does.
 */
import { expect } from 'chai';
import { network } from 'hardhat';

const { ethers, networkHelpers } = await network.connect();
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
});
