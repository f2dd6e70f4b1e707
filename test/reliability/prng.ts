/** Mulberry32: the suites' inputs are arbitrary but the same on every run of a seed. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = ReturnType<typeof prng>;
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
export const int = (random: Random, below: number): number => Math.floor(random() * below);

/** One byte-level mutation of `bytes`: flip a bit, set a byte, insert, delete or truncate. */
export function mutateBytes(random: Random, bytes: Uint8Array): Uint8Array {
  const out = [...bytes];
  const at = int(random, Math.max(out.length, 1));
  switch (int(random, 5)) {
    case 0: if (out.length) out[at] ^= 1 << int(random, 8); break;
    case 1: if (out.length) out[at] = int(random, 256); break;
    case 2: out.splice(at, 0, int(random, 256)); break;
    case 3: out.splice(at, 1 + int(random, 4)); break;
    default: out.length = at;
  }
  return Uint8Array.from(out);
}
