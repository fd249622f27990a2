// backtalk batch FILE --data yahoo:AAPL,MSFT,… [--data …] [--param name=value]… [--sort STAT] [--json]
import type { NumericStatName } from '../../lib/engine';
import { runWatchlist, spreadOf } from '../../lib/portfolio';
import { parse, parseParams } from '../args';
import { readProgram } from '../common';
import type { Io } from '../io';
import { fmtStat, table, toJson } from '../output';
import { loadMarkets, marketSpecs } from './markets';
import { rankStat } from './sweep';

const USAGE =
  'backtalk batch FILE --data yahoo:AAPL,MSFT,NVDA [--data …] [--param name=value]… [--sort STAT] [--from DATE] [--to DATE] [--json]';
const COLUMNS: NumericStatName[] = [
  'Return [%]',
  'Sharpe Ratio',
  'Max. Drawdown [%]',
  '# Trades',
  'Win Rate [%]',
  'Exposure Time [%]',
];

export async function batch(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      data: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      sort: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const source = await readProgram(io, positionals[0], USAGE);
  const specs = marketSpecs(values.data, USAGE);
  const sort = rankStat(values.sort ?? 'Return [%]');
  const params = parseParams(values.param);
  const loaded = await loadMarkets(io, specs, values.from, values.to);
  const rows = runWatchlist(
    source,
    loaded.map((l) =>
      'error' in l ? { symbol: l.symbol, error: l.error } : { symbol: l.symbol, bars: l.data.bars },
    ),
    params,
  );
  const ran = rows.filter((r) => r.stats);
  const key = (r: (typeof rows)[number]) => {
    const v = r.stats?.[sort];
    return typeof v === 'number' && !Number.isNaN(v) ? v : Number.NEGATIVE_INFINITY;
  };
  const sorted = [...ran].sort((a, b) => key(b) - key(a)).concat(rows.filter((r) => !r.stats));
  const columns = [sort, ...COLUMNS.filter((c) => c !== sort)];
  if (values.json) {
    io.out(
      `${toJson({
        markets: sorted.map((r) =>
          r.stats ? { symbol: r.symbol, stats: r.stats } : { symbol: r.symbol, error: r.error },
        ),
        spread: Object.fromEntries(columns.map((c) => [c, spreadOf(rows, c)])),
      })}\n`,
    );
    return ran.length ? 0 : 1;
  }
  const body = sorted.map((r) =>
    r.stats
      ? [r.symbol, ...columns.map((c) => fmtStat(c, r.stats![c]))]
      : [r.symbol, 'failed (below)', ...columns.slice(1).map(() => '')],
  );
  const sp = columns.map((c) => spreadOf(rows, c));
  body.push(['median', ...sp.map((s, i) => fmtStat(columns[i], s.median))]);
  body.push([
    '25th–75th',
    ...sp.map((s, i) => `${fmtStat(columns[i], s.q1)} – ${fmtStat(columns[i], s.q3)}`),
  ]);
  io.out(`${ran.length} of ${rows.length} markets ran, sorted by ${sort}\n\n`);
  io.out(`${table(['market', ...columns], body, [false, ...columns.map(() => true)])}\n`);
  for (const r of rows) if (r.error) io.out(`\n${r.symbol} failed: ${r.error}\n`);
  return ran.length ? 0 : 1;
}
