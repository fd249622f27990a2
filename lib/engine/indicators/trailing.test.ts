import { describe, expect, it } from 'vitest';
import { expectSeries, firstValue, makeBars, perRun, refAtrRun } from './test-helpers';
import { sar, supertrend } from './trailing';

const NaN_ = Number.NaN;

/**
 * Pine's pine_supertrend (the ta.supertrend docs) transliterated, nz() and Pine's direction sign
 * included, on one run; then the sign turned to this library's (+1 up). ATR: TA-Lib, by hand.
 */
function refSupertrendRun(h: Float64Array, l: Float64Array, c: Float64Array, n: number, factor: number) {
  const atr = refAtrRun(h, l, c, n);
  const len = c.length;
  const upper: number[] = [];
  const lower: number[] = [];
  const st: number[] = [];
  const line = new Float64Array(len).fill(NaN_);
  const dir = new Float64Array(len).fill(NaN_);
  const nz = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 0 : x);
  for (let t = 0; t < len; t++) {
    const src = (h[t] + l[t]) / 2;
    let upperBand = src + factor * atr[t];
    let lowerBand = src - factor * atr[t];
    const prevLowerBand = nz(lower[t - 1]);
    const prevUpperBand = nz(upper[t - 1]);
    lowerBand = lowerBand > prevLowerBand || c[t - 1] < prevLowerBand ? lowerBand : prevLowerBand;
    upperBand = upperBand < prevUpperBand || c[t - 1] > prevUpperBand ? upperBand : prevUpperBand;
    let direction: number;
    if (t === 0 || Number.isNaN(atr[t - 1])) direction = 1;
    else if (st[t - 1] === prevUpperBand) direction = c[t] > upperBand ? -1 : 1;
    else direction = c[t] < lowerBand ? 1 : -1;
    const superTrend = direction === -1 ? lowerBand : upperBand;
    upper.push(upperBand);
    lower.push(lowerBand);
    st.push(superTrend);
    if (!Number.isNaN(atr[t])) {
      line[t] = superTrend;
      dir[t] = -direction;
    }
  }
  return [line, dir];
}

describe('supertrend against Pine transliterated (NaN gap at 300..302)', () => {
  const b = makeBars(800, 71, [300, 303]);
  for (const [n, mult] of [
    [1, 1],
    [2, 0.5],
    [10, 3],
    [14, 2],
    [40, 1.5],
  ] as const) {
    it(`n ${n}, mult ${mult}`, () => {
      const [line, dir] = supertrend(b.high, b.low, b.close, n, mult);
      const [rl, rd] = perRun([b.high, b.low, b.close], 2, ([h, l, c]) => refSupertrendRun(h, l, c, n, mult));
      expectSeries(line, rl, 1e-9, 1, 700);
      expectSeries(dir, rd, 0, 1, 700);
      // Both directions occur, and the line sits below the close in an uptrend, above it in a downtrend.
      const ups = Array.from(dir).filter((d) => d === 1).length;
      const downs = Array.from(dir).filter((d) => d === -1).length;
      expect(ups).toBeGreaterThan(50);
      expect(downs).toBeGreaterThan(50);
    });
  }
  it('first value at n, again n bars after the gap', () => {
    const [line, dir] = supertrend(b.high, b.low, b.close, 10, 3);
    expect(firstValue(line)).toBe(10);
    expect(firstValue(dir)).toBe(10);
    expect(Number.isNaN(line[303 + 9])).toBe(true);
    expect(line[303 + 10]).toBeGreaterThan(0);
    expect(dir[303 + 10]).toBe(-1); // a run starts as a downtrend, as in Pine
  });
});

describe('supertrend on hand-computed values (n = 1, mult = 1: ATR = TR)', () => {
  // bar1: TR 2, hl2 10 -> bands 12 / 8; first bar: down, line 12.
  // bar2: TR 2.5, hl2 12 -> 14.5 / 9.5; upper kept at 12 (14.5 is wider, close[1] 10.5 under 12);
  //       was down and close 12.8 > 12 -> up, line = lower 9.5.
  // bar3: TR 1.3, hl2 12 -> 13.3 / 10.7; lower rises to 10.7; close[1] 12.8 > 12 frees the upper to 13.3;
  //       was up, close 12 >= 10.7 -> up, line 10.7.
  // bar4: TR 3, hl2 10 -> 13 / 7; lower kept at 10.7; upper tightens to 13; close 9.5 < 10.7 -> down, line 13.
  it('12, 9.5, 10.7, 13 with directions -1, 1, 1, -1', () => {
    const h = Float64Array.of(10, 11, 13, 12.5, 11);
    const l = Float64Array.of(8, 9, 11, 11.5, 9);
    const c = Float64Array.of(9, 10.5, 12.8, 12, 9.5);
    const [line, dir] = supertrend(h, l, c, 1, 1);
    expectSeries(line, [NaN_, 12, 9.5, 10.7, 13], 1e-14);
    expectSeries(dir, [NaN_, -1, 1, 1, -1], 0);
  });
  it('ties stay in the trend: a close equal to the band does not flip it (Pine: > and <)', () => {
    const h = Float64Array.of(10, 11, 13, 12.5, 11);
    const l = Float64Array.of(8, 9, 11, 11.5, 9);
    // bar2: close exactly on the upper band 12 -> still down, line 12 (the upper band).
    const [line, dir] = supertrend(h, l, Float64Array.of(9, 10.5, 12, 12, 9.5), 1, 1);
    expect([line[2], dir[2]]).toEqual([12, -1]);
    // bar3 in an uptrend (close 12.8 at bar 2 flipped it): close exactly on the lower band 10.7 -> still up.
    const [line2, dir2] = supertrend(h, l, Float64Array.of(9, 10.5, 12.8, 10.7, 9.5), 1, 1);
    expect(dir2[2]).toBe(1);
    expect(line2[3]).toBeCloseTo(10.7, 12);
    expect(dir2[3]).toBe(1);
  });
  it('a period that is not a whole number >= 1 gives all NaN', () => {
    const b = makeBars(30, 72);
    for (const n of [0, 2.5, Number.NaN]) {
      const [line] = supertrend(b.high, b.low, b.close, n, 3);
      expect(firstValue(line)).toBe(30);
    }
  });
});

