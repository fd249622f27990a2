// How much a Sharpe ratio can be trusted: the Probabilistic Sharpe Ratio (Bailey & López de Prado 2012,
// "The Sharpe Ratio Efficient Frontier") and the Deflated Sharpe Ratio (Bailey & López de Prado 2014,
// "The Deflated Sharpe Ratio"), which raises the bar by the best Sharpe ratio expected from N trials of
// pure noise. Every Sharpe ratio here is per period (per bar), not annualised: annualise for display only.
import { normCdf, normInv } from './normal';

/** Euler–Mascheroni constant, γ in the expected-maximum formula. */
const EULER_GAMMA = 0.5772156649015329;

export interface ReturnMoments {
  /** Observations (bars with a return). */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly std: number;
  /** Per-period Sharpe ratio mean/std (risk-free 0). */
  readonly sharpe: number;
  /** Skewness γ₃ (population, as the papers use). */
  readonly skew: number;
  /** Kurtosis γ₄, not excess: 3 for a normal distribution. */
  readonly kurtosis: number;
}

/** Moments of a return series, skipping NaN (warm-up bars). */
export function returnMoments(returns: ArrayLike<number>): ReturnMoments {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (Number.isNaN(r)) continue;
    n++;
    sum += r;
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (Number.isNaN(r)) continue;
    const d = r - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : Number.NaN;
  const pop2 = m2 / n;
  return {
    n,
    mean,
    std,
    sharpe: std > 0 ? mean / std : Number.NaN,
    skew: pop2 > 0 ? m3 / n / pop2 ** 1.5 : Number.NaN,
    kurtosis: pop2 > 0 ? m4 / n / (pop2 * pop2) : Number.NaN,
  };
}

/** The standard error's denominator term √(1 − γ₃·SR + (γ₄ − 1)/4 · SR²). */
function sharpeSpread(sr: number, skew: number, kurtosis: number): number {
  return Math.sqrt(1 - skew * sr + ((kurtosis - 1) / 4) * sr * sr);
}

/**
 * PSR(SR*): the probability that the true Sharpe ratio exceeds `benchmark`, given the observed per-period
 * Sharpe ratio over `n` observations with the returns' skewness and (non-excess) kurtosis.
 */
export function probabilisticSharpe(
  sr: number,
  n: number,
  skew: number,
  kurtosis: number,
  benchmark = 0,
): number {
  if (n < 2 || !Number.isFinite(sr)) return Number.NaN;
  const spread = sharpeSpread(sr, skew, kurtosis);
  if (!(spread > 0)) return Number.NaN;
  return normCdf(((sr - benchmark) * Math.sqrt(n - 1)) / spread);
}

/**
 * E[max SR] of `trials` independent strategies whose true Sharpe ratio is 0 and whose estimated Sharpe
 * ratios have variance `variance`: √V · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))).
 */
export function expectedMaxSharpe(variance: number, trials: number): number {
  if (trials < 1 || !(variance >= 0)) return Number.NaN;
  if (trials === 1) return 0;
  return (
    Math.sqrt(variance) *
    ((1 - EULER_GAMMA) * normInv(1 - 1 / trials) + EULER_GAMMA * normInv(1 - 1 / (trials * Math.E)))
  );
}

export interface DeflatedSharpe {
  /** The benchmark SR₀ the best trial must beat: the expected maximum of `trials` noise strategies. */
  readonly benchmark: number;
  /** DSR = PSR(SR₀): the probability that the best trial's true Sharpe ratio is above zero after the search. */
  readonly dsr: number;
  /** PSR(0) of the best trial, as if it were the only one tried. */
  readonly psr: number;
  readonly trials: number;
}

/**
 * The Deflated Sharpe Ratio of the best of `trials` strategies: `best` holds the chosen trial's moments,
 * `trialSharpeVariance` the variance of the per-period Sharpe ratios across all trials.
 */
export function deflatedSharpe(
  best: Pick<ReturnMoments, 'sharpe' | 'n' | 'skew' | 'kurtosis'>,
  trials: number,
  trialSharpeVariance: number,
): DeflatedSharpe {
  const benchmark = expectedMaxSharpe(trialSharpeVariance, trials);
  return {
    benchmark,
    dsr: probabilisticSharpe(best.sharpe, best.n, best.skew, best.kurtosis, benchmark),
    psr: probabilisticSharpe(best.sharpe, best.n, best.skew, best.kurtosis, 0),
    trials,
  };
}

/** Variance (n − 1) of finite values; the spread of trial Sharpe ratios for `deflatedSharpe`. */
export function sampleVariance(values: ArrayLike<number>): number {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    n++;
    sum += values[i];
  }
  if (n < 2) return Number.NaN;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) ss += (values[i] - mean) ** 2;
  return ss / (n - 1);
}

/**
 * Minimum track record length (Bailey & López de Prado 2012): the observations needed for PSR(benchmark)
 * to reach `confidence`.
 */
export function minTrackRecord(
  sr: number,
  skew: number,
  kurtosis: number,
  benchmark = 0,
  confidence = 0.95,
): number {
  if (!(sr > benchmark)) return Number.POSITIVE_INFINITY;
  const z = normInv(confidence);
  return 1 + (1 - skew * sr + ((kurtosis - 1) / 4) * sr * sr) * (z / (sr - benchmark)) ** 2;
}
