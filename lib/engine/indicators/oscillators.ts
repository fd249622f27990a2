// Oscillators: rsi, roc, mom, mfi, willr, stoch, macd (cci lives in cci.ts).
import { ema, sma } from './ma';
import { byRuns, hlc3, isPeriod, nans, resumBlock, warmStart } from './util';
import { change, highest, lowest } from './window';

function rsiRun(src: Float64Array, out: Float64Array, s: number, e: number, n: number): boolean {
  const first = warmStart(out, s, e, n);
  if (first < 0) return true;
  const m = n - 1;
  let gain = 0;
  let loss = 0;
  for (let i = s + 1; i <= first; i++) {
    const d = src[i] - src[i - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= n;
  loss /= n;
  if (Number.isNaN(loss)) return false;
  out[first] = gain + loss === 0 ? 0 : 100 * (gain / (gain + loss));
  for (let i = first + 1; i < e; i++) {
    const d = src[i] - src[i - 1];
    if (Number.isNaN(d)) return false;
    gain = (gain * m + Math.max(d, 0)) / n;
    loss = (loss * m + (d < 0 ? -d : 0)) / n;
    out[i] = gain + loss === 0 ? 0 : 100 * (gain / (gain + loss));
  }
  return true;
}

// TA-Lib RSI: Wilder-smoothed gains/losses seeded by the mean of the first n changes, first value at
// index n; 100*gain/(gain+loss): 100 when there are no losses, 0 when gain and loss are both 0 (flat).
export function rsi(src: Float64Array, n: number): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  byRuns([out], [src], (s, e) => rsiRun(src, out, s, e, n));
  return out;
}

function rocRun(src: Float64Array, out: Float64Array, s: number, e: number, n: number): boolean {
  const first = Math.min(s + n, e);
  out.fill(Number.NaN, s, first);
  for (let i = s; i < first; i++) if (Number.isNaN(src[i])) return false;
  for (let i = first; i < e; i++) {
    const x = src[i];
    if (Number.isNaN(x)) return false;
    const prev = src[i - n];
    out[i] = prev === 0 ? 0 : (x / prev - 1) * 100;
  }
  return true;
}

// TA-Lib ROC: (src/src[n] - 1) * 100, first value at index n; 0 when src[n] is 0 (as TA-Lib).
export function roc(src: Float64Array, n: number): Float64Array {
  const len = src.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  byRuns([out], [src], (s, e) => rocRun(src, out, s, e, n));
  return out;
}

// TA-Lib MOM: src - src[n], first value at index n (the same kernel as change).
export function mom(src: Float64Array, n: number): Float64Array {
  return change(src, n);
}

function mfiRun(tp: Float64Array, volume: Float64Array, out: Float64Array, s: number, e: number, n: number) {
  const first = warmStart(out, s, e, n);
  if (first < 0) return true;
  const block = resumBlock(n);
  let i = first;
  while (i < e) {
    // np/nn count the flows in the window exactly: a side with no flow is reset to exactly 0 (no residue).
    let pos = 0;
    let neg = 0;
    let np = 0;
    let nn = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const d = tp[j] - tp[j - 1];
      const f = tp[j] * volume[j];
      if (Number.isNaN(d + f)) return false;
      if (d > 0) {
        pos += f;
        np++;
      } else if (d < 0) {
        neg += f;
        nn++;
      }
    }
    out[i] = mfiValue(pos, neg);
    const stop = Math.min(e, i + block);
    for (i = i + 1; i < stop; i++) {
      const d = tp[i] - tp[i - 1];
      const f = tp[i] * volume[i];
      if (Number.isNaN(d + f)) return false;
      if (d > 0) {
        pos += f;
        np++;
      } else if (d < 0) {
        neg += f;
        nn++;
      }
      const o = i - n;
      const dOld = tp[o] - tp[o - 1];
      if (dOld > 0) {
        pos -= tp[o] * volume[o];
        np--;
      } else if (dOld < 0) {
        neg -= tp[o] * volume[o];
        nn--;
      }
      if (np === 0) pos = 0;
      if (nn === 0) neg = 0;
      out[i] = mfiValue(pos, neg);
    }
  }
  return true;
}

// TA-Lib MFI: money flow tp*volume (tp = hlc3) counted as positive or negative by the sign of the tp
// change, summed over the last n changes; 100*pos/(pos+neg), first value at index n. 0 when both sums
// are 0 (TA-Lib returns 0 when pos+neg < 1, which breaks low-volume instruments; we only treat 0).
export function mfi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  n: number,
): Float64Array {
  const len = close.length;
  if (!isPeriod(n)) return nans(len);
  const tp = hlc3(high, low, close);
  const out = new Float64Array(len);
  byRuns([out], [tp, volume], (s, e) => mfiRun(tp, volume, out, s, e, n));
  return out;
}