/** TA-Lib's ta_SAR.c transliterated on one run: the -DM of bar 1 picks the first direction. */
function refSarRun(high: Float64Array, low: Float64Array, accel0: number, max: number): Float64Array {
  const out = new Float64Array(high.length).fill(NaN_);
  if (high.length < 2) return out;
  const accel = Math.min(accel0, max);
  let af = accel;
  const diffP = high[1] - high[0];
  const diffM = low[0] - low[1];
  const minusDM = diffM > 0 && diffP < diffM ? diffM : 0;
  let isLong = minusDM > 0 ? 0 : 1;
  let ep = isLong ? high[1] : low[1];
  let s = isLong ? low[0] : high[0];
  let newLow = low[1];
  let newHigh = high[1];
  for (let today = 1; today < high.length; today++) {
    const prevLow = newLow;
    const prevHigh = newHigh;
    newLow = low[today];
    newHigh = high[today];
    if (isLong === 1) {
      if (newLow <= s) {
        isLong = 0;
        s = Math.max(ep, prevHigh, newHigh);
        out[today] = s;
        af = accel;
        ep = newLow;
        s = Math.max(s + af * (ep - s), prevHigh, newHigh);
      } else {
        out[today] = s;
        if (newHigh > ep) {
          ep = newHigh;
          af = Math.min(af + accel, max);
        }
        s = Math.min(s + af * (ep - s), prevLow, newLow);
      }
    } else if (newHigh >= s) {
      isLong = 1;
      s = Math.min(ep, prevLow, newLow);
      out[today] = s;
      af = accel;
      ep = newHigh;
      s = Math.min(s + af * (ep - s), prevLow, newLow);
    } else {
      out[today] = s;
      if (newLow < ep) {
        ep = newLow;
        af = Math.min(af + accel, max);
      }
      s = Math.max(s + af * (ep - s), prevHigh, newHigh);
    }
  }
  return out;
}

describe('sar against TA-Lib transliterated (NaN gap at 400..401)', () => {
  const b = makeBars(900, 73, [400, 402]);
  for (const [accel, max] of [
    [0.02, 0.2],
    [0.01, 0.1],
    [0.05, 0.5],
    [0.3, 0.2],
  ] as const) {
    it(`accel ${accel}, max ${max}`, () => {
      const out = sar(b.high, b.low, accel, max);
      const [ref] = perRun([b.high, b.low], 1, ([h, l]) => [refSarRun(h, l, accel, max)]);
      expectSeries(out, ref, 1e-12, 1, 850);
      // Reversals happen: the SAR is sometimes under the low, sometimes over the high.
      let under = 0;
      let over = 0;
      for (let i = 0; i < out.length; i++) {
        if (out[i] <= b.low[i]) under++;
        if (out[i] >= b.high[i]) over++;
      }
      expect(under).toBeGreaterThan(100);
      expect(over).toBeGreaterThan(100);
    });
  }
  it('first value at 1, again 1 bar after the gap; all NaN for bad factors', () => {
    const out = sar(b.high, b.low, 0.02, 0.2);
    expect(firstValue(out)).toBe(1);
    expect(Number.isNaN(out[402])).toBe(true);
    expect(Number.isNaN(out[403])).toBe(false);
    for (const [a, m] of [
      [0, 0.2],
      [0.02, Number.NaN],
      [-1, 0.2],
    ])
      expect(firstValue(sar(b.high, b.low, a, m))).toBe(900);
  });
});

describe('sar on hand-computed values (0.02, 0.2)', () => {
  // Bar 1's low rises: long, SAR = low[0] = 9, EP = high[1] = 11.
  // bar1: out 9; next 9 + 0.02 * (11 - 9) = 9.04.       bar2: out 9.04; new high 12 -> AF 0.04, next 9.1584.
  // bar3: out 9.1584; next 9.1584 + 0.04 * 2.8416 = 9.272064.
  // bar4: low 9 <= 9.272064: reverse, out = EP 12; AF 0.02, EP 9 -> next 12 - 0.06 = 11.94.
  // bar5: out 11.94 (high 10.5 under it); new low 8.5 -> AF 0.04, next 11.94 - 0.04 * 3.44 = 11.8024.
  it('9, 9.04, 9.1584, 12, 11.94', () => {
    const h = Float64Array.of(10, 11, 12, 11.5, 10, 10.5, 9.5);
    const l = Float64Array.of(9, 10, 10.5, 9.8, 9, 8.5, 8.4);
    expectSeries(sar(h, l, 0.02, 0.2), [NaN_, 9, 9.04, 9.1584, 12, 11.94, 11.8024], 1e-12);
  });
  it('starts short when bar 1 has a -DM: SAR = high[0], EP = low[1]', () => {
    const h = Float64Array.of(10, 9.8, 9.5);
    const l = Float64Array.of(9, 8, 7.5);
    // bar1: out 10; next 10 + 0.02 * (8 - 10) = 9.96, kept above highs 9.8 -> 9.96.
    expectSeries(sar(h, l, 0.02, 0.2), [NaN_, 10, 9.96], 1e-12);
  });
});
