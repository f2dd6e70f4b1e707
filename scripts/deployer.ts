/** `ewasm-devnet deployer`: wrap runtime code in the standard constructor (see lib/deployer.ts). */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { makeDeployer } from './lib/deployer.ts';
import { loadCode, UsageError } from './exec.ts';
import { ValidationError, WasmEngine } from '../vm/index.ts';
import { WatError } from './lib/wat.ts';

export async function runDeployer(args: string[]): Promise<number> {
  try {
    const { values } = parseArgs({ args, options: { code: { type: 'string' }, out: { type: 'string' } }, strict: true });
    if (values.code === undefined) throw new UsageError('--code is required');
    const runtime = await loadCode(values.code);
    new WasmEngine().validate(runtime); // refuse now rather than at deployment
    const constructor = makeDeployer(runtime);
    if (values.out) await writeFile(values.out, constructor);
    else process.stdout.write(`0x${Buffer.from(constructor).toString('hex')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ValidationError || e instanceof WatError || e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ewasm-devnet deployer: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}
