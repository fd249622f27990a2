// Level of detail. The chart never hands ECharts more points than the screen can show: candles are
// aggregated into coarser candles (power-of-two buckets of bars, like a higher timeframe), lines keep the
// min and max of each bucket, boolean series one mark per bucket. Buckets are aligned to multiples of
// their size so panning does not make the picture shimmer. Everything here is O(bars in the window),
// plain loops over typed arrays, outputs preallocated and returned as interleaved rows for ECharts'
// typed-array `data` (no per-point objects).
import type { PreviewWindow, WireBars } from '../../../lib/transport';

/** The smallest power of two >= x (1 for x <= 1). */
export function pow2AtLeast(x: number): number {
  if (!(x > 1)) return 1;
  return 2 ** Math.ceil(Math.log2(x) - 1e-9);
}

/** The aligned buckets covering bars [from, to]: the first bucket's start bar and how many there are. */
export function bucketSpan(from: number, to: number, bucket: number): { first: number; buckets: number } {
  const first = Math.floor(from / bucket) * bucket;
  return { first, buckets: Math.floor(to / bucket) - first / bucket + 1 };
}

export interface Slice {
  /** First and last bar index covered (inclusive), aligned to `bucket`. */
  from: number;
  to: number;
  /** Bars per bucket (a power of two). */
  bucket: number;
}

/**
 * The range of bars to hand to ECharts for a view of bars [start, end] drawn `width` px wide: the view
 * plus `margin` views on each side (so small pans need no new data), bucketed so that a bucket is at
 * least `pxPerBucket` px wide.
 */
export function sliceFor(
  n: number,
  start: number,
  end: number,
  width: number,
  pxPerBucket: number,
  margin = 0.5,
): Slice {
  const span = Math.max(1, end - start);
  const bucket = pow2AtLeast((span * pxPerBucket) / Math.max(1, width));
  const pad = span * margin;
  const from = Math.max(0, Math.floor((start - pad) / bucket) * bucket);
  const to = Math.min(n - 1, Math.ceil((end + pad + 1) / bucket) * bucket - 1);
  return { from, to: Math.max(from, to), bucket };
}

/** True when `inner` (a view) lies within `outer` (a slice) at the same bucket size. */
export function sliceCovers(outer: Slice, n: number, start: number, end: number, bucket: number): boolean {
  return (
    outer.bucket === bucket &&
    (outer.from <= start || outer.from === 0) &&
    (outer.to >= end || outer.to === n - 1)
  );
}

/**
 * A slice cut to a preview's window (at the slice's bucket boundaries), so that what is drawn is what the
 * full data would draw; left as is when the cut would no longer cover the view (the preview cannot).
 */
export function clipSlice(
  sl: Slice,
  win: PreviewWindow,
  n: number,
  view: { start: number; end: number },
): Slice {
  const b = sl.bucket;
  const from = Math.max(sl.from, Math.ceil(win.from / b) * b);
  const to = win.to >= n - 1 ? sl.to : Math.min(sl.to, Math.floor((win.to + 1) / b) * b - 1);
  if (from === sl.from && to === sl.to) return sl;
  if (to < from || !sliceCovers({ from, to, bucket: b }, n, view.start, view.end, b)) return sl;
  return { from, to, bucket: b };
}

export interface CandleRows {
  /** Rows of [x, open, close, low, high]; x is the bucket's centre in bar-index units. */
  candles: Float64Array;
  /** Rows of [x, volume] for rising buckets (close >= open) and for falling ones; NaN rows elsewhere. */
  volUp: Float64Array;
  volDown: Float64Array;
  count: number;
}

/** Aggregates bars [from, to] into buckets of `bucket` bars: first open, max high, min low, last close, summed volume. */
export function aggregateCandles(bars: WireBars, from: number, to: number, bucket: number): CandleRows {
  const { open, high, low, close, volume } = bars;
  const first = Math.floor(from / bucket) * bucket;
  const count = to < from ? 0 : Math.floor(to / bucket) - first / bucket + 1;
  const candles = new Float64Array(count * 5);
  const volUp = new Float64Array(count * 2);
  const volDown = new Float64Array(count * 2);
  const last = Math.min(to, open.length - 1);
  for (let k = 0; k < count; k++) {
    const a = Math.max(from, first + k * bucket);
    const b = Math.min(last, first + (k + 1) * bucket - 1);
    let hi = Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    let vol = 0;
    for (let i = a; i <= b; i++) {
      if (high[i] > hi) hi = high[i];
      if (low[i] < lo) lo = low[i];
      const v = volume[i];
      if (!Number.isNaN(v)) vol += v;
    }
    const x = first + k * bucket + (bucket - 1) / 2;
    const o = open[a];
    const c = close[b];
    const r = k * 5;
    candles[r] = x;
    candles[r + 1] = o;
    candles[r + 2] = c;
    candles[r + 3] = lo === Number.POSITIVE_INFINITY ? Number.NaN : lo;
    candles[r + 4] = hi === Number.NEGATIVE_INFINITY ? Number.NaN : hi;
    const up = c >= o;
    volUp[k * 2] = x;
    volDown[k * 2] = x;
    volUp[k * 2 + 1] = up ? vol : Number.NaN;
    volDown[k * 2 + 1] = up ? Number.NaN : vol;
  }
  return { candles, volUp, volDown, count };
}

/**
 * Rows of [x, y] for values[from..to]: every point when bucket is 1, otherwise the min and the max of each
 * bucket in the order they occur (so a line through them keeps every spike), and a NaN row for a bucket
 * with no defined value (a gap stays a gap). NaN and infinite values are skipped within a bucket.
 */
