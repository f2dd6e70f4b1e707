/**
 * `node bench/erc20.ts`: the AssemblyScript ERC-20 (examples/assemblyscript/ERC20.ts, U256 on the
 * bignum host functions, keccak in Wasm for the mapping slots) against the same token in Solidity
 * (test/contracts/ERC20.sol, solc with the optimizer) on one in-process node: gas of a `transfer`,
 * and time of a `transfer` executed by eth_call (the engine's work, no block) and sent as a
 * transaction and mined (what a test suite waits for). Variants run interleaved (bench/lib/stats.ts).
 */
import { Interface } from 'ethers';
import { createDevnet } from '../index.ts';
import { buildAssemblyScript } from '../scripts/lib/build.ts';
import { compileSolidity } from '../test/helpers/solc.ts';
import { fmt, interleave, median, medianRatio, ratioSpread } from './lib/stats.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 200);
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

const wasm = await buildAssemblyScript('examples/assemblyscript/ERC20.ts');
const sol = (await compileSolidity(['test/contracts/ERC20.sol'])).get('ERC20')!;
const iface = new Interface(wasm.abi as never);
const devnet = await createDevnet();
const rpc = (method: string, params: unknown[]) => devnet.provider.request({ method, params }) as Promise<unknown>;
const [owner, recipient] = await rpc('eth_accounts', []) as string[];

async function send(tx: Record<string, string>): Promise<{ gasUsed: string; contractAddress: string | null; status: string }> {
  const hash = await rpc('eth_sendTransaction', [{ from: owner, gas: '0x1c9c380', ...tx }]);
  return await rpc('eth_getTransactionReceipt', [hash]) as { gasUsed: string; contractAddress: string | null; status: string };
}

async function deploy(bytecode: string): Promise<string> {
  const args = iface.encodeDeploy(['Bench', 'BNC', 10n ** 30n]).slice(2);
  const r = await send({ data: `${bytecode}${args}` });
  if (r.status !== '0x1') throw new Error('deployment failed');
  return r.contractAddress!;
}

const tokens = { wasm: await deploy(wasm.bytecode), solidity: await deploy(hex(sol.bytecode)) };
const transfer = iface.encodeFunctionData('transfer', [recipient, 1n]);

// Gas: the first transfer to an address pays for a new balance slot; later ones are the steady state.
const gas: Record<string, bigint[]> = {};
for (const [name, to] of Object.entries(tokens)) {
  gas[name] = [];
  for (let i = 0; i < 2; i++) {
    const r = await send({ to, data: transfer });
    if (r.status !== '0x1') throw new Error(`${name} transfer failed`);
    gas[name].push(BigInt(r.gasUsed));
  }
}

const call = (to: string) => () => rpc('eth_call', [{ from: owner, to, data: transfer }, 'latest']);
for (let i = 0; i < 20; i++) await Promise.all([call(tokens.wasm)(), call(tokens.solidity)()]); // warm-up
const [callWasm, callSol] = await interleave([call(tokens.wasm), call(tokens.solidity)], ROUNDS);
const sendTx = (to: string) => () => send({ to, data: transfer });
const [txWasm, txSol] = await interleave([sendTx(tokens.wasm), sendTx(tokens.solidity)], Math.ceil(ROUNDS / 4));
await devnet.close();

const spread = (a: number[], b: number[]) => ratioSpread(a, b).map((x) => fmt(x)).join('–');
console.log(`ERC-20 transfer, Wasm (AssemblyScript) vs Solidity, Node ${process.versions.node}; ${ROUNDS} eth_call rounds, ${Math.ceil(ROUNDS / 4)} transaction rounds`);
console.log(`runtime code: Wasm ${(wasm.deployedBytecode.length - 2) / 2} bytes, Solidity ${sol.deployedBytecode.length} bytes`);
console.log(`gas, first transfer to an address: Wasm ${gas.wasm[0]}, Solidity ${gas.solidity[0]}, ratio ${fmt(Number(gas.wasm[0]) / Number(gas.solidity[0]))}`);
console.log(`gas, later transfer:              Wasm ${gas.wasm[1]}, Solidity ${gas.solidity[1]}, ratio ${fmt(Number(gas.wasm[1]) / Number(gas.solidity[1]))}`);
console.log(`eth_call transfer, ms (median):   Wasm ${fmt(median(callWasm), 3)}, Solidity ${fmt(median(callSol), 3)}, ratio ${fmt(medianRatio(callWasm, callSol))} [IQR ${spread(callWasm, callSol)}]`);
console.log(`transaction + block, ms (median): Wasm ${fmt(median(txWasm), 3)}, Solidity ${fmt(median(txSol), 3)}, ratio ${fmt(medianRatio(txWasm, txSol))} [IQR ${spread(txWasm, txSol)}]`);
