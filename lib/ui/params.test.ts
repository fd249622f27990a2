import { describe, expect, it } from 'vitest';
import { checkSource } from '../dsl';
import { clampParam, decimalsOf, formatParam, knownParams, niceStep, sliderSpec } from './params';

describe('parameter sliders', () => {
  it('uses declared bounds and steps', () => {
    expect(sliderSpec({ name: 'a', default: 20, min: 2, max: 100, step: 5, integer: true })).toEqual({
      min: 2,
      max: 100,
      step: 5,
      decimals: 0,
    });
    expect(sliderSpec({ name: 'w', default: 2, min: 0.5, max: 4, step: 0.1, integer: false })).toEqual({
      min: 0.5,
      max: 4,
      step: 0.1,
      decimals: 1,
    });
  });

  it('keeps integer inputs on whole steps of at least 1', () => {
    expect(sliderSpec({ name: 'n', default: 14, min: 2, max: 50, integer: true }).step).toBe(1);
    expect(sliderSpec({ name: 'n', default: 14, min: 2, max: 50, step: 0.4, integer: true }).step).toBe(1);
    expect(sliderSpec({ name: 'n', default: 14, min: 2, max: 50, step: 2.6, integer: true }).step).toBe(3);
  });

  it('invents a sensible range when none is declared', () => {
    const n = sliderSpec({ name: 'n', default: 14, integer: true });
    expect(n).toMatchObject({ min: 1, max: 56, step: 1 });
    const x = sliderSpec({ name: 'x', default: 0.5, integer: false });
    expect(x.min).toBe(0);
    expect(x.max).toBeGreaterThan(0.5);
    expect(x.step).toBeGreaterThan(0);
    const neg = sliderSpec({ name: 'x', default: -3, integer: true });
    expect(neg.min).toBeLessThan(-3);
    expect(neg.max).toBeGreaterThan(-3);
    // Only a lower bound: the default still fits.
    const lo = sliderSpec({ name: 'x', default: 500, min: 600, integer: true });
    expect(lo.max).toBeGreaterThan(lo.min);
  });

  it('matches the inputs the checker reports', () => {
    const { checked } = checkSource('w = input(2, min=0.5, max=4, step=0.25, title="W")\nn = input(9)\n');
    const [w, n] = checked.inputs;
    expect(sliderSpec(w)).toEqual({ min: 0.5, max: 4, step: 0.25, decimals: 2 });
    expect(sliderSpec(n)).toMatchObject({ min: 1, max: 36, step: 1, decimals: 0 });
  });

  it('clamps and rounds typed values', () => {
    const i = { name: 'n', default: 14, min: 2, max: 50, integer: true };
    expect(clampParam(70, i)).toBe(50);
    expect(clampParam(1, i)).toBe(2);
    expect(clampParam(7.6, i)).toBe(8);
    expect(clampParam(Number.NaN, i)).toBe(14);
    expect(clampParam(1e9, { name: 'x', default: 1, integer: false })).toBe(1e9);
  });

  it('picks nice steps and decimals', () => {
    expect(niceStep(0.013)).toBe(0.02);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(0)).toBe(1);
    expect(decimalsOf(0.25)).toBe(2);
    expect(decimalsOf(5)).toBe(0);
    expect(formatParam(2, { min: 0, max: 4, step: 0.1, decimals: 1 })).toBe('2.0');
  });

  it('saves only declared, numeric parameters', () => {
    const inputs = [
      { name: 'a', default: 1, integer: true },
      { name: 'b', default: 1, integer: true },
    ];
    expect(knownParams({ a: 3, b: 'x', c: 4 }, inputs)).toEqual({ a: 3 });
  });
});
