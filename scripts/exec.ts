/**
 * `ewasm-devnet exec`: run one contract call or constructor against an in-memory state and print
 * one JSON line, like geth's `evm run`. Exit code 0 on success, 1 when the contract reverted, ran
 * out of gas or failed, 2 when the module was refused or the arguments are wrong.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { watToWasm, WatError } from './lib/wat.ts';
import { finishDeployment, MemoryHost, ValidationError, WasmEngine, type ExecutionResult, type Message } from '../vm/index.ts';
import { constructorModule } from '../vm/wasm/init-code.ts';
import { chainPrecompiles } from './lib/precompiles.ts';

export interface ExecOutput {
  status: ExecutionResult['status'];
  gasUsed: string;
  gasRefund: string;
  returnData: string;
  logs: Array<{ address: string; topics: string[]; data: string }>;
  storage: Record<string, string>;
  error?: string;
}

export class UsageError extends Error {}

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
// Same defaults as geth's `evm run`: the ASCII of "sender" and "receiver".
const DEFAULT_CALLER = '0x000000000000000000000000000073656e646572';
const DEFAULT_ADDRESS = '0x0000000000000000000000007265636569766572';

function bytesArg(value: string, name: string, size?: number): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(value)) throw new UsageError(`--${name} must be 0x-prefixed hex bytes`);
  const raw = Buffer.from(value.slice(2), 'hex');
  if (size === undefined) return new Uint8Array(raw);
  if (raw.length > size) throw new UsageError(`--${name} is longer than ${size} bytes`);
  const out = new Uint8Array(size);
  out.set(raw, size - raw.length);
  return out;
}

function uintArg(value: string, name: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) throw new UsageError(`--${name} must be a decimal or 0x-hex integer`);
  return BigInt(value);
}

export async function loadCode(spec: string): Promise<Uint8Array> {
  if (spec.startsWith('0x')) return bytesArg(spec, 'code');
  let raw: Buffer;
  try {
    raw = await readFile(spec);
  } catch (e) {
    throw new UsageError(`cannot read --code ${spec}: ${(e as Error).message}`);
  }
  if (spec.endsWith('.wat') || spec.endsWith('.wast')) return watToWasm(raw.toString('utf8'), spec);
  return new Uint8Array(raw);
}

async function loadStorage(path: string | undefined): Promise<Array<[Uint8Array, Uint8Array]>> {
  if (path === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read --storage ${path}: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError('--storage must hold a JSON object of slot: value');
  return Object.entries(json).map(([k, v]) => [bytesArg(k, 'storage key', 32), bytesArg(String(v), 'storage value', 32)]);
}

export async function execute(args: string[]): Promise<ExecOutput> {
  const { values } = parseArgs({
    args,
    options: {
      code: { type: 'string' }, input: { type: 'string', default: '0x' }, gas: { type: 'string', default: '10000000' },
      value: { type: 'string', default: '0' }, caller: { type: 'string', default: DEFAULT_CALLER },
      address: { type: 'string', default: DEFAULT_ADDRESS }, storage: { type: 'string' }, deploy: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.code === undefined) throw new UsageError('--code is required');
  const code = await loadCode(values.code);
  const gas = uintArg(values.gas, 'gas');
  const value = uintArg(values.value, 'value');
  const caller = bytesArg(values.caller, 'caller', 20);
  const address = bytesArg(values.address, 'address', 20);
  const storage = await loadStorage(values.storage);

  const engine = new WasmEngine();
  engine.validate(values.deploy ? constructorModule(code) : code);
  const host = new MemoryHost(engine);
  host.onDebug = (line) => process.stderr.write(`debug: ${line}\n`);
  host.precompiles = await chainPrecompiles(); // the node's own: a contract behaves the same here and there
  host.account(caller).balance = value;
  const target = host.account(address);
  for (const [k, v] of storage) if (v.some((b) => b !== 0)) target.storage.set(Buffer.from(k).toString('hex'), v);
  if (!values.deploy) target.code = code;
  else target.nonce = 1n;

  const message: Message = {
    kind: values.deploy ? 'create' : 'call', isStatic: false, depth: 0, gas, recipient: address, sender: caller,
    input: values.deploy ? new Uint8Array(0) : bytesArg(values.input, 'input'), value, codeAddress: address,
  };
  let result: ExecutionResult;
  if (values.deploy) {
    // The constructor runs at --address; value moves first, as in a create.
    host.account(caller).balance -= value;
    target.balance += value;
    result = finishDeployment(engine, await engine.execute(message, code, host), { maxCodeSize: host.maxCodeSize });
  } else {
    result = await host.execute(message);
  }

  const slots = host.accounts.get(Buffer.from(address).toString('hex'))?.storage ?? new Map();
  return {
    status: result.status,
    gasUsed: `0x${(gas - result.gasLeft).toString(16)}`,
    gasRefund: `0x${result.gasRefund.toString(16)}`,
    returnData: hex(result.output),
    logs: result.status === 'success' ? host.logs.map((l) => ({ address: hex(l.address), topics: l.topics.map(hex), data: hex(l.data) })) : [],
    storage: Object.fromEntries([...slots].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [`0x${k}`, hex(v)])),
    ...(result.error !== undefined ? { error: result.error } : {}),
  };
}

export async function runExec(args: string[]): Promise<number> {
  try {
    const out = await execute(args);
    process.stdout.write(`${JSON.stringify(out)}\n`);
    if (out.status === 'success') return 0;
    return out.error?.includes('invalid Ewasm contract') ? 2 : 1;
  } catch (e) {
    if (e instanceof ValidationError || e instanceof WatError || e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const failure = { status: 'failure', gasUsed: '0x0', gasRefund: '0x0', returnData: '0x', logs: [], storage: {}, error: (e as Error).message };
      process.stdout.write(`${JSON.stringify(failure)}\n`);
      return 2;
    }
    throw e;
  }
}
