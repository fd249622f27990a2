// Public surface of the indicator kernels and the built-in function registry.
// NaN convention of every kernel (details in README.md): each maximal run of bars where all inputs are
// defined is computed on its own. So leading NaNs are skipped (sma(rsi(close, 14), 5) is defined from
// bar 14 + 4), a window containing a NaN is NaN, and recursive kernels re-seed after a gap. Periods
// longer than the data give all-NaN; a period that is not an integer >= 1 gives all-NaN.
export { CCI_DIRECT_MAX, cci } from './cci';
export { donchian, ichimoku, keltner } from './channels';
export { ema, hma, rma, sma, vwma, wma } from './ma';
export { abs, exp, log, max, min, round, sqrt } from './math';
export { macd, mfi, mom, roc, rsi, stoch, willr } from './oscillators';
export { FUNCTIONS, getFunction } from './registry';
export { PERIOD_MAX } from './registry-define';
export type {
  ArgKind,
  ArgSpec,
  FunctionCategory,
  FunctionSpec,
  KernelArg,
  KernelResult,
} from './spec';
export { sar, supertrend } from './trailing';
export { adx, dmi } from './trend';
export { atr, bb, stdev, tr } from './volatility';
export { obv, vwap } from './volume';
export { change, highest, lowest } from './window';
