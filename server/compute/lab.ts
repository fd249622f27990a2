// The robustness lab's heavier jobs, run in a compute worker (never on the event loop): the overfitting
// odds of a sweep (its trials' returns kept and cross-validated), a walk-forward, and a Monte Carlo of
// the session's run. Each answers with the message the session sends (lib/transport/lab.ts), curves
// thinned to MAX_CURVE_POINTS.
import type { CompiledStrategy } from '../../lib/dsl';
import { isEvalFailure, runProgram } from '../../lib/dsl';
import type { Bars, NumericStatName, ParamGrid, Params, SeriesCache, StrategyRun } from '../../lib/engine';
import {
  blockBootstrap,
  equityReturns,
  reshuffleTrades,
  sweepOverfitting,
  tradeReturnsOnEquity,
  walkForward,
  walkForwardWindows,
} from '../../lib/lab';
import {
  type LabServerMessage,
  MAX_SWEEP_RUNS,
  thinCurve,
  type WireOdds,
  type WirePercentileRow,
  windowSizes,
} from '../../lib/transport';
import type { DataRef } from './protocol';

export type LabJob =
  | { readonly kind: 'odds'; readonly grid: ParamGrid; readonly rank: NumericStatName }
  | {
      readonly kind: 'walkforward';
      readonly grid: ParamGrid;
      readonly rank: NumericStatName;
      readonly fraction: number;
      readonly windows: number;
      readonly anchored: boolean;
    }
  | {
      readonly kind: 'montecarlo';
      readonly method: 'reshuffle' | 'bootstrap';
      readonly runs: number;
      readonly seed: number;
    };

export interface LabTask {
  readonly kind: 'lab';
  readonly seq: number;
  readonly source: string;
  readonly data: DataRef;
  /** The session's parameters: the values of the inputs a grid does not sweep. */
  readonly params: Readonly<Record<string, number>>;
  readonly timeframe?: string;
  readonly job: LabJob;
}

/** The odds answer is sent as is; the others carry the job's results. */
export type LabOutcome = Extract<
  LabServerMessage,
  { type: 'sweep-odds' | 'walkforward-result' | 'montecarlo-result' }
>;

const fail = (what: string, e: unknown) =>
  new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });

