import { describe, expect, it } from 'vitest';
import type { WireBars } from '../../../lib/transport';
import {
  aggregateCandles,
  boolRuns,
  decimateExtreme,
  decimateMinMax,
  pow2AtLeast,
  sliceCovers,
  sliceFor,
} from './decimate';

function rows(a: Float64Array, width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i += width) out.push(Array.from(a.subarray(i, i + width)));
  return out;
}

function randomWalk(n: number, seed: number): Float64Array {
  const v = new Float64Array(n);
  let x = 100;
  for (let i = 0; i < n; i++) {
    seed = (seed * 16807) % 2147483647;
    x += seed / 2147483647 - 0.5;
    v[i] = x;
  }
  return v;
}

describe('pow2AtLeast', () => {
  it('rounds up to a power of two', () => {
    expect([0, 0.5, 1, 1.01, 2, 3, 4, 5, 1000, 1024, 1025].map(pow2AtLeast)).toEqual([
      1, 1, 1, 2, 2, 4, 4, 8, 1024, 1024, 2048,
    ]);
  });
});

describe('sliceFor / sliceCovers', () => {
  it('covers the view plus margins, aligned to the bucket', () => {
    // 10,000 bars in 1000 px at 3 px per candle: 30 bars per candle -> bucket 32.
    const s = sliceFor(1_000_000, 100_000, 110_000, 1000, 3);
    expect(s.bucket).toBe(32);
    expect(s.from % 32).toBe(0);
    expect((s.to + 1) % 32).toBe(0);
    expect(s.from).toBeLessThanOrEqual(95_000);
    expect(s.to).toBeGreaterThanOrEqual(115_000);
    expect(sliceCovers(s, 1_000_000, 101_000, 111_000, 32)).toBe(true);
    expect(sliceCovers(s, 1_000_000, 90_000, 100_000, 32)).toBe(false);
    expect(sliceCovers(s, 1_000_000, 101_000, 111_000, 64)).toBe(false);
  });

  it('clamps to the data and uses single bars when zoomed in', () => {
    const s = sliceFor(500, -0.5, 99.5, 1000, 3);
    // 100 bars visible, half a view (50 bars) of margin after the last visible bar, 99.
    expect(s).toEqual({ from: 0, to: 150, bucket: 1 });
    expect(sliceCovers(s, 500, -0.5, 99.5, 1)).toBe(true);
  });
});

describe('aggregateCandles', () => {
  const bars: WireBars = {
    time: Float64Array.from({ length: 7 }, (_, i) => i * 1000),
    open: Float64Array.of(10, 11, 12, 13, 14, 15, 16),
    high: Float64Array.of(12, 13, 15, 14, 16, 17, 18),
    low: Float64Array.of(9, 10, 11, 8, 13, 14, 15),
    close: Float64Array.of(11, 12, 11, 14, 13, 16, 17),
    volume: Float64Array.of(1, 2, 3, 4, 5, 6, Number.NaN),
  };

  it('is the bars themselves at bucket 1', () => {
    const r = aggregateCandles(bars, 2, 4, 1);
    expect(rows(r.candles, 5)).toEqual([
      [2, 12, 11, 11, 15],
      [3, 13, 14, 8, 14],
      [4, 14, 13, 13, 16],
    ]);
    expect(rows(r.volUp, 2)).toEqual([
      [2, Number.NaN],
      [3, 4],
      [4, Number.NaN],
    ]);
    expect(rows(r.volDown, 2)).toEqual([
      [2, 3],
      [3, Number.NaN],
      [4, 5],
    ]);
  });

  it('takes first open, max high, min low, last close, summed volume per aligned bucket', () => {
    // Buckets of 4 over bars 1..6: [0..3] (only 1..3 in range) and [4..7] (4..6 present).
    const r = aggregateCandles(bars, 1, 6, 4);
    expect(r.count).toBe(2);
    expect(rows(r.candles, 5)).toEqual([
      [1.5, 11, 14, 8, 15],
      [5.5, 14, 17, 13, 18],
    ]);
    expect(rows(r.volUp, 2)).toEqual([
      [1.5, 2 + 3 + 4],
      [5.5, 5 + 6],
    ]);
  });
});

