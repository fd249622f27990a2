// Drawdown of an equity curve, for the chart's drawdown pane. Here rather than in the chart so that the
// server computes the very same values when it sends a decimated preview (lib/transport/preview.ts).

/**
 * Drawdown in percent at bars [from, to] (all by default), as a value <= 0: -(1 - equity / running max)
 * * 100 (the usual peak-to-trough convention, e.g. backtesting.py's "Drawdown"). NaN equity gives NaN and
 * does not move the peak; bars before the first positive peak are NaN, since a drawdown from a peak <= 0
 * is undefined. out[k] is the drawdown at bar from + k; the peak runs from bar 0 whatever `from` is.
 * `into`, when given and long enough, receives the values (a caller's reusable buffer: at 1M bars a fresh
 * 8 MB array costs three times the loop); the result is then a view on it.
 */
export function drawdownPct(
  equity: Float64Array,
  from = 0,
  to = equity.length - 1,
  into?: Float64Array,
): Float64Array {
  from = Math.max(0, from);
  to = Math.min(to, equity.length - 1);
  const size = Math.max(0, to - from + 1);
  const out = into && into.length >= size ? into.subarray(0, size) : new Float64Array(size);
  let peak = Number.NaN;
  for (let i = 0; i < from; i++) {
    const e = equity[i];
    if (!(e <= peak) && !Number.isNaN(e)) peak = e;
  }
  for (let i = from; i <= to; i++) {
    const e = equity[i];
    if (Number.isNaN(e)) {
      out[i - from] = Number.NaN;
      continue;
    }
    if (!(e <= peak)) peak = e;
    out[i - from] = peak > 0 ? (e / peak - 1) * 100 : Number.NaN;
  }
  return out;
}

/** The deepest drawdown (most negative value) and the bar where it happens; NaN/-1 when none. */
export function maxDrawdown(dd: Float64Array): { value: number; at: number } {
  let value = Number.NaN;
  let at = -1;
  for (let i = 0; i < dd.length; i++) {
    const v = dd[i];
    if (v < value || (Number.isNaN(value) && !Number.isNaN(v))) {
      value = v;
      at = i;
    }
  }
  return { value, at };
}
