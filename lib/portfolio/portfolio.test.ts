import { describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import { alignMarkets, convertBars } from './align';
import { type MarketInput, simulatePortfolio } from './simulate';
import { pearson, portfolioFigures } from './stats';

const DAY = 86_400_000;
function bars(days: number[], open: number[], close = open): Bars {
  return {
    time: Float64Array.from(days, (d) => d * DAY),
    open: Float64Array.from(open),
    high: Float64Array.from(open, (o, i) => Math.max(o, close[i])),
    low: Float64Array.from(open, (o, i) => Math.min(o, close[i])),
    close: Float64Array.from(close),
    volume: new Float64Array(days.length),
  };
}
const mask = (n: number, on: number[]) => Uint8Array.from({ length: n }, (_, i) => (on.includes(i) ? 1 : 0));

describe('alignment', () => {
  it('the union of bar times, each market indexed where it has a bar', () => {
    const a = alignMarkets([
      { time: Float64Array.from([1, 2, 4]) },
      { time: Float64Array.from([2, 3, 4, 5]) },
    ]);
    expect([...a.time]).toEqual([1, 2, 3, 4, 5]);
    expect([...a.at]).toEqual([0, 1, -1, 2, -1, -1, 0, 1, 2, 3]);
    expect(() => alignMarkets([{ time: Float64Array.from([2, 2]) }])).toThrow(/must increase/);
    expect(() => alignMarkets([])).toThrow(/at least one market/);
  });

  it('converts prices with the latest rate at or before each bar', () => {
    const eur = bars([1, 2, 3], [10, 11, 12]);
    const rate = { time: Float64Array.from([2 * DAY, 3 * DAY]), close: Float64Array.from([1.1, 1.2]) };
    const { bars: usd, used } = convertBars(eur, rate);
    expect(Number.isNaN(usd.close[0])).toBe(true);
    expect(usd.close[1]).toBeCloseTo(12.1, 12);
    expect(usd.close[2]).toBeCloseTo(14.4, 12);
    expect(used).toBe(2);
  });
});

describe('simulatePortfolio by hand', () => {
  it('equal weight over two markets, one missing a day: sizes, fills and equity', () => {
    // A trades days 0..3, B misses day 1. Both signal on day 0; fills at the next open of each market.
    const A: MarketInput = {
      symbol: 'A',
      bars: bars([0, 1, 2, 3], [100, 100, 110, 120]),
      entry: mask(4, [0]),
      exit: mask(4, [2]),
    };
    const B: MarketInput = {
      symbol: 'B',
      bars: bars([0, 2, 3], [50, 50, 40]),
      entry: mask(3, [0]),
      exit: mask(3, []),
    };
    const r = simulatePortfolio([A, B], {
      capital: 1000,
      fee: 0,
      slippage: 0,
      fill: 'open',
      units: 'fractional',
      allocation: { kind: 'equal' },
    });
    // Day 1: A fills at 100 with ½ × 1000 → 5 units; B has no bar: its entry waits.
    // Day 2: B fills at its open 50 with ½ × (500 cash + 5 × 110) = 525 → but only 500 cash → 10 units.
    // A exits on day 2's close signal → sells at day 3's open 120: +100.
    expect([...r.equity]).toEqual([1000, 1000, 1050, 1000]);
    // Day 2 close: cash 0 + 5 × 110 + 10 × 50 = 1050; day 3: 600 + 10 × 40 = 1000.
    expect([...r.cash]).toEqual([1000, 500, 0, 600]);
    expect(r.insufficientFunds).toBe(1);
    expect(r.trades.closed).toBe(1);
    expect(r.trades.pnl[0]).toBeCloseTo(100, 12);
    expect([...r.market]).toEqual([0, 1]);
    expect(r.trades.open[1]).toBe(1);
  });

  it('at most one position: the higher score wins, the other is not queued', () => {
    const mk = (symbol: string, score: number): MarketInput => ({
      symbol,
      bars: bars([0, 1, 2], [10, 10, 10]),
      entry: mask(3, [0]),
      exit: mask(3, []),
      score: Float64Array.from([score, score, score]),
    });
    const r = simulatePortfolio([mk('A', 1), mk('B', 5), mk('C', 3)], {
      capital: 900,
      fee: 0,
      slippage: 0,
      fill: 'close',
      units: 'whole',
      allocation: { kind: 'equal' },
      maxPositions: 1,
    });
    expect(r.trades.count).toBe(1);
    expect(r.market[0]).toBe(1);
    expect(r.trades.quantity[0]).toBe(90);
  });

  it('monthly rebalancing brings a winner back to its weight', () => {
    // Two markets, 50/50 on Jan 1st (close fills); A doubles by Feb 1st, B stays: equity 1500, A worth 1000.
    const jan = Date.UTC(2024, 0, 1) / DAY;
    const feb = Date.UTC(2024, 1, 1) / DAY;
    const A: MarketInput = {
      symbol: 'A',
      bars: bars([jan, jan + 1, feb], [10, 20, 20]),
      entry: mask(3, [0]),
      exit: mask(3, []),
    };
    const B: MarketInput = {
      symbol: 'B',
      bars: bars([jan, jan + 1, feb], [10, 10, 10]),
      entry: mask(3, [0]),
      exit: mask(3, []),
    };
    const r = simulatePortfolio([A, B], {
      capital: 1000,
      fee: 0,
      slippage: 0,
      fill: 'close',
      units: 'fractional',
      allocation: { kind: 'equal' },
      rebalance: 'monthly',
    });
    const T = r.aligned.time.length;
    expect(r.value[0 * T + 2]).toBeCloseTo(750, 9);
    expect(r.value[1 * T + 2]).toBeCloseTo(750, 9);
    // The sold part of A is a closed trade: 12.5 units bought at 10, sold at 20.
    expect(r.trades.closed).toBe(1);
    expect(r.trades.pnl[0]).toBeCloseTo(125, 9);
  });

  it('refuses what it cannot run, saying why', () => {
    const A: MarketInput = { symbol: 'A', bars: bars([0, 1], [1, 1]), entry: mask(2, []), exit: mask(2, []) };
    const base = { capital: 1, fee: 0, slippage: 0, fill: 'open', units: 'fractional' } as const;
    expect(() =>
      simulatePortfolio([A], { ...base, allocation: { kind: 'weights', weights: [0.6, 0.6] } }),
    ).toThrow(/one weight per market/);
    expect(() =>
      simulatePortfolio([A, A], { ...base, allocation: { kind: 'weights', weights: [0.6, 0.6] } }),
    ).toThrow(/at most 1/);
    expect(() => simulatePortfolio([A], { ...base, allocation: { kind: 'equal' }, maxPositions: 0 })).toThrow(
      /maxPositions/,
    );
    expect(() =>
      simulatePortfolio([{ ...A, entry: new Uint8Array(1) }], { ...base, allocation: { kind: 'equal' } }),
    ).toThrow(/one value per bar/);
  });
});

describe('portfolio figures', () => {
  it('benchmark, exposure, per-market P&L and correlation', () => {
    const A: MarketInput = {
      symbol: 'A',
      bars: bars([0, 1, 2, 3], [100, 100, 110, 120]),
      entry: mask(4, [0]),
      exit: mask(4, [2]),
    };
    const B: MarketInput = {
      symbol: 'B',
      bars: bars([0, 2, 3], [50, 50, 40]),
      entry: mask(3, [0]),
      exit: mask(3, []),
    };
    const r = simulatePortfolio([A, B], {
      capital: 1000,
      fee: 0,
      slippage: 0,
      fill: 'open',
      units: 'fractional',
      allocation: { kind: 'equal' },
    });
    const f = portfolioFigures([A, B], r, 1000);
    // Benchmark: mean of A/100 and B/50 (B carried on day 1): 1, 1, 1.05, 1.
    expect([...f.benchmark].map((x) => Number(x.toFixed(12)))).toEqual([1, 1, 1.05, 1]);
    expect(f.stats['Return [%]']).toBeCloseTo(0, 12);
    expect(f.markets[0]['P&L']).toBeCloseTo(100, 12);
    expect(f.markets[1]['P&L']).toBeCloseTo(-100, 12);
    expect(f.exposure[2]).toBeCloseTo(1, 12);
    expect(f.exposure[3]).toBeCloseTo(0.4, 12);
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 15);
    expect(f.correlation[0][0]).toBe(1);
  });
});
