// Probability of Backtest Overfitting by combinatorially symmetric cross-validation (Bailey, Borwein,
// López de Prado & Zhu 2014, "The Probability of Backtest Overfitting"): split the bars into S blocks;
// for every half of them as in-sample, pick the best trial there and see where it ranks on the other
// half. PBO is the share of splits where the in-sample winner ranks at or below the out-of-sample median.

export interface PboOptions {
  /** Even number of blocks S (default 16): C(S, S/2) splits. */
  readonly blocks?: number;
  /** Most splits × trials to evaluate (default 50 M), so a request cannot run unbounded. */
  readonly maxWork?: number;
}

export interface PboResult {
  /** Share of splits whose in-sample best ranks at or below the out-of-sample median (logit ≤ 0). */
  readonly pbo: number;
  /** λ = ln(ω/(1 − ω)) per split, ω the winner's out-of-sample relative rank in (0, 1). */
  readonly logits: Float64Array;
  /** Share of splits where the in-sample winner's out-of-sample Sharpe ratio is below zero. */
  readonly probabilityOfLoss: number;
  /** Per split: in-sample and out-of-sample Sharpe ratio of the in-sample winner (degradation plot). */
  readonly inSample: Float64Array;
  readonly outOfSample: Float64Array;
  readonly splits: number;
  readonly blocks: number;
  /** Bars per block (the first `bars mod S` bars are left out so the blocks are equal). */
  readonly blockBars: number;
}

/** C(n, k) as a float. */
export function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Every k-subset of 0..n-1 in lexicographic order, as bit masks (n ≤ 30). */
function subsets(n: number, k: number): number[] {
  const out: number[] = [];
  const walk = (start: number, left: number, mask: number): void => {
    if (left === 0) {
      out.push(mask);
      return;
    }
    for (let i = start; i <= n - left; i++) walk(i + 1, left - 1, mask | (1 << i));
  };
  walk(0, k, 0);
  return out;
}

/**
 * PBO over a matrix of per-bar returns: `returns[j]` is trial j's return series (all the same length,
 * NaN counted as 0). Trials are scored by the per-bar Sharpe ratio of each half.
 */
export function probabilityOfOverfitting(
  returns: readonly ArrayLike<number>[],
  opts: PboOptions = {},
): PboResult {
  const S = opts.blocks ?? 16;
  const N = returns.length;
  if (!Number.isInteger(S) || S < 2 || S % 2 !== 0 || S > 24)
    throw new RangeError(`blocks must be an even whole number from 2 to 24, got ${S}`);
  if (N < 2) throw new RangeError(`PBO needs at least 2 trials, got ${N}`);
  const T = returns[0].length;
  for (const r of returns)
    if (r.length !== T) throw new RangeError('every trial must have a return for the same bars');
  const blockBars = Math.floor(T / S);
  if (blockBars < 2)
    throw new RangeError(`${T} bars cannot be cut into ${S} blocks of at least 2 bars: use fewer blocks`);
  const splits = binomial(S, S / 2);
  const maxWork = opts.maxWork ?? 50_000_000;
  if (splits * N * S > maxWork)
    throw new RangeError(
      `${splits} splits × ${N} trials is more work than allowed (${maxWork}): use fewer blocks or trials`,
    );
  const skip = T - blockBars * S;
  // Sums and sums of squares per block and trial: each split then adds S/2 blocks instead of T/2 bars.
  const sum = new Float64Array(S * N);
  const sq = new Float64Array(S * N);
  for (let j = 0; j < N; j++) {
    const r = returns[j];
    for (let b = 0; b < S; b++) {
      let s = 0;
      let q = 0;
      const from = skip + b * blockBars;
      for (let i = from; i < from + blockBars; i++) {
        const v = Number.isNaN(r[i]) ? 0 : r[i];
        s += v;
        q += v * v;
      }
      sum[b * N + j] = s;
      sq[b * N + j] = q;
    }
  }
  const half = (S / 2) * blockBars;
  const sharpeOf = (mask: number, j: number): number => {
    let s = 0;
    let q = 0;
    for (let b = 0; b < S; b++) {
      if (mask & (1 << b)) {
        s += sum[b * N + j];
        q += sq[b * N + j];
      }
    }
    const mean = s / half;
    const variance = (q - half * mean * mean) / (half - 1);
    return variance > 0 ? mean / Math.sqrt(variance) : 0;
  };
  const all = (1 << S) - 1;
  const logits = new Float64Array(splits);
  const inSample = new Float64Array(splits);
  const outOfSample = new Float64Array(splits);
  const oos = new Float64Array(N);
  let overfit = 0;
  let losses = 0;
  subsets(S, S / 2).forEach((train, c) => {
    const test = all & ~train;
    let best = 0;
    let bestIs = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < N; j++) {
      const v = sharpeOf(train, j);
      if (v > bestIs) {
        bestIs = v;
        best = j;
      }
      oos[j] = sharpeOf(test, j);
    }
    // Relative rank of the winner out of sample: 1 = worst … N = best, ties share the mean rank.
    let below = 0;
    let equal = 0;
    for (let j = 0; j < N; j++) {
      if (oos[j] < oos[best]) below++;
      else if (oos[j] === oos[best]) equal++;
    }
    const rank = below + (equal + 1) / 2;
    const omega = rank / (N + 1);
    const lambda = Math.log(omega / (1 - omega));
    logits[c] = lambda;
    inSample[c] = bestIs;
    outOfSample[c] = oos[best];
    if (lambda <= 0) overfit++;
    if (oos[best] < 0) losses++;
  });
  return {
    pbo: overfit / splits,
    logits,
    probabilityOfLoss: losses / splits,
    inSample,
    outOfSample,
    splits,
    blocks: S,
    blockBars,
  };
}
