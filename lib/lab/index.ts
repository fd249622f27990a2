// The robustness lab (pure): how much a backtest's result can be trusted — out-of-sample and walk-forward
// runs, Monte Carlo resampling, and the odds that the best of many trials is overfit.
export type { Bands, BootstrapResult, Percentiles, ReshuffleResult } from './montecarlo';
export {
  blockBootstrap,
  equityReturns,
  percentiles,
  reshuffleTrades,
  tradeReturnsOnEquity,
} from './montecarlo';
export { erfc, normCdf, normInv, normPdf } from './normal';
export type { OverfitOptions, Overfitting, Verdict } from './overfit';
export { readOverfitting, sweepOverfitting } from './overfit';
export type { PboOptions, PboResult } from './pbo';
export { binomial, probabilityOfOverfitting } from './pbo';
export type { DeflatedSharpe, ReturnMoments } from './sharpe';
export {
  deflatedSharpe,
  expectedMaxSharpe,
  minTrackRecord,
  probabilisticSharpe,
  returnMoments,
  sampleVariance,
} from './sharpe';
export type { WalkForwardOptions, WalkForwardResult, Window, WindowResult, WindowSpec } from './walkforward';
export { concatTrades, sliceBars, sliceRun, splitAt, walkForward, walkForwardWindows } from './walkforward';
