/**
 * What every test that runs Hardhat 3 in a child process needs: EDR's native binding, and a PATH
 * on which `npx` and Hardhat's `#!/usr/bin/env node` find Node 26 (Hardhat 3 needs >= 22), not the
 * system's.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** PATH with the running Node 26 and the repository's bins first. */
export const hardhatPath = (): string => [dirname(process.execPath), join(REPO, 'node_modules/.bin'), process.env.PATH].join(delimiter);

/**
 * Skips the test (with the reason printed) when EDR's binding does not load: npm run by a Node
 * older than EDR's engines (>= 22) silently leaves it out, and npm test's pretest adds it under
 * Node 26. In CI a missing binding fails instead, since npm test installs it there.
 */
export function requireEdr(ctx: Mocha.Context): void {
  try {
    require('@nomicfoundation/edr');
  } catch (e) {
    const why = `Hardhat's EDR binding does not load (${(e as Error).message.split('\n')[0]}); run the tests with npm test, whose pretest adds it`;
    if (process.env.CI === 'true') assert.fail(why);
    console.log(`      skipped: ${why}`);
    ctx.skip();
  }
}
