/**
 * Runner for the Ewasm project's own state tests (shared/conformance/ewasm-tests, `stEWASMTests`).
 *
 * Each case is run from its filled JSON (pre-state code is already compiled Wasm there) through
 * @ethereumjs/vm with our Wasm-capable EVM, under Byzantium and Hera's metering-off gas model
 * (HERA_COMPAT_CONFIG). Three independent verdicts per case, because they fail for different reasons:
 * - expectations: the filler's readable `expect` (balance, storage, code, nonce, shouldnotexist) —
 *   the filled JSON has none of these, so the YAML filler is read too;
 * - stateRoot: the filled post-state root, which needs the whole state byte-exact;
 * - logs: keccak256(rlp(logs)) from the filled file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createBlock, type Block } from '@ethereumjs/block';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { createLegacyTx } from '@ethereumjs/tx';
import { Account, Address, bigIntToBytes, bytesToBigInt, bytesToHex, hexToBytes, setLengthLeft, unpadBytes, utf8ToBytes } from '@ethereumjs/util';
import { createVM, runTx } from '@ethereumjs/vm';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { parse } from 'yaml';
import { createEwasmEVM } from '../../evm-compat/evm.ts';
import { createState } from '../../state/index.ts';
import { HERA_COMPAT_CONFIG } from '../../vm/index.ts';

/** The folder with the Ewasm state tests: the copy vendored in test/conformance/data (its README says where it comes from). */
export function ewasmTestsDir(): string {
  return path.join(import.meta.dirname, 'data', 'ewasm-tests');
}

const FILLED = path.join('GeneralStateTests', 'stEWASMTests');
const FILLERS = path.join('src', 'GeneralStateTestsFiller', 'stEWASMTests');

export interface Verdict {
  readonly ok: boolean;
  /** Why not, one line per mismatch; empty when ok. */
  readonly reasons: readonly string[];
}

export interface CaseResult {
  readonly name: string;
  readonly expectations: Verdict;
  readonly stateRoot: Verdict;
  readonly logs: Verdict;
  /** How the transaction ended, for reports: 'success', the EVM error, or why the tx was rejected. */
  readonly outcome: string;
}

// Shapes of the parts of the files we read. Numbers are strings: hex ('0x…') in the filled JSON,
// decimal or hex in the fillers.
interface FilledAccount { balance: string; nonce: string; code: string; storage: Record<string, string> }
interface FilledCase {
  env: { currentCoinbase: string; currentDifficulty: string; currentGasLimit: string; currentNumber: string; currentTimestamp: string };
  pre: Record<string, FilledAccount>;
  transaction: { data: string[]; gasLimit: string[]; value: string[]; gasPrice: string; nonce: string; secretKey: string; to: string };
  post: { Byzantium: { hash: string; logs: string }[] };
}
interface ExpectedAccount { balance?: string; nonce?: string; code?: string; storage?: Record<string, string>; shouldnotexist?: string }
interface FillerExpect { network: string[]; result: Record<string, ExpectedAccount> }

/** A filler number: decimal unless 0x-prefixed (testeth's reading); '' is 0 (used for empty storage values). */
function num(value: string | number | bigint): bigint {
  const s = String(value).trim();
  return s === '' ? 0n : BigInt(s);
}

/** Strict, so that an unquoted all-digit YAML key (read as a number) fails loudly instead of naming another account. */
function address(hex: string): Address {
  const m = /^(?:0x)?([0-9a-fA-F]{40})$/.exec(hex);
  if (m === null) throw new Error(`not an address: ${hex}`);
  return new Address(hexToBytes(`0x${m[1]}`));
}

function slotKey(key: bigint): Uint8Array {
  return setLengthLeft(bigIntToBytes(key), 32);
}

/**
 * State tests define BLOCKHASH(n) as keccak256 of n written in decimal (testeth's convention;
 * getBlockHash expects keccak256("0") for block 0). The EVM and our host only ever ask getBlock(n).hash().
 */
const stateTestBlockchain = {
  async getBlock(n: number) {
    return { hash: () => keccak256(utf8ToBytes(String(n))) };
  },
  async putBlock() {},
  shallowCopy() {
    return stateTestBlockchain;
  },
};

