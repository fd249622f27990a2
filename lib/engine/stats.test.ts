import { describe, expect, it } from 'vitest';
import type { SimResult } from './simulate';
import { barPeriodMs, computeStats, geometricMean, periodReturns, STAT_NAMES } from './stats';
import { TradeLog } from './trades';
import type { Bars } from './types';

const DAY = 86_400_000;
const MON = Date.UTC(2024, 0, 1); // a Monday

function weekdays(n: number): Float64Array {
  const t = new Float64Array(n);
  let d = MON;
  for (let i = 0; i < n; i++) {
    while ([0, 6].includes(new Date(d).getUTCDay())) d += DAY;
    t[i] = d;
    d += DAY;
  }
  return t;
}

function barsOf(time: Float64Array, close: number[]): Bars {
  const c = Float64Array.from(close);
  return { time, open: c, high: c, low: c, close: c, volume: new Float64Array(c.length) };
}

function sim(equity: number[], log = new TradeLog()): SimResult {
  const e = Float64Array.from(equity);
  return {
    equity: e,
    cash: e,
    position: new Float64Array(e.length),
    trades: log.finish(),
    insufficientFunds: 0,
    bankruptAt: -1,
  };
}

describe('computeStats', () => {
  it('computes return, drawdown and its duration on a hand case', () => {
    const t = weekdays(4); // Mon..Thu
    const s = computeStats(barsOf(t, [10, 11, 12, 13]), sim([100, 110, 99, 121]));
    expect(s['Return [%]']).toBeCloseTo(21, 12);
    expect(s['Equity Peak [$]']).toBe(121);
    // Peak 110 then 99: 1 − 99/110 = 10%.
    expect(s['Max. Drawdown [%]']).toBeCloseTo(-10, 12);
    // One drawdown period, from bar 1 (the peak) to bar 3 (the new high): 2 days.
    expect(s['Avg. Drawdown [%]']).toBeCloseTo(-10, 12);
    expect(s['Max. Drawdown Duration [days]']).toBe(2);
    expect(s['Buy & Hold Return [%]']).toBeCloseTo(30, 12);
    expect(s['Duration [days]']).toBe(3);
    expect(s.Start).toBe('2024-01-01T00:00:00.000Z');
    // Daily returns 0.1, −0.1, 0.2222…; geometric mean = (1.21)^(1/3) − 1; 252 periods a year.
    const g = 1.21 ** (1 / 3) - 1;
    expect(s['Return (Ann.) [%]']).toBeCloseTo(((1 + g) ** 252 - 1) * 100, 6);
    const r = [0.1, -0.1, 121 / 99 - 1];
    const mean = (r[0] + r[1] + r[2]) / 3;
    const variance = r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2;
    const vol = Math.sqrt((variance + (1 + g) ** 2) ** 252 - (1 + g) ** 504);
    expect(s['Volatility (Ann.) [%]']).toBeCloseTo(vol * 100, 4);
    expect(s['Sortino Ratio']).toBeCloseTo(((1 + g) ** 252 - 1) / (Math.sqrt(0.01 / 3) * Math.sqrt(252)), 6);
    expect(s['# Trades']).toBe(0);
    expect(s['Win Rate [%]']).toBeNaN();
  });

  it('counts an ongoing drawdown at the end and buy & hold from the warm-up bar', () => {
    const t = weekdays(5);
    const s = computeStats(barsOf(t, [10, 20, 20, 20, 40]), sim([100, 120, 90, 100, 60]), { warmupBars: 1 });
    expect(s['Max. Drawdown [%]']).toBeCloseTo(-50, 12);
    expect(s['Max. Drawdown Duration [days]']).toBe(3); // Tue → Fri, still under water
    expect(s['Buy & Hold Return [%]']).toBeCloseTo(100, 12);
  });

  it('computes trade statistics from closed trades only', () => {
    // Four closed trades (P&L +100, −50, +300, −50), then one open trade that must not count.
    const time = weekdays(10);
    const log = new TradeLog(1, time);
    const add = (side: number, entry: number, exit: number, a: number, b: number) =>
      log.push(side, 10, a, entry, b, exit, 0, 0, false);
    add(1, 100, 110, 0, 2);
    add(1, 100, 95, 2, 3);
    add(-1, 100, 70, 3, 6);
    add(1, 100, 95, 6, 7);
    log.push(1, 10, 7, 100, 9, 200, 0, 4, true);
    const s = computeStats(barsOf(time, Array(10).fill(100)), sim(Array(10).fill(1000), log));
    expect(s['# Trades']).toBe(4);
    expect(s['Win Rate [%]']).toBe(50);
    expect(s['Best Trade [%]']).toBeCloseTo(30, 12);
    expect(s['Worst Trade [%]']).toBeCloseTo(-5, 12);
    // Profit factor on returns: (0.1 + 0.3) / (0.05 + 0.05) = 4.
    expect(s['Profit Factor']).toBeCloseTo(4, 12);
    expect(s['Expectancy [%]']).toBeCloseTo(7.5, 12);
    expect(s['Avg. Trade [%]']).toBeCloseTo(((1.1 * 0.95 * 1.3 * 0.95) ** 0.25 - 1) * 100, 12);
    // SQN = √4 × mean(P&L) / std(P&L): mean 75, sample std of [100, −50, 300, −50] = 165.83…
    const pl = [100, -50, 300, -50];
    const std = Math.sqrt(pl.reduce((a, x) => a + (x - 75) ** 2, 0) / 3);
    expect(s.SQN).toBeCloseTo((2 * 75) / std, 12);
    // Kelly = W − (1 − W) / (avg win / avg loss) = 0.5 − 0.5 / (200 / 50).
    expect(s['Kelly Criterion']).toBeCloseTo(0.375, 12);
    // Exposure: bars 0..7 are covered by closed trades; the open trade's bars 8–9 are not.
    expect(s['Exposure Time [%]']).toBeCloseTo(80, 12);
    expect(s['Max. Trade Duration [days]']).toBe((time[6] - time[3]) / DAY);
  });

  it('computes beta from bar-by-bar log returns over every bar, and alpha against buy & hold', () => {
    const t = weekdays(4);
    const close = [10, 11, 12, 13];
    // Equity proportional to the close: the same log returns, beta 1; to its square: twice them, beta 2.
    expect(computeStats(barsOf(t, close), sim(close.map((c) => c * 50))).Beta).toBeCloseTo(1, 12);
    expect(computeStats(barsOf(t, close), sim(close.map((c) => c * c))).Beta).toBeCloseTo(2, 12);
    // A flat equity: beta 0 and alpha the return itself (0).
    const flat = computeStats(barsOf(t, close), sim([100, 100, 100, 100]));
    expect(flat.Beta).toBe(0);
    expect(flat['Alpha [%]']).toBe(0);

    // By hand: x = log returns of [100, 110, 99, 121], y = of [10, 11, 12, 13]; cov(x, y) / var(y).
    const x = [Math.log(1.1), Math.log(0.9), Math.log(121 / 99)];
    const y = [Math.log(1.1), Math.log(12 / 11), Math.log(13 / 12)];
    const mean = (a: number[]) => (a[0] + a[1] + a[2]) / 3;
    const cov = (a: number[], b: number[]) =>
      a.reduce((s, _, i) => s + (a[i] - mean(a)) * (b[i] - mean(b)), 0) / 2;
    const beta = cov(x, y) / cov(y, y);
    expect(beta).toBeCloseTo(-5.922184294953702, 12); // numpy.cov's figure for the same series
    // Beta ignores the warm-up (every bar counts); buy & hold is from bar 1: 13 / 11 − 1.
    const s = computeStats(barsOf(t, close), sim([100, 110, 99, 121]), { warmupBars: 1, riskFreeRate: 0.02 });
    expect(s.Beta).toBeCloseTo(beta, 12);
    expect(s['Alpha [%]']).toBeCloseTo(21 - 2 - beta * ((13 / 11 - 1) * 100 - 2), 10);
  });

  it('counts flat bars (out of the market) as zero returns in beta', () => {
    // numpy: x = log(e[1:] / e[:-1]) with e = [100, 100, 110, 110, 99], the same for the close; cov / var.
    const s = computeStats(barsOf(weekdays(5), [10, 11, 12, 13, 12.5]), sim([100, 100, 110, 110, 99]));
    expect(s.Beta).toBeCloseTo(1.0686482469833836, 12);
  });

  it('gives NaN beta when the equity reaches zero or there are too few bars', () => {
    const t = weekdays(4);
    expect(computeStats(barsOf(t, [10, 11, 12, 13]), sim([100, 50, 0, 0])).Beta).toBeNaN();
    expect(computeStats(barsOf(t, [10, 11, 12, 13]), sim([0, 0, 0, 0])).Beta).toBeNaN(); // log(0 / 0)
    const two = computeStats(barsOf(weekdays(2), [10, 11]), sim([100, 110]));
    expect(two.Beta).toBeNaN();
    expect(two['Alpha [%]']).toBeNaN();
  });

  it('returns every named figure, even for empty input', () => {
    const s = computeStats(barsOf(new Float64Array(0), []), sim([]));
    expect(Object.keys(s).sort()).toEqual([...STAT_NAMES].sort());
    expect(s['# Trades']).toBe(0);
  });
});

