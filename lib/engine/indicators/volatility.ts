// Volatility: tr, atr, stdev, bb. The standard deviation uses sums of values shifted by a recent value
// and restarts every block, so prices near 1e6 with a tiny variance do not cancel catastrophically.
import { rma } from './ma';
import { byRuns, firstAll, isPeriod, nans, resumBlock, warmStart } from './util';

/** max(h − l, |h − previous close|, |l − previous close|). */
function trueRange(hi: number, lo: number, pc: number): number {
  let v = hi - lo;
  const a = Math.abs(hi - pc);
  if (a > v) v = a;
  const b = Math.abs(lo - pc);
  if (b > v) v = b;
  return v;
}

function trRun(h: Float64Array, l: Float64Array, c: Float64Array, out: Float64Array, s: number, e: number) {
  out[s] = Number.NaN;
  for (let i = s + 1; i < e; i++) {
    const hi = h[i];
    const lo = l[i];
    if (Number.isNaN(hi + lo + c[i])) return false;
    out[i] = trueRange(hi, lo, c[i - 1]);
  }
  return true;
}

// TA-Lib TRANGE: max(h - l, |h - c[1]|, |l - c[1]|), NaN at the first bar (there is no previous close).
export function tr(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const out = new Float64Array(close.length);
  byRuns([out], [high, low, close], (s, e) => trRun(high, low, close, out, s, e));
  return out;
}

// TA-Lib ATR: first value at index n = mean of tr[1..n], then Wilder smoothing (= Pine rma of tr).
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  if (!isPeriod(n)) return nans(close.length);
  const len = close.length;
  if (n > 1 && len > 0) {
    const out = new Float64Array(len);
    if (atrRun(high, low, close, out, firstAll([high, low, close]), len | 0, n)) return out;
  }
  return rma(tr(high, low, close), n);
}

/**
 * rma(tr(...), n) in one pass, without the true range as an array, for data with no NaN after the
 * leading ones (the same additions in the same order, so the same values); false at a NaN, where the
 * caller computes it run by run.
 */
function atrRun(
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  out: Float64Array,
  s: number,
  e: number,
  n: number,
): boolean {
  const first = s + n; // tr is NaN at s, so rma's first input is s + 1 and its first value s + n
  if (first >= e) return false;
  out.fill(Number.NaN, 0, first);
  const alpha = 1 / n;
  let sum = 0;
  let prev = 0;
  for (let i = s + 1; i < e; i++) {
    const hi = h[i];
    const lo = l[i];
    if (Number.isNaN(hi + lo + c[i])) return false;
    const v = trueRange(hi, lo, c[i - 1]);
    if (i < first) sum += v;
    else if (i === first) {
      prev = (sum + v) / n;
      out[i] = prev;
    } else {
      prev = (v - prev) * alpha + prev;
      out[i] = prev;
    }
  }
  return true;
}

/**
 * Rolling population standard deviation into `sd`, and the rolling mean into `mid` when given, over
 * the run s..e-1. Each block re-centres on the value at its first output bar (so a constant run gives
 * exactly 0) and recomputes its sums; a window of n equal values gives exactly 0.
 */
function stdRun(
  src: Float64Array,
  n: number,
  sd: Float64Array,
  mid: Float64Array | null,
  s: number,
  e: number,
): boolean {
  const first = warmStart(sd, s, e, n - 1);
  if (mid !== null) warmStart(mid, s, e, n - 1);
  if (first < 0) return true;
  const block = resumBlock(n);
  const inv = 1 / n;
  // `same` counts equal consecutive values ending at i: a window of n equal values is exactly 0.
  let same = 1;
  for (let j = s + 1; j <= first; j++) same = src[j] === src[j - 1] ? same + 1 : 1;
  for (let b = first; b < e; b += block) {
    const stop = Math.min(e, b + block);
    const shift = src[b];
    let sy = 0;
    let sy2 = 0;
    for (let j = b - n + 1; j <= b; j++) {
      const d = src[j] - shift;
      sy += d;
      sy2 += d * d;
    }
    if (b > first) same = src[b] === src[b - 1] ? same + 1 : 1;
    let mean = sy * inv;
    let v = sy2 * inv - mean * mean;
    sd[b] = v > 0 && same < n ? Math.sqrt(v) : 0;
    if (mid !== null) mid[b] = shift + mean;
    let px = src[b];
    for (let i = b + 1; i < stop; i++) {
      const x = src[i];
      const d = x - shift;
      const o = src[i - n] - shift;
      sy += d - o;
      sy2 += d * d - o * o;
      same = x === px ? same + 1 : 1;
      px = x;
      mean = sy * inv;
      v = sy2 * inv - mean * mean;
      sd[i] = v > 0 && same < n ? Math.sqrt(v) : 0;
      if (mid !== null) mid[i] = shift + mean;
    }
    if (Number.isNaN(sy)) return false;
  }
  return true;
}

// TA-Lib STDDEV (nbdev 1): population standard deviation of the last n values, first value at index n-1.
export function stdev(src: Float64Array, n: number): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const sd = new Float64Array(len);
  byRuns([sd], [src], (s, e) => stdRun(src, n, sd, null, s, e));
  return sd;
}

// TA-Lib BBANDS (SMA, nbdevup = nbdevdn = mult): mid = sma, upper/lower = mid ± mult * population stdev.
export function bb(src: Float64Array, n: number, mult: number): [Float64Array, Float64Array, Float64Array] {
  const len = src.length;
  if (!isPeriod(n)) return [nans(len), nans(len), nans(len)];
  const mid = new Float64Array(len);
  const lower = new Float64Array(len);
  byRuns([lower, mid], [src], (s, e) => stdRun(src, n, lower, mid, s, e));
  const upper = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const w = mult * lower[i];
    upper[i] = mid[i] + w;
    lower[i] = mid[i] - w;
  }
  return [mid, upper, lower];
}
