/**
 * One scenario script (./clients/scenarios.ts) run unchanged through ethers v6, web3.js v4 and
 * viem, each against a fresh node over HTTP and WebSocket. The adapters differ on purpose in how
 * they send: ethers through the node's accounts (eth_sendTransaction), web3.js and viem signing
 * locally (eth_sendRawTransaction), so both paths meet every client's expectations.
 */
import { ethersAdapter } from './clients/ethers.ts';
import { clientScenarios } from './clients/scenarios.ts';
import { viemAdapter } from './clients/viem.ts';
import { web3Adapter } from './clients/web3.ts';

clientScenarios('ethers v6', ethersAdapter);
clientScenarios('web3.js v4', web3Adapter);
clientScenarios('viem', viemAdapter);
