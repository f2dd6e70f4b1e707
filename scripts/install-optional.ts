/**
 * Run before the tests (`npm test`'s pretest). npm run by a Node older than 22 — the machine's
 * Node 20 — silently leaves out optional packages whose engines need a newer Node, Hardhat's
 * native EDR binding among them. npm scripts run under the bundled Node 26, so an npm started from
 * here sees Node 26 and adds the missing packages from the same lockfile, changing nothing else.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

function loads(name: string): boolean {
  try {
    createRequire(import.meta.url)(name);
    return true;
  } catch {
    return false;
  }
}

if (!loads('@nomicfoundation/edr')) {
  process.stdout.write('Adding the optional packages that need Node >= 22 (Hardhat\'s EDR), with npm under Node 26…\n');
  const run = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write('npm install under the bundled Node failed; the Hardhat test will say why\n');
  }
}
