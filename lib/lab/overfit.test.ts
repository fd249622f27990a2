import { describe, expect, it } from 'vitest';
import { synthetic } from '../data';
import { combinations, crossover, crossunder, type Params, type Settings, simulate, sma } from '../engine';
import { readOverfitting, sweepOverfitting } from './overfit';
import { probabilityOfOverfitting } from './pbo';
import { deflatedSharpe, returnMoments, sampleVariance } from './sharpe';

describe('reading the odds', () => {
  it.each([
    [0.99, 0.05, 'holds up'],
    [0.99, 0.3, 'doubtful'],
    [0.99, 0.6, 'likely overfit'],
    [0.8, 0.1, 'doubtful'],
    [0.3, 0.1, 'likely overfit'],
    [Number.NaN, null, 'doubtful'],
  ] as const)('DSR %s, PBO %s → %s', (dsr, pbo, verdict) => {
    const r = readOverfitting({ dsr, trials: 40 }, pbo === null ? null : { pbo });
    expect(r.verdict).toBe(verdict);
    expect(r.reading.startsWith(verdict)).toBe(true);
    expect(r.reading).toContain('40');
  });
});

describe('sweepOverfitting', () => {
  const bars = synthetic({ seed: 8, bars: 1200 });
  const settings: Settings = { capital: 10_000, fee: 0.001, slippage: 0, fill: 'open', units: 'fractional' };
  const run = (p: Params) => {
    const f = sma(bars.close, p.fast);
    const s = sma(bars.close, p.slow);
    const size = { kind: 'percent', value: 1 } as const;
    return {
      rules: [
        { kind: 'buy', size, when: crossover(f, s) },
        { kind: 'sell', size, when: crossunder(f, s) },
      ] as const,
      settings,
      warmupBars: p.slow - 1,
    };
  };
  const grid = { fast: [3, 5, 8, 13], slow: [21, 34, 55] };

  it('equals the odds computed from each combination run on its own', () => {
    const o = sweepOverfitting({
      bars,
      grid,
      strategy: (p) => ({ ...run(p), rules: [...run(p).rules] }),
      blocks: 8,
    });
    // Reference: each combination simulated separately, its bar returns from its own equity.
    const combos = combinations(grid);
    const rets = combos.map((p) => {
      const eq = simulate(bars, [...run(p).rules], settings).equity;
      return Float64Array.from({ length: eq.length - 1 }, (_, i) => eq[i + 1] / eq[i] - 1);
    });
    const best = combos.findIndex(
      (p) => p.fast === o.sweep.runs[0].params.fast && p.slow === o.sweep.runs[0].params.slow,
    );
    const ref = deflatedSharpe(
      returnMoments(rets[best]),
      combos.length,
      sampleVariance(rets.map((r) => returnMoments(r).sharpe)),
    );
    expect(o.deflated.trials).toBe(12);
    expect(o.deflated.dsr).toBeCloseTo(ref.dsr, 12);
    expect(o.deflated.benchmark).toBeCloseTo(ref.benchmark, 14);
    const pbo = probabilityOfOverfitting(rets, { blocks: 8 });
    expect(o.pbo!.pbo).toBe(pbo.pbo);
    expect(o.reading.length).toBeGreaterThan(20);
  });

  it('bounds the returns it keeps and refuses an empty grid', () => {
    const strategy = (p: Params) => ({ ...run(p), rules: [...run(p).rules] });
    expect(() => sweepOverfitting({ bars, grid, strategy, maxCells: 5000 })).toThrow(/narrow the grid/);
    expect(() => sweepOverfitting({ bars, grid, strategy, constraint: () => false })).toThrow(
      /no combination/,
    );
  });
});
