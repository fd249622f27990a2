import { describe, expect, it } from 'vitest';
import { isM4, m4, m4Exact, m4ValueAt, pow2AtMost, previewWindow, valueAt } from './preview';

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/**
 * A random series like an indicator's: a NaN warm-up, a random walk with plateaus (ties for min/max),
 * repeated spikes, isolated NaN and runs of NaN.
 */
function series(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const v = new Float64Array(n);
  const warmup = Math.floor(r() * Math.min(n, 300));
  let x = 100;
  for (let i = 0; i < n; i++) {
    const u = r();
    if (i < warmup) v[i] = Number.NaN;
    else if (u < 0.01) v[i] = Number.NaN;
    else if (u < 0.02) {
      const len = Math.floor(r() * 40);
      for (let k = 0; k < len && i < n; k++, i++) v[i] = Number.NaN;
      i--;
    } else if (u < 0.2)
      v[i] = x; // plateau: the same value again
    else if (u < 0.22)
      v[i] = x + (r() < 0.5 ? -20 : 20); // spike, often equal to another spike
    else {
      x = Math.round((x + r() - 0.5) * 4) / 4; // coarse steps: equal values recur
      v[i] = x;
    }
  }
  return v;
}

/** The reference: per bucket, the defined values' min, max, first and last, by brute force. */
function bucketsOf(values: Float64Array, from: number, to: number, bucket: number) {
  const out: { a: number; b: number; min: number; max: number; first: number; last: number }[] = [];
  for (let a = from; a <= to; a = (Math.floor(a / bucket) + 1) * bucket) {
    const b = Math.min(to, (Math.floor(a / bucket) + 1) * bucket - 1);
    const defined: [number, number][] = [];
    for (let i = a; i <= b; i++) if (!Number.isNaN(values[i])) defined.push([i, values[i]]);
    const vs = defined.map(([, v]) => v);
    out.push({
      a,
      b,
      min: vs.length ? Math.min(...vs) : Number.NaN,
      max: vs.length ? Math.max(...vs) : Number.NaN,
      first: defined[0]?.[0] ?? -1,
      last: defined.at(-1)?.[0] ?? -1,
    });
  }
  return out;
}

describe('pow2AtMost', () => {
  it('rounds down to a power of two', () => {
    expect([0, 0.5, 1, 1.99, 2, 3, 127.999, 128, 1000].map(pow2AtMost)).toEqual([
      1, 1, 1, 1, 2, 2, 64, 128, 512,
    ]);
  });
});

describe('previewWindow', () => {
  it('covers the view and 8 px on each side, in buckets of at most one pixel column', () => {
    const w = previewWindow(1_000_000, { from: 400_000, to: 499_999, width: 800 });
    expect(w).not.toBeNull();
    const { from, to, bucket } = w!;
    // 100,000 bars over 800 px = 125 bars per px -> 64-bar buckets; 8 px = 1,000 bars.
    expect(bucket).toBe(64);
    expect(from % 64).toBe(0);
    expect((to + 1) % 64).toBe(0);
    expect(from).toBeLessThanOrEqual(399_000);
    expect(to).toBeGreaterThanOrEqual(500_999);
    expect(from).toBeGreaterThan(399_000 - 64);
    expect(to).toBeLessThan(500_999 + 64);
  });

  it('clips to the series and tolerates a view past its end', () => {
    expect(previewWindow(100_000, { from: 0, to: 99_999, width: 700 })).toEqual({
      from: 0,
      to: 99_999,
      bucket: 128,
    });
    const past = previewWindow(100_000, { from: 150_000, to: 160_000, width: 700 });
    expect(past?.to).toBe(99_999);
  });

  it('declines when the full series would not be much bigger', () => {
    expect(previewWindow(2_500, { from: 0, to: 2_499, width: 700 })).toBeNull();
    expect(previewWindow(0, { from: 0, to: 0, width: 700 })).toBeNull();
    // Zoomed in to 1,000 of 1M bars: single-bar buckets, but only ~1,000 of them.
    expect(previewWindow(1_000_000, { from: 5_000, to: 5_999, width: 700 })?.bucket).toBe(1);
  });
});