export function listCases(dir = ewasmTestsDir()): string[] {
  return readdirSync(path.join(dir, FILLED)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

function loadCase(dir: string, name: string): { filled: FilledCase; expect: FillerExpect } {
  const filled = JSON.parse(readFileSync(path.join(dir, FILLED, `${name}.json`), 'utf8'))[name] as FilledCase;
  // intAsBigInt: unquoted numbers (storage keys, !!int -1 indexes) must not lose precision.
  const filler = parse(readFileSync(path.join(dir, FILLERS, `${name}Filler.yml`), 'utf8'), { intAsBigInt: true })[name];
  const expects = (filler.expect as FillerExpect[]).filter((e) => e.network.some((n) => n === 'ALL' || n === 'Byzantium'));
  // Every case has exactly one expectation for one transaction variant; anything else is a format we do not handle.
  if (expects.length !== 1 || filled.post.Byzantium.length !== 1) throw new Error(`${name}: expected one Byzantium expectation and one post entry`);
  return { filled, expect: expects[0] };
}

async function buildPreState(state: ReturnType<typeof createState>, pre: Record<string, FilledAccount>): Promise<void> {
  await state.checkpoint();
  for (const [addr, a] of Object.entries(pre)) {
    const at = address(addr);
    await state.putAccount(at, new Account(num(a.nonce), num(a.balance)));
    if (a.code !== '' && a.code !== '0x') await state.putCode(at, hexToBytes(a.code as `0x${string}`));
    for (const [k, v] of Object.entries(a.storage)) {
      const value = unpadBytes(bigIntToBytes(num(v)));
      if (value.length > 0) await state.putStorage(at, slotKey(num(k)), value);
    }
  }
  await state.commit();
  await state.flush();
}

function makeBlock(env: FilledCase['env'], common: Common): Block {
  return createBlock({
    header: {
      coinbase: address(env.currentCoinbase),
      difficulty: num(env.currentDifficulty),
      gasLimit: num(env.currentGasLimit),
      number: num(env.currentNumber),
      timestamp: num(env.currentTimestamp),
    },
  }, { common });
}

/** The filler's per-account expectations, as testeth checked them; each mismatch is one reason. */
async function checkExpectations(state: ReturnType<typeof createState>, expect: FillerExpect): Promise<string[]> {
  const reasons: string[] = [];
  for (const [addr, e] of Object.entries(expect.result)) {
    const at = address(addr);
    const who = `0x${addr.replace(/^0x/, '')}`;
    const account = await state.getAccount(at);
    if (e.shouldnotexist !== undefined && num(e.shouldnotexist) !== 0n) {
      if (account !== undefined) reasons.push(`${who} should not exist`);
      continue;
    }
    if (account === undefined) {
      reasons.push(`${who} does not exist`);
      continue;
    }
    if (e.balance !== undefined && account.balance !== num(e.balance)) {
      const diff = account.balance - num(e.balance);
      reasons.push(`${who} balance ${account.balance}, expected ${num(e.balance)} (${diff > 0n ? '+' : ''}${diff})`);
    }
    if (e.nonce !== undefined && account.nonce !== num(e.nonce)) reasons.push(`${who} nonce ${account.nonce}, expected ${num(e.nonce)}`);
    if (e.code !== undefined) {
      const code = bytesToHex(await state.getCode(at));
      const want = e.code === '' ? '0x' : e.code.toLowerCase();
      if (code !== want) reasons.push(`${who} code ${abbrev(code)}, expected ${abbrev(want)}`);
    }
    if (e.storage !== undefined) reasons.push(...(await checkStorage(state, at, who, e.storage)));
  }
  return reasons;
}

/**
 * Listed slots must hold their values (a zero value means "unset"), and no unlisted slot may be
 * non-zero: testeth treated an expected storage map as the whole storage, so `storage: {}` means empty.
 */
async function checkStorage(state: ReturnType<typeof createState>, at: Address, who: string, storage: Record<string, string>): Promise<string[]> {
  const reasons: string[] = [];
  const listed = new Set<string>();
  for (const [k, v] of Object.entries(storage)) {
    const key = slotKey(num(k));
    listed.add(bytesToHex(keccak256(key)));
    const actual = bytesToBigInt(await state.getStorage(at, key));
    if (actual !== num(v)) reasons.push(`${who} storage[${k}] = 0x${actual.toString(16)}, expected 0x${num(v).toString(16)}`);
  }
  // The trie holds hashed keys only; an unlisted slot can be named only by its hash.
  const dump = await state.dumpStorage(at);
  for (const hashed of Object.keys(dump)) {
    if (!listed.has(hashed)) reasons.push(`${who} has an unexpected non-zero slot (key hash ${abbrev(hashed)})`);
  }
  return reasons;
}

function abbrev(hex: string): string {
  return hex.length > 26 ? `${hex.slice(0, 18)}…(${(hex.length - 2) / 2} bytes)` : hex;
}

function verdict(reasons: string[]): Verdict {
  return { ok: reasons.length === 0, reasons };
}

export async function runCase(name: string, dir = ewasmTestsDir()): Promise<CaseResult> {
  const { filled, expect } = loadCase(dir, name);
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Byzantium });
  const stateManager = createState({ common });
  await buildPreState(stateManager, filled.pre);
  const blockchain = stateTestBlockchain as never;
  const evm = await createEwasmEVM({ common, stateManager, blockchain, wasm: HERA_COMPAT_CONFIG });
  const vm = await createVM({ common, stateManager, evm, blockchain });

  const t = filled.transaction;
  const tx = createLegacyTx({
    nonce: num(t.nonce),
    gasPrice: num(t.gasPrice),
    gasLimit: num(t.gasLimit[0]),
    value: num(t.value[0]),
    data: hexToBytes((t.data[0] || '0x') as `0x${string}`),
    ...(t.to === '' ? {} : { to: address(t.to) }),
  }, { common }).sign(hexToBytes(t.secretKey as `0x${string}`));

  let outcome: string;
  let logs: Uint8Array[][] = [];
  try {
    const result = await runTx(vm, { tx, block: makeBlock(filled.env, common) });
    outcome = result.execResult.exceptionError?.error ?? 'success';
    logs = result.receipt.logs.map(([a, topics, data]) => [a, topics, data] as never);
  } catch (e) {
    // A transaction the chain refuses changes nothing; the checks below then see the pre-state.
    // ethereumjs appends a dump of the block and tx to the message: keep only the reason.
    outcome = `rejected: ${(e as Error).message.split(' (vm hf=')[0]}`;
  }

  const post = filled.post.Byzantium[0];
  const root = bytesToHex(await stateManager.getStateRoot());
  const logsHash = bytesToHex(keccak256(RLP.encode(logs)));
  return {
    name,
    outcome,
    expectations: verdict(await checkExpectations(stateManager, expect)),
    stateRoot: verdict(root === post.hash ? [] : [`state root ${root}, expected ${post.hash}`]),
    logs: verdict(logsHash === post.logs ? [] : [`logs hash ${logsHash} (${logs.length} logs), expected ${post.logs}`]),
  };
}

