// One call from source text to a backtest: parse, check, compile, evaluate, simulate, score.

import type { SimResult } from '../engine/simulate';
import { simulate } from '../engine/simulate';
import type { Stats } from '../engine/stats';
import { computeStats } from '../engine/stats';
import type { SeriesCache } from '../engine/sweep';
import type { Bars } from '../engine/types';
import { checkSource } from './checker';
import type { CompiledStrategy, EvalResult } from './compiler';
import { compile, isEvalFailure } from './compiler';
import type { Diagnostic } from './diagnostics';
import { hasErrors } from './diagnostics';
import { formatDiagnostics } from './print';

export interface RunOptions {
  readonly params?: Readonly<Record<string, number>>;
  /** Reuse across runs on the same bars (e.g. a parameter sweep) so each indicator is computed once. */
  readonly cache?: SeriesCache;
  /** Names the program in printed diagnostics. */
  readonly fileName?: string;
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

export function runProgram(source: string, bars: Bars, opts: RunOptions = {}): RunResult {
  const fail = (diagnostics: Diagnostic[]): RunResult => ({
    ok: false,
    diagnostics,
    report: formatDiagnostics(source, diagnostics, opts.fileName),
  });
  const { checked, diagnostics } = checkSource(source);
  if (!checked.ok || hasErrors(diagnostics)) return fail(diagnostics);
  const compiled = compile(checked);
  const ev = compiled.evaluate(bars, opts.params, opts.cache);
  if (isEvalFailure(ev)) return fail(ev.diagnostics);
  const sim = simulate(bars, ev.rules, ev.settings);
  const stats = computeStats(bars, sim, { warmupBars: ev.warmup });
  return { ok: true, compiled, eval: ev, sim, stats, diagnostics };
}
