// Plain-loop references: the straightforward O(length) loop a competent developer writes by hand for
// each kernel (rolling sums, no NaN handling, no re-summing), and the hand-fused SMA crossover backtest
// (fused.ts). The engine is measured against these, so each follows the engine's conventions exactly
// (reference.test.ts checks that on small data). Inputs are assumed NaN-free.

export { type FusedResult, fusedCrossover } from './fused';
export { dmi, donchian, ichimoku, keltner, sar, supertrend } from './reference-trend';

const DAY_MS = 86_400_000;

function warm(len: number, upto: number): Float64Array {
  const out = new Float64Array(len);
  out.fill(Number.NaN, 0, Math.min(upto, len));
  return out;
}

export function sma(src: Float64Array, n: number): Float64Array {
  const len = src.length;
  const out = warm(len, n - 1);
  let sum = 0;
  for (let i = 0; i < len; i++) {
    sum += src[i];
    if (i >= n) sum -= src[i - n];
    if (i >= n - 1) out[i] = sum / n;
  }
  return out;
}

function smooth(src: Float64Array, n: number, alpha: number, from = 0): Float64Array {
  const len = src.length;
  const out = warm(len, from + n - 1);
  let prev = 0;
  for (let i = from; i < from + n && i < len; i++) prev += src[i];
  prev /= n;
  if (from + n - 1 < len) out[from + n - 1] = prev;
  for (let i = from + n; i < len; i++) {
    prev = (src[i] - prev) * alpha + prev;
    out[i] = prev;
  }
  return out;
}

export function ema(src: Float64Array, n: number): Float64Array {
  return smooth(src, n, 2 / (n + 1));
}

export function rma(src: Float64Array, n: number): Float64Array {
  return smooth(src, n, 1 / n);
}

export function wma(src: Float64Array, n: number, from = 0): Float64Array {
  const len = src.length;
  const out = warm(len, from + n - 1);
  const den = (n * (n + 1)) / 2;
  let num = 0;
  let sum = 0;
  for (let i = from; i < len; i++) {
    const x = src[i];
    if (i - from < n) {
      num += (i - from + 1) * x;
      sum += x;
    } else {
      num += n * x - sum;
      sum += x - src[i - n];
    }
    if (i >= from + n - 1) out[i] = num / den;
  }
  return out;
}

export function hma(src: Float64Array, n: number): Float64Array {
  const half = wma(src, Math.max(1, n >> 1));
  const full = wma(src, n);
  for (let i = 0; i < src.length; i++) half[i] = 2 * half[i] - full[i];
  return wma(half, Math.round(Math.sqrt(n)), n - 1);
}

export function vwma(src: Float64Array, volume: Float64Array, n: number): Float64Array {
  const len = src.length;
  const out = warm(len, n - 1);
  let pv = 0;
  let v = 0;
  for (let i = 0; i < len; i++) {
    pv += src[i] * volume[i];
    v += volume[i];
    if (i >= n) {
      pv -= src[i - n] * volume[i - n];
      v -= volume[i - n];
    }
    if (i >= n - 1) out[i] = v === 0 ? Number.NaN : pv / v;
  }
  return out;
}

export function rsi(src: Float64Array, n: number): Float64Array {
  const len = src.length;
  const out = warm(len, n);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < len; i++) {
    const d = src[i] - src[i - 1];
    const g = Math.max(d, 0);
    const l = d < 0 ? -d : 0;
    if (i < n) {
      gain += g;
      loss += l;
      continue;
    }
    if (i === n) {
      gain = (gain + g) / n;
      loss = (loss + l) / n;
    } else {
      gain = (gain * (n - 1) + g) / n;
      loss = (loss * (n - 1) + l) / n;
    }
    out[i] = gain + loss === 0 ? 0 : (100 * gain) / (gain + loss);
  }
  return out;
}

export function roc(src: Float64Array, n: number): Float64Array {
  const out = warm(src.length, n);
  for (let i = n; i < src.length; i++) out[i] = src[i - n] === 0 ? 0 : (src[i] / src[i - n] - 1) * 100;
  return out;
}

