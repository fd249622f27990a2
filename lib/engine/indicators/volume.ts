// Volume: obv, vwap.
import { byRuns } from './util';

const DAY_MS = 86_400_000;

function obvRun(close: Float64Array, volume: Float64Array, out: Float64Array, s: number, e: number) {
  let acc = volume[s];
  out[s] = acc;
  for (let i = s + 1; i < e; i++) {
    const c = close[i];
    const p = close[i - 1];
    const v = volume[i];
    if (Number.isNaN(c + v)) return false;
    if (c > p) acc += v;
    else if (c < p) acc -= v;
    out[i] = acc;
  }
  return true;
}

// TA-Lib OBV: starts at volume[0], then adds the volume on an up close and subtracts it on a down close.
export function obv(close: Float64Array, volume: Float64Array): Float64Array {
  const out = new Float64Array(close.length);
  byRuns([out], [close, volume], (s, e) => obvRun(close, volume, out, s, e));
  return out;
}

function vwapRun(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  time: Float64Array,
  out: Float64Array,
  s: number,
  e: number,
): boolean {
  let day = Number.NaN;
  let pv = 0;
  let vol = 0;
  let bars = 0;
  for (let i = s; i < e; i++) {
    const d = Math.floor(time[i] / DAY_MS);
    if (d !== day) {
      day = d;
      pv = 0;
      vol = 0;
      bars = 0;
    }
    const tp = (high[i] + low[i] + close[i]) / 3;
    const v = volume[i];
    if (Number.isNaN(tp + v)) return false;
    pv += tp * v;
    vol += v;
    bars++;
    // A session's first bar is exactly hlc3 (tp*v/v can be off by one ulp).
    out[i] = vol === 0 ? Number.NaN : bars === 1 ? tp : pv / vol;
  }
  return true;
}

// Pine ta.vwap(hlc3) with the default session anchor: cumulative sum(hlc3*volume)/sum(volume) restarted
// at each UTC calendar day; so on daily or coarser bars it equals hlc3. NaN while the session volume is 0.
export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  time: Float64Array,
): Float64Array {
  const out = new Float64Array(close.length);
  byRuns([out], [high, low, close, volume], (s, e) => vwapRun(high, low, close, volume, time, out, s, e));
  return out;
}
