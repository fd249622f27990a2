// Shared fixtures for the kernel tests (not part of the public surface): seeded data and comparisons.
import { expect } from 'vitest';
import { rng } from '../testkit';
import type { Bars } from '../types';

export { rng };

/** A multiplicative random walk around `start`. */
export function randomWalk(len: number, seed: number, start = 100, step = 0.02): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(len);
  let p = start;
  for (let i = 0; i < len; i++) {
    p *= 1 + (r() - 0.5) * step;
    out[i] = p;
  }
  return out;
}

/** Copy of `src` with NaN over [from, to). */
export function withGap(src: Float64Array, from: number, to: number): Float64Array {
  const out = src.slice();
  out.fill(Number.NaN, from, to);
  return out;
}

/** Bars from columns (numbers), for hand-written cases. */
export function barsOf(
  time: number[],
  o: number[],
  h: number[],
  l: number[],
  c: number[],
  v: number[],
): Bars {
  return {
    time: Float64Array.from(time),
    open: Float64Array.from(o),
    high: Float64Array.from(h),
    low: Float64Array.from(l),
    close: Float64Array.from(c),
    volume: Float64Array.from(v),
  };
}

/**
 * Four weeks of a stock's daily bars (00:00 UTC), January 2024: Monday the 1st a holiday (a 4-bar week),
 * Wednesday the 10th missing, a full week, and a last week that stops on Tuesday the 23rd (unfinished).
 * Weekly by hand: open 10 14 18 23, high 15 20 25 26, low 8 12 17 22, close 12.5 16.5 21.5 24.5,
 * volume 1000 100 15 15, bars 4 4 5 2.
 */
export function holidayWeeks(): Bars {
  const days = [2, 3, 4, 5, 8, 9, 11, 12, 15, 16, 17, 18, 19, 22, 23];
  return barsOf(
    days.map((d) => Date.UTC(2024, 0, d)),
    [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
    [12, 15, 13, 14, 16, 17, 20, 18, 19, 21, 22, 25, 23, 26, 25],
    [9, 10, 8, 12, 13, 12, 15, 16, 17, 18, 19, 20, 21, 22, 23],
    [11, 12, 13, 12.5, 15, 16, 17, 16.5, 19, 20, 21, 22, 21.5, 24, 24.5],
    [100, 200, 300, 400, 10, 20, 30, 40, 1, 2, 3, 4, 5, 7, 8],
  );
}

/** Seeded OHLCV bars, hourly from 2024-01-01 UTC; optionally NaN in every price field over [gap0, gap1). */
export function makeBars(len: number, seed: number, gap?: readonly [number, number]): Bars {
  const r = rng(seed + 1000);
  const close = randomWalk(len, seed);
  const open = new Float64Array(len);
  const high = new Float64Array(len);
  const low = new Float64Array(len);
  const volume = new Float64Array(len);
  const time = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    open[i] = i === 0 ? close[0] : close[i - 1];
    high[i] = Math.max(open[i], close[i]) * (1 + r() * 0.01);
    low[i] = Math.min(open[i], close[i]) * (1 - r() * 0.01);
    volume[i] = Math.round(100 + r() * 1000);
    time[i] = Date.UTC(2024, 0, 1) + i * 3_600_000;
  }
  // A few exact repeats so that ties (equal closes, equal highs) are exercised too.
  for (let i = 7; i < len; i += 37) {
    close[i] = close[i - 1];
    high[i] = high[i - 1];
  }
  const bars = { time, open, high, low, close, volume };
  if (gap) for (const f of [open, high, low, close, volume]) f.fill(Number.NaN, gap[0], gap[1]);
  return bars;
}

/**
 * Asserts that `actual` has NaN exactly where `expected` has, and values within `rel` relative error
 * (against max(|expected|, floor)); also that enough values are defined for the check to mean something.
 */
export function expectSeries(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel = 1e-9,
  floor = 1,
  minDefined = 1,
): void {
  expect(actual.length).toBe(expected.length);
  let defined = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) expect.fail(`index ${i}: expected NaN, got ${a}`);
      continue;
    }
    defined++;
    const tol = rel * Math.max(Math.abs(e), floor);
    if (!(Math.abs(a - e) <= tol)) expect.fail(`index ${i}: expected ${e}, got ${a} (tolerance ${tol})`);
  }
  expect(defined).toBeGreaterThanOrEqual(minDefined);
}

/** Index of the first non-NaN value (or the length). */
export function firstValue(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i])) return i;
  return a.length;
}

/**
 * The NaN convention written out for references: `f` runs on each maximal stretch of bars where every
 * input is defined (given as subarrays) and returns `outs` series of the stretch's length; NaN elsewhere.
 */
export function perRun(
  inputs: readonly Float64Array[],
  outs: number,
  f: (ins: Float64Array[]) => ArrayLike<number>[],
): Float64Array[] {
  const len = inputs[0].length;
  const res = Array.from({ length: outs }, () => new Float64Array(len).fill(Number.NaN));
  const ok = (t: number) => inputs.every((a) => !Number.isNaN(a[t]));
  let t = 0;
  while (t < len) {
    if (!ok(t)) {
      t++;
      continue;
    }
    let e = t;
    while (e < len && ok(e)) e++;
    const got = f(inputs.map((a) => a.slice(t, e)));
    for (const [j, g] of got.entries()) res[j].set(Array.from(g), t);
    t = e;
  }
  return res;
}

/** TA-Lib ATR on one run without NaN, step by step: NaN at 0..n-1, the mean of tr[1..n] at n, then Wilder. */
export function refAtrRun(h: Float64Array, l: Float64Array, c: Float64Array, n: number): Float64Array {
  const out = new Float64Array(c.length).fill(Number.NaN);
  let prev = 0;
  for (let t = 1; t < c.length; t++) {
    const range = Math.max(h[t] - l[t], Math.abs(h[t] - c[t - 1]), Math.abs(l[t] - c[t - 1]));
    if (t < n) prev += range;
    else if (t === n) prev = (prev + range) / n;
    else prev = (prev * (n - 1) + range) / n;
    if (t >= n) out[t] = prev;
  }
  return out;
}
