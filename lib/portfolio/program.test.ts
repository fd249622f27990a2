import { describe, expect, it } from 'vitest';
import { synthetic } from '../data';
import { crossover, crossunder, sma } from '../engine';
import { compileProgram, portfolioInputs, runWatchlist, spreadOf } from './program';
import { simulatePortfolio } from './simulate';

const GOLDEN = `strategy("Golden cross", capital=100000, fee=0.1%)
fast = sma(close, 50)
slow = sma(close, 200)
momentum = roc(close, 20)
if crossover(fast, slow):
    buy(market, 100%)
if crossunder(fast, slow):
    sell(market, 100%)
`;
const markets = ['AAPL', 'MSFT', 'NVDA'].map((symbol, k) => ({
  symbol,
  bars: synthetic({ seed: 20 + k, bars: 1500 }),
}));

describe('a program over a portfolio', () => {
  it('golden cross on three markets, at most 2 positions: the signals are the crossovers of each market', () => {
    const { inputs, settings } = portfolioInputs(compileProgram(GOLDEN), markets, {
      maxPositions: 2,
      rankBy: 'momentum',
    });
    expect(settings).toMatchObject({
      capital: 100_000,
      fee: 0.001,
      maxPositions: 2,
      allocation: { kind: 'equal' },
    });
    for (const [k, x] of inputs.entries()) {
      const c = markets[k].bars.close;
      expect([...x.entry]).toEqual([...crossover(sma(c, 50), sma(c, 200))]);
      expect([...x.exit]).toEqual([...crossunder(sma(c, 50), sma(c, 200))]);
      expect(x.score![30]).toBeCloseTo((c[30] / c[10] - 1) * 100, 9);
    }
    const r = simulatePortfolio(inputs, settings);
    let most = 0;
    const T = r.aligned.time.length;
    for (let t = 0; t < T; t++) {
      let held = 0;
      for (let k = 0; k < 3; k++) if (r.value[k * T + t] !== 0) held++;
      most = Math.max(most, held);
    }
    expect(most).toBeLessThanOrEqual(2);
    expect(r.trades.count).toBeGreaterThan(0);
  });

  it('refuses what a portfolio cannot run yet, and a rank series that is not there', () => {
    const short = GOLDEN.replace('sell(market, 100%)', 'short(market, 100%)');
    expect(() => portfolioInputs(compileProgram(short), markets)).toThrow(
      /'short' \(portfolios are long only/,
    );
    const limit = GOLDEN.replace('buy(market, 100%)', 'buy(limit=close * 0.99, size=100%)');
    expect(() => portfolioInputs(compileProgram(limit), markets)).toThrow(/limit or stop entry/);
    expect(() => portfolioInputs(compileProgram(GOLDEN), markets, { rankBy: 'momentun' })).toThrow(
      /no numeric series 'momentun' to rank by — did you mean 'momentum'/,
    );
    expect(() => compileProgram('buy(')).toThrow(/the program has errors/);
  });
});

describe('a watchlist run', () => {
  it('runs each market alone and keeps failed markets as rows', () => {
    const rows = runWatchlist(GOLDEN, [...markets, { symbol: 'NOPE', error: 'unknown symbol NOPE' }]);
    expect(rows.map((r) => r.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA', 'NOPE']);
    expect(rows[3]).toEqual({ symbol: 'NOPE', error: 'unknown symbol NOPE' });
    expect(rows[0].stats!['# Trades']).toBeGreaterThan(0);
    const fake = [1, 2, 3, 10].map((v, i) => ({ symbol: `S${i}`, stats: { 'Return [%]': v } as never }));
    expect(spreadOf([...fake, { symbol: 'X', error: 'x' }], 'Return [%]')).toEqual({
      median: 2.5,
      q1: 1.75,
      q3: 4.75,
    });
  });
});
