// Drawdown of an equity curve, for the drawdown pane.

/**
 * Drawdown in percent at each bar, as a value <= 0: -(1 - equity / running max) * 100 (the usual
 * peak-to-trough convention, e.g. backtesting.py's "Drawdown"). NaN equity gives NaN and does not move
 * the peak; bars before the first positive peak are NaN, since a drawdown from a peak <= 0 is undefined.
 */
export function drawdownPct(equity: Float64Array): Float64Array {
  const n = equity.length;
  const out = new Float64Array(n);
  let peak = Number.NaN;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (Number.isNaN(e)) {
      out[i] = Number.NaN;
      continue;
    }
    if (!(e <= peak)) peak = e;
    out[i] = peak > 0 ? (e / peak - 1) * 100 : Number.NaN;
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
