/**
 * The Hardhat 3 project that `npm run bench:peers` starts `hardhat node` in: Hardhat's defaults
 * (chain 31337, the "test … junk" mnemonic, automine), nothing compiled, cache out of the tree.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'hardhat/config';

const out = join(tmpdir(), 'ewasm-bench-hardhat');

export default defineConfig({
  paths: { artifacts: join(out, 'artifacts'), cache: join(out, 'cache') },
});
