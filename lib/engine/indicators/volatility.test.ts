import { describe, expect, it } from 'vitest';
import { rma } from './ma';
import { expectSeries, firstValue, makeBars, randomWalk, rng, withGap } from './test-helpers';
import { atr, bb, stdev, tr } from './volatility';

const NaN_ = Number.NaN;

function refTr(h: Float64Array, l: Float64Array, c: Float64Array): Float64Array {
  const out = new Float64Array(c.length).fill(NaN_);
  for (let t = 1; t < c.length; t++) {
    const vals = [h[t], l[t], c[t], h[t - 1], l[t - 1], c[t - 1]];
    if (vals.some(Number.isNaN)) continue;
    out[t] = Math.max(h[t] - l[t], Math.abs(h[t] - c[t - 1]), Math.abs(l[t] - c[t - 1]));
  }
  return out;
}

/** TA-Lib ATR step by step: mean of the first n true ranges, then (prev*(n-1) + tr)/n; restarts on NaN. */
function refAtr(h: Float64Array, l: Float64Array, c: Float64Array, n: number): Float64Array {
  const trs = refTr(h, l, c);
  const out = new Float64Array(c.length).fill(NaN_);
  let k = 0;
  let prev = 0;
  for (let t = 0; t < c.length; t++) {
    if (Number.isNaN(trs[t])) {
      k = 0;
      continue;
    }
    k++;
    if (k < n) continue;
    if (k === n) {
      prev = 0;
      for (let j = t - n + 1; j <= t; j++) prev += trs[j] / n;
    } else prev = (prev * (n - 1) + trs[t]) / n;
    out[t] = prev;
  }
  return out;
}

/** Two-pass population standard deviation and mean of every window. */
function refStd(src: Float64Array, n: number): { sd: Float64Array; mean: Float64Array } {
  const sd = new Float64Array(src.length).fill(NaN_);
  const mean = new Float64Array(src.length).fill(NaN_);
  for (let t = n - 1; t < src.length; t++) {
    const w = Array.from(src.subarray(t - n + 1, t + 1));
    if (w.some(Number.isNaN)) continue;
    const m = w.reduce((a, b) => a + b, 0) / n;
    mean[t] = m;
    sd[t] = Math.sqrt(w.reduce((a, b) => a + (b - m) * (b - m), 0) / n);
  }
  return { sd, mean };
}

const bars = makeBars(500, 51, [200, 204]);
const walk = withGap(randomWalk(500, 52), 100, 103);

describe('volatility kernels against naive references (NaN gaps)', () => {
  it('tr', () => {
    expectSeries(tr(bars.high, bars.low, bars.close), refTr(bars.high, bars.low, bars.close), 1e-12, 1, 450);
  });
  for (const n of [1, 2, 14, 40]) {
    it(`atr, stdev, bb with period ${n}`, () => {
      const { high, low, close } = bars;
      expectSeries(atr(high, low, close, n), refAtr(high, low, close, n), 1e-9, 1, 300);
      const ref = refStd(walk, n);
      expectSeries(stdev(walk, n), ref.sd, 1e-9, 1, 300);
      const [mid, upper, lower] = bb(walk, n, 2.5);
      expectSeries(mid, ref.mean, 1e-9, 1, 300);
      expectSeries(
        upper,
        ref.mean.map((m, i) => m + 2.5 * ref.sd[i]),
        1e-9,
      );
      expectSeries(
        lower,
        ref.mean.map((m, i) => m - 2.5 * ref.sd[i]),
        1e-9,
      );
    });
  }
});

describe('atr in one pass', () => {
  // Data without gaps takes the one-pass path; it must give rma(tr) bit for bit, and TA-Lib's values.
  const clean = makeBars(600, 21);
  for (const n of [2, 14, 40]) {
    it(`atr(${n}) on data without NaN: the values of rma(tr), exactly, and of the reference`, () => {
      const { high, low, close } = clean;
      const got = atr(high, low, close, n);
      expect(Array.from(got)).toEqual(Array.from(rma(tr(high, low, close), n)));
      expectSeries(got, refAtr(high, low, close, n), 1e-9, 1, 500);
    });
  }
  it('leading NaNs shift the start; a NaN later makes it restart as the reference does', () => {
    const { high, low, close } = clean;
    const lead = withGap(high, 0, 7);
    expect(firstValue(atr(lead, low, close, 14))).toBe(7 + 14);
    expectSeries(atr(lead, low, close, 14), refAtr(lead, low, close, 14), 1e-9, 1, 500);
    const hole = withGap(close, 300, 301);
    expectSeries(atr(high, low, hole, 14), refAtr(high, low, hole, 14), 1e-9, 1, 500);
  });
});

