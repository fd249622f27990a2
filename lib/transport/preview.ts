// View-decimated previews (M4), shared by server and browser. While a slider is dragged, the server sends
// each changed series as the first, lowest, highest and last defined point of every bucket of bars over
// the visible window, the bucket being at most one pixel column wide. Any drawing that aggregates whole
// buckets by min/max (the chart's level of detail, whose buckets are power-of-two multiples of these,
// aligned the same way) then comes out exactly as from the full series, and the value at each bucket's
// last bar (what the tooltip shows) is there too. See app/components/chart/sparse.ts for the drawing side.
import { lowerBound } from '../engine';
import type { PreviewWindow, ViewRequest, WireM4 } from './protocol';

/** The largest power of two <= x (1 for x < 2). */
export function pow2AtMost(x: number): number {
  let b = 1;
  while (b * 2 <= x) b *= 2;
  return b;
}

/**
 * The window a preview covers for a view of `n` bars: the visible bars and `slackPx` pixels' worth of bars
 * on each side, in buckets of at most one pixel column. The slack covers the chart's coarser buckets
 * (up to 6 px) and their alignment, so the chart can cut its slice to the window and still cover the view
 * (controller.ts, clipSlice); its off-screen margin for panning comes with the full series. Null when a
 * preview would not be at least ~4x smaller than the full series (a short series, or a view zoomed in to
 * a few bars per pixel), which is then sent as is.
 */
export function previewWindow(n: number, view: ViewRequest, slackPx = 8): PreviewWindow | null {
  if (n <= 0) return null;
  const first = Math.min(view.from, n - 1);
  const last = Math.min(Math.max(view.to, first), n - 1);
  const span = last - first + 1;
  const width = Math.max(1, view.width);
  const bucket = pow2AtMost(span / width);
  const pad = slackPx * Math.ceil(span / width);
  const from = Math.max(0, Math.floor((first - pad) / bucket) * bucket);
  const to = Math.min(n - 1, Math.ceil((last + pad + 1) / bucket) * bucket - 1);
  const buckets = Math.ceil((to - from + 1) / bucket);
  // Up to 4 points of 12 bytes (Int32 index + Float64 value) per bucket, against 8 bytes per bar.
  if (buckets * 4 * 12 * 4 > n * 8) return null;
  return { from, to, bucket };
}

/**
 * M4 of values[from..to] in buckets of `bucket` bars aligned to multiples of `bucket` (the first and last
 * bucket clipped to the window). Lowest and highest are first occurrences under `<` and `>`, exactly as
 * the chart's min/max decimation picks them; NaN is skipped. Works on boolean (0/1) series too.
 * `values` may hold only part of a series: values[k] is bar `base` + k of a series of `length` bars.
 */
export function m4(
  values: Float64Array | Uint8Array,
  from: number,
  to: number,
  bucket: number,
  base = 0,
  length = base + values.length,
): WireM4 {
  to = Math.min(to, base + values.length - 1);
  from = Math.max(base, from);
  const buckets = to < from ? 0 : Math.floor(to / bucket) - Math.floor(from / bucket) + 1;
  const index = new Int32Array(buckets * 4);
  const out = new Float64Array(buckets * 4);
  let r = 0;
  let prev = -1;
  const put = (i: number) => {
    if (i < 0 || i === prev) return;
    index[r] = i;
    out[r++] = values[i - base];
    prev = i;
  };
  for (let a = from; a <= to; ) {
    const b = Math.min(to, (Math.floor(a / bucket) + 1) * bucket - 1);
    let iFirst = -1;
    let iLast = -1;
    let iMin = -1;
    let iMax = -1;
    let mn = Number.POSITIVE_INFINITY;
    let mx = Number.NEGATIVE_INFINITY;
    for (let i = a; i <= b; i++) {
      const v = values[i - base];
      if (Number.isNaN(v)) continue;
      if (iFirst < 0) iFirst = i;
      iLast = i;
      if (v < mn) {
        mn = v;
        iMin = i;
      }
      if (v > mx) {
        mx = v;
        iMax = i;
      }
    }
    // first <= min, max <= last; min and max in bar order (either may be missing: all +-Infinity).
    put(iFirst);
    put(iMin >= 0 && iMax >= 0 ? Math.min(iMin, iMax) : Math.max(iMin, iMax));
    put(iMin >= 0 && iMax >= 0 ? Math.max(iMin, iMax) : -1);
    put(iLast);
    a = b + 1;
  }
  return { length, from, to, bucket, index: index.slice(0, r), values: out.slice(0, r) };
}

export function isM4(x: unknown): x is WireM4 {
  return typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && 'index' in x && 'bucket' in x;
}

/** The value at bar i: NaN when the preview did not keep it (or it is NaN). */
export function m4ValueAt(m: WireM4, i: number): number {
  const k = lowerBound(m.index, i);
  return k < m.index.length && m.index[k] === i ? m.values[k] : Number.NaN;
}

/** A full series or a preview's: the value at bar i (NaN where a preview has none). */
export function valueAt(values: Float64Array | Uint8Array | WireM4, i: number): number {
  if (isM4(values)) return m4ValueAt(values, i);
  return i >= 0 && i < values.length ? values[i] : Number.NaN;
}

/**
 * Whether min/max aggregation of bars [from, to] in buckets of `bucket` comes out of `m` exactly as out of
 * the full series: the range lies in the window, starts and ends on the preview's bucket boundaries (or
 * at the series' end), and `bucket` is a multiple of the preview's.
 */
export function m4Exact(m: WireM4, from: number, to: number, bucket: number): boolean {
  const end = m.length - 1;
  to = Math.min(to, end);
  return (
    bucket % m.bucket === 0 &&
    from >= m.from &&
    from % m.bucket === 0 &&
    (to <= m.to || m.to === end) &&
    ((to + 1) % m.bucket === 0 || to === end)
  );
}
