// The benchmark compares like with like: every plain-loop reference and the hand-fused backtest must
// compute what the engine computes. Checked on small seeded data, value by value.
import { describe, expect, it } from 'vitest';
import { STAT_NAMES, simulate, sma } from '../lib/engine';
import { CAPITAL, crossRules, engineBacktest, FAST, FEE, SLOW } from './backtest';
import { fusedCrossoverStats } from './fused-stats';
import { gbmBars } from './harness';
import { KERNELS, output } from './kernels';
import { fusedCrossover } from './reference';

const bars = gbmBars(7, 3000);

function expectSame(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Number.isNaN(e)) {
      expect(a, `${what}[${i}] should be NaN`).toBeNaN();
      continue;
    }
    const tol = 1e-9 * Math.max(1, Math.abs(e));
    if (!(Math.abs(a - e) <= tol)) expect.fail(`${what}[${i}]: reference ${a}, engine ${e}`);
  }
}

describe('plain-loop references agree with the engine', () => {
  for (const k of KERNELS) {
    it(k.name, () => {
      const ours = k.ours(bars);
      const ref = k.ref(bars);
      const outs = ours instanceof Float64Array ? 1 : ours.length;
      for (let j = 0; j < outs; j++) expectSame(output(ref, j), output(ours, j), `${k.name} output ${j}`);
      // The data must exercise the kernel: mostly defined values, not a constant.
      const o = output(ours);
      const defined = o.filter((x) => !Number.isNaN(x));
      expect(defined.length).toBeGreaterThan(o.length - 100);
      expect(new Set(defined).size).toBeGreaterThan(10);
    });
  }

  it('vwap restarts at each UTC day (the 1-minute test bars span several days)', () => {
    const k = KERNELS.find((x) => x.name === 'vwap');
    const v = output(k?.ref(bars) ?? new Float64Array());
    const day = 86_400_000;
    const i = bars.time.findIndex((t) => t % day === 0);
    expect(i).toBeGreaterThan(0);
    expect(v[i]).toBeCloseTo((bars.high[i] + bars.low[i] + bars.close[i]) / 3, 12);
  });
});

describe('hand-fused crossover backtest', () => {
  it('gives the engine equity curve bar for bar, with trades', () => {
    const eng = engineBacktest(bars);
    const fused = fusedCrossover(bars, FAST, SLOW, CAPITAL, FEE);
    expect(eng.stats['# Trades']).toBeGreaterThan(5);
    expect(fused.trades).toBe(eng.stats['# Trades']);
    expectSame(fused.equity, eng.sim.equity, 'equity');
    // Not trivially equal to the starting capital: fees and price moves change it.
    expect(Math.abs(fused.equity[fused.equity.length - 1] - CAPITAL)).toBeGreaterThan(1);
  });

  it('charges the fee on both fills of a round trip', () => {
    // Flat prices except one rise: a single trade whose result is set by the fees and the move alone.
    const n = 120;
    const b = gbmBars(1, n);
    for (let i = 0; i < n; i++) {
      const p = i < 60 ? 100 : i < 90 ? 110 : 90;
      b.open[i] = b.high[i] = b.low[i] = b.close[i] = p;
    }
    const fused = fusedCrossover(b, 2, 5, 1000, 0.01);
    // Entry signal at bar 60 fills at 61's open (110); exit signal at bar 90 fills at 91 (90).
    const qty = 1000 / (110 * 1.01);
    const expected = qty * 90 * 0.99;
    expect(fused.trades).toBe(1);
    expect(fused.equity[n - 1]).toBeCloseTo(expected, 9);
    const rules = crossRules(sma(b.close, 2), sma(b.close, 5));
    const settings = { capital: 1000, fee: 0.01, slippage: 0, fill: 'open', units: 'fractional' } as const;
    expectSame(fused.equity, simulate(b, rules, settings).equity, 'equity on the step series');
  });

  it('with every statistic: the same figures as the engine API, bit for bit', () => {
    const eng = engineBacktest(bars);
    const fused = fusedCrossoverStats(bars, FAST, SLOW, CAPITAL, FEE, SLOW - 1);
    expectSame(fused.equity, eng.sim.equity, 'equity');
    // The data must exercise the figures: several calendar days, winning and losing trades, drawdowns.
    expect(eng.stats['Duration [days]']).toBeGreaterThan(1);
    expect(eng.stats['Win Rate [%]']).toBeGreaterThan(0);
    expect(eng.stats['Win Rate [%]']).toBeLessThan(100);
    expect(eng.stats['Avg. Drawdown [%]']).toBeLessThan(0);
    expect(Number.isFinite(eng.stats.Beta)).toBe(true);
    for (const k of STAT_NAMES) expect(fused.stats[k], k).toStrictEqual(eng.stats[k]);
  });
});
