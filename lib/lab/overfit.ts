// The overfitting odds of a sweep: every trial's bar returns are kept, the best trial (by the sweep's
// ranking statistic) is deflated by the number of trials (DSR) and the whole return matrix is
// cross-validated (PBO). One line says what it means for a trader.
import { type SweepOptions, type SweepResult, sweep } from '../engine';
import { type PboResult, probabilityOfOverfitting } from './pbo';
import { type DeflatedSharpe, deflatedSharpe, returnMoments, sampleVariance } from './sharpe';

export interface OverfitOptions extends Omit<SweepOptions, 'onRun' | 'top'> {
  /** CSCV blocks (default 16; fewer when the bars are few). */
  readonly blocks?: number;
  /** Most trial × bar returns kept in memory (default 20 M, 160 MB). */
  readonly maxCells?: number;
}

export type Verdict = 'likely overfit' | 'doubtful' | 'holds up';

export interface Overfitting {
  readonly sweep: SweepResult;
  readonly deflated: DeflatedSharpe;
  /** Null when there are too few trials or bars to cross-validate. */
  readonly pbo: PboResult | null;
  readonly verdict: Verdict;
  /** One line: the verdict and why. */
  readonly reading: string;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** The verdict from the two odds: DSR below 0.95 or PBO above ½ is overfit; between, doubtful. */
export function readOverfitting(
  d: Pick<DeflatedSharpe, 'dsr' | 'trials'>,
  pbo: Pick<PboResult, 'pbo'> | null,
): { verdict: Verdict; reading: string } {
  const p = pbo?.pbo;
  const dsrText = `DSR ${Number.isNaN(d.dsr) ? 'n/a' : d.dsr.toFixed(2)}`;
  const pboText = p === undefined ? 'PBO n/a' : `PBO ${pct(p)}`;
  if (p !== undefined && p > 0.5)
    return {
      verdict: 'likely overfit',
      reading: `likely overfit: the best of ${d.trials} in-sample ranked below the median out of sample in ${pct(p)} of the splits (${dsrText})`,
    };
  if (!(d.dsr >= 0.95)) {
    const odds = Number.isNaN(d.dsr)
      ? 'cannot be told apart'
      : `is above zero with only ${pct(d.dsr)} confidence`;
    return {
      verdict: d.dsr < 0.5 ? 'likely overfit' : 'doubtful',
      reading: `${d.dsr < 0.5 ? 'likely overfit' : 'doubtful'}: after ${d.trials} trials the best Sharpe ratio ${odds} once the search is accounted for (${dsrText}, ${pboText})`,
    };
  }
  if (p !== undefined && p > 0.2)
    return {
      verdict: 'doubtful',
      reading: `doubtful: the Sharpe ratio survives ${d.trials} trials (${dsrText}) but the in-sample best falls below the median out of sample in ${pct(p)} of the splits`,
    };
  return {
    verdict: 'holds up',
    reading: `holds up: the best Sharpe ratio survives ${d.trials} trials (${dsrText}, ${pboText})`,
  };
}

/** Runs the sweep keeping each trial's bar returns, then the deflated Sharpe ratio and PBO. */
export function sweepOverfitting(opts: OverfitOptions): Overfitting {
  const n = opts.bars.close.length;
  const maxCells = opts.maxCells ?? 20_000_000;
  const returns: Float64Array[] = [];
  const tried: object[] = [];
  const result = sweep({
    ...opts,
    onRun: (_i, params, equity) => {
      tried.push(params);
      if ((returns.length + 1) * n > maxCells)
        throw new RangeError(
          `keeping the returns of ${returns.length + 1} trials × ${n} bars exceeds ${maxCells}: narrow the grid`,
        );
      const r = new Float64Array(Math.max(0, n - 1));
      for (let i = 1; i < n; i++) r[i - 1] = equity[i] / equity[i - 1] - 1;
      returns.push(r);
    },
  });
  if (result.total === 0) throw new RangeError('the grid has no combination to try: widen the ranges');
  const sharpes = returns.map((r) => returnMoments(r).sharpe);
  // The best trial by the sweep's ranking (runs come back sorted; their params are the objects tried).
  const moments = returnMoments(returns[tried.indexOf(result.runs[0].params)]);
  const deflated = deflatedSharpe(moments, result.total, sampleVariance(sharpes));
  let blocks = opts.blocks ?? 16;
  while (blocks > 2 && Math.floor((n - 1) / blocks) < 20) blocks -= 2;
  let pbo: PboResult | null = null;
  if (returns.length >= 2 && Math.floor((n - 1) / blocks) >= 2) {
    pbo = probabilityOfOverfitting(returns, { blocks, maxWork: 200_000_000 });
  }
  return { sweep: result, deflated, pbo, ...readOverfitting(deflated, pbo) };
}
