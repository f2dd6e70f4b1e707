/**
 * A Hardhat 3 project set up the way Hardhat users set theirs up (ethers, network helpers, chai
 * matchers, mocha), for issue 7's acceptance suite. `npx hardhat test mocha --network devnet` runs
 * its tests against an ewasm-devnet node (DEVNET_URL); `npx hardhat test mocha` runs the same file
 * on Hardhat's own in-process network, so the expectations are Hardhat's.
 *
 * As in test/fixtures/hardhat: solc comes from the repo's solc-js (no download), and artifacts go
 * where HARDHAT_OUT says, so a run leaves the tree untouched.
 */
import { createRequire } from 'node:module';
import hardhatEthers from '@nomicfoundation/hardhat-ethers';
import hardhatEthersChaiMatchers from '@nomicfoundation/hardhat-ethers-chai-matchers';
import hardhatMocha from '@nomicfoundation/hardhat-mocha';
import hardhatNetworkHelpers from '@nomicfoundation/hardhat-network-helpers';
import { defineConfig } from 'hardhat/config';

const require = createRequire(import.meta.url);
const solcVersion: string = require('solc/package.json').version;
const out = process.env.HARDHAT_OUT ?? 'hardhat-out';

export default defineConfig({
  plugins: [hardhatEthers, hardhatNetworkHelpers, hardhatEthersChaiMatchers, hardhatMocha],
  solidity: {
    version: solcVersion,
    path: require.resolve('solc/soljson.js'),
    settings: { evmVersion: 'prague' },
  },
  paths: { artifacts: `${out}/artifacts`, cache: `${out}/cache` },
  networks: {
    devnet: { type: 'http', url: process.env.DEVNET_URL ?? 'http://127.0.0.1:8545' },
  },
  test: { mocha: { timeout: 60_000 } },
});
