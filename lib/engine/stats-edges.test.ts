// The statistics at their edges and on calendars other than weekdays: the bar period's median window,
// monthly, yearly and weekly buckets, the weekend share that makes a 365-day year, the figures that are
// NaN by construction, and Sharpe, Calmar and CAGR on the hand case of stats.test.ts.
import { describe, expect, it } from 'vitest';
import type { SimResult } from './simulate';
import {
  barPeriodMs,
  calendarOf,
  computeStats,
  drawdowns,
  geometricMean,
  periodReturns,
  STAT_NAMES,
} from './stats';
import { TradeLog } from './trades';
import type { Bars } from './types';

const DAY = 86_400_000;
const MON = Date.UTC(2024, 0, 1); // a Monday

function barsOf(time: Float64Array, close: number[]): Bars {
  const c = Float64Array.from(close);
  return { time, open: c, high: c, low: c, close: c, volume: new Float64Array(c.length) };
}

function sim(equity: number[], log = new TradeLog()): SimResult {
  const e = Float64Array.from(equity);
  const position = new Float64Array(e.length);
  return { equity: e, cash: e, position, trades: log.finish(), insufficientFunds: 0, bankruptAt: -1 };
}

/** Monday to Thursday of the first week of 2024. */
const days = (n: number) => Float64Array.from({ length: n }, (_, i) => MON + i * DAY);
const near = (x: number, want: number) => expect(x / want).toBeCloseTo(1, 12);

describe('barPeriodMs', () => {
  it('is the median gap: the middle one, or the mean of the two middle ones', () => {
    expect(barPeriodMs(new Float64Array(0))).toBeNaN();
    expect(barPeriodMs(Float64Array.of(5))).toBeNaN();
    expect(barPeriodMs(Float64Array.of(0, 10))).toBe(10);
    expect(barPeriodMs(Float64Array.of(0, 10, 30))).toBe(15);
    expect(barPeriodMs(Float64Array.of(0, 30, 40, 60))).toBe(20);
  });

  it('reads only the last 100 gaps', () => {
    // Gap 1 is 100, then 50 gaps of 1 and 50 of 9: the last 100 have median (1 + 9) / 2 = 5; with the
    // first gap too the median would be 9.
    const gaps = [100, ...Array(50).fill(1), ...Array(50).fill(9)];
    const time = new Float64Array(gaps.length + 1);
    gaps.forEach((g, i) => {
      time[i + 1] = time[i] + g;
    });
    expect(barPeriodMs(time)).toBe(5);
  });
});

