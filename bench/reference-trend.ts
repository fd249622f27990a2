// Plain-loop references of the channel and trend kernels (keltner, donchian, supertrend, dmi, sar,
// ichimoku): one obvious loop each, NaN-free input, the engine's conventions (reference.test.ts checks).
// As for highest/lowest in reference.ts, the Donchian extremes scan their window: O(length × n).

function warm(len: number, upto: number): Float64Array {
  const out = new Float64Array(len);
  out.fill(Number.NaN, 0, Math.min(upto, len));
  return out;
}

/** Highest high, lowest low and their mean over bars i-n+1..i, by scanning the window. */
function channel(
  high: Float64Array,
  low: Float64Array,
  n: number,
): [Float64Array, Float64Array, Float64Array] {
  const len = high.length;
  const mid = warm(len, n - 1);
  const up = warm(len, n - 1);
  const lo = warm(len, n - 1);
  for (let i = n - 1; i < len; i++) {
    let h = high[i];
    let l = low[i];
    for (let j = i - n + 1; j < i; j++) {
      if (high[j] > h) h = high[j];
      if (low[j] < l) l = low[j];
    }
    up[i] = h;
    lo[i] = l;
    mid[i] = (h + l) / 2;
  }
  return [mid, up, lo];
}

export function donchian(high: Float64Array, low: Float64Array, n: number) {
  return channel(high, low, n);
}

export function keltner(
  src: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
  mult: number,
): [Float64Array, Float64Array, Float64Array] {
  const len = src.length;
  const mid = warm(len, n - 1);
  const up = warm(len, n);
  const lo = warm(len, n);
  const alpha = 2 / (n + 1);
  let m = 0;
  let w = 0;
  for (let i = 0; i < len; i++) {
    // EMA of the source, seeded with the mean of its first n values.
    if (i < n - 1) m += src[i];
    else if (i === n - 1) m = (m + src[i]) / n;
    else m = (src[i] - m) * alpha + m;
    if (i >= n - 1) mid[i] = m;
    if (i === 0) continue;
    // EMA of the true range (from bar 1), seeded with the mean of tr[1..n].
    const pc = close[i - 1];
    const t = Math.max(high[i] - low[i], Math.abs(high[i] - pc), Math.abs(low[i] - pc));
    if (i < n) w += t;
    else if (i === n) w = (w + t) / n;
    else w = (t - w) * alpha + w;
    if (i >= n) {
      up[i] = m + mult * w;
      lo[i] = m - mult * w;
    }
  }
  return [mid, up, lo];
}

export function supertrend(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
  mult: number,
): [Float64Array, Float64Array] {
  const len = close.length;
  const line = warm(len, n);
  const dir = warm(len, n);
  let atr = 0;
  let up = 0;
  let lo = 0;
  let st = 0;
  for (let i = 1; i < len; i++) {
    const pc = close[i - 1];
    const t = Math.max(high[i] - low[i], Math.abs(high[i] - pc), Math.abs(low[i] - pc));
    if (i < n) {
      atr += t;
      continue;
    }
    atr = i === n ? (atr + t) / n : (atr * (n - 1) + t) / n;
    const hl2 = (high[i] + low[i]) / 2;
    let u = hl2 + mult * atr;
    let d = hl2 - mult * atr;
    let down = true;
    if (i > n) {
      if (!(d > lo || pc < lo)) d = lo;
      if (!(u < up || pc > up)) u = up;
      down = st === up ? !(close[i] > u) : close[i] < d;
    }
    st = down ? u : d;
    line[i] = st;
    dir[i] = down ? -1 : 1;
    up = u;
    lo = d;
  }
  return [line, dir];
}

export function dmi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
): [Float64Array, Float64Array, Float64Array] {
  const len = close.length;
  const pdi = warm(len, n);
  const mdi = warm(len, n);
  const adx = warm(len, 2 * n - 1);
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
    const pi = trs === 0 ? 0 : 100 * (pdm / trs);
    const mi = trs === 0 ? 0 : 100 * (mdm / trs);
    pdi[i] = pi;
    mdi[i] = mi;
    const dx = trs === 0 || pi + mi === 0 ? -1 : 100 * (Math.abs(mi - pi) / (mi + pi));
    if (i < 2 * n - 1) {
      if (dx >= 0) adxv += dx;
    } else if (i === 2 * n - 1) {
      if (dx >= 0) adxv += dx;
      adxv /= n;
      adx[i] = adxv;
    } else {
      if (dx >= 0) adxv = (adxv * (n - 1) + dx) / n;
      adx[i] = adxv;
    }
  }
  return [pdi, mdi, adx];
}

export function sar(high: Float64Array, low: Float64Array, accel0: number, max: number): Float64Array {
  const len = high.length;
  const out = warm(len, 1);
  if (len < 2) return out;
  const accel = Math.min(accel0, max);
  let af = accel;
  let long = !(low[0] - low[1] > 0 && high[1] - high[0] < low[0] - low[1]);
  let ep = long ? high[1] : low[1];
  let s = long ? low[0] : high[0];
  for (let i = 1; i < len; i++) {
    const pl = i === 1 ? low[1] : low[i - 1];
    const ph = i === 1 ? high[1] : high[i - 1];
    const h = high[i];
    const l = low[i];
    if (long && l <= s) {
      long = false;
      s = Math.max(ep, ph, h);
      out[i] = s;
      af = accel;
      ep = l;
      s = Math.max(s + af * (ep - s), ph, h);
    } else if (!long && h >= s) {
      long = true;
      s = Math.min(ep, pl, l);
      out[i] = s;
      af = accel;
      ep = h;
      s = Math.min(s + af * (ep - s), pl, l);
    } else if (long) {
      out[i] = s;
      if (h > ep) {
        ep = h;
        af = Math.min(af + accel, max);
      }
      s = Math.min(s + af * (ep - s), pl, l);
    } else {
      out[i] = s;
      if (l < ep) {
        ep = l;
        af = Math.min(af + accel, max);
      }
      s = Math.max(s + af * (ep - s), ph, h);
    }
  }
  return out;
}

export function ichimoku(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  conv: number,
  base: number,
  span: number,
  disp: number,
): Float64Array[] {
  const len = close.length;
  const [tenkan] = channel(high, low, conv);
  const [kijun] = channel(high, low, base);
  const [lead2] = channel(high, low, span);
  const k = disp - 1;
  const a = warm(len, k);
  const b = warm(len, k);
  for (let i = k; i < len; i++) {
    a[i] = (tenkan[i - k] + kijun[i - k]) / 2;
    b[i] = lead2[i - k];
  }
  return [tenkan, kijun, a, b, close.slice()];
}
