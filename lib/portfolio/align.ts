// Markets on one clock: the union of every market's bar times, and for each market and union bar the
// index of its own bar at that time (-1 when it has none). A market with no bar at a time neither
// signals nor fills then; its value is carried at its last close.
import type { Bars } from '../engine';

export interface Aligned {
  /** Union of the markets' bar times, ascending, each once. */
  readonly time: Float64Array;
  /** Markets. */
  readonly m: number;
  /** Row-major by market: at[k * T + t] = market k's bar index at union bar t, or -1. */
  readonly at: Int32Array;
}

/** Merges the markets' times (each ascending) into the union clock. */
export function alignMarkets(markets: readonly Pick<Bars, 'time'>[]): Aligned {
  const m = markets.length;
  if (m === 0) throw new RangeError('a portfolio needs at least one market');
  markets.forEach((b, k) => {
    for (let i = 1; i < b.time.length; i++)
      if (!(b.time[i] > b.time[i - 1]))
        throw new RangeError(`market ${k + 1}: bar times must increase (bar ${i} repeats or goes back)`);
  });
  const cursor = new Int32Array(m);
  const union: number[] = [];
  for (;;) {
    let next = Number.POSITIVE_INFINITY;
    for (let k = 0; k < m; k++) {
      const tk = markets[k].time;
      if (cursor[k] < tk.length && tk[cursor[k]] < next) next = tk[cursor[k]];
    }
    if (next === Number.POSITIVE_INFINITY) break;
    union.push(next);
    for (let k = 0; k < m; k++) if (markets[k].time[cursor[k]] === next) cursor[k]++;
  }
  const T = union.length;
  const at = new Int32Array(m * T).fill(-1);
  for (let k = 0; k < m; k++) {
    const tk = markets[k].time;
    let i = 0;
    for (let t = 0; t < T && i < tk.length; t++) {
      if (tk[i] === union[t]) at[k * T + t] = i++;
    }
  }
  return { time: Float64Array.from(union), m, at };
}

/**
 * A market's prices in the account currency: each bar's prices times the rate (quote → account) of the
 * latest rate bar at or before it; bars before the first rate are NaN (no rate yet, so no trading).
 */
export function convertBars(bars: Bars, rate: Pick<Bars, 'time' | 'close'>): { bars: Bars; used: number } {
  const n = bars.time.length;
  const f = new Float64Array(n);
  let j = -1;
  let used = 0;
  for (let i = 0; i < n; i++) {
    while (j + 1 < rate.time.length && rate.time[j + 1] <= bars.time[i]) j++;
    f[i] = j >= 0 ? rate.close[j] : Number.NaN;
    if (j >= 0) used++;
  }
  const mul = (a: Float64Array) => Float64Array.from(a, (v, i) => v * f[i]);
  return {
    bars: {
      time: bars.time,
      open: mul(bars.open),
      high: mul(bars.high),
      low: mul(bars.low),
      close: mul(bars.close),
      volume: bars.volume,
    },
    used,
  };
}
