// Quantiles of sorted values, one definition for every summary (the lab's Monte Carlo percentiles, the
// portfolio watchlist's quartiles).

/**
 * The q-quantile (0 ≤ q ≤ 1) of ascending values, linearly interpolated between the two nearest ranks
 * (numpy's default "linear" method, R's type 7); NaN for no values.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
