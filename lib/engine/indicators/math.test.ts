import { describe, expect, it } from 'vitest';
import { abs, exp, log, max, min, round, sqrt } from './math';

const N = Number.NaN;
const x = Float64Array.of(-2.5, -0.5, 0, 0.5, 1.5, 2.5, 4, N);

describe('element-wise math', () => {
  it('abs, sqrt (NaN for negatives)', () => {
    expect(Array.from(abs(x))).toEqual([2.5, 0.5, 0, 0.5, 1.5, 2.5, 4, N]);
    expect(Array.from(sqrt(Float64Array.of(4, 2.25, 0, -1, N)))).toEqual([2, 1.5, 0, N, N]);
  });
  it('log is NaN for x <= 0 (no -Infinity); exp is NaN on overflow', () => {
    expect(Array.from(log(Float64Array.of(Math.E, 1, 0, -1, N)))).toEqual([1, 0, N, N, N]);
    expect(Array.from(exp(Float64Array.of(0, 1, 1000, -1000, N)))).toEqual([1, Math.E, N, 0, N]);
  });
  it('round sends halves away from zero (Pine), unlike Math.round(-2.5) = -2', () => {
    const out = Array.from(round(x));
    expect(out.slice(0, 2)).toEqual([-3, -1]);
    expect(out.slice(2)).toEqual([0, 1, 2, 3, 4, N]);
    expect(round(Float64Array.of(0.49999999999999994))[0]).toBe(0);
  });
  it('min / max are NaN when either side is NaN', () => {
    const a = Float64Array.of(1, 5, N, 3);
    const b = Float64Array.of(2, 4, 1, N);
    expect(Array.from(min(a, b))).toEqual([1, 4, N, N]);
    expect(Array.from(max(a, b))).toEqual([2, 5, N, N]);
  });
});
