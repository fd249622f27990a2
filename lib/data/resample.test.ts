import { describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import { Rng } from '../engine';
import { DataError } from './errors';
import { resample } from './resample';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

function bars(rows: number[][]): Bars {
  return {
    time: Float64Array.from(rows, (r) => r[0]!),
    open: Float64Array.from(rows, (r) => r[1]!),
    high: Float64Array.from(rows, (r) => r[2]!),
    low: Float64Array.from(rows, (r) => r[3]!),
    close: Float64Array.from(rows, (r) => r[4]!),
    volume: Float64Array.from(rows, (r) => r[5]!),
  };
}

function rows(b: Bars): number[][] {
  return Array.from(b.time, (t, i) => [t, b.open[i]!, b.high[i]!, b.low[i]!, b.close[i]!, b.volume[i]!]);
}

/** Random walk bars at the given times. */
function walk(times: number[], seed: number): Bars {
  const rng = new Rng(seed);
  let p = 100;
  return bars(
    times.map((t) => {
      const o = p;
      const c = o * (1 + (rng.next() - 0.5) * 0.02);
      const h = Math.max(o, c) * (1 + rng.next() * 0.005);
      const l = Math.min(o, c) * (1 - rng.next() * 0.005);
      p = c;
      return [t, o, h, l, c, Math.round(rng.next() * 1000)];
    }),
  );
}

/** Naive reference: group by a key string computed with Date, then aggregate each group. */
function naive(b: Bars, keyOf: (t: number) => number): number[][] {
  const groups = new Map<number, number[][]>();
  for (const r of rows(b)) {
    const k = keyOf(r[0]!);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.entries()].map(([k, g]) => [
    k,
    g[0]![1]!,
    Math.max(...g.map((r) => r[2]!)),
    Math.min(...g.map((r) => r[3]!)),
    g[g.length - 1]![4]!,
    g.reduce((s, r) => s + r[5]!, 0),
  ]);
}

const mondayOf = (t: number) => {
  const d = new Date(t);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
};
const monthOf = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

describe('resample', () => {
  it('hand-computed: six 1m bars into 5m', () => {
    const t0 = Date.UTC(2024, 0, 2, 9, 30);
    const src = bars([
      [t0, 10, 11, 9, 10.5, 100],
      [t0 + MIN, 10.5, 12, 10, 11, 50],
      [t0 + 2 * MIN, 11, 11.5, 8, 9, 70],
      [t0 + 4 * MIN, 9, 9.5, 8.5, 9.2, 30], // 9:33 missing
      [t0 + 5 * MIN, 9.2, 9.8, 9.1, 9.7, 40],
      [t0 + 6 * MIN, 9.7, 10, 9.6, 9.9, 20],
    ]);
    const out = resample(src, '1m', '5m');
    expect(out.timeframe).toBe('5m');
    expect(rows(out.bars)).toEqual([
      [t0, 10, 12, 8, 9.2, 250],
      [t0 + 5 * MIN, 9.2, 10, 9.1, 9.9, 60],
    ]);
    expect(Array.from(out.counts)).toEqual([4, 2]);
    expect(out.partialLast).toBe(true); // 9:35 bucket runs to 9:40, data ends 9:37
    expect(resample(src, '1m', '5m', { asOf: t0 + 10 * MIN }).partialLast).toBe(false);
  });

  it.each([
    ['1m', '5m', 5 * MIN],
    ['1m', '15m', 15 * MIN],
    ['1m', '1h', H],
    ['1h', '4h', 4 * H],
    ['1h', '1d', D],
  ])('%s → %s matches a naive grouping (UTC-aligned, with holes)', (from, to, size) => {
    const step = from === '1m' ? MIN : H;
    const rng = new Rng(7);
    const times: number[] = [];
    // Start off-grid for the target so the first bucket is partial, skip ~10% of bars.
    for (let t = Date.UTC(2024, 2, 1, 0, 7 * (step / MIN)); times.length < 3000; t += step) {
      if (rng.next() > 0.1) times.push(t);
    }
    const src = walk(times, 11);
    const out = resample(src, from, to);
    const want = naive(src, (t) => Math.floor(t / size) * size);
    expect(rows(out.bars)).toEqual(want);
    expect(out.counts.reduce((a, b) => a + b, 0)).toBe(times.length);
  });

  it('1d → 1w: weeks start on Monday 00:00 UTC, across a year end', () => {
    const times: number[] = [];
    for (let t = Date.UTC(2023, 11, 1); t <= Date.UTC(2024, 1, 15); t += D) {
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6) times.push(t); // weekdays only
    }
    const src = walk(times, 3);
    const out = resample(src, '1d', '1w');
    expect(rows(out.bars)).toEqual(naive(src, mondayOf));
    for (const t of out.bars.time) expect(new Date(t).getUTCDay()).toBe(1);
    expect(out.bars.time[0]).toBe(Date.UTC(2023, 10, 27)); // Mon before Fri Dec 1
    // Data ends Thu Feb 15: that week is still open.
    expect(out.partialLast).toBe(true);
  });

  it('1d → 1M: calendar months including a leap February', () => {
    const times: number[] = [];
    for (let t = Date.UTC(2023, 10, 15); t <= Date.UTC(2024, 3, 30); t += D) times.push(t);
    const src = walk(times, 5);
    const out = resample(src, '1d', '1M');
    expect(rows(out.bars)).toEqual(naive(src, monthOf));
    expect(Array.from(out.counts)).toEqual([16, 31, 31, 29, 31, 30]);
    expect(out.partialLast).toBe(false); // Apr 30 is the month's last day
  });

  it('same timeframe is an identity copy; empty input gives empty output', () => {
    const src = walk([0, D, 2 * D], 1);
    expect(rows(resample(src, '1d', '1d').bars)).toEqual(rows(src));
    const empty = resample(bars([]), '1m', '1h');
    expect(empty.bars.time.length).toBe(0);
    expect(empty.partialLast).toBe(false);
  });

  it.each([
    ['1h', '1m', 'resampling only makes bars coarser'],
    ['1d', '4h', 'resampling only makes bars coarser'],
    ['1M', '1w', 'months do not split into smaller bars'],
    ['1w', '1M', '1w bars straddle month boundaries'],
    ['3d', '1w', '1w is not a whole number of 3d bars'],
    ['4h', '6h', '6h is not a whole number of 4h bars'],
    ['3d', '1M', '3d bars straddle month boundaries'],
  ])('refuses %s → %s', (from, to, why) => {
    try {
      resample(walk([0], 1), from, to);
      throw new Error('expected a DataError');
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      expect((err as DataError).code).toBe('bad-timeframe');
      expect((err as DataError).message).toBe(`cannot build ${to} bars from ${from} bars: ${why}`);
    }
  });

  it('refuses unsorted input and unknown timeframes', () => {
    const src = bars([
      [2 * MIN, 1, 1, 1, 1, 1],
      [MIN, 1, 1, 1, 1, 1],
    ]);
    expect(() => resample(src, '1m', '5m')).toThrow(/bar 1 \(1970-01-01 00:01\) is not after bar 0/);
    expect(() => resample(src, '1m', '7m')).toThrow(DataError);
  });

  it('is linear: 1M 1m bars resample to 1h in under 2 s (even on a loaded machine)', () => {
    const n = 1_000_000;
    const time = new Float64Array(n);
    const one = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) time[i] = i * MIN;
    const src: Bars = { time, open: one, high: one, low: one, close: one, volume: one };
    const t = performance.now();
    const out = resample(src, '1m', '1h');
    expect(performance.now() - t).toBeLessThan(2000);
    expect(out.bars.time.length).toBe(Math.ceil(n / 60));
    expect(out.bars.volume[0]).toBe(60);
  });
});