describe('calendarOf', () => {
  it('monthly bars: one period a month, 12 a year', () => {
    const time = Float64Array.from({ length: 14 }, (_, i) => Date.UTC(2024, i, 1));
    const cal = calendarOf(time);
    expect(cal.perYear).toBe(12);
    expect([...cal.ends]).toEqual([...Array(14).keys()]);
    expect(cal.startIso).toBe('2024-01-01T00:00:00.000Z');
    expect(cal.endIso).toBe('2025-02-01T00:00:00.000Z');
    expect(calendarOf(time)).toBe(cal); // computed once per time axis
  });

  it('two bars of one month are one monthly period, ended by the later', () => {
    // 1 July 2024 to 1 January 2025, then 8 January (the next ISO week): gaps 31, 31, 30, 31, 30, 31, 7
    // (median 31 days).
    const t = [6, 7, 8, 9, 10, 11, 12].map((m) => Date.UTC(2024, m, 1));
    const time = Float64Array.from([...t, Date.UTC(2025, 0, 8)]);
    const cal = calendarOf(time);
    expect(cal.perYear).toBe(12);
    expect([...cal.ends]).toEqual([0, 1, 2, 3, 4, 5, 7]);
  });

  it('yearly bars: one period a year', () => {
    const time = Float64Array.from({ length: 6 }, (_, i) => Date.UTC(2020 + i, 0, 1));
    const cal = calendarOf(time);
    expect(cal.perYear).toBe(1);
    expect([...cal.ends]).toEqual([0, 1, 2, 3, 4, 5]);
    // One more bar in July 2025 (gaps 366, 365, 365, 365, 366, 181: median 365): one year, two months.
    const more = Float64Array.from([...time, Date.UTC(2025, 6, 1)]);
    expect([...calendarOf(more).ends]).toEqual([0, 1, 2, 3, 4, 6]);
  });

  it('weekly bars: ISO weeks from Monday to Sunday, 52 a year', () => {
    // Mon 1, Sun 7 (the same week), Sun 14, Sun 21, Mon 22, Mon 29 January: gaps 6, 7, 7, 1, 7 (median 7).
    const time = Float64Array.from([1, 7, 14, 21, 22, 29], (d) => Date.UTC(2024, 0, d));
    const cal = calendarOf(time);
    expect(cal.perYear).toBe(52);
    expect([...cal.ends]).toEqual([1, 2, 3, 4, 5]);
    const { returns } = periodReturns(time, Float64Array.of(1, 2, 4, 5, 10, 5));
    expect([...returns]).toEqual([4 / 2 - 1, 5 / 4 - 1, 10 / 5 - 1, 5 / 10 - 1]);
  });

  it('a 365-day year once more than 0.6 of the weekend share (2/7) of the bars fall on weekends', () => {
    // 35 bars: weekdays of January 2024 (23) and 12 more days, of which some are weekend days.
    const weekdays = [...Array(31).keys()]
      .map((d) => Date.UTC(2024, 0, d + 1))
      .filter((t) => {
        const dow = new Date(t).getUTCDay();
        return dow !== 0 && dow !== 6;
      });
    const weekends = [6, 7, 13, 14, 20, 21].map((d) => Date.UTC(2024, 0, d));
    // Weekdays of February: Thu 1, Fri 2, Mon 5 ... Fri 9, Mon 12 ... Fri 16.
    const febDays = [1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16];
    const feb = (k: number) => febDays.slice(0, k).map((d) => Date.UTC(2024, 1, d));
    const axis = (w: number) =>
      Float64Array.from([...weekdays, ...weekends.slice(0, w), ...feb(12 - w)].sort((a, b) => a - b));
    // With w weekend bars: 5 of 35 (0.143) and 6 of 35 (0.171428…, above 0.6 × 2/7 by the last bit).
    expect(axis(5).length).toBe(35);
    expect(calendarOf(axis(5)).perYear).toBe(252);
    expect(calendarOf(axis(6)).perYear).toBe(365);
  });

  it('an empty axis has no periods and no dates', () => {
    const cal = calendarOf(new Float64Array(0));
    expect(cal.ends.length).toBe(0);
    expect([cal.startIso, cal.endIso]).toEqual(['', '']);
    expect(cal.perYear).toBe(252);
  });
});

describe('drawdowns and their averages', () => {
  // Daily equity 100, 90, 100, 110, 88, 110, 120: two drawdowns, 10% from bar 0 and 20% from bar 3, each
  // recovered 2 days after its peak.
  const t = days(7);
  const equity = [100, 90, 100, 110, 88, 110, 120];

  it('drawdowns(): deepest, peak, count, summed depth and durations', () => {
    const d = drawdowns(t, Float64Array.from(equity));
    expect(d.maxDd).toBeCloseTo(0.2, 12);
    expect(d.depthSum).toBeCloseTo(0.3, 12);
    expect([d.equityPeak, d.periods, d.durMax, d.durSum]).toEqual([120, 2, 2, 4]);
  });

  it('the averages divide by the number of drawdowns, and of trades', () => {
    const log = new TradeLog(1, t);
    log.push(1, 10, 0, 10, 1, 11, 0, 0, false);
    log.push(1, 10, 1, 10, 4, 11, 0, 0, false);
    const s = computeStats(barsOf(t, equity), sim(equity, log));
    expect(s['Avg. Drawdown [%]']).toBeCloseTo(-15, 12);
    expect(s['Avg. Drawdown Duration [days]']).toBe(2);
    expect(s['Max. Drawdown Duration [days]']).toBe(2);
    // Trades of 1 and 3 days.
    expect(s['Avg. Trade Duration [days]']).toBe(2);
    expect(s['Max. Trade Duration [days]']).toBe(3);
  });
});

describe('geometricMean', () => {
  it('counts a missing return as 0 and reads [from, to) only', () => {
    expect(geometricMean([0.1, Number.NaN, 0.2])).toBeCloseTo(Math.cbrt(1.1 * 1.2) - 1, 14);
    expect(geometricMean([5, 0.1, 0.2, 7], 1, 3)).toBeCloseTo(Math.sqrt(1.1 * 1.2) - 1, 14);
    expect(geometricMean([0.1, 0.2], 1, 1)).toBeNaN();
    expect(geometricMean([0.5, -1.5])).toBe(0);
  });
});

