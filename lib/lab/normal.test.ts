import { describe, expect, it } from 'vitest';
import { erfc, normCdf, normInv } from './normal';

// Expectations from Python's math.erfc and statistics.NormalDist (independent implementations).
describe('the standard normal', () => {
  it('Φ matches math.erfc-based values across the range', () => {
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(-8) / 6.220960574271819e-16).toBeCloseTo(1, 10);
    expect(normCdf(0.997509336107632)).toBeCloseTo(0.8407413278013518, 12);
    expect(erfc(3)).toBeCloseTo(2.209049699858544e-5, 18);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14);
    expect(Number.isNaN(erfc(Number.NaN))).toBe(true);
  });

  it('Φ⁻¹ matches NormalDist.inv_cdf and inverts Φ', () => {
    expect(normInv(0.975)).toBeCloseTo(1.9599639845400536, 12);
    expect(normInv(1e-10)).toBeCloseTo(-6.361340902404056, 10);
    expect(normInv(1 - 1e-12)).toBeCloseTo(7.0344869100478356, 5);
    for (const p of [1e-6, 0.01, 0.2, 0.5, 0.7, 0.99, 0.999999])
      expect(normCdf(normInv(p))).toBeCloseTo(p, 14);
    expect(normInv(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normInv(1)).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(normInv(1.5))).toBe(true);
  });
});
