import { describe, expect, it } from 'vitest';
import { macd, mfi, mom, roc, rsi, stoch, willr } from './oscillators';
import { expectSeries, firstValue, makeBars, randomWalk, withGap } from './test-helpers';

const NaN_ = Number.NaN;

function refSma(src: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(src.length).fill(NaN_);
  for (let t = n - 1; t < src.length; t++) {
    let sum = 0;
    for (let j = t - n + 1; j <= t; j++) sum += src[j];
    out[t] = sum / n;
  }
  return out;
}

function refEma(src: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(src.length).fill(NaN_);
  const alpha = 2 / (n + 1);
  let k = 0;
  let prev = 0;
  for (let t = 0; t < src.length; t++) {
    if (Number.isNaN(src[t])) {
      k = 0;
      continue;
    }
    k++;
    if (k === n) prev = refSma(Array.from(src).slice(t - n + 1, t + 1), n)[n - 1];
    else if (k > n) prev = alpha * src[t] + (1 - alpha) * prev;
    if (k >= n) out[t] = prev;
  }
  return out;
}

/** Wilder RSI step by step, restarting after a NaN: seed once n changes are available. */
function refRsi(src: Float64Array, n: number): Float64Array {
  const out = new Float64Array(src.length).fill(NaN_);
  const value = (g: number, l: number) => (l === 0 ? (g === 0 ? 0 : 100) : 100 - 100 / (1 + g / l));
  let k = 0;
  let g = 0;
  let l = 0;
  for (let t = 0; t < src.length; t++) {
    if (Number.isNaN(src[t])) {
      k = 0;
      continue;
    }
    k++;
    if (k === n + 1) {
      g = 0;
      l = 0;
      for (let j = t - n + 1; j <= t; j++) {
        const d = src[j] - src[j - 1];
        g += Math.max(d, 0) / n;
        l += Math.max(-d, 0) / n;
      }
      out[t] = value(g, l);
    } else if (k > n + 1) {
      const d = src[t] - src[t - 1];
      g = (g * (n - 1) + Math.max(d, 0)) / n;
      l = (l * (n - 1) + Math.max(-d, 0)) / n;
      out[t] = value(g, l);
    }
  }
  return out;
}

function allDefined(arrays: readonly ArrayLike<number>[], from: number, to: number): boolean {
  for (const a of arrays) for (let j = from; j <= to; j++) if (Number.isNaN(a[j])) return false;
  return true;
}

function refRoc(src: Float64Array, n: number): Float64Array {
  const out = new Float64Array(src.length).fill(NaN_);
  for (let t = n; t < src.length; t++) {
    if (!allDefined([src], t - n, t)) continue;
    const p = src[t - n];
    out[t] = p === 0 ? 0 : (100 * (src[t] - p)) / p;
  }
  return out;
}

function refMfi(h: Float64Array, l: Float64Array, c: Float64Array, v: Float64Array, n: number) {
  const tp = h.map((x, i) => (x + l[i] + c[i]) / 3);
  const out = new Float64Array(c.length).fill(NaN_);
  for (let t = n; t < c.length; t++) {
    if (!allDefined([tp, v], t - n, t)) continue;
    let pos = 0;
    let neg = 0;
    for (let j = t - n + 1; j <= t; j++) {
      if (tp[j] > tp[j - 1]) pos += tp[j] * v[j];
      if (tp[j] < tp[j - 1]) neg += tp[j] * v[j];
    }
    out[t] = pos + neg === 0 ? 0 : (100 * pos) / (pos + neg);
  }
  return out;
}

/** Fast %K (stoch) or %R (willr) from naive windows over high and low. */
function refRange(h: Float64Array, l: Float64Array, c: Float64Array, n: number, kind: 'k' | 'r') {
  const out = new Float64Array(c.length).fill(NaN_);
  for (let t = n - 1; t < c.length; t++) {
    if (!allDefined([h, l], t - n + 1, t) || Number.isNaN(c[t])) continue;
    const hh = Math.max(...h.subarray(t - n + 1, t + 1));
    const ll = Math.min(...l.subarray(t - n + 1, t + 1));
    if (hh === ll) out[t] = 0;
    else out[t] = kind === 'k' ? ((c[t] - ll) / (hh - ll)) * 100 : ((hh - c[t]) / (hh - ll)) * -100;
  }
  return out;
}

