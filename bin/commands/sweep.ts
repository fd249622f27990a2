// backtalk sweep FILE --data SOURCE --grid name=from:to:step … [--where "a < b"] [--rank STAT] [--top N]
//   [--odds] [--workers N | --queue [--chunks N]] [--json]
import type { LoadedData } from '../../lib/data';
import { checkSource, compile, didYouMean, formatDiagnostics, hasErrors, isEvalFailure } from '../../lib/dsl';
import {
  type NumericStatName,
  type ParamGrid,
  type Params,
  sweep as runSweep,
  type SeriesCache,
  STAT_NAMES,
  type StrategyRun,
  type SweepResult,
} from '../../lib/engine';
import { type Overfitting, sweepOverfitting } from '../../lib/lab';
import { PooledCompute, parallelSweep } from '../../server/compute';
import { queueOptionsFromEnv, queueSweep } from '../../server/compute/queue';
import { parse, parseGrid, parseParams, parseWhere, USAGE_EXIT } from '../args';
import { asCliError, loadData, readProgram } from '../common';
import { CliError, type Io } from '../io';
import { fmtStat, table, toJson } from '../output';

const USAGE =
  'backtalk sweep FILE [--data SOURCE] --grid name=from:to:step … [--where "fast < slow"] [--param name=value]… [--rank STAT] [--top N] [--odds] [--workers N | --queue [--chunks N]] [--json]';
export const SHOWN: NumericStatName[] = [
  'Return [%]',
  'Sharpe Ratio',
  'Max. Drawdown [%]',
  '# Trades',
  'Win Rate [%]',
];

export function rankStat(name: string | undefined): NumericStatName {
  const rank = name ?? 'Sharpe Ratio';
  const numeric = STAT_NAMES.filter((s) => s !== 'Start' && s !== 'End') as NumericStatName[];
  if ((numeric as string[]).includes(rank)) return rank as NumericStatName;
  const near = didYouMean(rank, numeric);
  throw new CliError(
    `--rank '${rank}' is not a statistic${near ? ` — did you mean '${near}'?` : ''}`,
    USAGE_EXIT,
    `one of: ${numeric.join(', ')}`,
  );
}