export function change(src: Float64Array, n: number): Float64Array {
  const out = warm(src.length, n);
  for (let i = n; i < src.length; i++) out[i] = src[i] - src[i - n];
  return out;
}

export const mom = change;

/** Rolling max/min by scanning the whole window at every bar: O(length × n). */
function scan(src: Float64Array, n: number, isMax: boolean): Float64Array {
  const out = warm(src.length, n - 1);
  for (let i = n - 1; i < src.length; i++) {
    let m = src[i];
    for (let j = i - n + 1; j < i; j++) if (isMax ? src[j] > m : src[j] < m) m = src[j];
    out[i] = m;
  }
  return out;
}

export function highest(src: Float64Array, n: number): Float64Array {
  return scan(src, n, true);
}

export function lowest(src: Float64Array, n: number): Float64Array {
  return scan(src, n, false);
}

export function cci(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const len = close.length;
  const tp = new Float64Array(len);
  for (let i = 0; i < len; i++) tp[i] = (high[i] + low[i] + close[i]) / 3;
  const out = warm(len, n - 1);
  let sum = 0;
  for (let i = 0; i < len; i++) {
    sum += tp[i];
    if (i >= n) sum -= tp[i - n];
    if (i < n - 1) continue;
    const mean = sum / n;
    let dev = 0;
    for (let j = i - n + 1; j <= i; j++) dev += Math.abs(tp[j] - mean);
    dev /= n;
    out[i] = dev === 0 ? 0 : (tp[i] - mean) / (0.015 * dev);
  }
  return out;
}

export function mfi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  n: number,
): Float64Array {
  const len = close.length;
  const out = warm(len, n);
  const up = new Float64Array(len);
  const down = new Float64Array(len);
  let prevTp = (high[0] + low[0] + close[0]) / 3;
  let pos = 0;
  let neg = 0;
  for (let i = 1; i < len; i++) {
    const tp = (high[i] + low[i] + close[i]) / 3;
    const f = tp * volume[i];
    if (tp > prevTp) up[i] = f;
    else if (tp < prevTp) down[i] = f;
    prevTp = tp;
    pos += up[i];
    neg += down[i];
    if (i > n) {
      pos -= up[i - n];
      neg -= down[i - n];
    }
    if (i >= n) out[i] = pos + neg === 0 ? 0 : (100 * pos) / (pos + neg);
  }
  return out;
}

export function willr(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const hh = highest(high, n);
  const ll = lowest(low, n);
  const out = warm(close.length, n - 1);
  for (let i = n - 1; i < close.length; i++) {
    const range = hh[i] - ll[i];
    out[i] = range === 0 ? 0 : (-100 * (hh[i] - close[i])) / range;
  }
  return out;
}

export function stoch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod: number,
  kSmooth: number,
  dPeriod: number,
): [Float64Array, Float64Array] {
  const hh = highest(high, kPeriod);
  const ll = lowest(low, kPeriod);
  const fast = warm(close.length, kPeriod - 1);
  for (let i = kPeriod - 1; i < close.length; i++) {
    const range = hh[i] - ll[i];
    fast[i] = range === 0 ? 0 : (100 * (close[i] - ll[i])) / range;
  }
  const k = smaFrom(fast, kSmooth, kPeriod - 1);
  return [k, smaFrom(k, dPeriod, kPeriod + kSmooth - 2)];
}

/** sma of src whose first defined value is at `from`. */
function smaFrom(src: Float64Array, n: number, from: number): Float64Array {
  const len = src.length;
  const out = warm(len, from + n - 1);
  let sum = 0;
  for (let i = from; i < len; i++) {
    sum += src[i];
    if (i >= from + n) sum -= src[i - n];
    if (i >= from + n - 1) out[i] = sum / n;
  }
  return out;
}

export function macd(
  src: Float64Array,
  fast: number,
  slow: number,
  signal: number,
): [Float64Array, Float64Array, Float64Array] {
  const line = ema(src, fast);
  const s = ema(src, slow);
  for (let i = 0; i < src.length; i++) line[i] -= s[i];
  const sig = smooth(line, signal, 2 / (signal + 1), Math.max(fast, slow) - 1);
  const hist = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) hist[i] = line[i] - sig[i];
  return [line, sig, hist];
}

