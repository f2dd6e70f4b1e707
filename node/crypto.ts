/**
 * Sender recovery is the hottest cost of a devnet. libsecp256k1 through the `secp256k1` package's
 * prebuilt binding recovers a key about 5× faster than the pure-JavaScript path (measured in
 * docs/architecture.md), so @ethereumjs uses it through Common's customCrypto when it loads.
 */
import { createRequire } from 'node:module';

interface NativeSecp256k1 {
  ecdsaRecover(signature: Uint8Array, recovery: number, message: Uint8Array, compressed: boolean): Uint8Array;
}

function loadNative(): NativeSecp256k1 | undefined {
  try {
    // The binding itself, not the package entry: that silently falls back to a slow pure-JS build.
    return createRequire(import.meta.url)('secp256k1/bindings') as NativeSecp256k1;
  } catch {
    return undefined;
  }
}

const native = loadNative();

/** Common's customCrypto.ecrecover: the 64-byte public key (no 0x04 prefix). */
export function nativeEcrecover(): ((msgHash: Uint8Array, v: bigint, r: Uint8Array, s: Uint8Array, chainId?: bigint) => Uint8Array) | undefined {
  if (!native) return undefined;
  return (msgHash, v, r, s, chainId) => {
    // Typed transactions carry the recovery id itself; legacy ones 27/28 or EIP-155's 2·chainId + 35/36.
    const recovery = v === 0n || v === 1n ? Number(v) : chainId === undefined ? Number(v - 27n) : Number(v - (2n * chainId + 35n));
    if (recovery !== 0 && recovery !== 1) throw new Error('invalid signature v value');
    const signature = new Uint8Array(64);
    signature.set(r.subarray(-32), 32 - Math.min(32, r.length));
    signature.set(s.subarray(-32), 64 - Math.min(32, s.length));
    return native.ecdsaRecover(signature, recovery, msgHash, false).subarray(1);
  };
}