/** The options a sweep-based command shares. */
export const SWEEP_OPTIONS = {
  data: { type: 'string' },
  grid: { type: 'string', multiple: true },
  where: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  rank: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface PreparedSweep {
  readonly data: LoadedData;
  readonly grid: ParamGrid;
  readonly constraint?: (p: Params) => boolean;
  readonly rank: NumericStatName;
  readonly strategy: (params: Params, cache: SeriesCache) => StrategyRun;
  /** The program and the inputs held by --param, for a sweep on worker threads (--workers). */
  readonly source: string;
  readonly fixed: Params;
}

/** Checks the program and the grid against its inputs and loads the data; null when the program has errors. */
export async function prepareSweep(
  io: Io,
  file: string | undefined,
  values: {
    [K in keyof typeof SWEEP_OPTIONS]?: K extends 'grid' | 'where' | 'param'
      ? string[]
      : K extends 'json'
        ? boolean
        : string;
  },
  usage: string,
): Promise<PreparedSweep | null> {
  const source = await readProgram(io, file, usage);
  const grid = parseGrid(values.grid);
  const fixed = parseParams(values.param);
  const constraint = parseWhere(values.where, Object.keys(grid));
  const rank = rankStat(values.rank);
  const { checked, diagnostics } = checkSource(source);
  if (!checked.ok || hasErrors(diagnostics)) {
    io.err(`${formatDiagnostics(source, diagnostics, file)}\n`);
    return null;
  }
  const compiled = compile(checked);
  const known = compiled.inputs.map((i) => i.name);
  for (const name of Object.keys(grid)) {
    if (!known.includes(name)) {
      const near = didYouMean(name, known);
      throw new CliError(
        `--grid ${name}: the program has no input '${name}'${near ? ` — did you mean '${near}'?` : ''}`,
        USAGE_EXIT,
        known.length ? `inputs: ${known.join(', ')}` : 'declare one with name = input(default, min=…, max=…)',
      );
    }
  }
  const data = await loadData(io, values.data, values.from, values.to);
  const strategy = (params: Params, cache: SeriesCache): StrategyRun => {
    const ev = compiled.evaluate(data.bars, { ...fixed, ...params }, cache);
    if (isEvalFailure(ev)) throw new CliError(formatDiagnostics(source, ev.diagnostics, file).trim());
    return { rules: ev.rules, settings: ev.settings, warmupBars: ev.warmup };
  };
  return { data, grid, constraint, rank, strategy, source, fixed };
}

/** The odds lines of `--odds`. */
export function oddsText(o: Overfitting): string {
  const d = o.deflated;
  const lines = [
    `Overfitting odds over ${d.trials} trials: ${o.reading}`,
    `  Deflated Sharpe ratio  ${d.dsr.toFixed(3)}   (probability the best trial's Sharpe ratio is above the ${d.trials}-trial noise bar)`,
    `  Probabilistic Sharpe   ${d.psr.toFixed(3)}   (the same, as if only this trial had been tried)`,
    o.pbo
      ? `  PBO                    ${(o.pbo.pbo * 100).toFixed(1)} %   (${o.pbo.splits} splits of ${o.pbo.blocks} blocks; in-sample best below the out-of-sample median)`
      : '  PBO                    n/a    (too few bars or trials to cross-validate)',
  ];
  return `${lines.join('\n')}\n`;
}

export async function sweep(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...SWEEP_OPTIONS,
      top: { type: 'string' },
      odds: { type: 'boolean' },
      workers: { type: 'string' },
      queue: { type: 'boolean' },
      chunks: { type: 'string' },
    },
    USAGE,
  );
  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1)
    throw new CliError(`--top must be a positive whole number`, USAGE_EXIT);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64))
    throw new CliError('--workers must be a whole number from 1 to 64', USAGE_EXIT);
  const chunks = values.chunks === undefined ? undefined : Number(values.chunks);
  if (chunks !== undefined && !(Number.isInteger(chunks) && chunks >= 1 && chunks <= 10_000))
    throw new CliError('--chunks must be a whole number from 1 to 10000', USAGE_EXIT);
  if (values.queue && (workers || values.odds))
    throw new CliError(
      '--queue runs on `npm run worker` processes: leave out --workers and --odds',
      USAGE_EXIT,
    );
  if (chunks !== undefined && !values.queue) throw new CliError('--chunks goes with --queue', USAGE_EXIT);
  const file = positionals[0];
  const prepared = await prepareSweep(io, file, values, USAGE);
  if (!prepared) return 1;
  const { data, grid, constraint, rank, strategy } = prepared;
  const started = performance.now();
  let result: SweepResult;
  let odds: Overfitting | null = null;
  try {
    if (values.odds) {
      odds = sweepOverfitting({ bars: data.bars, grid, constraint, rank, strategy });
      result = { ...odds.sweep, runs: odds.sweep.runs.slice(0, top) };
    } else if (values.queue) {
      // Chunks as BullMQ jobs on REDIS_URL, run by `npm run worker` processes anywhere; progress on stderr.
      const { source, fixed } = prepared;
      let shown = -1;
      // Ctrl-C takes the chunks no worker has started out of the queue before the command ends.
      const stop = new AbortController();
      const onInt = () => stop.abort();
      process.once('SIGINT', onInt);
      result = await queueSweep(source, data.bars, grid, {
        signal: stop.signal,
        ...queueOptionsFromEnv(io.env),
        chunks,
        constraint,
        rank,
        top,
        fixed,
        log: (m) => io.err(`${m}\n`),
        onProgress: (done, total) => {
          const tenth = Math.floor((done * 10) / total);
          if (tenth === shown) return;
          shown = tenth;
          io.err(`sweep: ${done}/${total} chunks (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
        },
      }).finally(() => process.off('SIGINT', onInt));
    } else if (workers) {
      // Worker threads viewing the bars in shared memory; the same result as the sweep in this thread.
      const pool = new PooledCompute({ workers });
      try {
        const { source, fixed } = prepared;
        result = await parallelSweep(pool, source, data.bars, grid, { constraint, rank, top, fixed });
      } finally {
        await pool.close();
      }
    } else {
      result = runSweep({ bars: data.bars, grid, constraint, rank, top, strategy });
    }
  } catch (e) {
    throw asCliError(e);
  }
  const ms = performance.now() - started;
  if (values.json) {
    const oddsJson = odds && {
      verdict: odds.verdict,
      reading: odds.reading,
      deflatedSharpe: odds.deflated.dsr,
      probabilisticSharpe: odds.deflated.psr,
      sharpeBenchmark: odds.deflated.benchmark,
      pbo: odds.pbo?.pbo ?? null,
      splits: odds.pbo?.splits ?? null,
    };
    const out = { rank, total: result.total, runs: result.runs, bars: data.bars.time.length };
    io.out(`${toJson(oddsJson ? { ...out, odds: oddsJson } : out)}\n`);
    return 0;
  }
  const names = Object.keys(grid);
  const columns = [rank, ...SHOWN.filter((s) => s !== rank)];
  const rows = result.runs.map((r, i) => [
    String(i + 1),
    ...names.map((n) => String(r.params[n])),
    ...columns.map((c) => fmtStat(c, r.stats[c])),
  ]);
  io.out(
    `${result.total} combinations on ${data.source} (${data.bars.time.length} bars) in ${(ms / 1000).toFixed(2)} s, ranked by ${rank}\n\n`,
  );
  io.out(
    `${table(['#', ...names, ...columns], rows, [true, ...names.map(() => true), ...columns.map(() => true)])}\n`,
  );
  if (odds) io.out(`\n${oddsText(odds)}`);
  return 0;
}
