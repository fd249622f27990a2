// The level of detail of decimate.ts, computed from a preview's decimated series (WireM4) instead of the
// full one. Each function returns exactly what its dense twin returns on the full series whenever the
// range and bucket are whole multiples of the preview's buckets within its window (m4Exact): a bucket's
// min and max (first occurrences) are among its M4 points, and a bucket without points had no defined
// value. Elsewhere (the view left the window before the full series arrived) they draw what the preview
// has: gaps where it has nothing. O(points + buckets).

import { lowerBound } from '../../../lib/engine';
import type { WireM4 } from '../../../lib/transport';
import { boolRunsBy, bucketSpan, emitMinMax } from './decimate';

/** decimateMinMax on a preview. */
export function decimateMinMaxM4(m: WireM4, from: number, to: number, bucket: number): Float64Array {
  to = Math.min(to, m.length - 1);
  if (to < from) return new Float64Array(0);
  const { index, values } = m;
  const n = index.length;
  let p = lowerBound(index, from);
  if (bucket <= 1) {
    const out = new Float64Array((to - from + 1) * 2);
    for (let i = from, r = 0; i <= to; i++, r += 2) {
      out[r] = i;
      if (p < n && index[p] === i) out[r + 1] = values[p++];
      else out[r + 1] = Number.NaN;
    }
    return out;
  }
  const { first, buckets } = bucketSpan(from, to, bucket);
  const out = new Float64Array(buckets * 4);
  let r = 0;
  for (let k = 0; k < buckets; k++) {
    const b = Math.min(to, first + (k + 1) * bucket - 1);
    let mn = Number.POSITIVE_INFINITY;
    let mx = Number.NEGATIVE_INFINITY;
    let iMn = -1;
    let iMx = -1;
    for (; p < n && index[p] <= b; p++) {
      const v = values[p];
      if (v < mn) {
        mn = v;
        iMn = index[p];
      }
      if (v > mx) {
        mx = v;
        iMx = index[p];
      }
    }
    r = emitMinMax(out, r, first + k * bucket + (bucket - 1) / 2, iMn, mn, iMx, mx);
  }
  return out.subarray(0, r);
}

/** decimateExtreme on a preview. */
export function decimateExtremeM4(m: WireM4, from: number, to: number, bucket: number): Float64Array {
  to = Math.min(to, m.length - 1);
  if (to < from) return new Float64Array(0);
  const { index, values } = m;
  const n = index.length;
  let p = lowerBound(index, from);
  const { first, buckets } = bucketSpan(from, to, bucket);
  const out = new Float64Array(buckets * 2);
  for (let k = 0; k < buckets; k++) {
    const a = Math.max(from, first + k * bucket);
    const b = Math.min(to, first + (k + 1) * bucket - 1);
    let best = Number.NaN;
    for (; p < n && index[p] <= b; p++) {
      const v = values[p];
      if (!(Math.abs(v) <= Math.abs(best))) best = v;
    }
    out[k * 2] = bucket === 1 ? a : first + k * bucket + (bucket - 1) / 2;
    out[k * 2 + 1] = best;
  }
  return out;
}

/** boolRuns on a preview: a bucket is on when one of its points is non-zero. */
export function boolRunsM4(
  m: WireM4,
  from: number,
  to: number,
  bucket: number,
  row: number,
  minWidth = 0,
): Float64Array {
  const { index, values } = m;
  const n = index.length;
  let p = lowerBound(index, from);
  // Buckets are visited in order, so one pointer walks the points once.
  const on = (a: number, b: number) => {
    while (p < n && index[p] < a) p++;
    let hit = false;
    for (; p < n && index[p] <= b; p++) hit ||= values[p] !== 0;
    return hit;
  };
  return boolRunsBy(from, Math.min(to, m.length - 1), bucket, row, minWidth, on);
}
