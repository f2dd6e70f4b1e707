/** Timing helpers: interleaved runs and medians, so that machine noise hits every variant alike. */

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile, q in [0, 1]. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Milliseconds `fn` takes. */
export function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Runs every variant once per round, `rounds` times, alternating the order between rounds so that
 * neither variant always runs first (after a GC, with a cold cache). Returns times per variant,
 * index-aligned by round.
 */
export async function interleave(variants: ReadonlyArray<() => unknown>, rounds: number): Promise<number[][]> {
  const times = variants.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) times[i][round] = await timeMsAsync(async () => variants[i]());
  }
  return times;
}

/** Median of the per-round ratios a[i] / b[i]: each ratio compares runs made moments apart. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]));
}

/** The interquartile range of the per-round ratios, to show how noisy a ratio was. */
export function ratioSpread(a: readonly number[], b: readonly number[]): [number, number] {
  const ratios = a.map((x, i) => x / b[i]);
  return [quantile(ratios, 0.25), quantile(ratios, 0.75)];
}

export const fmt = (x: number, digits = 2) => x.toFixed(digits);
