/**
 * A real Hardhat 3 project (test/fixtures/hardhat) run with `npx hardhat run --network localhost`
 * against the node started by bin/ewasm-devnet.js: Hardhat compiles with the repo's solc-js (no
 * compiler download: there is no network here but npm's registry), deploys through its ethers
 * plugin, calls and transacts. The script prints what Hardhat saw; the test checks it against
 * the node itself and against the artifact Hardhat wrote.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Interface } from 'ethers';
import { rpc, startCliNode, type CliNode } from './cli-node.ts';
import { hardhatPath, requireEdr } from './hardhat-env.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT = join(REPO, 'test/fixtures/hardhat');
const require = createRequire(import.meta.url);

interface Run { code: number | null; stdout: string; stderr: string }

function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}


describe('Hardhat 3 against the node (npx hardhat run --network localhost)', function () {
  this.timeout(120_000);
  let node: CliNode | undefined;
  let out: string | undefined;

  before(async () => {
    node = await startCliNode();
    out = await mkdtemp(join(tmpdir(), 'ewasm-hardhat-'));
  });
  after(async () => {
    await node?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('compiles with the local solc, deploys Greeter, calls and changes it; the node agrees', async function () {
    requireEdr(this);
    const { url } = node!;
    const env = {
      PATH: hardhatPath(),
      DEVNET_URL: url, HARDHAT_OUT: out!, HARDHAT_DISABLE_TELEMETRY: 'true', NO_COLOR: '1',
    };
    // --no: never fetch a hardhat from the registry; the repo's pinned one or nothing.
    const result = await run('npx', ['--no', 'hardhat', 'run', '--network', 'localhost', 'scripts/deploy.ts'], env);
    assert.equal(result.code, 0, `hardhat failed:\n${result.stdout}\n${result.stderr}`);
    assert.doesNotMatch(result.stdout + result.stderr, /Downloading/i, 'Hardhat tried to download a compiler');
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!);

    // Hardhat talked to our node: its chain, its first dev account.
    assert.equal(report.networkName, 'localhost');
    assert.equal(BigInt(report.chainId), BigInt(await rpc(url, 'eth_chainId')));
    const [firstAccount] = await rpc<string[]>(url, 'eth_accounts');
    assert.equal(report.deployer.toLowerCase(), firstAccount.toLowerCase());

    // It compiled with the solc-js the repo pins, and that code is what the node holds.
    const artifact = JSON.parse(await readFile(join(out!, 'artifacts/contracts/Greeter.sol/Greeter.json'), 'utf8'));
    const buildInfo = JSON.parse(await readFile(join(out!, 'artifacts/build-info', `${artifact.buildInfoId}.json`), 'utf8'));
    assert.equal(buildInfo.solcVersion, require('solc/package.json').version);
    assert.equal(await rpc(url, 'eth_getCode', [report.address, 'latest']), artifact.deployedBytecode);

    const deployReceipt = await rpc(url, 'eth_getTransactionReceipt', [report.deployTxHash]);
    assert.equal(deployReceipt.status, '0x1');
    assert.equal(deployReceipt.contractAddress, report.address.toLowerCase());
    assert.equal(BigInt(deployReceipt.blockNumber), BigInt(report.deployBlock));

    // What the script read before and after its transaction, and what the node reads now.
    assert.equal(report.before, 'hello from hardhat');
    assert.equal(report.after, 'changed by hardhat');
    assert.equal(report.setStatus, 1);
    const greeter = new Interface(artifact.abi);
    const now = await rpc(url, 'eth_call', [{ to: report.address, data: greeter.encodeFunctionData('greet') }, 'latest']);
    assert.equal(greeter.decodeFunctionResult('greet', now)[0], 'changed by hardhat');

    // The event Hardhat queried is the one the node logged for that transaction.
    assert.deepEqual(report.eventArgs, [report.deployer, 'changed by hardhat']);
    const setReceipt = await rpc(url, 'eth_getTransactionReceipt', [report.setTxHash]);
    assert.equal(setReceipt.status, '0x1');
    const logs = await rpc<Array<{ topics: string[]; data: string; transactionHash: string }>>(url, 'eth_getLogs', [{
      address: report.address, fromBlock: setReceipt.blockNumber, toBlock: setReceipt.blockNumber,
    }]);
    assert.equal(logs.length, 1);
    assert.equal(logs[0].transactionHash, report.setTxHash);
    const decoded = greeter.parseLog(logs[0]);
    assert.equal(decoded?.name, 'GreetingChanged');
    assert.deepEqual([...decoded!.args], [report.deployer, 'changed by hardhat']);
  });
});
