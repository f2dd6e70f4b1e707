/**
 * `ewasm-devnet profile`: gas by function of a transaction (or a call) on a running node, through
 * its debug_gasProfile. Writes an SVG flame graph and prints the top functions.
 *   ewasm-devnet profile <txHash> [--rpc URL] [--out FILE.svg] [--top N]
 *   ewasm-devnet profile --to ADDR --data 0x.. [--from ADDR] [--value N] [--rpc URL] [--out FILE.svg]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatProfile } from '../node/profile/index.ts';
import { UsageError } from './exec.ts';

export const PROFILE_USAGE = 'ewasm-devnet profile <txHash> | --to ADDR --data 0x.. [--from ADDR] [--rpc URL] [--out FILE.svg] [--top N]';

interface ProfileResult {
  gasUsed: string;
  functions: Array<{ name: string; gas: string }>;
  svg: string;
}

export async function runProfile(args: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        rpc: { type: 'string', default: 'http://127.0.0.1:8545' }, out: { type: 'string' }, top: { type: 'string', default: '20' },
        to: { type: 'string' }, data: { type: 'string' }, from: { type: 'string' }, value: { type: 'string' },
      },
    });
    const hash = positionals[0];
    if ((hash === undefined) === (values.to === undefined)) throw new UsageError(`give a transaction hash or --to (usage: ${PROFILE_USAGE})`);
    const target = hash ?? {
      to: values.to, ...(values.data ? { data: values.data } : {}), ...(values.from ? { from: values.from } : {}),
      ...(values.value ? { value: `0x${BigInt(values.value).toString(16)}` } : {}),
    };
    const response = await fetch(values.rpc, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'debug_gasProfile', params: [target] }),
    });
    const body = await response.json() as { result?: ProfileResult; error?: { message: string } };
    if (body.error) {
      process.stderr.write(`ewasm-devnet profile: ${body.error.message}\n`);
      return 1;
    }
    const result = body.result!;
    const file = values.out ?? `profile-${typeof hash === 'string' ? hash.slice(2, 10) : 'call'}.svg`;
    await writeFile(file, result.svg);
    const text = formatProfile({ gasUsed: BigInt(result.gasUsed), functions: result.functions.map((f) => ({ name: f.name, gas: BigInt(f.gas) })) }, Number(values.top));
    out(`${text}\nflame graph: ${file}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ewasm-devnet profile: ${(e as Error).message}\n`);
      return 2;
    }
    if (e instanceof TypeError && /fetch failed/.test(e.message)) {
      process.stderr.write(`ewasm-devnet profile: no node answers at the RPC URL (${(e as Error).message})\n`);
      return 1;
    }
    throw e;
  }
}
