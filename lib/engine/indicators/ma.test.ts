import { describe, expect, it } from 'vitest';
import { ema, hma, rma, sma, vwma, wma } from './ma';
import { expectSeries, firstValue, randomWalk, rng, withGap } from './test-helpers';

// ---- naive references: every window recomputed from scratch, recursive ones step by step ----------

function refSma(src: Float64Array, n: number): Float64Array {
  const out = new Float64Array(src.length).fill(Number.NaN);
  for (let t = n - 1; t < src.length; t++) {
    let sum = 0;
    for (let j = t - n + 1; j <= t; j++) sum += src[j];
    out[t] = sum / n; // NaN when the window holds a NaN
  }
  return out;
}

/** Exponential smoothing that restarts (SMA seed after n defined values) whenever a NaN is met. */
function refSmooth(src: Float64Array, n: number, alpha: number): Float64Array {
  const out = new Float64Array(src.length).fill(Number.NaN);
  let k = 0;
  let prev = 0;
  for (let t = 0; t < src.length; t++) {
    if (Number.isNaN(src[t])) {
      k = 0;
      continue;
    }
    k++;
    if (k === n) {
      let sum = 0;
      for (let j = t - n + 1; j <= t; j++) sum += src[j];
      prev = sum / n;
      out[t] = prev;
    } else if (k > n) {
      prev = alpha * src[t] + (1 - alpha) * prev;
      out[t] = prev;
    }
  }
  return out;
}

function refWma(src: Float64Array, n: number): Float64Array {
  const out = new Float64Array(src.length).fill(Number.NaN);
  for (let t = n - 1; t < src.length; t++) {
    let num = 0;
    let den = 0;
    for (let w = 1; w <= n; w++) {
      num += w * src[t - n + w];
      den += w;
    }
    out[t] = num / den;
  }
  return out;
}

function refHma(src: Float64Array, n: number): Float64Array {
  const a = refWma(src, Math.max(1, Math.floor(n / 2)));
  const b = refWma(src, n);
  return refWma(
    a.map((x, i) => 2 * x - b[i]),
    Math.round(Math.sqrt(n)),
  );
}

function refVwma(src: Float64Array, vol: Float64Array, n: number): Float64Array {
  const out = new Float64Array(src.length).fill(Number.NaN);
  for (let t = n - 1; t < src.length; t++) {
    let pv = 0;
    let v = 0;
    for (let j = t - n + 1; j <= t; j++) {
      pv += src[j] * vol[j];
      v += vol[j];
    }
    out[t] = v === 0 ? Number.NaN : pv / v;
  }
  return out;
}

const walk = withGap(randomWalk(500, 7), 200, 205);
const volume = randomWalk(500, 8, 1000, 0.5);

describe('moving averages against naive references (random walk with a NaN gap at 200..204)', () => {
  for (const n of [1, 2, 5, 14, 50]) {
    it(`period ${n}`, () => {
      expectSeries(sma(walk, n), refSma(walk, n), 1e-9, 1, 300);
      expectSeries(ema(walk, n), refSmooth(walk, n, 2 / (n + 1)), 1e-9, 1, 300);
      expectSeries(rma(walk, n), refSmooth(walk, n, 1 / n), 1e-9, 1, 300);
      expectSeries(wma(walk, n), refWma(walk, n), 1e-9, 1, 300);
      expectSeries(hma(walk, n), refHma(walk, n), 1e-9, 1, 300);
      expectSeries(vwma(walk, volume, n), refVwma(walk, volume, n), 1e-9, 1, 300);
    });
  }

  it('restarts the warm-up after the gap and skips leading NaNs', () => {
    const e = ema(walk, 10);
    expect(firstValue(e)).toBe(9);
    expect(Number.isNaN(e[213])).toBe(true); // 205 + 9 - 1: not yet warmed up again
    expect(e[214]).toBeCloseTo(refSma(walk, 10)[214], 12); // the re-seed is the SMA of 205..214
    const lead = sma(sma(walk, 14), 5);
    expect(firstValue(lead)).toBe(13 + 4);
  });
});

