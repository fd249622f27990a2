import { describe, expect, it } from 'vitest';
import { expectSeries, firstValue, makeBars } from './test-helpers';
import { obv, vwap } from './volume';

const NaN_ = Number.NaN;
const DAY = 86_400_000;

function refObv(c: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(c.length).fill(NaN_);
  let acc = NaN_;
  for (let t = 0; t < c.length; t++) {
    if (Number.isNaN(c[t]) || Number.isNaN(v[t])) {
      acc = NaN_;
      continue;
    }
    if (Number.isNaN(acc)) acc = v[t];
    else if (c[t] > c[t - 1]) acc += v[t];
    else if (c[t] < c[t - 1]) acc -= v[t];
    out[t] = acc;
  }
  return out;
}

/** For each bar, sums hlc3*volume back to the start of its UTC day (or the last NaN bar). */
function refVwap(h: Float64Array, l: Float64Array, c: Float64Array, v: Float64Array, time: Float64Array) {
  const tp = h.map((x, i) => (x + l[i] + c[i]) / 3);
  const out = new Float64Array(c.length).fill(NaN_);
  for (let t = 0; t < c.length; t++) {
    if (Number.isNaN(tp[t]) || Number.isNaN(v[t])) continue;
    let pv = 0;
    let vol = 0;
    const day = Math.floor(time[t] / DAY);
    for (let j = t; j >= 0 && Math.floor(time[j] / DAY) === day && !Number.isNaN(tp[j] + v[j]); j--) {
      pv += tp[j] * v[j];
      vol += v[j];
    }
    out[t] = vol === 0 ? NaN_ : pv / vol;
  }
  return out;
}

describe('obv and vwap against naive references (hourly bars, NaN gap at 100..102)', () => {
  const b = makeBars(500, 71, [100, 103]);
  it('obv', () => {
    expectSeries(obv(b.close, b.volume), refObv(b.close, b.volume), 1e-12, 1, 450);
  });
  it('vwap restarts at each UTC day', () => {
    expectSeries(
      vwap(b.high, b.low, b.close, b.volume, b.time),
      refVwap(b.high, b.low, b.close, b.volume, b.time),
      1e-12,
      1,
      450,
    );
  });
});

describe('obv and vwap on hand-computed values', () => {
  it('obv: starts at volume[0] = 100; +200, unchanged, -400, +500', () => {
    const c = Float64Array.of(10, 11, 11, 9, 12);
    const v = Float64Array.of(100, 200, 300, 400, 500);
    expectSeries(obv(c, v), [100, 300, 300, -100, 400], 0);
  });
  it('vwap: 22:00 10, 23:00 (10*1 + 20*3)/4 = 17.5, next day restarts: 30, (30*2 + 40*2)/4 = 35', () => {
    const t0 = Date.UTC(2024, 2, 1, 22);
    const time = Float64Array.of(t0, t0 + 3_600_000, t0 + 2 * 3_600_000, t0 + 3 * 3_600_000);
    const p = Float64Array.of(10, 20, 30, 40);
    expectSeries(vwap(p, p, p, Float64Array.of(1, 3, 2, 2), time), [10, 17.5, 30, 35], 1e-15);
  });
  it('on daily bars vwap is exactly hlc3; zero volume gives NaN until volume trades', () => {
    const b = makeBars(50, 72);
    const daily = Float64Array.from(b.time, (_, i) => Date.UTC(2020, 0, 1) + i * DAY);
    const out = vwap(b.high, b.low, b.close, b.volume, daily);
    for (let i = 0; i < 50; i++) expect(out[i]).toBe((b.high[i] + b.low[i] + b.close[i]) / 3);
    const t0 = Date.UTC(2024, 0, 1);
    const time = Float64Array.of(t0, t0 + 60_000, t0 + 120_000);
    const p = Float64Array.of(5, 6, 7);
    expectSeries(vwap(p, p, p, Float64Array.of(0, 0, 2), time), [NaN_, NaN_, 7], 0);
  });
});

describe('obv and vwap: NaN and constant input', () => {
  it('all-NaN in gives all NaN', () => {
    const nan = new Float64Array(20).fill(NaN_);
    expect(firstValue(obv(nan, nan))).toBe(20);
    expect(firstValue(vwap(nan, nan, nan, nan, nan))).toBe(20);
  });
  it('a constant close keeps obv at the first volume; a constant price is its own vwap', () => {
    const c = new Float64Array(30).fill(7);
    const v = Float64Array.from({ length: 30 }, (_, i) => i + 1);
    expect(Array.from(obv(c, v)).every((x) => x === 1)).toBe(true);
    const time = Float64Array.from({ length: 30 }, (_, i) => i * 3_600_000);
    for (const x of vwap(c, c, c, v, time)) expect(x).toBeCloseTo(7, 13);
  });
});
