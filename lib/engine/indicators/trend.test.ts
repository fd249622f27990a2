import { describe, expect, it } from 'vitest';
import { expectSeries, firstValue, makeBars, perRun } from './test-helpers';
import { adx, dmi } from './trend';

const NaN_ = Number.NaN;

/** TA-Lib ADX written out step by step on one run of defined bars (k = position in the run). */
function refAdxRun(h: number[], l: number[], c: number[], n: number): number[] {
  const out = h.map(() => NaN_);
  let pdm = 0;
  let mdm = 0;
  let trs = 0;
  const dxs: number[] = [];
  let adxv = NaN_;
  for (let k = 1; k < h.length; k++) {
    const up = h[k] - h[k - 1];
    const down = l[k - 1] - l[k];
    const plus = up > 0 && up > down ? up : 0;
    const minus = down > 0 && up < down ? down : 0;
    const range = Math.max(h[k] - l[k], Math.abs(h[k] - c[k - 1]), Math.abs(l[k] - c[k - 1]));
    if (k < n) {
      pdm += plus;
      mdm += minus;
      trs += range;
      continue;
    }
    pdm = pdm - pdm / n + plus;
    mdm = mdm - mdm / n + minus;
    trs = trs - trs / n + range;
    const pdi = trs === 0 ? 0 : (100 * pdm) / trs;
    const mdi = trs === 0 ? 0 : (100 * mdm) / trs;
    const dx = trs === 0 || pdi + mdi === 0 ? null : (100 * Math.abs(pdi - mdi)) / (pdi + mdi);
    if (k < 2 * n - 1) dxs.push(dx ?? 0);
    else if (k === 2 * n - 1) {
      dxs.push(dx ?? 0);
      adxv = dxs.reduce((a, b) => a + b, 0) / n;
    } else if (dx !== null) adxv = (adxv * (n - 1) + dx) / n;
    if (k >= 2 * n - 1) out[k] = adxv;
  }
  return out;
}

function refAdx(h: Float64Array, l: Float64Array, c: Float64Array, n: number): Float64Array {
  const out = new Float64Array(c.length).fill(NaN_);
  let t = 0;
  while (t < c.length) {
    if ([h[t], l[t], c[t]].some(Number.isNaN)) {
      t++;
      continue;
    }
    let e = t;
    while (e < c.length && ![h[e], l[e], c[e]].some(Number.isNaN)) e++;
    const seg = refAdxRun(
      Array.from(h.subarray(t, e)),
      Array.from(l.subarray(t, e)),
      Array.from(c.subarray(t, e)),
      n,
    );
    out.set(seg, t);
    t = e;
  }
  return out;
}

describe('adx against a step-by-step reference (NaN gap at 250..252)', () => {
  const bars = makeBars(600, 61, [250, 253]);
  for (const n of [1, 2, 5, 14, 30]) {
    it(`period ${n}`, () => {
      const { high, low, close } = bars;
      expectSeries(adx(high, low, close, n), refAdx(high, low, close, n), 1e-9, 1, 400);
    });
  }
  it('re-seeds after the gap: first value again 2n-1 bars after it', () => {
    const out = adx(bars.high, bars.low, bars.close, 14);
    expect(firstValue(out)).toBe(27);
    expect(Number.isNaN(out[253 + 26])).toBe(true);
    expect(Number.isNaN(out[253 + 27])).toBe(false);
  });
});

describe('adx on hand-computed values (n = 2)', () => {
  // bar1: +DM 2, TR 2.5 (seed sums). bar2: -DM 1, TR 2 -> +DM 1, -DM 1, TR 3.25 -> DX 0.
  // bar3: +DM 3, TR 4 -> +DM 3.5, -DM 0.5, TR 5.625 -> DX 100*3/4 = 75; ADX = (0 + 75)/2 = 37.5.
  // bar4: no DM, TR 1 -> +DM 1.75, -DM 0.25 -> DX 100*1.5/2 = 75; ADX = (37.5 + 75)/2 = 56.25.
  it('37.5 then 56.25', () => {
    const h = Float64Array.of(10, 12, 11, 14, 13);
    const l = Float64Array.of(9, 10, 9, 11, 12);
    const c = Float64Array.of(9.5, 11, 10, 13, 12.5);
    expectSeries(adx(h, l, c, 2), [NaN_, NaN_, NaN_, 37.5, 56.25], 1e-14);
  });
});

describe('adx: NaN, constant, period 1, long periods', () => {
  it('a constant series has no directional movement: ADX 0 (DX skipped where TR is 0, as TA-Lib)', () => {
    const c = new Float64Array(60).fill(50);
    const out = adx(c, c, c, 14);
    expect(firstValue(out)).toBe(27);
    expect(Array.from(out.subarray(27)).every((v) => v === 0)).toBe(true);
  });
  it('all-NaN in gives all NaN; a period whose warm-up exceeds the data gives all NaN', () => {
    const nan = new Float64Array(40).fill(NaN_);
    expect(firstValue(adx(nan, nan, nan, 3))).toBe(40);
    const b = makeBars(40, 62);
    expect(firstValue(adx(b.high, b.low, b.close, 20))).toBe(39);
    expect(firstValue(adx(b.high, b.low, b.close, 21))).toBe(40);
  });
});

