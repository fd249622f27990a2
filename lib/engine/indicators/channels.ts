// Channels around price: keltner, donchian, and ichimoku (whose lines are Donchian midlines).
import { ema } from './ma';
import { isPeriod, nans } from './util';
import { tr } from './volatility';
import { highest, lowest } from './window';

/** (highest(high, n) + lowest(low, n)) / 2, and the two extremes. */
function extremes(high: Float64Array, low: Float64Array, n: number) {
  const hi = highest(high, n);
  const lo = lowest(low, n);
  const mid = new Float64Array(hi.length);
  for (let i = 0; i < mid.length; i++) mid[i] = (hi[i] + lo[i]) / 2;
  return { hi, mid, lo };
}

// TradingView ta.kc(src, n, mult) (useTrueRange on): mid = ema(src, n), bands = mid ± mult * ema(tr, n),
// with this library's TA-Lib ema and tr (SMA-seeded; tr is na on the first bar, so the bands start at
// index n). Returns [mid, upper, lower].
export function keltner(
  src: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
  mult: number,
): [Float64Array, Float64Array, Float64Array] {
  const len = src.length;
  if (!isPeriod(n)) return [nans(len), nans(len), nans(len)];
  const mid = ema(src, n);
  const width = ema(tr(high, low, close), n);
  const upper = new Float64Array(len);
  const lower = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const w = mult * width[i];
    upper[i] = mid[i] + w;
    lower[i] = mid[i] - w;
  }
  return [mid, upper, lower];
}

// TradingView Donchian Channels: upper = highest(high, n), lower = lowest(low, n), both including the
// current bar, mid = their mean; first value at index n-1. Returns [mid, upper, lower].
export function donchian(
  high: Float64Array,
  low: Float64Array,
  n: number,
): [Float64Array, Float64Array, Float64Array] {
  const len = high.length;
  if (!isPeriod(n)) return [nans(len), nans(len), nans(len)];
  const { hi, mid, lo } = extremes(high, low, n);
  return [mid, hi, lo];
}

/** src delayed by k bars (NaN for the first k). */
function delay(src: Float64Array, k: number): Float64Array {
  const out = new Float64Array(src.length);
  out.fill(Number.NaN, 0, Math.min(k, src.length));
  if (k < src.length) out.set(src.subarray(0, src.length - k), k);
  return out;
}

// TradingView Ichimoku Cloud, aligned for a backtest with no look-ahead: tenkan/kijun = Donchian midlines
// of conv/base bars; senkou A = (tenkan + kijun) / 2 and senkou B = the span-bar midline, each read at
// bar t as computed disp - 1 bars earlier (where TradingView draws the cloud: offset disp - 1); chikou
// is close itself at t (TradingView draws it disp - 1 bars back; compare it with close[disp - 1]).
// Returns [tenkan, kijun, senkou_a, senkou_b, chikou].
export function ichimoku(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  conv: number,
  base: number,
  span: number,
  disp: number,
): [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array] {
  const len = close.length;
  if (![conv, base, span, disp].every(isPeriod))
    return [nans(len), nans(len), nans(len), nans(len), nans(len)];
  const tenkan = extremes(high, low, conv).mid;
  const kijun = extremes(high, low, base).mid;
  const lead = new Float64Array(len);
  for (let i = 0; i < len; i++) lead[i] = (tenkan[i] + kijun[i]) / 2;
  const senkouA = delay(lead, disp - 1);
  const senkouB = delay(extremes(high, low, span).mid, disp - 1);
  return [tenkan, kijun, senkouA, senkouB, close.slice()];
}
