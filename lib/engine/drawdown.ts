// Drawdown of an equity curve: the one definition behind the chart's drawdown pane (and the server's
// decimated preview of it), the report's chart and the statistics' drawdown pass (stats-passes.ts).
//
// Convention: backtesting.py's `dd = 1 - equity / np.maximum.accumulate(equity)`, as a percent <= 0.
// Before the first positive peak the drawdown is NaN, not 0: a fall from a peak <= 0 has no meaning
// (numpy gives ±inf or NaN there too; backtesting.py never meets it, its equity starts at the cash), and
// a 0 would draw a flat line where nothing can be measured. Aggregates skip NaN, as backtesting.py's
// `-np.nan_to_num(dd.max())` does: a curve with no positive peak has a maximum drawdown of 0.

/** The drawdown (a fraction <= 0) of `value` from `peak`; NaN when the peak is not positive. */
export function drawdownFrom(value: number, peak: number): number {
  return peak > 0 ? value / peak - 1 : Number.NaN;
}

/**
 * Drawdown in percent at bars [from, to] (all by default), as values <= 0 (see drawdownFrom). NaN equity
 * gives NaN and does not move the peak. out[k] is the drawdown at bar from + k; the peak runs from bar 0
 * whatever `from` is. `into`, when given and long enough, receives the values (a caller's reusable
 * buffer: at 1M bars a fresh 8 MB array costs three times the loop); the result is then a view on it.
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
    const e = equity[i]!;
    if (!(e <= peak) && !Number.isNaN(e)) peak = e;
  }
  for (let i = from; i <= to; i++) {
    const e = equity[i]!;
    if (Number.isNaN(e)) {
      out[i - from] = Number.NaN;
      continue;
    }
    if (!(e <= peak)) peak = e;
    out[i - from] = drawdownFrom(e, peak) * 100;
  }
  return out;
}

/** The deepest drawdown (most negative value) and the bar where it happens; NaN/-1 when none. */
export function maxDrawdown(dd: Float64Array): { value: number; at: number } {
  let value = Number.NaN;
  let at = -1;
  for (let i = 0; i < dd.length; i++) {
    const v = dd[i]!;
    if (v < value || (Number.isNaN(value) && !Number.isNaN(v))) {
      value = v;
      at = i;
    }
  }
  return { value, at };
}
