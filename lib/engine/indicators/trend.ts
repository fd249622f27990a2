// Trend: adx and dmi (+DI, -DI and ADX from one pass).
import { byRuns, isPeriod, nans, warmStart } from './util';

/**
 * One run of TA-Lib's directional movement: fills `adxOut` (from s + 2n - 1) and, when given, `pdiOut`
 * and `mdiOut` (from s + n). Returns false when it meets a NaN (byRuns then splits the runs).
 */
function dmRun(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  adxOut: Float64Array,
  pdiOut: Float64Array | null,
  mdiOut: Float64Array | null,
  s: number,
  e: number,
  n: number,
): boolean {
  if (pdiOut !== null && mdiOut !== null) {
    warmStart(pdiOut, s, e, n);
    warmStart(mdiOut, s, e, n);
  }
  const first = warmStart(adxOut, s, e, 2 * n - 1);
  // A run too short for an ADX may still have DIs (they start n - 1 bars earlier).
  if (first < 0 && (pdiOut === null || s + n >= e)) return true;
  let ph = high[s];
  let pl = low[s];
  let pc = close[s];
  let pdm = 0;
  let mdm = 0;
  let trs = 0;
  let sumDx = 0;
  let adxv = 0;
  const m = n - 1;
  for (let i = s + 1; i < e; i++) {
    const h = high[i];
    const l = low[i];
    const c = close[i];
    if (Number.isNaN(h + l + c)) return false;
    const up = h - ph;
    const down = pl - l;
    let t = h - l;
    const a = Math.abs(h - pc);
    if (a > t) t = a;
    const b = Math.abs(l - pc);
    if (b > t) t = b;
    ph = h;
    pl = l;
    pc = c;
    if (i < s + n) {
      // Seeding: plain sums over the first n-1 bars (TA-Lib).
      if (down > 0 && up < down) mdm += down;
      else if (up > 0 && up > down) pdm += up;
      trs += t;
      continue;
    }
    mdm -= mdm / n;
    pdm -= pdm / n;
    if (down > 0 && up < down) mdm += down;
    else if (up > 0 && up > down) pdm += up;
    trs = trs - trs / n + t;
    let dx = -1;
    let mdi = 0;
    let pdi = 0;
    if (trs !== 0) {
      mdi = 100 * (mdm / trs);
      pdi = 100 * (pdm / trs);
      const sum = mdi + pdi;
      if (sum !== 0) dx = 100 * (Math.abs(mdi - pdi) / sum);
    }
    if (pdiOut !== null && mdiOut !== null) {
      pdiOut[i] = pdi;
      mdiOut[i] = mdi;
    }
    if (first < 0) continue;
    if (i > first) {
      if (dx >= 0) adxv = (adxv * m + dx) / n;
      adxOut[i] = adxv;
    } else {
      if (dx >= 0) sumDx += dx;
      if (i === first) {
        adxv = sumDx / n;
        adxOut[i] = adxv;
      }
    }
  }
  return true;
}

// TA-Lib ADX, seeding included: +DM/-DM/TR are summed over the first n-1 bars after the run's first bar,
// then smoothed as prev - prev/n + cur; the first ADX (index 2n-1) is the mean of the next n DX values,
// later ones Wilder-smoothed. Where TR or +DI + -DI is 0 the DX is skipped as in TA-Lib (which tests
// |x| < 1e-14 instead of exact 0).
export function adx(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const len = close.length;
  if (!isPeriod(n)) return nans(len);
  const out = new Float64Array(len);
  byRuns([out], [high, low, close], (s, e) => dmRun(high, low, close, out, null, null, s, e, n));
  return out;
}

// TA-Lib PLUS_DI, MINUS_DI and ADX (same seeding as adx): +DI/-DI = 100 * smoothed DM / smoothed TR from
// index n (0 where the smoothed TR is 0, as TA-Lib), ADX from index 2n-1. Returns [+DI, -DI, ADX].
export function dmi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
): [Float64Array, Float64Array, Float64Array] {
  const len = close.length;
  if (!isPeriod(n)) return [nans(len), nans(len), nans(len)];
  const pdi = new Float64Array(len);
  const mdi = new Float64Array(len);
  const out = new Float64Array(len);
  byRuns([pdi, mdi, out], [high, low, close], (s, e) => dmRun(high, low, close, out, pdi, mdi, s, e, n));
  return [pdi, mdi, out];
}