function strategyOf(compiled: CompiledStrategy, bars: Bars, fixed: Readonly<Record<string, number>>) {
  return (params: Params, cache: SeriesCache): StrategyRun => {
    const ev = compiled.evaluate(bars, { ...fixed, ...params }, cache);
    if (isEvalFailure(ev)) throw new Error(ev.diagnostics.map((d) => d.message).join('; '));
    return { rules: ev.rules, settings: ev.settings, warmupBars: ev.warmup };
  };
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

export function runLab(task: LabTask, compiled: CompiledStrategy, bars: Bars): LabOutcome {
  const started = performance.now();
  const { job, seq } = task;
  const strategy = strategyOf(compiled, bars, task.params);
  if (job.kind === 'odds') {
    let odds: WireOdds | null = null;
    try {
      const o = sweepOverfitting({ bars, grid: job.grid, rank: job.rank, strategy, maxRuns: MAX_SWEEP_RUNS });
      odds = {
        trials: o.deflated.trials,
        dsr: o.deflated.dsr,
        psr: o.deflated.psr,
        pbo: o.pbo?.pbo ?? null,
        splits: o.pbo?.splits ?? null,
        verdict: o.verdict,
        reading: o.reading,
      };
    } catch (e) {
      return { type: 'sweep-odds', seq, odds: null, problem: (e as Error).message };
    }
    return { type: 'sweep-odds', seq, odds };
  }
  if (job.kind === 'walkforward') {
    const n = bars.close.length;
    const { inSample, outOfSample } = windowSizes(n, job.fraction, job.windows);
    let r: ReturnType<typeof walkForward>;
    try {
      const windows = walkForwardWindows(n, { inSample, outOfSample, anchored: job.anchored });
      r = walkForward({ bars, grid: job.grid, rank: job.rank, strategy, windows, maxRuns: MAX_SWEEP_RUNS });
    } catch (e) {
      throw fail('the walk-forward could not run', e);
    }
    const first = r.windows[0].oosFrom;
    const pick = [
      'Return [%]',
      'Return (Ann.) [%]',
      'Sharpe Ratio',
      'Max. Drawdown [%]',
      '# Trades',
    ] as const;
    return {
      type: 'walkforward-result',
      seq,
      rank: r.rank,
      names: Object.keys(job.grid),
      efficiency: orNull(r.efficiency),
      windows: r.windows.map((w) => ({
        isFrom: w.isFrom,
        isTo: w.isTo,
        oosFrom: w.oosFrom,
        oosTo: w.oosTo,
        params: { ...w.params },
        inSample: w.inSample[job.rank],
        outOfSample: w.outOfSample[job.rank],
        oosReturn: w.outOfSample['Return [%]'],
        efficiency: orNull(w.efficiency),
      })),
      equity: thinCurve(r.equity, first),
      stats: Object.fromEntries(pick.map((k) => [k, r.stats[k]])),
      computeMs: performance.now() - started,
    };
  }
  const run = runProgram(task.source, bars, { params: task.params, timeframe: task.timeframe });
  if (!run.ok) throw new Error(run.diagnostics.map((d) => d.message).join('; '));
  const { equity, trades } = run.sim;
  const capital = run.eval.settings.capital;
  const row = (label: string, p: { p5: number; p50: number; p95: number }, actual: number | null) =>
    ({ label, p5: p.p5, p50: p.p50, p95: p.p95, actual }) satisfies WirePercentileRow;
  try {
    if (job.method === 'reshuffle') {
      const tr = tradeReturnsOnEquity(trades, equity, capital);
      if (tr.length < 2)
        throw new Error(`reordering needs at least 2 closed trades; this run has ${tr.length}`);
      const s = reshuffleTrades(tr, job.runs, job.seed, 20_000_000, true);
      const b = s.bands as NonNullable<typeof s.bands>;
      // The actual order, trade by trade, as the bands are (capital × growth).
      const actual = new Float64Array(tr.length);
      let level = capital;
      for (let i = 0; i < tr.length; i++) actual[i] = level *= 1 + tr[i];
      const scale = (a: Float64Array) => a.map((x) => x * capital);
      const final = (actual[tr.length - 1] / capital - 1) * 100;
      return {
        type: 'montecarlo-result',
        seq,
        method: 'reshuffle',
        runs: job.runs,
        axis: 'trade',
        actual: thinCurve(actual, 0, 1),
        bands: {
          p5: thinCurve(scale(b.p5), 0, 1),
          p50: thinCurve(scale(b.p50), 0, 1),
          p95: thinCurve(scale(b.p95), 0, 1),
        },
        table: [
          row('Max. Drawdown [%]', s.drawdown, s.actualDrawdown),
          row('Return [%]', { p5: final, p50: final, p95: final }, final),
        ],
        note: `${tr.length} closed trades in ${job.runs} random orders: the return is the same in every order, the drawdown is not; ${Math.round(s.deeperThanActual * 100)} % of orders go deeper than the actual one (drawdowns measured trade by trade)`,
        computeMs: performance.now() - started,
      };
    }
    const from = run.eval.warmup;
    const boot = blockBootstrap(equityReturns(equity, from), {
      runs: job.runs,
      seed: job.seed,
      startEquity: capital,
    });
    const actualReturn = (equity[equity.length - 1] / equity[from] - 1) * 100;
    // bands[i] is the level after return i, which is the bar from + 1 + i.
    return {
      type: 'montecarlo-result',
      seq,
      method: 'bootstrap',
      runs: job.runs,
      axis: 'bar',
      actual: thinCurve(
        equity.subarray(from + 1).map((x) => (x / equity[from]) * capital),
        0,
        from + 1,
      ),
      bands: {
        p5: thinCurve(boot.bands.p5, 0, from + 1),
        p50: thinCurve(boot.bands.p50, 0, from + 1),
        p95: thinCurve(boot.bands.p95, 0, from + 1),
      },
      table: [row('Return [%]', boot.returns, actualReturn), row('Max. Drawdown [%]', boot.drawdown, null)],
      note: `${job.runs} paths of the bar returns after the warm-up, redrawn in blocks of ${boot.blockLength} bars`,
      computeMs: performance.now() - started,
    };
  } catch (e) {
    throw fail('the Monte Carlo could not run', e);
  }
}