describe('volatility kernels on hand-computed values', () => {
  const h = Float64Array.of(10, 15, 11, 13);
  const l = Float64Array.of(8, 12, 9, 12);
  const c = Float64Array.of(9, 14, 10, 12.5);
  it('tr: max(3, |15-9|, |12-9|) = 6; max(2, |11-14|, |9-14|) = 5; max(1, |13-10|, |12-10|) = 3', () => {
    expectSeries(tr(h, l, c), [NaN_, 6, 5, 3], 0);
  });
  it('atr(2): first at index 2 = (6+5)/2 = 5.5; then (5.5*1 + 3)/2 = 4.25', () => {
    expectSeries(atr(h, l, c, 2), [NaN_, NaN_, 5.5, 4.25], 1e-15);
  });
  const x = Float64Array.of(2, 4, 4, 4, 5, 5, 7, 9);
  it('stdev(8) of 2,4,4,4,5,5,7,9 = 2 (mean 5, variance 4); stdev(3) of 2,4,4 = sqrt(8/9)', () => {
    expect(stdev(x, 8)[7]).toBeCloseTo(2, 14);
    expect(stdev(x, 3)[2]).toBeCloseTo(Math.sqrt(8 / 9), 14);
    expect(stdev(x, 3)[3]).toBe(0); // 4,4,4
  });
  it('bb(8, 2) at the last bar: mid 5, upper 5 + 2*2 = 9, lower 1', () => {
    const [mid, upper, lower] = bb(x, 8, 2);
    expect([mid[7], upper[7], lower[7]].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([5, 9, 1]);
    expect(firstValue(mid)).toBe(7);
  });
});

describe('stdev / bb are numerically stable near 1e6', () => {
  const r = rng(53);
  const len = 3000;
  // Variance ~1e-4 around 1e6: a sum-of-squares formula loses every digit here.
  const noisy = Float64Array.from({ length: len }, () => 1e6 + (r() - 0.5) * 0.035);
  const trending = Float64Array.from({ length: len }, (_, i) => 1e6 + i * 1e-3 + (r() - 0.5) * 0.035);
  for (const [name, src] of [
    ['noise', noisy],
    ['trend', trending],
  ] as const) {
    it(`${name}: matches a two-pass reference to 1e-6 relative`, () => {
      for (const n of [5, 20, 300]) {
        const ref = refStd(src, n);
        const sd = stdev(src, n);
        let worst = 0;
        for (let i = n - 1; i < len; i++) worst = Math.max(worst, Math.abs(sd[i] - ref.sd[i]) / ref.sd[i]);
        expect(worst).toBeLessThan(1e-6);
        const [mid, upper] = bb(src, n, 2);
        for (let i = n - 1; i < len; i += 97) {
          expect(Math.abs(mid[i] - ref.mean[i]) / ref.mean[i]).toBeLessThan(1e-12);
          expect(Math.abs(upper[i] - mid[i] - 2 * ref.sd[i]) / ref.sd[i]).toBeLessThan(1e-6);
        }
      }
    });
  }
});

describe('volatility kernels: NaN, constant, period 1, long periods', () => {
  it('stdev of a constant is exactly 0 and the bands collapse on it', () => {
    const c = new Float64Array(100).fill(1234567.891);
    expect(Array.from(stdev(c, 20).subarray(19)).every((v) => v === 0)).toBe(true);
    const [mid, upper, lower] = bb(c, 20, 2);
    for (let i = 19; i < 100; i++) expect([mid[i], upper[i], lower[i]]).toEqual([c[i], c[i], c[i]]);
    const flatHlc = tr(c, c, c);
    expect(Array.from(atr(c, c, c, 5).subarray(5)).every((v) => v === 0)).toBe(true);
    expect(firstValue(flatHlc)).toBe(1);
  });
  it('all-NaN input gives all NaN', () => {
    const nan = new Float64Array(30).fill(NaN_);
    for (const out of [tr(nan, nan, nan), atr(nan, nan, nan, 3), stdev(nan, 3), ...bb(nan, 3, 2)])
      expect(firstValue(out)).toBe(30);
  });
  it('period 1: atr is tr, stdev is 0, bb is the source', () => {
    const { high, low, close } = bars;
    expectSeries(atr(high, low, close, 1), tr(high, low, close), 0);
    const sd = stdev(walk, 1);
    expectSeries(
      sd,
      walk.map((v) => (Number.isNaN(v) ? NaN_ : 0)),
      0,
    );
    for (const out of bb(walk, 1, 2)) expectSeries(out, walk, 1e-14);
  });
  it('a period longer than the data gives all NaN', () => {
    const { high, low, close } = bars;
    for (const out of [atr(high, low, close, 500), stdev(walk, 501), ...bb(walk, 501, 2)])
      expect(firstValue(out)).toBe(500);
  });
});
