/** Building and running small WAT contracts in tests. */
import { watToWasm } from '../../scripts/lib/wat.ts';
import { HOST_NAMESPACES } from '../../vm/eei/namespaces.ts';
import {
  DEFAULT_CONFIG, MemoryHost, WasmEngine, WASM_COSTS_NONE, type EngineConfig, type ExecutionResult, type Message,
} from '../../vm/index.ts';

export const CALLER = Uint8Array.from(Buffer.from('00000000000000000000000000000000000c0c0c', 'hex'));
export const ADDRESS = Uint8Array.from(Buffer.from('000000000000000000000000000000000000aaaa', 'hex'));

/** Import declarations for every host function, so a test body can call `$getCaller` and so on. */
export function importsFor(names: string[]): string {
  return names.map((qualified) => {
    const [ns, name] = qualified.includes('.') ? qualified.split('.') : ['ethereum', qualified];
    const spec = HOST_NAMESPACES[ns][name];
    if (!spec) throw new Error(`no host function ${ns}.${name}`);
    const params = spec.params.length ? ` (param ${spec.params.join(' ')})` : '';
    const results = spec.results.length ? ` (result ${spec.results.join(' ')})` : '';
    return `(import "${ns}" "${name}" (func $${name}${params}${results}))`;
  }).join('\n');
}

/** A contract module: the named imports, one page of memory, optional data, and `main` with `body`. */
export async function contract(imports: string[], body: string, extra = ''): Promise<Uint8Array> {
  return watToWasm(`(module ${importsFor(imports)}
    (memory (export "memory") 1)
    ${extra}
    (func (export "main") ${body}))`);
}

/** EEI charges only: no per-instruction gas, so a test can state exact EEI costs. */
export const EEI_ONLY: EngineConfig = { ...DEFAULT_CONFIG, wasm: WASM_COSTS_NONE };

export interface RunOptions {
  input?: Uint8Array;
  value?: bigint;
  gas?: bigint;
  isStatic?: boolean;
  config?: EngineConfig;
  /** Prepares the state (other accounts, balances) before the call. */
  setup?: (host: MemoryHost) => void | Promise<void>;
  engine?: WasmEngine;
}

export interface Run {
  result: ExecutionResult;
  host: MemoryHost;
  gasUsed: bigint;
}

export async function run(code: Uint8Array, options: RunOptions = {}): Promise<Run> {
  const engine = options.engine ?? new WasmEngine(options.config ?? DEFAULT_CONFIG);
  const host = new MemoryHost(engine);
  host.account(ADDRESS).code = code;
  host.account(CALLER).balance = 10n ** 18n;
  await options.setup?.(host);
  const gas = options.gas ?? 1_000_000n;
  const message: Message = {
    kind: options.isStatic ? 'callStatic' : 'call', isStatic: options.isStatic ?? false, depth: 0, gas,
    recipient: ADDRESS, sender: CALLER, input: options.input ?? new Uint8Array(0), value: options.value ?? 0n,
    codeAddress: ADDRESS,
  };
  const result = await host.execute(message);
  return { result, host, gasUsed: gas - result.gasLeft };
}

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));

/** A 32-byte big-endian word. */
export function word(value: bigint): Uint8Array {
  return fromHex(value.toString(16).padStart(64, '0'));
}

/** Little-endian unsigned of `size` bytes, as the EEI writes values and balances. */
export function leUint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

export function storageOf(host: MemoryHost, address: Uint8Array, slot: bigint): bigint {
  return BigInt(`0x${toHex(host.getStorage(address, word(slot)))}`);
}