describe('decimateMinMax', () => {
  it('copies every point at bucket 1, NaN included', () => {
    const v = Float64Array.of(1, Number.NaN, 3, 4);
    expect(rows(decimateMinMax(v, 1, 3, 1), 2)).toEqual([
      [1, Number.NaN],
      [2, 3],
      [3, 4],
    ]);
  });

  it('keeps the min and max of each bucket in the order they occur', () => {
    const v = Float64Array.of(5, 9, 1, 4, 2, 2, 8, 3);
    expect(rows(decimateMinMax(v, 0, 7, 4), 2)).toEqual([
      [1, 9],
      [2, 1],
      [4, 2],
      [6, 8],
    ]);
  });

  it('marks an all-NaN bucket with a NaN row and skips NaN inside a bucket', () => {
    const N = Number.NaN;
    const v = Float64Array.of(N, N, N, N, N, 7, N, 6);
    expect(rows(decimateMinMax(v, 0, 7, 4), 2)).toEqual([
      [1.5, N],
      [5, 7],
      [7, 6],
    ]);
  });

  it('keeps the true extremes of every bucket of a random walk (against a naive loop)', () => {
    const v = randomWalk(10_000, 11);
    const bucket = 64;
    const out = decimateMinMax(v, 1000, 8999, bucket);
    for (let b0 = Math.floor(1000 / bucket) * bucket; b0 <= 8999; b0 += bucket) {
      const a = Math.max(1000, b0);
      const b = Math.min(8999, b0 + bucket - 1);
      const slice = Array.from(v.subarray(a, b + 1));
      const mn = Math.min(...slice);
      const mx = Math.max(...slice);
      const ys: number[] = [];
      for (let r = 0; r < out.length; r += 2) if (out[r] >= a && out[r] <= b) ys.push(out[r + 1]);
      expect(Math.min(...ys)).toBe(mn);
      expect(Math.max(...ys)).toBe(mx);
    }
    // x ascending: a line through the points never goes back.
    for (let r = 2; r < out.length; r += 2) expect(out[r]).toBeGreaterThan(out[r - 2]);
  });
});

describe('decimateExtreme', () => {
  it('keeps the value of largest magnitude per bucket', () => {
    const v = Float64Array.of(1, -3, 2, Number.NaN, 0.5, 0.25, Number.NaN, Number.NaN);
    expect(rows(decimateExtreme(v, 0, 7, 2), 2)).toEqual([
      [0.5, -3],
      [2.5, 2],
      [4.5, 0.5],
      [6.5, Number.NaN],
    ]);
  });
});

describe('boolRuns', () => {
  const N = Number.NaN;
  it('draws runs of true bars on the given row through every bar edge, NaN between runs', () => {
    const v = Uint8Array.of(0, 1, 1, 0, 0, 1, 0, 1);
    expect(rows(boolRuns(v, 0, 7, 1, 2), 2)).toEqual([
      [0.5, 2],
      [1.5, 2],
      [2.5, 2],
      [2.5, N],
      [4.5, 2],
      [5.5, 2],
      [5.5, N],
      [6.5, 2],
      [7.5, 2],
      [7.5, N],
    ]);
  });

  it('merges true buckets and widens a short run to the minimum width', () => {
    const v = Uint8Array.of(0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    // Buckets of 4: [0..3] on, [4..7] on, [8..11] off, [12..15] on.
    expect(rows(boolRuns(v, 0, 15, 4, 0), 2)).toEqual([
      [-0.5, 0],
      [3.5, 0],
      [7.5, 0],
      [7.5, N],
      [11.5, 0],
      [15.5, 0],
      [15.5, N],
    ]);
    const single = boolRuns(Uint8Array.of(0, 1, 0), 0, 2, 1, 0, 3);
    expect(rows(single, 2)).toEqual([
      [-0.5, 0],
      [2.5, 0],
      [2.5, N],
    ]);
  });

  it('is empty when the series is never true, one run when always true', () => {
    expect(boolRuns(new Uint8Array(100), 0, 99, 8, 0).length).toBe(0);
    const all = rows(boolRuns(new Uint8Array(64).fill(1), 0, 63, 8, 1), 2);
    expect(all.length).toBe(8 + 2);
    expect(all[0]).toEqual([-0.5, 1]);
    expect(all[all.length - 1]).toEqual([63.5, N]);
  });
});