describe('periodReturns', () => {
  it('resamples intraday equity to the last value of each day and detects 7-day weeks', () => {
    const n = 24 * 14;
    const time = new Float64Array(n);
    const eq = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = MON + i * 3_600_000;
      eq[i] = 100 + Math.floor(i / 24); // one step per day
    }
    const { returns, perYear } = periodReturns(time, eq);
    expect(returns.length).toBe(13);
    expect(returns[0]).toBeCloseTo(101 / 100 - 1, 12);
    expect(perYear).toBe(365); // bars on weekends → a 7-day market
    expect(barPeriodMs(time)).toBe(3_600_000);
  });

  it('uses 252 periods for weekday data and 52 for weekly bars', () => {
    expect(periodReturns(weekdays(30), new Float64Array(30).fill(1)).perYear).toBe(252);
    const weekly = Float64Array.from({ length: 20 }, (_, i) => MON + i * 7 * DAY);
    expect(periodReturns(weekly, new Float64Array(20).fill(1)).perYear).toBe(52);
  });
});

describe('geometricMean', () => {
  it('matches the closed form and returns 0 for a total loss', () => {
    expect(geometricMean([0.1, 0.2])).toBeCloseTo(Math.sqrt(1.1 * 1.2) - 1, 14);
    expect(geometricMean([0.1, -1])).toBe(0);
    expect(geometricMean([])).toBeNaN();
  });
});