export function decimateMinMax(
  values: Float64Array | Uint8Array,
  from: number,
  to: number,
  bucket: number,
): Float64Array {
  to = Math.min(to, values.length - 1);
  if (to < from) return new Float64Array(0);
  if (bucket <= 1) {
    const out = new Float64Array((to - from + 1) * 2);
    for (let i = from, r = 0; i <= to; i++, r += 2) {
      out[r] = i;
      out[r + 1] = values[i];
    }
    return out;
  }
  const { first, buckets } = bucketSpan(from, to, bucket);
  const out = new Float64Array(buckets * 4);
  let r = 0;
  for (let k = 0; k < buckets; k++) {
    const a = Math.max(from, first + k * bucket);
    const b = Math.min(to, first + (k + 1) * bucket - 1);
    let mn = Number.POSITIVE_INFINITY;
    let mx = Number.NEGATIVE_INFINITY;
    let iMn = -1;
    let iMx = -1;
    for (let i = a; i <= b; i++) {
      const v = values[i];
      if (v < mn) {
        mn = v;
        iMn = i;
      }
      if (v > mx) {
        mx = v;
        iMx = i;
      }
    }
    r = emitMinMax(out, r, first + k * bucket + (bucket - 1) / 2, iMn, mn, iMx, mx);
  }
  return out.subarray(0, r);
}

/**
 * Histogram bars: one [x, y] row per bucket with the value of largest magnitude (so the tallest bar of
 * the bucket shows), NaN when the bucket has none.
 */
export function decimateExtreme(
  values: Float64Array,
  from: number,
  to: number,
  bucket: number,
): Float64Array {
  to = Math.min(to, values.length - 1);
  if (to < from) return new Float64Array(0);
  const { first, buckets } = bucketSpan(from, to, bucket);
  const out = new Float64Array(buckets * 2);
  for (let k = 0; k < buckets; k++) {
    const a = Math.max(from, first + k * bucket);
    const b = Math.min(to, first + (k + 1) * bucket - 1);
    let best = Number.NaN;
    for (let i = a; i <= b; i++) {
      const v = values[i];
      if (!Number.isNaN(v) && !(Math.abs(v) <= Math.abs(best))) best = v;
    }
    out[k * 2] = bucket === 1 ? a : first + k * bucket + (bucket - 1) / 2;
    out[k * 2 + 1] = best;
  }
  return out;
}

/**
 * A boolean series as horizontal runs on row `row` of the signals pane, drawn by one thick line: for each
 * maximal run of buckets in which the series is true at least once, a point at every bucket edge along
 * the run ([edge, row]; points inside the run keep it drawn when the zoom window cuts it), then
 * [end, NaN] to break the line. A run spans its bars' full width (first - 0.5 to last + 0.5) and at
 * least `minWidth` bars, so a one-bar event stays visible. One polyline per series: cheap to draw.
 */
export function boolRuns(
  values: Float64Array | Uint8Array,
  from: number,
  to: number,
  bucket: number,
  row: number,
  minWidth = 0,
): Float64Array {
  const on = (a: number, b: number) => {
    for (let i = a; i <= b; i++) {
      const v = values[i];
      if (v !== 0 && !Number.isNaN(v)) return true;
    }
    return false;
  };
  return boolRunsBy(from, Math.min(to, values.length - 1), bucket, row, minWidth, on);
}

/** boolRuns over bars [from, to] where `on(a, b)` says whether bars a..b hold a true value (called in order). */
export function boolRunsBy(
  from: number,
  to: number,
  bucket: number,
  row: number,
  minWidth: number,
  on: (a: number, b: number) => boolean,
): Float64Array {
  if (to < from) return new Float64Array(0);
  const { first, buckets } = bucketSpan(from, to, bucket);
  const out = new Float64Array(buckets * 6 + 6);
  let r = 0;
  let runAt = -1; // index in `out` of the run's first point, -1 outside a run
  let runEnd = 0;
  const close = () => {
    const a = out[runAt];
    const width = runEnd + 0.5 - a;
    const grow = width < minWidth ? (minWidth - width) / 2 : 0;
    out[runAt] = a - grow;
    const end = out[r - 2] + grow;
    out[r - 2] = end;
    out[r++] = end;
    out[r++] = Number.NaN;
    runAt = -1;
  };
  for (let k = 0; k < buckets; k++) {
    const a = Math.max(from, first + k * bucket);
    const b = Math.min(to, first + (k + 1) * bucket - 1);
    if (on(a, b)) {
      if (runAt < 0) {
        runAt = r;
        out[r++] = a - 0.5;
        out[r++] = row;
      }
      out[r++] = b + 0.5;
      out[r++] = row;
      runEnd = b;
    } else if (runAt >= 0) close();
  }
  if (runAt >= 0) close();
  return out.subarray(0, r);
}

/**
 * Writes one bucket's [x, y] rows: its min and max in the order they occur (one row when they are the
 * same point, a NaN row at the bucket's middle `mid` when it holds no value). Returns the next row.
 */
export function emitMinMax(
  out: Float64Array,
  r: number,
  mid: number,
  iMn: number,
  mn: number,
  iMx: number,
  mx: number,
): number {
  let w = r;
  if (iMn < 0) {
    out[w++] = mid;
    out[w++] = Number.NaN;
  } else if (iMn === iMx) {
    out[w++] = iMn;
    out[w++] = mn;
  } else {
    const firstMin = iMn < iMx;
    out[w++] = firstMin ? iMn : iMx;
    out[w++] = firstMin ? mn : mx;
    out[w++] = firstMin ? iMx : iMn;
    out[w++] = firstMin ? mx : mn;
  }
  return w;
}