function mfiValue(pos: number, neg: number): number {
  return pos + neg === 0 ? 0 : 100 * (pos / (pos + neg));
}

// TA-Lib WILLR: -100*(HH - close)/(HH - LL) over the last n bars, first value at index n-1; 0 when HH == LL.
export function willr(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const len = close.length;
  if (!isPeriod(n)) return nans(len);
  if (n <= RESCAN_MAX) {
    const out = new Float64Array(len);
    byRuns([out], [high, low], (s, e) => willrRun(high, low, close, out, s, e, n));
    return out;
  }
  const hh = highest(high, n);
  const ll = lowest(low, n);
  const out = hh;
  for (let i = 0; i < len; i++) out[i] = pctR(hh[i], ll[i], close[i]);
  return out;
}

// Short windows: one pass that tracks where the window's high and low are and rescans the window only
// when one of them drops out of it (cheap on average; bounded by n per bar, hence only for small n).
const RESCAN_MAX = 64;

function pctR(hh: number, ll: number, c: number): number {
  const range = hh - ll;
  return range !== 0 ? (-100 * (hh - c)) / range : !Number.isNaN(c) ? 0 : Number.NaN;
}

function willrRun(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out: Float64Array,
  s: number,
  e: number,
  n: number,
): boolean {
  const first = warmStart(out, s, e, n - 1);
  if (first < 0) return true;
  let hi = s;
  let lo = s;
  for (let i = s; i < e; i++) {
    const h = high[i];
    const l = low[i];
    if (Number.isNaN(h) || Number.isNaN(l)) return false;
    const start = Math.max(i - n + 1, s);
    if (hi < start) {
      hi = start;
      for (let j = start + 1; j <= i; j++) if (high[j] >= high[hi]) hi = j;
    } else if (h >= high[hi]) hi = i;
    if (lo < start) {
      lo = start;
      for (let j = start + 1; j <= i; j++) if (low[j] <= low[lo]) lo = j;
    } else if (l <= low[lo]) lo = i;
    if (i >= first) out[i] = pctR(high[hi], low[lo], close[i]);
  }
  return true;
}

// TA-Lib STOCH with SMA smoothing: fast %K = 100*(close - LL)/(HH - LL) over kPeriod (0 when HH == LL),
// k = sma(fast %K, kSmooth), d = sma(k, dPeriod). Each output keeps its own warm-up (k from
// kPeriod+kSmooth-2, d from kPeriod+kSmooth+dPeriod-3), where TA-Lib starts both at d's.
export function stoch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod: number,
  kSmooth: number,
  dPeriod: number,
): [Float64Array, Float64Array] {
  const len = close.length;
  if (!isPeriod(kPeriod) || !isPeriod(kSmooth) || !isPeriod(dPeriod)) return [nans(len), nans(len)];
  const hh = highest(high, kPeriod);
  const ll = lowest(low, kPeriod);
  const fastK = hh;
  for (let i = 0; i < len; i++) {
    const c = close[i];
    const range = hh[i] - ll[i];
    fastK[i] = range !== 0 ? (100 * (c - ll[i])) / range : !Number.isNaN(c) ? 0 : Number.NaN;
  }
  const k = sma(fastK, kSmooth);
  return [k, sma(k, dPeriod)];
}

// MACD from independent SMA-seeded EMAs: macd = ema(src, fast) - ema(src, slow) (defined from
// max(fast, slow)-1), signal = ema(macd, signal), hist = macd - signal. This differs from TA-Lib's MACD,
// which re-seeds the fast EMA so that it starts together with the slow one.
export function macd(
  src: Float64Array,
  fast: number,
  slow: number,
  signal: number,
): [Float64Array, Float64Array, Float64Array] {
  const len = src.length;
  if (!isPeriod(fast) || !isPeriod(slow) || !isPeriod(signal)) return [nans(len), nans(len), nans(len)];
  const line = ema(src, fast);
  const slowLine = ema(src, slow);
  for (let i = 0; i < len; i++) line[i] -= slowLine[i];
  const sig = ema(line, signal);
  const hist = slowLine;
  for (let i = 0; i < len; i++) hist[i] = line[i] - sig[i];
  return [line, sig, hist];
}
