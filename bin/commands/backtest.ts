// backtalk backtest FILE|- --data SOURCE [--param name=value]… [--from DATE] [--to DATE] [--json]
import { formatTime } from '../../lib/data';
import { runProgram } from '../../lib/dsl';
import { tradeList } from '../../lib/engine';
import { parse, parseParams } from '../args';
import { loadData, readProgram } from '../common';
import type { Io } from '../io';
import { statsTable, toJson, tradeJson, tradesTable } from '../output';

const USAGE =
  'backtalk backtest FILE|- [--data SOURCE] [--param name=value]… [--from DATE] [--to DATE] [--json]';
const LAST_TRADES = 10;

export async function backtest(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      data: { type: 'string' },
      param: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const file = positionals[0];
  const source = await readProgram(io, file, USAGE);
  const params = parseParams(values.param);
  const data = await loadData(io, values.data, values.from, values.to);
  const run = runProgram(source, data.bars, { params, fileName: file === '-' ? '<stdin>' : file });
  if (!run.ok) {
    io.err(`${run.report}\n`);
    return 1;
  }
  const trades = tradeList(run.sim.trades);
  const n = data.bars.time.length;
  if (values.json) {
    io.out(
      `${toJson({
        stats: run.stats,
        trades: trades.map(tradeJson),
        params: run.eval.params,
        bars: n,
        data: { source: data.source, symbol: data.symbol, timeframe: data.timeframe },
      })}\n`,
    );
    return 0;
  }
  const range = n ? `${formatTime(data.bars.time[0])} → ${formatTime(data.bars.time[n - 1])}` : 'no bars';
  const paramText = Object.entries(run.eval.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  io.out(
    `${run.compiled.title || file} on ${data.source} (${data.symbol}, ${data.timeframe}, ${n} bars, ${range})\n`,
  );
  if (paramText) io.out(`params: ${paramText}\n`);
  io.out(`\n${statsTable(run.stats)}\n`);
  const shown = trades.slice(-LAST_TRADES);
  if (shown.length) {
    io.out(`\nLast ${shown.length} of ${trades.length} trades\n${tradesTable(shown)}\n`);
  } else {
    io.out('\nNo trades.\n');
  }
  for (const d of run.diagnostics) io.err(`warning[${d.code}]: ${d.message}\n`);
  return 0;
}