describe('m4', () => {
  it('keeps per bucket the min, max, first and last defined point, and nothing for an all-NaN bucket', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed * 7919);
      const n = 500 + Math.floor(r() * 5000);
      const values = series(n, seed);
      const bucket = 2 ** Math.floor(r() * 7);
      const from = Math.floor(r() * n * 0.3);
      const to = Math.min(n - 1, from + Math.floor(r() * n));
      const m = m4(values, from, to, bucket);
      expect(m).toMatchObject({ length: n, from, to, bucket });
      // In bar order, each at most once, inside the window, with the series' own values.
      for (let k = 0; k < m.index.length; k++) {
        if (k > 0) expect(m.index[k]).toBeGreaterThan(m.index[k - 1]);
        expect(m.values[k]).toBe(values[m.index[k]]);
      }
      expect(m.index[0] ?? from).toBeGreaterThanOrEqual(from);
      expect(m.index.at(-1) ?? to).toBeLessThanOrEqual(to);
      let k = 0;
      for (const want of bucketsOf(values, from, to, bucket)) {
        const idx: number[] = [];
        while (k < m.index.length && m.index[k] <= want.b) idx.push(m.index[k++]);
        expect(idx.length).toBeLessThanOrEqual(4);
        if (want.first < 0) {
          expect(idx).toEqual([]); // the warm-up and NaN gaps leave no points
          continue;
        }
        const vs = idx.map((i) => values[i]);
        expect(Math.min(...vs)).toBe(want.min);
        expect(Math.max(...vs)).toBe(want.max);
        expect(idx[0]).toBe(want.first);
        expect(idx.at(-1)).toBe(want.last);
        // The first occurrences of min and max (what a min/max decimation picks on ties).
        const firstMin = Array.from(values.subarray(want.a, want.b + 1)).indexOf(want.min) + want.a;
        const firstMax = Array.from(values.subarray(want.a, want.b + 1)).indexOf(want.max) + want.a;
        expect(idx).toContain(firstMin);
        expect(idx).toContain(firstMax);
      }
      expect(k).toBe(m.index.length);
    }
  });

  it('is exact at bucket 1 and on a constant series keeps first and last only', () => {
    const v = Float64Array.of(Number.NaN, 1, 2, Number.NaN, 3);
    const one = m4(v, 0, 4, 1);
    expect(Array.from(one.index)).toEqual([1, 2, 4]);
    expect(Array.from(one.values)).toEqual([1, 2, 3]);
    const flat = m4(new Float64Array(100).fill(5), 0, 99, 64);
    expect(Array.from(flat.index)).toEqual([0, 63, 64, 99]);
  });

  it('handles infinities, booleans and a partial array (base)', () => {
    const inf = m4(Float64Array.of(Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY, 2), 0, 3, 4);
    expect(Array.from(inf.index)).toEqual([0, 2, 3]);
    const bools = m4(Uint8Array.of(0, 0, 1, 0, 0, 0, 0, 0), 0, 7, 4);
    expect(Array.from(bools.index)).toEqual([0, 2, 3, 4, 7]);
    expect(bools.values).toBeInstanceOf(Float64Array);
    const full = series(1000, 3);
    const part = m4(full.subarray(200, 700), 256, 639, 32, 200, 1000);
    const whole = m4(full, 256, 639, 32);
    expect(part).toEqual(whole);
  });
});

describe('reading a preview', () => {
  const values = series(3000, 11);
  const m = m4(values, 512, 2047, 16);

  it('finds values it kept, NaN elsewhere', () => {
    expect(isM4(m)).toBe(true);
    expect(isM4(values)).toBe(false);
    for (let k = 0; k < m.index.length; k += 17) expect(m4ValueAt(m, m.index[k])).toBe(m.values[k]);
    expect(m4ValueAt(m, 100)).toBeNaN();
    expect(valueAt(values, 5)).toBe(values[5]);
    expect(valueAt(values, -1)).toBeNaN();
  });

  it('keeps each bucket’s last bar when it is defined (the bar a tooltip reads)', () => {
    for (let b = 512 + 15; b <= 2047; b += 16)
      if (!Number.isNaN(values[b])) expect(m4ValueAt(m, b)).toBe(values[b]);
  });

  it('says which ranges and buckets it reproduces exactly', () => {
    expect(m4Exact(m, 512, 2047, 16)).toBe(true);
    expect(m4Exact(m, 1024, 1535, 64)).toBe(true);
    expect(m4Exact(m, 1024, 1535, 8)).toBe(false); // finer than the preview
    expect(m4Exact(m, 1000, 1535, 16)).toBe(false); // not on a bucket boundary
    expect(m4Exact(m, 0, 1535, 16)).toBe(false); // outside the window
    expect(m4Exact(m, 1024, 2100, 16)).toBe(false);
    const tail = m4(values, 2048, 2999, 16);
    expect(m4Exact(tail, 2048, 2999, 64)).toBe(true); // the series' end needs no boundary
  });
});
