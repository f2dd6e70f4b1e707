/**
 * Rust crates to Ewasm contracts: `cargo build --release --target wasm32-unknown-unknown` with
 * a toolchain that has the wasm32 standard library. rustup's default toolchain often lacks it
 * (`rustup target add wasm32-unknown-unknown`), Debian's `rustc` + `libstd-rust-dev-wasm32` + `lld`
 * have it, so every cargo found is asked and the first that has the target is used.
 */
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TARGET = 'wasm32-unknown-unknown';

export interface RustToolchain { readonly cargo: string; readonly rustc: string; readonly version: string }

/** Why no toolchain was found, for the message of a skipped build. */
export class NoRustToolchain extends Error {
  override name = 'NoRustToolchain';
}

async function which(cmd: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const full = path.join(dir, cmd);
    try {
      await access(full);
      return full;
    } catch {
      // not here
    }
  }
  return null;
}

let found: Promise<RustToolchain> | null = null;

/** The first cargo whose rustc has the wasm32-unknown-unknown standard library. */
export function findRustToolchain(): Promise<RustToolchain> {
  found ??= (async () => {
    const candidates = [...new Set([await which('cargo'), '/usr/bin/cargo'].filter((c): c is string => c !== null))];
    const tried: string[] = [];
    for (const cargo of candidates) {
      const rustc = path.join(path.dirname(cargo), 'rustc');
      try {
        const sysroot = (await run(rustc, ['--print', 'sysroot'])).stdout.trim();
        await access(path.join(sysroot, 'lib/rustlib', TARGET));
        const version = (await run(rustc, ['--version'])).stdout.trim();
        return { cargo, rustc, version };
      } catch {
        tried.push(cargo);
      }
    }
    throw new NoRustToolchain(tried.length === 0
      ? 'no cargo found'
      : `no Rust toolchain with the ${TARGET} target (tried ${tried.join(', ')}); install it with \`rustup target add ${TARGET}\` or Debian's \`apt-get install rustc cargo libstd-rust-dev-wasm32 lld\``);
  })();
  return found;
}

/** Builds the crate in `dir` and returns the module cargo wrote, unchanged. */
export async function cargoBuild(dir: string, toolchain: RustToolchain): Promise<{ name: string; wasm: Uint8Array }> {
  const manifest = await readFile(path.join(dir, 'Cargo.toml'), 'utf8');
  const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(manifest)?.[1];
  if (!name) throw new Error(`${dir}/Cargo.toml: no package name`);
  try {
    await run(toolchain.cargo, ['build', '--release', '--target', TARGET, '--quiet'], {
      cwd: dir,
      // cargo runs `rustc` from PATH unless told; pair it with the rustc next to this cargo.
      env: { ...process.env, RUSTC: toolchain.rustc, CARGO_TERM_COLOR: 'never' },
      maxBuffer: 16 << 20,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error((err.stderr ?? err.message).trim());
  }
  const file = path.join(dir, 'target', TARGET, 'release', `${name.replace(/-/g, '_')}.wasm`);
  return { name, wasm: new Uint8Array(await readFile(file)) };
}
