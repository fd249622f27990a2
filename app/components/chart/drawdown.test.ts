import { describe, expect, it } from 'vitest';
import { drawdownPct, maxDrawdown } from './drawdown';

describe('drawdownPct', () => {
  it('matches a hand-computed curve', () => {
    const dd = drawdownPct(Float64Array.of(100, 110, 99, 121, 60.5, 130));
    // peaks: 100, 110, 110, 121, 121, 130
    const want = [0, 0, -10, 0, -50, 0];
    for (let i = 0; i < want.length; i++) expect(dd[i]).toBeCloseTo(want[i], 12);
  });

  it('matches a naive running-max loop on a random walk', () => {
    const n = 500;
    const eq = new Float64Array(n);
    let x = 1000;
    let seed = 7;
    for (let i = 0; i < n; i++) {
      seed = (seed * 16807) % 2147483647;
      x *= 1 + (seed / 2147483647 - 0.5) * 0.05;
      eq[i] = x;
    }
    const dd = drawdownPct(eq);
    for (let i = 0; i < n; i++) {
      const peak = Math.max(...Array.from(eq.subarray(0, i + 1)));
      expect(dd[i]).toBeCloseTo(-(1 - eq[i] / peak) * 100, 10);
      expect(dd[i]).toBeLessThanOrEqual(0);
    }
  });

  it('keeps NaN bars out of the peak and marks them NaN', () => {
    const dd = drawdownPct(Float64Array.of(Number.NaN, 100, Number.NaN, 50, 200));
    expect(dd[0]).toBeNaN();
    expect(dd[1]).toBe(0);
    expect(dd[2]).toBeNaN();
    expect(dd[3]).toBe(-50);
    expect(dd[4]).toBe(0);
  });

  it('is -100% at zero equity and undefined before a positive peak', () => {
    const dd = drawdownPct(Float64Array.of(0, -5, 100, 0));
    expect(dd[0]).toBeNaN();
    expect(dd[1]).toBeNaN();
    expect(dd[2]).toBe(0);
    expect(dd[3]).toBe(-100);
  });

  it('returns an empty array for empty equity', () => {
    expect(drawdownPct(new Float64Array(0)).length).toBe(0);
  });
});

describe('maxDrawdown', () => {
  it('finds the deepest point', () => {
    expect(maxDrawdown(Float64Array.of(0, -3, Number.NaN, -12, -4))).toEqual({ value: -12, at: 3 });
    expect(maxDrawdown(Float64Array.of(Number.NaN)).at).toBe(-1);
  });
});