describe('moving averages on hand-computed values', () => {
  const x = Float64Array.of(2, 4, 6, 8, 3);
  it('sma: (2+4+6)/3 = 4, (4+6+8)/3 = 6, (6+8+3)/3 = 17/3', () => {
    expectSeries(sma(x, 3), [Number.NaN, Number.NaN, 4, 6, 17 / 3], 1e-15);
  });
  it('ema: seed 4, alpha 0.5: 4 + .5*(8-4) = 6, 6 + .5*(3-6) = 4.5', () => {
    expectSeries(ema(x, 3), [Number.NaN, Number.NaN, 4, 6, 4.5], 1e-15);
  });
  it('rma: seed 4, alpha 1/3: 4 + 4/3 = 16/3, 16/3 + (3 - 16/3)/3 = 41/9', () => {
    expectSeries(rma(x, 3), [Number.NaN, Number.NaN, 4, 16 / 3, 41 / 9], 1e-15);
  });
  it('wma: (1*1+2*2+3*3)/6 = 14/6, (2+6+12)/6 = 20/6, (3+8+15)/6 = 26/6', () => {
    expectSeries(
      wma(Float64Array.of(1, 2, 3, 4, 5), 3),
      [Number.NaN, Number.NaN, 14 / 6, 20 / 6, 26 / 6],
      1e-15,
    );
  });
  it('hma(4) of 1,2,4,8,16: wma2 = 20/3, 40/3; wma4 = 4.9, 9.8; diff = 253/30, 253/15; wma2 = 1265/90', () => {
    expectSeries(
      hma(Float64Array.of(1, 2, 4, 8, 16), 4),
      [Number.NaN, Number.NaN, Number.NaN, Number.NaN, 1265 / 90],
      1e-14,
    );
  });
  it('vwma: (10*1 + 20*3)/4 = 17.5, (20*3 + 30*0)/3 = 20; all-zero volume is NaN', () => {
    const out = vwma(Float64Array.of(10, 20, 30, 40), Float64Array.of(1, 3, 0, 0), 2);
    expectSeries(out, [Number.NaN, 17.5, 20, Number.NaN], 1e-15);
  });
});

describe('moving averages: NaN, constant, period 1, long periods', () => {
  const all = [sma, ema, rma, wma, hma];
  it('all-NaN input gives all NaN', () => {
    const nan = new Float64Array(50).fill(Number.NaN);
    for (const f of all) expect(Array.from(f(nan, 5)).every(Number.isNaN)).toBe(true);
    expect(Array.from(vwma(nan, nan, 5)).every(Number.isNaN)).toBe(true);
  });
  it('a constant input gives the constant', () => {
    const c = new Float64Array(60).fill(0.1);
    for (const f of all) {
      const out = f(c, 7);
      for (let i = 12; i < 60; i++) expect(out[i]).toBeCloseTo(0.1, 14);
    }
    const v = vwma(c, randomWalk(60, 3), 7);
    for (let i = 6; i < 60; i++) expect(v[i]).toBeCloseTo(0.1, 14);
  });
  it('period 1 returns the input unchanged', () => {
    for (const f of all) expect(Array.from(f(walk, 1))).toEqual(Array.from(walk));
  });
  it('a period longer than the data gives all NaN, without throwing', () => {
    for (const f of [...all, (s: Float64Array, n: number) => vwma(s, volume, n)]) {
      expect(Array.from(f(walk, 501)).every(Number.isNaN)).toBe(true);
      expect(Array.from(f(new Float64Array(0), 5))).toEqual([]);
    }
  });
  it('an invalid period (0, 2.5, NaN) gives all NaN rather than looping or throwing', () => {
    for (const f of all) for (const n of [0, 2.5, Number.NaN, -3]) expect(firstValue(f(walk, n))).toBe(500);
  });
});

describe('sma does not drift over 1M bars', () => {
  it('matches an exact window sum at the end after huge values have left the window', () => {
    const len = 1_000_000;
    const r = rng(11);
    const src = new Float64Array(len);
    // Values near 1e9 for the first half, then near 1: a plain running sum keeps ~1e-3 of residue.
    for (let i = 0; i < len; i++) src[i] = i < len / 2 ? 1e9 * (1 + r()) : 1 + r();
    const n = 20;
    const out = sma(src, n);
    for (const t of [len - 1, len - 2, len - 777]) {
      let exact = 0;
      for (let j = t - n + 1; j <= t; j++) exact += src[j];
      exact /= n;
      expect(Math.abs(out[t] - exact) / exact).toBeLessThan(1e-9);
    }
  });
});