describe('computeStats at the edges', () => {
  it('Sharpe, Calmar and CAGR of the hand case (equity 100, 110, 99, 121 from Monday to Thursday)', () => {
    const t = days(4).map((_, i) => MON + i * DAY);
    const equity = [100, 110, 99, 121];
    const s = computeStats(barsOf(t, [10, 11, 12, 13]), sim(equity), { riskFreeRate: 0.02 });
    const g = 1.21 ** (1 / 3) - 1;
    const ann = (1 + g) ** 252 - 1;
    const r = [0.1, -0.1, 121 / 99 - 1];
    const mean = (r[0] + r[1] + r[2]) / 3;
    const variance = r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2;
    const vol = Math.sqrt((variance + (1 + g) ** 2) ** 252 - (1 + g) ** 504);
    near(s['Sharpe Ratio'], (ann * 100 - 2) / (vol * 100));
    near(s['Sortino Ratio'], (ann - 0.02) / (Math.sqrt(0.01 / 3) * Math.sqrt(252)));
    near(s['Calmar Ratio'], ann / 0.1);
    const years = 3 / 365.25;
    near(s['CAGR [%]'], (1.21 ** (1 / years) - 1) * 100);
    expect(s['Duration [days]']).toBe(3);
    expect(s.End).toBe('2024-01-04T00:00:00.000Z');
  });

  it('gives NaN, not infinity, where a figure divides by nothing', () => {
    // Equity only rises: no drawdown, so no Calmar and no average drawdown; one day of returns has no
    // variance; one winning trade has no losses for the profit factor and no spread for SQN.
    const t = days(2);
    const log = new TradeLog(1, t);
    log.push(1, 10, 0, 10, 1, 11, 0, 0, false);
    const s = computeStats(barsOf(t, [10, 11]), sim([100, 110], log));
    expect(s['Max. Drawdown [%]']).toBe(-0);
    for (const k of [
      'Calmar Ratio',
      'Avg. Drawdown [%]',
      'Avg. Drawdown Duration [days]',
      'Volatility (Ann.) [%]',
      'Sharpe Ratio',
      'Profit Factor',
      'SQN',
    ] as const)
      expect(s[k], k).toBeNaN();
    near(s['Return (Ann.) [%]'], (1.1 ** 252 - 1) * 100);
    expect(s['# Trades']).toBe(1);
    expect(s['Avg. Trade Duration [days]']).toBe(1);
  });

  it('one bar: no duration, so no CAGR; no trades, so no trade averages', () => {
    const s = computeStats(barsOf(days(1), [10]), sim([100]));
    expect(s['Duration [days]']).toBe(0);
    expect(s['Return [%]']).toBe(0);
    for (const k of [
      'CAGR [%]',
      'Return (Ann.) [%]',
      'Avg. Trade [%]',
      'Avg. Trade Duration [days]',
      'Expectancy [%]',
      'Win Rate [%]',
    ] as const)
      expect(s[k], k).toBeNaN();
  });

  it('empty input: every figure NaN but the trade count (0) and the dates (empty)', () => {
    const s = computeStats(barsOf(new Float64Array(0), []), sim([]));
    for (const k of STAT_NAMES) {
      if (k === 'Start' || k === 'End') expect(s[k]).toBe('');
      else if (k === '# Trades') expect(s[k]).toBe(0);
      else expect(s[k], k).toBeNaN();
    }
  });

  it('a warm-up past the last bar is the last bar; a negative one is none', () => {
    const t = days(4);
    const close = [10, 20, 40, 50];
    const e = [100, 100, 100, 100];
    expect(computeStats(barsOf(t, close), sim(e), { warmupBars: 9 })['Buy & Hold Return [%]']).toBe(0);
    expect(computeStats(barsOf(t, close), sim(e), { warmupBars: -2 })['Buy & Hold Return [%]']).toBe(400);
    expect(computeStats(barsOf(t, close), sim(e), { warmupBars: 3 })['Buy & Hold Return [%]']).toBe(0);
    expect(computeStats(barsOf(t, close), sim(e), { warmupBars: 2 })['Buy & Hold Return [%]']).toBe(25);
  });

  it('an equity that ends at zero has an annual return of -100%... capped at a 0 growth rate (backtesting.py)', () => {
    const s = computeStats(barsOf(days(3), [10, 11, 12]), sim([100, 50, 0]));
    expect(s['Return (Ann.) [%]']).toBe(0);
    expect(s['Return [%]']).toBe(-100);
  });
});
