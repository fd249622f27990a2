// Section 7 of `npm run bench` (BENCH_ONLY=portfolio): one program over many markets — a 20-market
// portfolio in one account and a 100-market watchlist — as ns per bar × market, beside the same program
// backtested on one market. Daily synthetic markets of the sweep section's length.
import { synthetic } from '../lib/data';
import { runProgram } from '../lib/dsl';
import {
  compileProgram,
  portfolioFigures,
  portfolioInputs,
  runWatchlist,
  simulatePortfolio,
} from '../lib/portfolio';
import { type BenchConfig, compare, fmtMs, fmtRatio, table } from './harness';

export const GOLDEN_SOURCE = `strategy("Golden cross", capital=100000, fee=0.1%)
fast = sma(close, 50)
slow = sma(close, 200)
momentum = roc(close, 20)
if crossover(fast, slow):
    buy(market, 100%)
if crossunder(fast, slow):
    sell(market, 100%)
`;

export function portfolios(
  cfg: BenchConfig,
  verify: (what: string, ok: boolean, detail: string) => void,
): string {
  const bars = cfg.sweepBars;
  const markets = Array.from({ length: 100 }, (_, k) => ({
    symbol: `M${k}`,
    bars: synthetic({ seed: 500 + k, bars }),
  }));
  const twenty = markets.slice(0, 20);
  const compiled = compileProgram(GOLDEN_SOURCE);
  const portfolio = () => {
    const { inputs, settings, warmup } = portfolioInputs(compiled, twenty, {
      maxPositions: 5,
      rankBy: 'momentum',
    });
    const r = simulatePortfolio(inputs, settings);
    return portfolioFigures(inputs, r, settings.capital, { warmupBars: warmup });
  };
  const single = () => runProgram(GOLDEN_SOURCE, markets[0].bars);
  const watchlist = () => runWatchlist(GOLDEN_SOURCE, markets);
  const f = portfolio();
  verify('portfolio trades', f.stats['# Trades'] > 0, 'the 20-market portfolio made no trade');
  verify(
    'watchlist rows',
    watchlist().every((r) => r.stats),
    'a watchlist market failed',
  );
  const [tSingle, tPortfolio, tWatch] = compare([single, portfolio, watchlist], cfg.warmup, cfg.reps);
  const ns = (ms: number, m: number) => (ms * 1e6) / (bars * m);
  const base = ns(tSingle, 1);
  const rows = [
    ['one market (.bt via runProgram)', '1', fmtMs(tSingle), ns(tSingle, 1).toFixed(1), '1.00×'],
    [
      '20-market portfolio, at most 5 positions ranked by momentum',
      '20',
      fmtMs(tPortfolio),
      ns(tPortfolio, 20).toFixed(1),
      fmtRatio(ns(tPortfolio, 20) / base),
    ],
    [
      '100-market watchlist (each market on its own)',
      '100',
      fmtMs(tWatch),
      ns(tWatch, 100).toFixed(1),
      fmtRatio(ns(tWatch, 100) / base),
    ],
  ];
  return [
    table(['run', 'markets', 'ms', 'ns per bar × market', '× one market'], rows),
    '',
    `${bars.toLocaleString('en-US')} daily bars per market. The portfolio's time includes evaluating the program on every market, the shared-cash simulation and its figures (per-market P&L, exposure, correlation).`,
  ].join('\n');
}