function rollingStd(src: Float64Array, n: number): { mean: Float64Array; sd: Float64Array } {
  const len = src.length;
  const mean = warm(len, n - 1);
  const sd = warm(len, n - 1);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < len; i++) {
    const x = src[i];
    s += x;
    s2 += x * x;
    if (i >= n) {
      const o = src[i - n];
      s -= o;
      s2 -= o * o;
    }
    if (i >= n - 1) {
      const m = s / n;
      const v = s2 / n - m * m;
      mean[i] = m;
      sd[i] = v > 0 ? Math.sqrt(v) : 0;
    }
  }
  return { mean, sd };
}

export function stdev(src: Float64Array, n: number): Float64Array {
  return rollingStd(src, n).sd;
}

export function bb(src: Float64Array, n: number, mult: number): [Float64Array, Float64Array, Float64Array] {
  const { mean, sd } = rollingStd(src, n);
  const upper = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    upper[i] = mean[i] + mult * sd[i];
    sd[i] = mean[i] - mult * sd[i];
  }
  return [mean, upper, sd];
}

export function tr(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const out = warm(close.length, 1);
  for (let i = 1; i < close.length; i++) {
    const pc = close[i - 1];
    out[i] = Math.max(high[i] - low[i], Math.abs(high[i] - pc), Math.abs(low[i] - pc));
  }
  return out;
}

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  return smooth(tr(high, low, close), n, 1 / n, 1);
}

/** TA-Lib ADX: +DM/-DM/TR summed over n-1 bars, then Wilder smoothing; first ADX = mean of n DX. */
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const len = close.length;
  const out = warm(len, 2 * n - 1);
  let pdm = 0;
  let mdm = 0;
  let trs = 0;
  let adxv = 0;
  for (let i = 1; i < len; i++) {
    const up = high[i] - high[i - 1];
    const down = low[i - 1] - low[i];
    const pc = close[i - 1];
    const t = Math.max(high[i] - low[i], Math.abs(high[i] - pc), Math.abs(low[i] - pc));
    const p = up > 0 && up > down ? up : 0;
    const m = down > 0 && down > up ? down : 0;
    if (i < n) {
      pdm += p;
      mdm += m;
      trs += t;
      continue;
    }
    pdm = pdm - pdm / n + p;
    mdm = mdm - mdm / n + m;
    trs = trs - trs / n + t;
    const sum = pdm + mdm;
    // DX from the smoothed sums (the DI ratio cancels TR); skipped where undefined, as TA-Lib.
    const dx = trs === 0 || sum === 0 ? -1 : (100 * Math.abs(pdm - mdm)) / sum;
    if (i < 2 * n - 1) {
      if (dx >= 0) adxv += dx;
    } else if (i === 2 * n - 1) {
      if (dx >= 0) adxv += dx;
      adxv /= n;
      out[i] = adxv;
    } else {
      if (dx >= 0) adxv = (adxv * (n - 1) + dx) / n;
      out[i] = adxv;
    }
  }
  return out;
}

export function obv(close: Float64Array, volume: Float64Array): Float64Array {
  const out = new Float64Array(close.length);
  let acc = volume[0];
  out[0] = acc;
  for (let i = 1; i < close.length; i++) {
    if (close[i] > close[i - 1]) acc += volume[i];
    else if (close[i] < close[i - 1]) acc -= volume[i];
    out[i] = acc;
  }
  return out;
}

export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  time: Float64Array,
): Float64Array {
  const out = new Float64Array(close.length);
  let day = -1;
  let pv = 0;
  let vol = 0;
  for (let i = 0; i < close.length; i++) {
    const d = Math.floor(time[i] / DAY_MS);
    const tp = (high[i] + low[i] + close[i]) / 3;
    if (d !== day) {
      day = d;
      pv = 0;
      vol = 0;
    }
    pv += tp * volume[i];
    vol += volume[i];
    out[i] = vol === 0 ? Number.NaN : pv / vol;
  }
  return out;
}
