import { describe, expect, it } from 'vitest';
import { donchian, ichimoku, keltner } from './channels';
import { expectSeries, firstValue, makeBars, perRun } from './test-helpers';

const NaN_ = Number.NaN;

/** TA-Lib EMA on one run: the mean of the first n values at n-1, then prev + 2/(n+1) * (x - prev). */
function refEmaRun(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN_);
  let prev = 0;
  for (let t = 0; t < x.length; t++) {
    if (t < n) prev += x[t] / n;
    else prev += (2 / (n + 1)) * (x[t] - prev);
    if (t >= n - 1) out[t] = prev;
  }
  return out;
}

/** Highest high / lowest low of bars t-n+1..t by scanning the window (NaN if it touches a NaN). */
function refWindow(h: Float64Array, l: Float64Array, n: number): { hi: Float64Array; lo: Float64Array } {
  const hi = new Float64Array(h.length).fill(NaN_);
  const lo = new Float64Array(h.length).fill(NaN_);
  for (let t = n - 1; t < h.length; t++) {
    const wh = Array.from(h.subarray(t - n + 1, t + 1));
    const wl = Array.from(l.subarray(t - n + 1, t + 1));
    if ([...wh, ...wl].some(Number.isNaN)) continue;
    hi[t] = Math.max(...wh);
    lo[t] = Math.min(...wl);
  }
  return { hi, lo };
}

const midOf = (h: Float64Array, l: Float64Array, n: number) => {
  const { hi, lo } = refWindow(h, l, n);
  return hi.map((v, i) => (v + lo[i]) / 2);
};

const bars = makeBars(700, 81, [300, 304]);
const { high, low, close } = bars;

describe('keltner against a reference loop (NaN gap at 300..303)', () => {
  for (const [n, mult] of [
    [1, 1],
    [2, 2],
    [20, 2],
    [50, 1.5],
  ] as const) {
    it(`n ${n}, mult ${mult}`, () => {
      // The source is the open with its own gap, so mid and bands restart at different bars.
      const src = bars.open.slice();
      src.fill(NaN_, 100, 102);
      const [mid, up, lo] = keltner(src, high, low, close, n, mult);
      const [rmid] = perRun([src], 1, ([x]) => [refEmaRun(x, n)]);
      const [rw] = perRun([high, low, close], 1, ([h, l, c]) => {
        const trs = new Float64Array(c.length);
        for (let t = 1; t < c.length; t++)
          trs[t] = Math.max(h[t] - l[t], Math.abs(h[t] - c[t - 1]), Math.abs(l[t] - c[t - 1]));
        const w = refEmaRun(trs.subarray(1), n);
        return [[NaN_, ...w]];
      });
      expectSeries(mid, rmid, 1e-9, 1, 500);
      expectSeries(
        up,
        rmid.map((m, i) => m + mult * rw[i]),
        1e-9,
        1,
        500,
      );
      expectSeries(
        lo,
        rmid.map((m, i) => m - mult * rw[i]),
        1e-9,
        1,
        500,
      );
    });
  }
  it('mid from n-1, bands from n (true range has no value on the first bar)', () => {
    const [mid, up, lo] = keltner(close, high, low, close, 20, 2);
    expect([firstValue(mid), firstValue(up), firstValue(lo)]).toEqual([19, 20, 20]);
  });
});

describe('keltner on hand-computed values (n = 2, mult = 1)', () => {
  // mid: 10.5, then 10.5 + 2/3 * 2.5 = 73/6, then 73/6 + 2/3 * (12 - 73/6) = 217/18.
  // true range: 1.5, 2.5, 1.5 -> EMA 2 at bar 2, 2 + 2/3 * (1.5 - 2) = 5/3 at bar 3.
  it('bands 73/6 ± 2, then 217/18 ± 5/3', () => {
    const h = Float64Array.of(10.5, 11.5, 13.5, 12.5);
    const l = Float64Array.of(9.5, 10.5, 12, 11.5);
    const c = Float64Array.of(10, 11, 13, 12);
    const [mid, up, lo] = keltner(c, h, l, c, 2, 1);
    expectSeries(mid, [NaN_, 10.5, 73 / 6, 217 / 18], 1e-14);
    expectSeries(up, [NaN_, NaN_, 73 / 6 + 2, 217 / 18 + 5 / 3], 1e-14);
    expectSeries(lo, [NaN_, NaN_, 73 / 6 - 2, 217 / 18 - 5 / 3], 1e-14);
  });
});

