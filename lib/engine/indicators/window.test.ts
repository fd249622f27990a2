import { describe, expect, it } from 'vitest';
import { expectSeries, firstValue, randomWalk, withGap } from './test-helpers';
import { change, highest, lowest } from './window';

function refExtreme(src: Float64Array, n: number, isMax: boolean): Float64Array {
  const out = new Float64Array(src.length).fill(Number.NaN);
  for (let t = n - 1; t < src.length; t++) {
    let best = src[t];
    let ok = true;
    for (let j = t - n + 1; j <= t; j++) {
      if (Number.isNaN(src[j])) ok = false;
      else if (isMax ? src[j] > best : src[j] < best) best = src[j];
    }
    if (ok) out[t] = best;
  }
  return out;
}

function refChange(src: Float64Array, n: number): Float64Array {
  const out = new Float64Array(src.length).fill(Number.NaN);
  for (let t = n; t < src.length; t++) {
    let ok = true;
    for (let j = t - n; j <= t; j++) if (Number.isNaN(src[j])) ok = false;
    if (ok) out[t] = src[t] - src[t - n];
  }
  return out;
}

const walk = withGap(randomWalk(500, 21), 300, 303);

describe('highest / lowest / change against naive windows (NaN gap at 300..302)', () => {
  for (const n of [1, 2, 3, 10, 64, 100]) {
    it(`period ${n}`, () => {
      expectSeries(highest(walk, n), refExtreme(walk, n, true), 0, 1, 250);
      expectSeries(lowest(walk, n), refExtreme(walk, n, false), 0, 1, 250);
      expectSeries(change(walk, n), refChange(walk, n), 1e-12, 1, 250);
    });
  }
  it('monotonic and tied inputs (the deque worst cases)', () => {
    const up = Float64Array.from({ length: 300 }, (_, i) => i);
    const down = Float64Array.from({ length: 300 }, (_, i) => -i);
    const ties = Float64Array.from({ length: 300 }, (_, i) => Math.floor(i / 7) % 3);
    for (const src of [up, down, ties]) {
      for (const n of [2, 5, 17, 128]) {
        expectSeries(highest(src, n), refExtreme(src, n, true), 0);
        expectSeries(lowest(src, n), refExtreme(src, n, false), 0);
      }
    }
  });
});

describe('window kernels on hand-computed values', () => {
  const x = Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6);
  const N = Number.NaN;
  it('highest(3): max(3,1,4)=4, max(1,4,1)=4, 5, 9, 9, 9', () => {
    expectSeries(highest(x, 3), [N, N, 4, 4, 5, 9, 9, 9], 0);
  });
  it('lowest(3): min(3,1,4)=1, 1, 1, 1, min(9,2,6)... = 2, 2', () => {
    expectSeries(lowest(x, 3), [N, N, 1, 1, 1, 1, 2, 2], 0);
  });
  it('change: n defaults to 1 (1-3=-2, 4-1=3, ...); change(2): 4-3=1, 1-1=0, 5-4=1', () => {
    expectSeries(change(x), [N, -2, 3, -3, 4, 4, -7, 4], 0);
    expectSeries(change(x, 2), [N, N, 1, 0, 1, 8, -3, -3], 0);
  });
});

describe('window kernels: NaN, constant, period 1, long periods', () => {
  it('all-NaN in, all-NaN out; a constant gives the constant and a zero change', () => {
    const nan = new Float64Array(40).fill(Number.NaN);
    for (const f of [highest, lowest, change]) expect(firstValue(f(nan, 3))).toBe(40);
    const c = new Float64Array(40).fill(2.5);
    expect(Array.from(highest(c, 5).subarray(4)).every((v) => v === 2.5)).toBe(true);
    expect(Array.from(lowest(c, 5).subarray(4)).every((v) => v === 2.5)).toBe(true);
    expect(Array.from(change(c, 5).subarray(5)).every((v) => v === 0)).toBe(true);
  });
  it('period 1: highest/lowest are the input; a period longer than the data gives all NaN', () => {
    expect(Array.from(highest(walk, 1))).toEqual(Array.from(walk));
    expect(Array.from(lowest(walk, 1))).toEqual(Array.from(walk));
    for (const f of [highest, lowest, change]) expect(firstValue(f(walk, 501))).toBe(500);
    expect(firstValue(change(walk, 500))).toBe(500);
  });
  it('stays O(length) whatever the period (a 5000-bar window costs about as much as a 5-bar one)', () => {
    const big = randomWalk(200_000, 5);
    const time = (n: number) => {
      const t0 = performance.now();
      for (let k = 0; k < 3; k++) highest(big, n);
      return performance.now() - t0;
    };
    time(5);
    // A naive scan would be ~1000x slower for n = 5000; allow a wide margin for noisy machines.
    expect(time(5000)).toBeLessThan(20 * time(5) + 20);
  });
});
