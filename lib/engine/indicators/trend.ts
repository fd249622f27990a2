// Trend: adx.
import { byRuns, isPeriod, nans, warmStart } from './util';

function adxRun(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out: Float64Array,
  s: number,
  e: number,
  n: number,
): boolean {
  const first = warmStart(out, s, e, 2 * n - 1);
  if (first < 0) return true;
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
    if (trs !== 0) {
      const mdi = 100 * (mdm / trs);
      const pdi = 100 * (pdm / trs);
      const sum = mdi + pdi;
      if (sum !== 0) dx = 100 * (Math.abs(mdi - pdi) / sum);
    }
    if (i > first) {
      if (dx >= 0) adxv = (adxv * m + dx) / n;
      out[i] = adxv;
    } else {
      if (dx >= 0) sumDx += dx;
      if (i === first) {
        adxv = sumDx / n;
        out[i] = adxv;
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
  byRuns([out], [high, low, close], (s, e) => adxRun(high, low, close, out, s, e, n));
  return out;
}