const bars = makeBars(500, 31, [200, 205]);
const { high, low, close, volume } = bars;
const walk = withGap(randomWalk(500, 32), 250, 252);

describe('oscillators against naive references (NaN gaps)', () => {
  for (const n of [1, 2, 14, 30]) {
    it(`rsi, roc, mom, mfi, willr with period ${n}`, () => {
      expectSeries(rsi(walk, n), refRsi(walk, n), 1e-9, 1, 300);
      expectSeries(roc(walk, n), refRoc(walk, n), 1e-9, 1, 300);
      const m = refRoc(walk, n).map((r, t) => (Number.isNaN(r) ? NaN_ : walk[t] - walk[t - n]));
      expectSeries(mom(walk, n), m, 1e-12, 1, 300);
      expectSeries(mfi(high, low, close, volume, n), refMfi(high, low, close, volume, n), 1e-9, 1, 300);
      expectSeries(willr(high, low, close, n), refRange(high, low, close, n, 'r'), 1e-9, 1, 300);
    });
  }
  // Both willr paths: the one-pass rescan for short windows and the deque for long ones.
  for (const n of [63, 64, 65, 120]) {
    it(`willr with period ${n}`, () => {
      expectSeries(willr(high, low, close, n), refRange(high, low, close, n, 'r'), 1e-9, 1, 200);
    });
  }
  for (const [kp, ks, dp] of [
    [14, 3, 3],
    [5, 1, 1],
    [1, 2, 4],
  ]) {
    it(`stoch(${kp}, ${ks}, ${dp})`, () => {
      const k = refSma(refRange(high, low, close, kp, 'k'), ks);
      const [ok, od] = stoch(high, low, close, kp, ks, dp);
      expectSeries(ok, k, 1e-9, 1, 300);
      expectSeries(od, refSma(k, dp), 1e-9, 1, 300);
      expect(firstValue(ok)).toBe(kp + ks - 2);
      expect(firstValue(od)).toBe(kp + ks + dp - 3);
    });
  }
  for (const [f, s, g] of [
    [12, 26, 9],
    [5, 3, 2],
    [1, 1, 1],
  ]) {
    it(`macd(${f}, ${s}, ${g})`, () => {
      const line = refEma(walk, f).map((x, i) => x - refEma(walk, s)[i]);
      const sig = refEma(line, g);
      const [m, sg, h] = macd(walk, f, s, g);
      expectSeries(m, line, 1e-9, 1, 300);
      expectSeries(sg, sig, 1e-9, 1, 300);
      expectSeries(
        h,
        line.map((x, i) => x - sig[i]),
        1e-9,
        1,
        300,
      );
    });
  }
});

