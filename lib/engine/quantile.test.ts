import { describe, expect, it } from 'vitest';
import { percentileSorted } from './quantile';

describe('percentileSorted', () => {
  it('interpolates linearly between ranks as numpy does', () => {
    // numpy.percentile([1, 2, 3, 4], [50, 5, 25, 75]) = 2.5, 1.15, 1.75, 3.25
    expect(percentileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileSorted([1, 2, 3, 4], 0.05)).toBeCloseTo(1.15, 15);
    expect(percentileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(percentileSorted([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(percentileSorted(Float64Array.from([1, 3, 5]), 0.95)).toBeCloseTo(4.8, 15);
  });

  it('gives the ends at 0 and 1, the one value of one, and NaN for none', () => {
    expect(percentileSorted([2, 4, 9], 0)).toBe(2);
    expect(percentileSorted([2, 4, 9], 1)).toBe(9);
    expect(percentileSorted([7], 0.95)).toBe(7);
    expect(percentileSorted([], 0.5)).toBeNaN();
  });

  it('agrees with the definition by ranks on random data', () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let t = 0; t < 50; t++) {
      const xs = Array.from({ length: 1 + Math.floor(rand() * 20) }, () => rand() * 100 - 50).sort(
        (a, b) => a - b,
      );
      const q = rand();
      // rank (n-1)q, between xs[floor] and xs[ceil] with weight on the fractional part
      const r = (xs.length - 1) * q;
      const a = xs[Math.floor(r)];
      const b = xs[Math.ceil(r)];
      expect(percentileSorted(xs, q)).toBeCloseTo(
        a * (1 - (r - Math.floor(r))) + b * (r - Math.floor(r)),
        10,
      );
    }
  });
});
