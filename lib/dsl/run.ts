// One call from source text to a backtest: parse, check, compile, estimate, evaluate, simulate, score.

import type { Bars, OrderRule, SeriesCache, SimResult, Stats, Trades } from '../engine';
import { computeStats, simulate } from '../engine';
import { checkSource } from './checker';
import type { CompiledStrategy, EvalResult } from './compiler';
import { compile, isEvalFailure } from './compiler';
import { type WorkBudget, workProblem } from './cost';
import type { Diagnostic } from './diagnostics';
import { hasErrors } from './diagnostics';
import { formatDiagnostics } from './print';

export interface RunOptions {
  readonly params?: Readonly<Record<string, number>>;
  /** Reuse across runs on the same bars (e.g. a parameter sweep) so each indicator is computed once. */
  readonly cache?: SeriesCache;
  /** Names the program in printed diagnostics. */
  readonly fileName?: string;
  /** Refuse, before evaluating, a run that would compute more than this (servers set it; cost.ts). */
  readonly budget?: WorkBudget;
  /**
   * The bars' timeframe (e.g. '1d', the data's), against which htf(...) is checked and aligned; when
   * absent or unknown ('auto'), it is inferred from the bars' spacing (lib/dsl/htf.ts).
   */
  readonly timeframe?: string;
}

export type RunResult =
  | {
      readonly ok: true;
      readonly compiled: CompiledStrategy;
      readonly eval: EvalResult;
      readonly sim: SimResult;
      readonly stats: Stats;
      /** Warnings (a program that runs has no errors). */
      readonly diagnostics: Diagnostic[];
    }
  | {
      readonly ok: false;
      readonly diagnostics: Diagnostic[];
      /** The diagnostics printed with source lines, like a compiler. */
      readonly report: string;
    };

type Failed = Extract<RunResult, { ok: false }>;
export type Prepared =
  | { readonly ok: true; readonly compiled: CompiledStrategy; readonly diagnostics: Diagnostic[] }
  | Failed;

const failed = (source: string, diagnostics: Diagnostic[], fileName?: string): Failed => ({
  ok: false,
  diagnostics,
  report: formatDiagnostics(source, diagnostics, fileName),
});

/** Everything before the evaluation: check, compile, and the budget for `bars` bars. */
export function prepareProgram(
  source: string,
  bars: number,
  opts: Pick<RunOptions, 'budget' | 'fileName'> = {},
): Prepared {
  const { checked, diagnostics } = checkSource(source);
  if (!checked.ok || hasErrors(diagnostics)) return failed(source, diagnostics, opts.fileName);
  const compiled = compile(checked);
  const tooMuch = opts.budget && workProblem(compiled.estimate(bars), opts.budget);
  if (tooMuch) return failed(source, [tooMuch], opts.fileName);
  return { ok: true, compiled, diagnostics };
}

export function runProgram(source: string, bars: Bars, opts: RunOptions = {}): RunResult {
  const prepared = prepareProgram(source, bars.close.length, opts);
  if (!prepared.ok) return prepared;
  const { compiled, diagnostics } = prepared;
  const ev = compiled.evaluate(bars, opts.params, opts.cache, { timeframe: opts.timeframe });
  if (isEvalFailure(ev)) return failed(source, ev.diagnostics, opts.fileName);
  const sim = simulate(bars, ev.rules, ev.settings);
  const stats = computeStats(bars, sim, { warmupBars: ev.warmup });
  return { ok: true, compiled, eval: ev, sim, stats, diagnostics };
}

/**
 * A run as plain data (no functions, no cache): what crosses a thread boundary and what servers keep.
 * The arrays are the run's own (the rules' masks may share buffers with each other).
 */
export type ProgramOutcome =
  | {
      readonly ok: true;
      readonly title: string;
      readonly stats: Stats;
      readonly trades: Trades;
      readonly equity: Float64Array;
      /** Each order statement's kind, size and the mask of its position-free condition. */
      readonly rules: OrderRule[];
      readonly warmup: number;
      readonly params: Readonly<Record<string, number>>;
      /** Warnings. */
      readonly diagnostics: Diagnostic[];
    }
  | Failed;

export function outcomeOf(r: RunResult): ProgramOutcome {
  if (!r.ok) return r;
  return {
    ok: true,
    title: r.compiled.title,
    stats: r.stats,
    trades: r.sim.trades,
    equity: r.sim.equity,
    // Plain data only: a rule's position condition and price functions stay in this thread.
    rules: r.eval.rules.map(({ kind, size, when }) => ({ kind, size, when })),
    warmup: r.eval.warmup,
    params: r.eval.params,
    diagnostics: r.diagnostics,
  };
}

/** Runs a program somewhere (in this thread, or a worker: server/compute) and answers with its summary. */
export type ProgramRunner = (
  source: string,
  bars: Bars,
  opts?: Pick<RunOptions, 'params' | 'fileName' | 'timeframe'>,
) => Promise<ProgramOutcome>;
