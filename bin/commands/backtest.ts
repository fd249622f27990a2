// backtalk backtest FILE|- --data SOURCE [--param name=value]… [--from DATE] [--to DATE] [--montecarlo N]
//   [--seed N] [--json]
import { formatTime } from '../../lib/data';
import { runProgram } from '../../lib/dsl';
import { tradeList } from '../../lib/engine';
import {
  blockBootstrap,
  equityReturns,
  type Percentiles,
  reshuffleTrades,
  tradeReturnsOnEquity,
} from '../../lib/lab';
import { parse, parseParams, USAGE_EXIT } from '../args';
import { asCliError, loadData, readProgram } from '../common';
import { CliError, type Io } from '../io';
import { fmtNumber, statsTable, table, toJson, tradeJson, tradesTable } from '../output';

const USAGE =
  'backtalk backtest FILE|- [--data SOURCE] [--param name=value]… [--from DATE] [--to DATE] [--montecarlo RUNS] [--seed N] [--json]';
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
      montecarlo: { type: 'string' },
      seed: { type: 'string' },
    },
    USAGE,
  );
  const mcRuns = values.montecarlo === undefined ? 0 : Number(values.montecarlo);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(mcRuns) || mcRuns < 0 || mcRuns > 100_000)
    throw new CliError(
      `--montecarlo must be a number of runs from 1 to 100000, got '${values.montecarlo}'`,
      USAGE_EXIT,
    );
  if (!Number.isSafeInteger(seed))
    throw new CliError(`--seed must be a whole number, got '${values.seed}'`, USAGE_EXIT);
  const file = positionals[0];
  const source = await readProgram(io, file, USAGE);
  const params = parseParams(values.param);
  const data = await loadData(io, values.data, values.from, values.to);
  const run = runProgram(source, data.bars, {
    params,
    fileName: file === '-' ? '<stdin>' : file,
    timeframe: data.timeframe,
  });
  if (!run.ok) {
    io.err(`${run.report}\n`);
    return 1;
  }
  const trades = tradeList(run.sim.trades);
  const n = data.bars.time.length;
  const mc = mcRuns ? monteCarlo(run, mcRuns, seed) : null;
  if (values.json) {
    io.out(
      `${toJson({
        ...(mc ? { montecarlo: mc } : {}),
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
  if (mc) io.out(`\n${monteCarloText(mc)}\n`);
  for (const d of run.diagnostics) io.err(`warning[${d.code}]: ${d.message}\n`);
  return 0;
}

type Ran = Extract<ReturnType<typeof runProgram>, { ok: true }>;

/** Trade reshuffling and a block bootstrap of the bar returns after the warm-up. */
function monteCarlo(run: Ran, runs: number, seed: number) {
  try {
    const { equity, trades } = run.sim;
    const capital = run.eval.settings.capital;
    const shuffled = reshuffleTrades(tradeReturnsOnEquity(trades, equity, capital), runs, seed);
    const boot = blockBootstrap(equityReturns(equity, run.eval.warmup), { runs, seed, startEquity: capital });
    return {
      runs,
      seed,
      tradeOrder: {
        maxDrawdownPct: shuffled.drawdown,
        actualMaxDrawdownPct: shuffled.actualDrawdown,
        deeperThanActual: shuffled.deeperThanActual,
      },
      bootstrap: { returnPct: boot.returns, maxDrawdownPct: boot.drawdown, blockLength: boot.blockLength },
    };
  } catch (e) {
    throw asCliError(e);
  }
}

function monteCarloText(mc: ReturnType<typeof monteCarlo>): string {
  const row = (label: string, p: Percentiles) => [label, fmtNumber(p.p5), fmtNumber(p.p50), fmtNumber(p.p95)];
  const rows = [
    row('Max. Drawdown [%], trades reordered', mc.tradeOrder.maxDrawdownPct),
    row(`Return [%], bars resampled (blocks of ${mc.bootstrap.blockLength})`, mc.bootstrap.returnPct),
    row(`Max. Drawdown [%], bars resampled`, mc.bootstrap.maxDrawdownPct),
  ];
  const deeper = Math.round(mc.tradeOrder.deeperThanActual * 100);
  return `Monte Carlo, ${mc.runs} runs (seed ${mc.seed}); drawdowns of reordered trades are measured trade by trade\n${table(['', '5th', '50th', '95th'], rows, [false, true, true, true])}\nIn the order they happened, trade by trade: ${fmtNumber(mc.tradeOrder.actualMaxDrawdownPct)} %; ${deeper} % of reorderings go deeper.`;
}
