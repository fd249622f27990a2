// CCI needs the mean absolute deviation of every window, which has no O(1) rolling update. Short periods
// use the direct O(n) loop (as TA-Lib); long ones a Fenwick tree over the window's value ranks, rebuilt
// per block of 4n bars so its sums never accumulate rounding, giving O(log n) per bar.
import { byRuns, hlc3, isPeriod, nans, resumBlock, warmStart, windowSum } from './util';

/** Periods up to this use the direct deviation loop; longer ones the rank tree. */
export const CCI_DIRECT_MAX = 160;

// TA-Lib CCI: (tp - sma(tp, n)) / (0.015 * mean absolute deviation of tp over n), tp = hlc3, first value
// at index n-1; 0 when the deviation is 0 (a flat window gives exactly 0, TA-Lib can give ±66.7 there).
export function cci(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const len = close.length;
  if (!isPeriod(n)) return nans(len);
  const tp = hlc3(high, low, close);
  const out = new Float64Array(len);
  byRuns([out], [tp], (s, e) => {
    const first = warmStart(out, s, e, n - 1);
    if (first < 0) return true;
    return n <= CCI_DIRECT_MAX ? cciDirect(tp, s, e, n, out) : cciRanked(tp, s, e, n, out);
  });
  return out;
}

/** Length of the run of values equal to tp[first] that ends at `first` (within the run starting at s). */
function sameRun(tp: Float64Array, s: number, first: number): number {
  let same = 1;
  for (let j = s + 1; j <= first; j++) same = tp[j] === tp[j - 1] ? same + 1 : 1;
  return same;
}

/** Mean absolute deviation of tp[from..to) around mean; four accumulators break the add chain. */
function meanDeviation(tp: Float64Array, from: number, to: number, mean: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let j = from;
  for (; j + 3 < to; j += 4) {
    a += Math.abs(tp[j] - mean);
    b += Math.abs(tp[j + 1] - mean);
    c += Math.abs(tp[j + 2] - mean);
    d += Math.abs(tp[j + 3] - mean);
  }
  for (; j < to; j++) a += Math.abs(tp[j] - mean);
  return (a + b + (c + d)) / (to - from);
}

function cciDirect(tp: Float64Array, s: number, e: number, n: number, out: Float64Array): boolean {
  const first = s + n - 1;
  const block = resumBlock(n);
  let same = sameRun(tp, s, first);
  let i = first;
  while (i < e) {
    const start = i;
    let sum = windowSum(tp, i - n + 1, i + 1);
    const stop = Math.min(e, i + block);
    for (; i < stop; i++) {
      if (i > start) sum += tp[i] - tp[i - n];
      if (i > first) same = tp[i] === tp[i - 1] ? same + 1 : 1;
      if (same >= n) {
        out[i] = 0;
        continue;
      }
      const mean = sum / n;
      const dev = meanDeviation(tp, i - n + 1, i + 1, mean);
      out[i] = dev === 0 ? 0 : (tp[i] - mean) / (0.015 * dev);
    }
    if (Number.isNaN(sum)) return false;
  }
  return true;
}

// Fenwick tree over ranks 1..size: counts and sums of the (shifted) values present in the window.
let prefixCount = 0;

function fenwickAdd(
  cnt: Int32Array,
  sum: Float64Array,
  size: number,
  pos: number,
  c: number,
  v: number,
): void {
  for (let p = pos; p > 0 && p <= size; p += p & -p) {
    cnt[p] += c;
    sum[p] += v;
  }
}

/** Sum of values with rank <= pos; their count is left in `prefixCount`. */
function fenwickPrefix(cnt: Int32Array, sum: Float64Array, pos: number): number {
  let c = 0;
  let v = 0;
  for (let p = pos; p > 0; p -= p & -p) {
    c += cnt[p];
    v += sum[p];
  }
  prefixCount = c;
  return v;
}

/** Number of entries of sorted[0..size) that are <= x. */
function countAtMost(sorted: Float64Array, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cciRanked(tp: Float64Array, s: number, e: number, n: number, out: Float64Array): boolean {
  const first = s + n - 1;
  const block = 4 * n;
  const cap = n - 1 + block;
  const sorted = new Float64Array(cap);
  const rank = new Int32Array(cap);
  const cnt = new Int32Array(cap + 1);
  const sums = new Float64Array(cap + 1);
  let same = sameRun(tp, s, first);
  for (let b = first; b < e; b += block) {
    const bEnd = Math.min(e, b + block);
    const lo = b - n + 1;
    const m = bEnd - lo;
    // Distinct values of every window ending in this block, sorted; ranks are positions among them.
    const view = sorted.subarray(0, m);
    view.set(tp.subarray(lo, bEnd));
    view.sort();
    let size = 0;
    for (let j = 0; j < m; j++) if (size === 0 || view[j] !== sorted[size - 1]) sorted[size++] = view[j];
    for (let j = 0; j < m; j++) {
      const x = tp[lo + j];
      // A NaN would get rank 0, which the tree cannot index: leave it to the run-by-run pass.
      if (Number.isNaN(x)) return false;
      rank[j] = countAtMost(sorted, size, x);
    }
    // Values are stored shifted by a middle value of the block so that the sums stay small.
    const c = sorted[size >> 1];
    cnt.fill(0, 0, size + 1);
    sums.fill(0, 0, size + 1);
    let total = 0;
    for (let j = lo; j < b; j++) {
      const y = tp[j] - c;
      fenwickAdd(cnt, sums, size, rank[j - lo], 1, y);
      total += y;
    }
    for (let i = b; i < bEnd; i++) {
      if (i > first) same = tp[i] === tp[i - 1] ? same + 1 : 1;
      const y = tp[i] - c;
      fenwickAdd(cnt, sums, size, rank[i - lo], 1, y);
      total += y;
      const o = i - n;
      if (o >= lo) {
        const yo = tp[o] - c;
        fenwickAdd(cnt, sums, size, rank[o - lo], -1, -yo);
        total -= yo;
      }
      if (same >= n) {
        out[i] = 0;
        continue;
      }
      // sum |y - mean| = total - 2*below - mean*(n - 2*countBelow), "below" being values <= mean.
      const mean = total / n;
      const below = fenwickPrefix(cnt, sums, countAtMost(sorted, size, mean + c));
      let dev = (total - 2 * below - mean * (n - 2 * prefixCount)) / n;
      if (dev < 0) dev = 0;
      out[i] = dev === 0 ? 0 : (y - mean) / (0.015 * dev);
    }
    if (Number.isNaN(total)) return false;
  }
  return true;
}
