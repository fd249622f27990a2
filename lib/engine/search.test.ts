import { describe, expect, it } from 'vitest';
import { lowerBound, upperBound } from './search';
import { rng } from './testkit';

/** The definitions by a linear scan, as the reference. */
const firstAtLeast = (a: ArrayLike<number>, x: number, lo: number, hi: number) => {
  for (let i = lo; i < hi; i++) if (a[i] >= x) return i;
  return hi;
};
const firstAbove = (a: ArrayLike<number>, x: number, lo: number, hi: number) => {
  for (let i = lo; i < hi; i++) if (a[i] > x) return i;
  return hi;
};

describe('lowerBound and upperBound', () => {
  it('find the first value at least / above x, around runs of equal values', () => {
    const t = Float64Array.of(10, 20, 20, 20, 30);
    expect([5, 10, 15, 20, 25, 30, 35].map((x) => lowerBound(t, x))).toEqual([0, 0, 1, 1, 4, 4, 5]);
    expect([5, 10, 15, 20, 25, 30, 35].map((x) => upperBound(t, x))).toEqual([0, 1, 1, 4, 4, 5, 5]);
    expect(lowerBound(Int32Array.of(1, 3, 5), 4)).toBe(2);
    expect(lowerBound([], 1)).toBe(0);
    expect(upperBound([], 1)).toBe(0);
  });

  it('search only [lo, hi)', () => {
    const t = [1, 2, 3, 4, 5, 6];
    expect(lowerBound(t, 0, 2, 5)).toBe(2);
    expect(lowerBound(t, 9, 2, 5)).toBe(5);
    expect(upperBound(t, 4, 1, 3)).toBe(3);
  });

  it('agree with a linear scan on random sorted data with ties', () => {
    const r = rng(3);
    for (let k = 0; k < 300; k++) {
      const n = Math.floor(r() * 30);
      const a = Array.from({ length: n }, () => Math.floor(r() * 10)).sort((p, q) => p - q);
      const x = Math.floor(r() * 12) - 1;
      const lo = Math.floor(r() * (n + 1));
      const hi = lo + Math.floor(r() * (n - lo + 1));
      expect(lowerBound(a, x, lo, hi)).toBe(firstAtLeast(a, x, lo, hi));
      expect(upperBound(a, x, lo, hi)).toBe(firstAbove(a, x, lo, hi));
    }
  });
});
