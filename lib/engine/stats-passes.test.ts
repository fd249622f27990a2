// The one-pass drawdowns and beta (stats-passes.ts) against backtesting.py's definitions written as plain
// loops: dd = 1 − equity / running max; periods between bars at dd = 0 (and the last bar) more than one bar
// apart, each as deep as its largest dd; beta = cov(x, y) / var(y) of the log returns.
import { describe, expect, it } from 'vitest';
import { drawdowns } from './stats';
import { BETA, equityPass, out } from './stats-passes';
import { rng } from './testkit';

const DAY = 86_400_000;

function reference(time: Float64Array, e: Float64Array) {
  const n = e.length;
  const dd: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    max = Math.max(max, e[i]);
    dd.push(1 - e[i] / max);
  }
  const zeros = [...new Set([...dd.flatMap((d, i) => (d === 0 ? [i] : [])), n - 1])].sort((a, b) => a - b);
  const durations: number[] = [];
  const depths: number[] = [];
  for (let j = 1; j < zeros.length; j++) {
    const [prev, at] = [zeros[j - 1], zeros[j]];
    if (at <= prev + 1) continue;
    durations.push((time[at] - time[prev]) / DAY);
    depths.push(Math.max(...dd.slice(prev, at + 1)));
  }
  const finite = dd.filter((d) => !Number.isNaN(d));
  return {
    maxDd: finite.length ? Math.max(0, ...finite) : 0,
    equityPeak: max,
    periods: durations.length,
    depthSum: depths.reduce((a, b) => a + b, 0),
    durMax: durations.length ? Math.max(...durations) : Number.NaN,
    durSum: durations.reduce((a, b) => a + b, 0),
  };
}

function betaReference(e: Float64Array, c: Float64Array): number {
  if (e.length < 3) return Number.NaN;
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 1; i < e.length; i++) {
    x.push(Math.log(e[i] / e[i - 1]));
    y.push(Math.log(c[i] / c[i - 1]));
  }
  if (!x.every(Number.isFinite)) return Number.NaN;
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const [mx, my] = [mean(x), mean(y)];
  let cov = 0;
  let v = 0;
  for (let i = 0; i < x.length; i++) {
    cov += (x[i] - mx) * (y[i] - my);
    v += (y[i] - my) ** 2;
  }
  return cov / v;
}

/** An equity curve with flat runs, exact returns to its high, and new highs. */
function curve(r: () => number, n: number): Float64Array {
  const e = new Float64Array(n);
  e[0] = 100;
  for (let i = 1; i < n; i++) {
    const u = r();
    e[i] = u < 0.25 ? e[i - 1] : u < 0.35 ? Math.max(...e.subarray(0, i)) : e[i - 1] * (0.94 + r() * 0.12);
  }
  return e;
}

describe('equityPass', () => {
  it('gives the drawdowns of the reference loops on 300 random curves (days with gaps)', () => {
    const r = rng(11);
    for (let seed = 0; seed < 300; seed++) {
      const n = 2 + Math.floor(r() * 40);
      const time = new Float64Array(n);
      for (let i = 1; i < n; i++) time[i] = time[i - 1] + DAY * (1 + Math.floor(r() * 3));
      const e = curve(r, n);
      const got = drawdowns(time, e);
      const want = reference(time, e);
      expect(got.periods, `seed ${seed}`).toBe(want.periods);
      expect(got.equityPeak).toBe(want.equityPeak);
      expect(got.maxDd).toBeCloseTo(want.maxDd, 12);
      expect(got.depthSum).toBeCloseTo(want.depthSum, 12);
      expect(got.durMax).toEqual(want.durMax);
      expect(got.durSum).toBe(want.durSum);
    }
  });

  it('gives the beta of the reference on random curves, NaN without a close, with few bars or at zero', () => {
    const r = rng(5);
    for (let seed = 0; seed < 100; seed++) {
      const n = 2 + Math.floor(r() * 30);
      const time = Float64Array.from({ length: n }, (_, i) => i * DAY);
      const e = curve(r, n);
      if (seed % 10 === 0) e[n - 1] = 0;
      const c = curve(r, n);
      equityPass(time, e, c);
      const want = betaReference(e, c);
      if (Number.isNaN(want)) expect(out[BETA], `seed ${seed}`).toBeNaN();
      else expect(out[BETA]).toBeCloseTo(want, 9);
      equityPass(time, e, null);
      expect(out[BETA]).toBeNaN();
      equityPass(time, e, c.subarray(1));
      expect(out[BETA]).toBeNaN();
    }
  });
});
