// backtalk sweep FILE --data SOURCE --grid name=from:to:step … [--where "a < b"] [--rank STAT] [--top N] [--json]
import { checkSource, compile, didYouMean, formatDiagnostics, hasErrors, isEvalFailure } from '../../lib/dsl';
import { type NumericStatName, sweep as runSweep, STAT_NAMES } from '../../lib/engine';
import { parse, parseGrid, parseParams, parseWhere, USAGE_EXIT } from '../args';
import { asCliError, loadData, readProgram } from '../common';
import { CliError, type Io } from '../io';
import { fmtStat, table, toJson } from '../output';

const USAGE =
  'backtalk sweep FILE [--data SOURCE] --grid name=from:to:step … [--where "fast < slow"] [--param name=value]… [--rank STAT] [--top N] [--json]';
const SHOWN: NumericStatName[] = [
  'Return [%]',
  'Sharpe Ratio',
  'Max. Drawdown [%]',
  '# Trades',
  'Win Rate [%]',
];

function rankStat(name: string | undefined): NumericStatName {
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

export async function sweep(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      data: { type: 'string' },
      grid: { type: 'string', multiple: true },
      where: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      rank: { type: 'string' },
      top: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const file = positionals[0];
  const source = await readProgram(io, file, USAGE);
  const grid = parseGrid(values.grid);
  const fixed = parseParams(values.param);
  const constraint = parseWhere(values.where, Object.keys(grid));
  const rank = rankStat(values.rank);
  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1)
    throw new CliError(`--top must be a positive whole number`, USAGE_EXIT);

  const { checked, diagnostics } = checkSource(source);
  if (!checked.ok || hasErrors(diagnostics)) {
    io.err(`${formatDiagnostics(source, diagnostics, file)}\n`);
    return 1;
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
  const started = performance.now();
  let result: ReturnType<typeof runSweep>;
  try {
    result = runSweep({
      bars: data.bars,
      grid,
      constraint,
      rank,
      top,
      strategy: (params, cache) => {
        const ev = compiled.evaluate(data.bars, { ...fixed, ...params }, cache);
        if (isEvalFailure(ev)) throw new CliError(formatDiagnostics(source, ev.diagnostics, file).trim());
        return { rules: ev.rules, settings: ev.settings, warmupBars: ev.warmup };
      },
    });
  } catch (e) {
    throw asCliError(e);
  }
  const ms = performance.now() - started;
  if (values.json) {
    io.out(`${toJson({ rank, total: result.total, runs: result.runs, bars: data.bars.time.length })}\n`);
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
  return 0;
}
