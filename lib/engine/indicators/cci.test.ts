import { describe, expect, it } from 'vitest';
import { CCI_DIRECT_MAX, cci } from './cci';
import { expectSeries, firstValue, makeBars, randomWalk } from './test-helpers';

const NaN_ = Number.NaN;

/** TA-Lib CCI recomputed from scratch for every window (NaN if the window holds a NaN). */
function refCci(h: Float64Array, l: Float64Array, c: Float64Array, n: number): Float64Array {
  const tp = h.map((x, i) => (x + l[i] + c[i]) / 3);
  const out = new Float64Array(c.length).fill(NaN_);
  for (let t = n - 1; t < c.length; t++) {
    const w = Array.from(tp.subarray(t - n + 1, t + 1));
    if (w.some(Number.isNaN)) continue;
    const mean = w.reduce((a, b) => a + b, 0) / n;
    const dev = w.reduce((a, b) => a + Math.abs(b - mean), 0) / n;
    out[t] = dev === 0 ? 0 : (tp[t] - mean) / (0.015 * dev);
  }
  return out;
}

describe('cci against a naive reference', () => {
  const bars = makeBars(2500, 41, [900, 904]);
  // Both paths: the direct loop (n <= CCI_DIRECT_MAX) and the rank tree, over several of its blocks.
  for (const n of [1, 2, 20, CCI_DIRECT_MAX, CCI_DIRECT_MAX + 1, 250]) {
    it(`period ${n}`, () => {
      const out = cci(bars.high, bars.low, bars.close, n);
      expectSeries(out, refCci(bars.high, bars.low, bars.close, n), 1e-9, 1, 1500);
    });
  }
  it('stays accurate on prices near 1e6 with tiny moves (rank tree path)', () => {
    const p = randomWalk(1500, 42, 1e6, 1e-7);
    const n = CCI_DIRECT_MAX + 40;
    expectSeries(cci(p, p, p, n), refCci(p, p, p, n), 1e-6, 1, 1000);
  });
});

describe('cci on hand-computed values (h = l = c)', () => {
  it('1,2,3,10 with n=3: mean 2, deviation 2/3 -> 1/(0.015*2/3) = 100; mean 5, deviation 10/3 -> 100', () => {
    const p = Float64Array.of(1, 2, 3, 10);
    expectSeries(cci(p, p, p, 3), [NaN_, NaN_, 100, 100], 1e-12);
  });
  it('4,1,1,1 with n=3: mean 2, deviation 4/3 -> -1/0.02 = -50; then a flat window -> 0', () => {
    const p = Float64Array.of(4, 1, 1, 1);
    expectSeries(cci(p, p, p, 3), [NaN_, NaN_, -50, 0], 1e-12);
  });
});

describe('cci: NaN, constant, period 1, long periods', () => {
  it('a constant (even 0.1, whose mean does not round back exactly) gives exactly 0', () => {
    for (const n of [5, CCI_DIRECT_MAX + 1]) {
      const p = new Float64Array(400).fill(0.1);
      const out = cci(p, p, p, n);
      expect(firstValue(out)).toBe(n - 1);
      expect(Array.from(out.subarray(n - 1)).every((v) => v === 0)).toBe(true);
    }
  });
  it('a flat stretch inside moving data gives exactly 0 on its full windows', () => {
    const p = randomWalk(300, 43);
    p.fill(p[100], 100, 200);
    for (const n of [10, CCI_DIRECT_MAX + 1]) {
      const out = cci(p, p, p, n);
      for (let i = 100 + n - 1; i < 200; i++) expect(out[i]).toBe(0);
    }
  });
  it('all-NaN in gives all NaN; period 1 gives 0; a period longer than the data gives all NaN', () => {
    const nan = new Float64Array(30).fill(NaN_);
    expect(firstValue(cci(nan, nan, nan, 5))).toBe(30);
    const b = makeBars(100, 44);
    expect(Array.from(cci(b.high, b.low, b.close, 1)).every((v) => v === 0)).toBe(true);
    expect(firstValue(cci(b.high, b.low, b.close, 101))).toBe(100);
  });
});