/** TA-Lib PLUS_DI / MINUS_DI step by step on one run: sums of the first n-1 bars, then Wilder; 0 where TR is 0. */
function refDiRun(h: Float64Array, l: Float64Array, c: Float64Array, n: number): Float64Array[] {
  const plus = new Float64Array(h.length).fill(NaN_);
  const minus = new Float64Array(h.length).fill(NaN_);
  let pdm = 0;
  let mdm = 0;
  let trs = 0;
  for (let k = 1; k < h.length; k++) {
    const up = h[k] - h[k - 1];
    const down = l[k - 1] - l[k];
    const p = up > 0 && up > down ? up : 0;
    const m = down > 0 && down > up ? down : 0;
    const range = Math.max(h[k] - l[k], Math.abs(h[k] - c[k - 1]), Math.abs(l[k] - c[k - 1]));
    if (k < n) {
      pdm += p;
      mdm += m;
      trs += range;
      continue;
    }
    pdm = pdm - pdm / n + p;
    mdm = mdm - mdm / n + m;
    trs = trs - trs / n + range;
    plus[k] = trs === 0 ? 0 : (100 * pdm) / trs;
    minus[k] = trs === 0 ? 0 : (100 * mdm) / trs;
  }
  return [plus, minus];
}

describe('dmi: +DI and -DI against a step-by-step reference, ADX = adx() (NaN gap at 250..252)', () => {
  const bars = makeBars(600, 63, [250, 253]);
  const { high, low, close } = bars;
  for (const n of [1, 2, 5, 14, 30]) {
    it(`period ${n}`, () => {
      const [pdi, mdi, a] = dmi(high, low, close, n);
      const [rp, rm] = perRun([high, low, close], 2, ([h, l, c]) => refDiRun(h, l, c, n));
      expectSeries(pdi, rp, 1e-9, 1, 500);
      expectSeries(mdi, rm, 1e-9, 1, 500);
      expect(Array.from(a)).toEqual(Array.from(adx(high, low, close, n)));
      // Both lines lead at times, so a +DI/-DI crossover system has something to trade.
      let plusLeads = 0;
      for (let i = 0; i < pdi.length; i++) if (pdi[i] > mdi[i]) plusLeads++;
      expect(plusLeads).toBeGreaterThan(100);
      expect(plusLeads).toBeLessThan(500);
    });
  }
  it('+DI/-DI start at n, ADX at 2n-1; a run too short for the ADX still has DIs', () => {
    const [pdi, mdi, a] = dmi(high, low, close, 14);
    expect([firstValue(pdi), firstValue(mdi), firstValue(a)]).toEqual([14, 14, 27]);
    expect(Number.isNaN(pdi[253 + 13])).toBe(true);
    expect(Number.isNaN(pdi[253 + 14])).toBe(false);
    const short = makeBars(20, 64);
    const [sp, , sa] = dmi(short.high, short.low, short.close, 14);
    expect(firstValue(sp)).toBe(14);
    expect(firstValue(sa)).toBe(20);
  });
});

describe('dmi on hand-computed values (n = 2, the bars of the ADX example)', () => {
  // Smoothed (+DM, -DM, TR): bar2 (1, 1, 3.25), bar3 (3.5, 0.5, 5.625), bar4 (1.75, 0.25, 3.8125).
  it('+DI 100/3.25, 350/5.625, 175/3.8125; -DI 100/3.25, 50/5.625, 25/3.8125', () => {
    const h = Float64Array.of(10, 12, 11, 14, 13);
    const l = Float64Array.of(9, 10, 9, 11, 12);
    const c = Float64Array.of(9.5, 11, 10, 13, 12.5);
    const [pdi, mdi, a] = dmi(h, l, c, 2);
    expectSeries(pdi, [NaN_, NaN_, 100 / 3.25, 350 / 5.625, 175 / 3.8125], 1e-14);
    expectSeries(mdi, [NaN_, NaN_, 100 / 3.25, 50 / 5.625, 25 / 3.8125], 1e-14);
    expectSeries(a, [NaN_, NaN_, NaN_, 37.5, 56.25], 1e-14);
  });
  it('a constant series: +DI and -DI are 0 (TR 0, as TA-Lib)', () => {
    const c = new Float64Array(40).fill(50);
    const [pdi, mdi] = dmi(c, c, c, 14);
    expect(Array.from(pdi.subarray(14)).every((v) => v === 0)).toBe(true);
    expect(Array.from(mdi.subarray(14)).every((v) => v === 0)).toBe(true);
  });
});
