// Trailing stop lines: supertrend and sar (Parabolic SAR). Both are recursive along each run of
// defined bars (util.ts: byRuns) and start again after a gap.
import { byRuns, isPeriod, nans } from './util';
import { atr } from './volatility';

function supertrendRun(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  range: Float64Array,
  mult: number,
  line: Float64Array,
  dir: Float64Array,
  s: number,
  e: number,
): boolean {
  let up = 0;
  let lo = 0;
  let st = 0;
  for (let i = s; i < e; i++) {
    const h = high[i];
    const l = low[i];
    const c = close[i];
    const a = range[i];
    if (Number.isNaN(h + l + c + a)) return false;
    const mid = (h + l) / 2;
    let u = mid + mult * a;
    let d = mid - mult * a;
    let down = true;
    if (i > s) {
      // The bands only tighten, unless the previous close broke through them.
      const pc = close[i - 1];
      if (!(d > lo || pc < lo)) d = lo;
      if (!(u < up || pc > up)) u = up;
      down = st === up ? !(c > u) : c < d;
    }
    st = down ? u : d;
    line[i] = st;
    dir[i] = down ? -1 : 1;
    up = u;
    lo = d;
  }
  return true;
}

// TradingView ta.supertrend(mult, n) on hl2 ± mult * atr(n) (this library's TA-Lib ATR, so the first
// value is at index n; the bands start at their raw values), except that direction is +1 in an uptrend
// and -1 in a downtrend (Pine's sign is the opposite). The first bar of a run counts as a downtrend, as
// in Pine. Returns [line, direction].
export function supertrend(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
  mult: number,
): [Float64Array, Float64Array] {
  const len = close.length;
  if (!isPeriod(n)) return [nans(len), nans(len)];
  const range = atr(high, low, close, n);
  const line = new Float64Array(len);
  const dir = new Float64Array(len);
  byRuns([line, dir], [high, low, close, range], (s, e) =>
    supertrendRun(high, low, close, range, mult, line, dir, s, e),
  );
  return [line, dir];
}

function sarRun(
  high: Float64Array,
  low: Float64Array,
  out: Float64Array,
  s: number,
  e: number,
  accel: number,
  max: number,
): boolean {
  out[s] = Number.NaN;
  if (s + 1 >= e) return true;
  // The first direction: short when bar s+1 has a -DM (its low fell more than its high rose), else long.
  const diffP = high[s + 1] - high[s];
  const diffM = low[s] - low[s + 1];
  let isLong = !(diffM > 0 && diffP < diffM);
  let ep = isLong ? high[s + 1] : low[s + 1];
  let sar = isLong ? low[s] : high[s];
  let af = accel;
  let newLow = low[s + 1];
  let newHigh = high[s + 1];
  for (let i = s + 1; i < e; i++) {
    const prevLow = newLow;
    const prevHigh = newHigh;
    newLow = low[i];
    newHigh = high[i];
    if (Number.isNaN(newLow + newHigh)) return false;
    if (isLong) {
      if (newLow <= sar) {
        // Reversal: the SAR jumps to the extreme point, kept outside the last two bars' range.
        isLong = false;
        sar = ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
        out[i] = sar;
        af = accel;
        ep = newLow;
        sar = sar + af * (ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
      } else {
        out[i] = sar;
        if (newHigh > ep) {
          ep = newHigh;
          af += accel;
          if (af > max) af = max;
        }
        sar = sar + af * (ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
      }
    } else if (newHigh >= sar) {
      isLong = true;
      sar = ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
      out[i] = sar;
      af = accel;
      ep = newHigh;
      sar = sar + af * (ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
    } else {
      out[i] = sar;
      if (newLow < ep) {
        ep = newLow;
        af += accel;
        if (af > max) af = max;
      }
      sar = sar + af * (ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < newHigh) sar = newHigh;
    }
  }
  return true;
}

// TA-Lib SAR (Wilder's Parabolic SAR): first value at index 1, the first direction from bar 1's -DM,
// the acceleration factor starting at accel and growing by accel per new extreme up to max (an accel
// above max is lowered to max, as TA-Lib). The value at bar t is that bar's stop, computed at t-1; on a
// reversal bar it is the new stop on the other side (the extreme point, kept outside bars t-1 and t).
export function sar(high: Float64Array, low: Float64Array, accel: number, max: number): Float64Array {
  const len = high.length;
  if (!(accel > 0 && max > 0 && Number.isFinite(accel + max))) return nans(len);
  const a = Math.min(accel, max);
  const out = new Float64Array(len);
  byRuns([out], [high, low], (s, e) => sarRun(high, low, out, s, e, a, max));
  return out;
}