/** Runs every case, in name order. A case that throws (a bug in the runner or the VM) fails all three verdicts. */
export async function runAll(dir = ewasmTestsDir(), onCase?: (r: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const name of listCases(dir)) {
    let r: CaseResult;
    try {
      r = await runCase(name, dir);
    } catch (e) {
      const failed = verdict([`runner error: ${(e as Error).stack ?? e}`]);
      r = { name, outcome: 'runner error', expectations: failed, stateRoot: failed, logs: failed };
    }
    onCase?.(r);
    results.push(r);
  }
  return results;
}

// Run directly for a per-case report: ./node_modules/.bin/node test/conformance/ewasm-state.ts [case…]
if (import.meta.main) {
  const names = process.argv.slice(2);
  const show = (r: CaseResult) => {
    const mark = (v: Verdict) => (v.ok ? 'ok  ' : 'FAIL');
    console.log(`${r.name}: expect ${mark(r.expectations)} root ${mark(r.stateRoot)} logs ${mark(r.logs)} (${r.outcome})`);
    for (const reason of new Set([...r.expectations.reasons, ...r.stateRoot.reasons, ...r.logs.reasons])) console.log(`    ${reason}`);
  };
  if (names.length > 0) for (const n of names) show(await runCase(n));
  else {
    const all = await runAll(undefined, show);
    const count = (k: 'expectations' | 'stateRoot' | 'logs') => all.filter((r) => r[k].ok).length;
    console.log(`${all.length} cases: expectations ${count('expectations')}, state roots ${count('stateRoot')}, logs ${count('logs')} pass`);
  }
}
