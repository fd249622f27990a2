import { describe, expect, it } from 'vitest';
import {
  deflatedSharpe,
  expectedMaxSharpe,
  minTrackRecord,
  probabilisticSharpe,
  returnMoments,
  sampleVariance,
} from './sharpe';

describe('probabilistic and deflated Sharpe ratio', () => {
  it('reproduces the worked example of Bailey & López de Prado (2014): DSR ≈ 0.9004', () => {
    // 5 years of daily returns (T = 1250), annualised SR 2.5, skew −3, kurtosis 10, N = 100 trials whose
    // annualised Sharpe ratios vary by 0.5. Per-day figures: SR = 2.5/√250, V = 0.5/250.
    const sr = 2.5 / Math.sqrt(250);
    const bench = expectedMaxSharpe(0.5 / 250, 100);
    expect(bench * Math.sqrt(250)).toBeCloseTo(1.7894064662732077, 9); // E[max] ≈ 1.79 annualised
    const d = deflatedSharpe({ sharpe: sr, n: 1250, skew: -3, kurtosis: 10 }, 100, 0.5 / 250);
    expect(d.dsr).toBeCloseTo(0.9004, 4);
    expect(d.dsr).toBeCloseTo(0.9003968344493904, 9);
    expect(d.psr).toBeGreaterThan(d.dsr);
  });

  it('PSR by hand: SR 0.1 per period over 101 normal observations is Φ(1/√1.005)', () => {
    expect(probabilisticSharpe(0.1, 101, 0, 3)).toBeCloseTo(0.8407413278013518, 12);
    // Negative skew and fat tails widen the error: lower confidence for the same SR.
    expect(probabilisticSharpe(0.1, 101, -2, 9)).toBeLessThan(0.8407);
    expect(probabilisticSharpe(0.1, 101, 0, 3, 0.1)).toBe(0.5);
    expect(Number.isNaN(probabilisticSharpe(0.1, 1, 0, 3))).toBe(true);
  });

  it('one trial deflates nothing; more trials raise the bar', () => {
    expect(expectedMaxSharpe(0.01, 1)).toBe(0);
    const bars = [10, 100, 1000].map((n) => expectedMaxSharpe(0.01, n));
    expect(bars[0]).toBeLessThan(bars[1]);
    expect(bars[1]).toBeLessThan(bars[2]);
  });

  it('moments by hand', () => {
    const m = returnMoments([0.01, -0.02, 0.03, Number.NaN, 0]);
    expect(m.n).toBe(4);
    expect(m.mean).toBeCloseTo(0.005, 15);
    // deviations .005 −.025 .025 −.005: Σd² = .00130, Σd³ = 0, Σd⁴ = 7.825e-7
    expect(m.std).toBeCloseTo(Math.sqrt(0.0013 / 3), 15);
    expect(m.skew).toBeCloseTo(0, 12);
    expect(m.kurtosis).toBeCloseTo(7.825e-7 / 4 / (0.0013 / 4) ** 2, 10);
    expect(sampleVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 15);
  });

  it('minimum track record length by hand (z₀.₉₅ = 1.6448536269514722)', () => {
    expect(minTrackRecord(0.1, -0.5, 5)).toBeCloseTo(287.7876061341135, 8);
    expect(minTrackRecord(0, 0, 3)).toBe(Number.POSITIVE_INFINITY);
  });
});
