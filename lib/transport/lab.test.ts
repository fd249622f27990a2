// The lab's requests are bounded before any work: combinations, inputs, windows, runs; hostile numbers
// (huge ranges, NaN steps) are refused with a message saying what to change.
import { describe, expect, it } from 'vitest';
import { gridSize, MAX_SWEEP_RUNS, rangeCount, thinCurve, windowSizes } from './lab';
import { parseClientMessage } from './protocol';

const sweep = (grid: unknown, extra: object = {}) =>
  parseClientMessage({ type: 'sweep', seq: 3, grid, rank: 'Sharpe Ratio', ...extra });

describe('lab requests', () => {
  it('accept a bounded sweep, walk-forward, Monte Carlo and cancel', () => {
    expect(sweep({ fast: { from: 5, to: 50, step: 5 }, slow: { from: 20, to: 200, step: 20 } }).ok).toBe(
      true,
    );
    const wf = { type: 'walkforward', seq: 1, grid: { n: { from: 1, to: 3, step: 1 } }, rank: 'Return [%]' };
    expect(parseClientMessage({ ...wf, fraction: 0.7, windows: 4, anchored: false }).ok).toBe(true);
    expect(
      parseClientMessage({ type: 'montecarlo', seq: 2, method: 'bootstrap', runs: 500, seed: 1 }).ok,
    ).toBe(true);
    expect(parseClientMessage({ type: 'cancel', seq: 4, job: 3 }).ok).toBe(true);
  });

  it('refuse grids past the cap, empty or reversed ranges, bad steps and unknown statistics', () => {
    const big = sweep({ a: { from: 1, to: 100, step: 1 }, b: { from: 1, to: 26, step: 1 } }); // 2,600
    expect(big).toEqual({
      ok: false,
      error: expect.stringMatching(/more than 2500 combinations: take larger steps/),
    });
    // 1e300 values per input must not overflow or allocate: the count is capped as it multiplies.
    expect(sweep({ a: { from: 0, to: 1e300, step: 1 } }).ok).toBe(false);
    expect(gridSize({ a: { from: 0, to: 1e300, step: 1 }, b: { from: 0, to: 1e300, step: 1 } })).toBe(
      MAX_SWEEP_RUNS + 1,
    );
    expect(sweep({ a: { from: 5, to: 1, step: 1 } })).toEqual({
      ok: false,
      error: expect.stringMatching(/swap them/),
    });
    expect(sweep({ a: { from: 1, to: 5, step: 0 } }).ok).toBe(false);
    expect(sweep({ a: { from: 1, to: 5, step: Number.NaN } }).ok).toBe(false);
    expect(sweep({}).ok).toBe(false);
    const five = Object.fromEntries('abcde'.split('').map((k) => [k, { from: 1, to: 2, step: 1 }]));
    expect(sweep(five)).toEqual({ ok: false, error: expect.stringMatching(/1 to 4 inputs/) });
    expect(sweep({ a: { from: 1, to: 2, step: 1 } }, { rank: 'Start' }).ok).toBe(false);
    expect(sweep({ 'a-b': { from: 1, to: 2, step: 1 } }).ok).toBe(false);
    expect(
      parseClientMessage({ type: 'montecarlo', seq: 2, method: 'bootstrap', runs: 5001, seed: 1 }).ok,
    ).toBe(false);
    expect(
      parseClientMessage({ type: 'montecarlo', seq: 2, method: 'jackknife', runs: 50, seed: 1 }).ok,
    ).toBe(false);
    const wf = { type: 'walkforward', seq: 1, grid: { n: { from: 1, to: 3, step: 1 } }, rank: 'Return [%]' };
    expect(parseClientMessage({ ...wf, fraction: 0.99, windows: 4, anchored: false }).ok).toBe(false);
    expect(parseClientMessage({ ...wf, fraction: 0.7, windows: 25, anchored: false }).ok).toBe(false);
  });

  it('count range values as the engine does', () => {
    expect(rangeCount({ from: 5, to: 50, step: 5 })).toBe(10);
    expect(rangeCount({ from: 0, to: 1, step: 0.3 })).toBe(4); // 0, 0.3, 0.6, 0.9
    expect(rangeCount({ from: 0.1, to: 0.3, step: 0.1 })).toBe(3); // float error absorbed
  });
});

describe('windowSizes', () => {
  it('fills the bars: in-sample + windows × out-of-sample = n', () => {
    // 2,500 bars, 4 windows at 70 %: out = floor(2500 / (4 + 7/3)) = 394, in = 2500 − 4 × 394 = 924.
    expect(windowSizes(2500, 0.7, 4)).toEqual({ inSample: 924, outOfSample: 394 });
    // One window is a plain split: 30 % of 1,000 out of sample.
    expect(windowSizes(1000, 0.7, 1)).toEqual({ inSample: 700, outOfSample: 300 });
  });
});

describe('thinCurve', () => {
  it('keeps evenly spaced points, both ends, and shifts indices', () => {
    const v = Float64Array.from({ length: 11 }, (_, i) => i * 10);
    const c = thinCurve(v, 1, 0, 4); // values 10..100 → 4 points over indices 1..10
    expect([...c.index]).toEqual([1, 4, 7, 10]);
    expect([...c.values]).toEqual([10, 40, 70, 100]);
    const all = thinCurve(v, 0, 5);
    expect(all.index.length).toBe(11);
    expect(all.index[0]).toBe(5);
  });
});