describe('oscillators on hand-computed values', () => {
  it('rsi(2) of 1,2,3,2,4: changes +1,+1,-1,+2; seed g=1,l=0 -> 100; g=.5,l=.5 -> 50; g=1.25,l=.25 -> 83.33', () => {
    expectSeries(rsi(Float64Array.of(1, 2, 3, 2, 4), 2), [NaN_, NaN_, 100, 50, 250 / 3], 1e-14);
  });
  it('roc(1) of 10,11,12.1,0,5: 10%, 10%, -100%, then 0 because the previous value is 0', () => {
    expectSeries(roc(Float64Array.of(10, 11, 12.1, 0, 5), 1), [NaN_, 10, 10, -100, 0], 1e-12);
  });
  it('mom(2) of 10,11,12.1,0,5: 12.1-10, 0-11, 5-12.1', () => {
    expectSeries(mom(Float64Array.of(10, 11, 12.1, 0, 5), 2), [NaN_, NaN_, 2.1, -11, -7.1], 1e-12);
  });
  it('mfi(2), tp 10,11,10,12, vol 100..400: flows +2200, -3000, +4800 -> 2200/5200, 4800/7800', () => {
    const p = Float64Array.of(10, 11, 10, 12);
    const v = Float64Array.of(100, 200, 300, 400);
    expectSeries(mfi(p, p, p, v, 2), [NaN_, NaN_, 220000 / 5200, 480000 / 7800], 1e-14);
  });
  const h = Float64Array.of(5, 6, 7, 8);
  const l = Float64Array.of(1, 2, 3, 4);
  const c = Float64Array.of(3, 5, 4, 8);
  it('willr(2): HH 6, LL 1, close 5 -> -20; HH 7, LL 2, close 4 -> -60; HH 8, LL 3, close 8 -> 0', () => {
    expectSeries(willr(h, l, c, 2), [NaN_, -20, -60, -0], 1e-14);
  });
  it('stoch(2,2,2): fast %K 80, 40, 100; k = 60, 70; d = 65', () => {
    const [k, d] = stoch(h, l, c, 2, 2, 2);
    expectSeries(k, [NaN_, NaN_, 60, 70], 1e-14);
    expectSeries(d, [NaN_, NaN_, NaN_, 65], 1e-14);
  });
  it('macd(2,3,2) of 1,3,2,6,4,8: line 0, 2/3, 2/9, 20/27; signal 1/3, 7/27, 47/81', () => {
    const [m, s, hist] = macd(Float64Array.of(1, 3, 2, 6, 4, 8), 2, 3, 2);
    expectSeries(m, [NaN_, NaN_, 0, 2 / 3, 2 / 9, 20 / 27], 1e-14);
    expectSeries(s, [NaN_, NaN_, NaN_, 1 / 3, 7 / 27, 47 / 81], 1e-14);
    expectSeries(hist, [NaN_, NaN_, NaN_, 1 / 3, -1 / 27, 13 / 81], 1e-14);
  });
});

describe('oscillators: NaN, constant, period 1, long periods', () => {
  const flat = new Float64Array(60).fill(42.5);
  const flatVol = new Float64Array(60).fill(1000);
  it('constant input: rsi 0 (TA-Lib: no gain, no loss), roc/mom 0, mfi 0, willr/stoch 0, macd 0', () => {
    const check = (a: Float64Array, first: number) => {
      expect(firstValue(a)).toBe(first);
      expect(Array.from(a.subarray(first)).every((v) => v === 0)).toBe(true);
    };
    check(rsi(flat, 14), 14);
    check(roc(flat, 14), 14);
    check(mom(flat, 14), 14);
    check(mfi(flat, flat, flat, flatVol, 14), 14);
    check(willr(flat, flat, flat, 14), 13);
    check(stoch(flat, flat, flat, 14, 3, 3)[1], 17);
    for (const out of macd(flat, 12, 26, 9)) expect(Math.abs(out[59])).toBeLessThan(1e-12);
  });
  it('rsi is 100 when prices only rise', () => {
    const up = Float64Array.from({ length: 30 }, (_, i) => 10 + i * i);
    expect(Array.from(rsi(up, 5).subarray(5)).every((v) => v === 100)).toBe(true);
  });
  it('all-NaN input gives all NaN', () => {
    const nan = new Float64Array(50).fill(NaN_);
    for (const out of [
      rsi(nan, 5),
      roc(nan, 5),
      mom(nan, 5),
      mfi(nan, nan, nan, nan, 5),
      willr(nan, nan, nan, 5),
    ])
      expect(firstValue(out)).toBe(50);
    for (const out of [...stoch(nan, nan, nan, 5, 3, 3), ...macd(nan, 3, 5, 2)])
      expect(firstValue(out)).toBe(50);
  });
  it('period 1 works: rsi(1) is 100 on up bars, 0 on down bars; macd(1,1,1) is 0', () => {
    const x = Float64Array.of(1, 2, 1, 1, 3);
    expectSeries(rsi(x, 1), [NaN_, 100, 0, 0, 100], 0);
    for (const out of macd(x, 1, 1, 1)) expectSeries(out, [0, 0, 0, 0, 0], 0);
  });
  it('a period longer than the data gives all NaN', () => {
    const outs = [
      rsi(walk, 500),
      roc(walk, 500),
      mfi(high, low, close, volume, 500),
      willr(high, low, close, 501),
      ...stoch(high, low, close, 400, 50, 52),
      ...macd(walk, 12, 501, 9),
    ];
    for (const out of outs) expect(firstValue(out)).toBe(500);
  });
});
