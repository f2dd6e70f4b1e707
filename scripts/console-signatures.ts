/**
 * Writes node/console/signatures.json: every log signature of Hardhat's console.sol (from the
 * hardhat package in node_modules), the data node/console/decode.ts builds its selector table from.
 * Run after upgrading hardhat: node scripts/console-signatures.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = await readFile(require.resolve('hardhat/console.sol'), 'utf8');
const signatures = [...new Set([...source.matchAll(/encodeWithSignature\("(log\([^"]*\))"/g)].map((m) => m[1]))].sort();
await writeFile(new URL('../node/console/signatures.json', import.meta.url), JSON.stringify(signatures, null, 0).replaceAll('","', '",\n"') + '\n');
console.log(`${signatures.length} signatures`);
