// Portfolios (pure): many markets in one account with shared cash, on the union of their bar times.
export type { Aligned } from './align';
export { alignMarkets, convertBars } from './align';
export type { Market, PortfolioOptions, Spread, WatchlistRow } from './program';
export { compileProgram, PortfolioError, portfolioInputs, runWatchlist, spreadOf } from './program';
export type {
  Allocation,
  MarketInput,
  PortfolioResult,
  PortfolioSettings,
  Rebalance,
} from './simulate';
export { simulatePortfolio } from './simulate';
export type { MarketFigures, PortfolioFigures } from './stats';
export { benchmarkIndex, pearson, portfolioFigures } from './stats';
