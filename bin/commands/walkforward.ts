// backtalk walkforward FILE --grid … (--is BARS --oos BARS [--anchored] | --split FRACTION) [--rank STAT]
//   [--where …] [--param …] [--data SOURCE] [--json]
import { splitAt, type WalkForwardResult, type Window, walkForward, walkForwardWindows } from '../../lib/lab';
import { parse, USAGE_EXIT } from '../args';
import { asCliError } from '../common';
import { CliError, type Io } from '../io';
import { fmtNumber, fmtStat, table, toJson } from '../output';
import { prepareSweep, SHOWN, SWEEP_OPTIONS } from './sweep';

const USAGE =
  'backtalk walkforward FILE [--data SOURCE] --grid name=from:to:step … (--is BARS --oos BARS [--anchored] | --split 0.7) [--rank STAT] [--where …] [--json]';

function whole(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`${flag} must be a whole number of bars, got '${v}'`, USAGE_EXIT);
  return n;
}

function windowsFor(
  n: number,
  values: { is?: string; oos?: string; split?: string; anchored?: boolean },
): Window[] {
  const is = whole('--is', values.is);
  const oos = whole('--oos', values.oos);
  if (values.split !== undefined) {
    if (is !== undefined || oos !== undefined)
      throw new CliError('use either --split or --is/--oos, not both', USAGE_EXIT);
    const f = Number(values.split);
    return [splitAt(n, f)];
  }
  if (is === undefined || oos === undefined)
    throw new CliError(
      'say how to cut the bars: --is BARS --oos BARS (walk-forward windows) or --split 0.7 (one out-of-sample test)',
      USAGE_EXIT,
      `for example --is 500 --oos 125 on ${n} bars`,
    );
  return walkForwardWindows(n, { inSample: is, outOfSample: oos, anchored: values.anchored });
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export async function walkforward(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...SWEEP_OPTIONS,
      is: { type: 'string' },
      oos: { type: 'string' },
      split: { type: 'string' },
      anchored: { type: 'boolean' },
    },
    USAGE,
  );
  const file = positionals[0];
  const prepared = await prepareSweep(io, file, values, USAGE);
  if (!prepared) return 1;
  const { data, grid, constraint, rank, strategy } = prepared;
  let result: WalkForwardResult;
  try {
    const windows = windowsFor(data.bars.close.length, values);
    result = walkForward({ bars: data.bars, grid, constraint, rank, strategy, windows });
  } catch (e) {
    throw asCliError(e);
  }
  if (values.json) {
    io.out(
      `${toJson({
        rank,
        efficiency: result.efficiency,
        stats: result.stats,
        windows: result.windows.map((w) => ({
          inSample: { from: w.isFrom, to: w.isTo, stats: w.inSample },
          outOfSample: { from: w.oosFrom, to: w.oosTo, stats: w.outOfSample },
          params: w.params,
          efficiency: w.efficiency,
        })),
      })}\n`,
    );
    return 0;
  }
  const t = data.bars.time;
  const names = Object.keys(grid);
  const rows = result.windows.map((w, i) => [
    String(i + 1),
    `${day(t[w.isFrom])} → ${day(t[w.isTo - 1])}`,
    `${day(t[w.oosFrom])} → ${day(t[w.oosTo - 1])}`,
    ...names.map((n) => String(w.params[n])),
    fmtStat(rank, w.inSample[rank]),
    fmtStat(rank, w.outOfSample[rank]),
    fmtStat('Return [%]', w.outOfSample['Return [%]']),
    Number.isNaN(w.efficiency) ? '—' : fmtNumber(w.efficiency, 2),
  ]);
  io.out(
    `Walk-forward on ${data.source} (${t.length} bars), each in-sample window optimised for ${rank}\n\n`,
  );
  io.out(
    `${table(
      [
        '#',
        'in sample',
        'out of sample',
        ...names,
        `IS ${rank}`,
        `OOS ${rank}`,
        'OOS Return [%]',
        'efficiency',
      ],
      rows,
      [true, false, false, ...names.map(() => true), true, true, true, true],
    )}\n\n`,
  );
  const summary = SHOWN.map((s) => [s, fmtStat(s, result.stats[s])]);
  summary.push([
    'Walk-forward efficiency',
    Number.isNaN(result.efficiency) ? '— (in-sample returns not positive)' : fmtNumber(result.efficiency, 2),
  ]);
  io.out(`Out of sample, chained:\n${table(['Statistic', 'Value'], summary, [false, true])}\n`);
  return 0;
}
