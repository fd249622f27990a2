// Higher timeframes: bars resampled into calendar buckets (timeframe.ts), and values computed on them
// aligned back to the chart's bars once their bucket has closed, never before (no look-ahead).
// Convention: TradingView's non-repainting request.security(sym, tf, x[1], lookahead_on) on the bars
// after a higher bar; a higher bar is also seen on its own last chart bar when that bar's end (its time
// plus the chart's bar length) reaches the bucket's end, which bar t alone tells (crypto's Sunday bar
// closes its week; a stock's Friday does not, a holiday could have ended the week just as well).
import { barEnd, bucketBounds, type Timeframe } from './timeframe';
import type { Bars } from './types';

export interface HigherBars {
  /** OHLCV per bucket: open first, high max, low min, close last, volume sum; time = bucket start. */
  readonly bars: Bars;
  /** Chart bars in each higher bar. */
  readonly counts: Uint32Array;
  /**
   * Per chart bar: the latest higher bar closed as of that bar's close, -1 before the first. A higher bar
   * closes on the chart bar whose end reaches its bucket's end, else on the next bucket's first bar.
   */
  readonly closed: Int32Array;
}

/**
 * Bars of `to` built from bars sorted by time. `chart` is the chart's timeframe, so that a bar knows
 * when it ends; null when unknown (a higher bar then closes on the next bucket's first bar only). A
 * bar that still falls in a bucket already closed by an earlier bar (irregular stamps) starts a new
 * higher bar: a value once shown never changes. O(n), bucket bounds only at a bucket's first bar.
 */
export function resampleBars(bars: Bars, to: Timeframe, chart: Timeframe | null): HigherBars {
  const { time, open, high, low, close, volume } = bars;
  const n = time.length;
  // Room for the buckets between the first and last time (grown if irregular stamps split more).
  const span = n === 0 ? 0 : (time[n - 1] - time[0]) / (to.calendar ? 28 * 86_400_000 : to.ms);
  let cap = Number.isFinite(span) && span >= 0 ? Math.min(n, Math.floor(span) + 2) : n;
  let cols: Float64Array[] = [0, 1, 2, 3, 4, 5].map(() => new Float64Array(cap));
  let [oT, oO, oH, oL, oC, oV] = cols;
  let counts = new Uint32Array(cap);
  const closed = new Int32Array(n);
  // The chart bar's end, inlined for fixed lengths (the usual case): t + ms.
  const ms = chart && !chart.calendar ? chart.ms : Number.NaN;
  const monthly = chart?.calendar === true;
  let k = -1;
  let last = -1;
  let end = Number.NEGATIVE_INFINITY;
  let live = false;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (live && !(t < end)) {
      last = k;
      live = false;
    }
    if (!live) {
      if (++k === cap) {
        cap = Math.min(n, cap * 2);
        cols = cols.map((c) => grow(c, cap));
        [oT, oO, oH, oL, oC, oV] = cols;
        const wider = new Uint32Array(cap);
        wider.set(counts);
        counts = wider;
      }
      const [start, stop] = bucketBounds(t, to);
      end = stop;
      live = true;
      oT[k] = start;
      oO[k] = open[i];
      oH[k] = high[i];
      oL[k] = low[i];
      oC[k] = close[i];
      oV[k] = volume[i];
      counts[k] = 1;
    } else {
      if (high[i] > oH[k]) oH[k] = high[i];
      if (low[i] < oL[k]) oL[k] = low[i];
      oC[k] = close[i];
      oV[k] += volume[i];
      counts[k]++;
    }
    if (t + ms >= end || (monthly && barEnd(t, chart) >= end)) {
      last = k;
      live = false;
    }
    closed[i] = last;
  }
  const m = k + 1;
  return {
    bars: {
      time: oT.slice(0, m),
      open: oO.slice(0, m),
      high: oH.slice(0, m),
      low: oL.slice(0, m),
      close: oC.slice(0, m),
      volume: oV.slice(0, m),
    },
    counts: counts.slice(0, m),
    closed,
  };
}

function grow(a: Float64Array, cap: number): Float64Array {
  const out = new Float64Array(cap);
  out.set(a);
  return out;
}

/** Values of the higher bars on the chart's bars: NaN until the first higher bar closes. */
export function alignClosed(values: Float64Array, closed: Int32Array): Float64Array {
  const out = new Float64Array(closed.length);
  for (let i = 0; i < closed.length; i++) {
    const j = closed[i];
    out[i] = j < 0 ? Number.NaN : values[j];
  }
  return out;
}

/** A condition of the higher bars on the chart's bars: false (0) until the first higher bar closes. */
export function alignClosedMask(values: Uint8Array, closed: Int32Array): Uint8Array {
  const out = new Uint8Array(closed.length);
  for (let i = 0; i < closed.length; i++) {
    const j = closed[i];
    out[i] = j < 0 ? 0 : values[j];
  }
  return out;
}