describe('donchian', () => {
  for (const n of [1, 2, 20, 55]) {
    it(`against scanning the window, n ${n} (NaN gap)`, () => {
      const [mid, up, lo] = donchian(high, low, n);
      const { hi, lo: rlo } = refWindow(high, low, n);
      expectSeries(up, hi, 0, 1, 550);
      expectSeries(lo, rlo, 0, 1, 550);
      expectSeries(mid, midOf(high, low, n), 1e-15, 1, 550);
    });
  }
  it('hand-computed (n = 3): upper 7, 7, 8; lower 2, 2, 2; mid 4.5, 4.5, 5', () => {
    const [mid, up, lo] = donchian(Float64Array.of(5, 7, 6, 4, 8), Float64Array.of(3, 4, 2, 3, 5), 3);
    expectSeries(up, [NaN_, NaN_, 7, 7, 8], 0);
    expectSeries(lo, [NaN_, NaN_, 2, 2, 2], 0);
    expectSeries(mid, [NaN_, NaN_, 4.5, 4.5, 5], 0);
  });
  it('includes the current bar (TradingView): a breakout is close > upper[1], not close > upper', () => {
    const [, up] = donchian(high, low, 20);
    for (let i = 19; i < 300; i++) expect(up[i]).toBeGreaterThanOrEqual(high[i]);
  });
});

describe('ichimoku', () => {
  /** The TradingView script written out: Donchian midlines, spans shifted disp - 1 bars, chikou = close. */
  function refIchimoku(conv: number, base: number, span: number, disp: number) {
    const tenkan = midOf(high, low, conv);
    const kijun = midOf(high, low, base);
    const lead2 = midOf(high, low, span);
    const a = new Float64Array(close.length).fill(NaN_);
    const b = new Float64Array(close.length).fill(NaN_);
    for (let t = disp - 1; t < close.length; t++) {
      a[t] = (tenkan[t - disp + 1] + kijun[t - disp + 1]) / 2;
      b[t] = lead2[t - disp + 1];
    }
    return [tenkan, kijun, a, b, close];
  }
  const sets: [number, number, number, number][] = [
    [9, 26, 52, 26],
    [2, 3, 4, 1],
    [20, 60, 120, 30],
  ];
  for (const p of sets) {
    it(`against the script written out, ${p.join(', ')} (NaN gap)`, () => {
      const got = ichimoku(high, low, close, ...p);
      const want = refIchimoku(...p);
      for (let j = 0; j < 5; j++) expectSeries(got[j], want[j], 1e-15, 1, 400);
    });
  }
  it('hand-computed (2, 3, 4, disp 2: the spans lag one bar)', () => {
    const h = Float64Array.of(10, 12, 11, 13, 15, 14);
    const l = Float64Array.of(8, 9, 9, 10, 12, 13);
    const c = Float64Array.of(9, 11, 10, 12, 14, 13.5);
    const [tenkan, kijun, a, b, chikou] = ichimoku(h, l, c, 2, 3, 4, 2);
    expectSeries(tenkan, [NaN_, 10, 10.5, 11, 12.5, 13.5], 0);
    expectSeries(kijun, [NaN_, NaN_, 10, 11, 12, 12.5], 0);
    expectSeries(a, [NaN_, NaN_, NaN_, 10.25, 11, 12.25], 0);
    expectSeries(b, [NaN_, NaN_, NaN_, NaN_, 10.5, 12], 0);
    expectSeries(chikou, c, 0);
  });
  it('the cloud at bar t was known at bar t - 25 (default displacement 26, as TradingView draws it)', () => {
    const [tenkan, kijun, a] = ichimoku(high, low, close, 9, 26, 52, 26);
    expect(firstValue(a)).toBe(25 + 25);
    for (const t of [60, 200, 650]) expect(a[t]).toBe((tenkan[t - 25] + kijun[t - 25]) / 2);
  });
  it('bad periods give all NaN', () => {
    for (const out of ichimoku(high, low, close, 9, 0, 52, 26)) expect(firstValue(out)).toBe(700);
  });
});
