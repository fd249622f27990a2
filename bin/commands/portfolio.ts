// backtalk portfolio FILE --data yahoo:AAPL,MSFT,NVDA [--max-positions N] [--weights 0.5,0.3,0.2]
//   [--rank-by SERIES] [--rebalance monthly] [--convert SYMBOL=RATE_SOURCE]… [--param …] [--json]

import type { Allocation } from '../../lib/portfolio';
import {
  compileProgram,
  convertBars,
  portfolioFigures,
  portfolioInputs,
  type Rebalance,
  simulatePortfolio,
} from '../../lib/portfolio';
import { parse, parseParams, USAGE_EXIT } from '../args';
import { asCliError, loadData, readProgram } from '../common';
import { CliError, type Io } from '../io';
import { fmtNumber, fmtStat, statsTable, table, toJson } from '../output';
import { loadMarkets, marketSpecs } from './markets';

const USAGE =
  'backtalk portfolio FILE --data yahoo:AAPL,MSFT,NVDA [--max-positions N] [--weights 0.5,0.3,0.2] [--rank-by SERIES] [--rebalance none|weekly|monthly|quarterly|yearly] [--convert SYMBOL=RATE_SOURCE]… [--json]';
const REBALANCE = ['none', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;

export async function portfolio(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      data: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      'max-positions': { type: 'string' },
      weights: { type: 'string' },
      'rank-by': { type: 'string' },
      rebalance: { type: 'string' },
      convert: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const file = positionals[0];
  const source = await readProgram(io, file, USAGE);
  const specs = marketSpecs(values.data, USAGE);
  const maxPositions = values['max-positions'] === undefined ? undefined : Number(values['max-positions']);
  if (maxPositions !== undefined && !(Number.isInteger(maxPositions) && maxPositions >= 1))
    throw new CliError(
      `--max-positions must be a whole number of 1 or more, got '${values['max-positions']}'`,
      USAGE_EXIT,
    );
  const rebalance = (values.rebalance ?? 'none') as Rebalance;
  if (!REBALANCE.includes(rebalance))
    throw new CliError(`--rebalance '${values.rebalance}' is not one of ${REBALANCE.join(', ')}`, USAGE_EXIT);
  let allocation: Allocation = { kind: 'equal' };
  if (values.weights !== undefined) {
    const w = values.weights
      .split(',')
      .map((x) => Number(x.trim().replace(/%$/, '')) / (x.trim().endsWith('%') ? 100 : 1));
    if (w.some((x) => !Number.isFinite(x)))
      throw new CliError(
        `--weights must be numbers separated by commas (0.5,0.3,0.2 or 50%,30%,20%)`,
        USAGE_EXIT,
      );
    allocation = { kind: 'weights', weights: w };
  }
  const loaded = await loadMarkets(io, specs, values.from, values.to);
  const failed = loaded.filter((l) => 'error' in l);
  if (failed.length)
    throw new CliError(
      `${failed.length} of ${loaded.length} markets did not load: ${failed.map((f) => `${f.symbol} (${'error' in f ? f.error.split('\n')[0] : ''})`).join('; ')}`,
      1,
      'a portfolio needs every market; drop the failing ones from --data',
    );
  const rates: string[] = [];
  const markets = await Promise.all(
    loaded.map(async (l) => {
      if ('error' in l) throw new Error('unreachable');
      const rule = values.convert?.find((c) => c.split('=')[0] === l.symbol);
      if (!rule) return { symbol: l.symbol, bars: l.data.bars };
      const rateSpec = rule.slice(rule.indexOf('=') + 1);
      const rate = await loadData(io, rateSpec, values.from, values.to);
      const { bars, used } = convertBars(l.data.bars, rate.bars);
      rates.push(
        `${l.symbol} converted at ${rate.source} (${used} of ${l.data.bars.time.length} bars had a rate)`,
      );
      return { symbol: l.symbol, bars };
    }),
  );
  try {
    const compiled = compileProgram(source, file);
    const { inputs, settings, warmup } = portfolioInputs(compiled, markets, {
      allocation,
      maxPositions,
      rebalance,
      rankBy: values['rank-by'],
      params: parseParams(values.param),
    });
    const result = simulatePortfolio(inputs, settings);
    const f = portfolioFigures(inputs, result, settings.capital, { warmupBars: warmup });
    if (values.json) {
      io.out(
        `${toJson({ stats: f.stats, markets: f.markets, correlation: f.correlation, rates, insufficientFunds: result.insufficientFunds })}\n`,
      );
      return 0;
    }
    io.out(
      `${compiled.title || file}: ${markets.length} markets in one account of ${fmtNumber(settings.capital)}\n`,
    );
    for (const r of rates) io.out(`${r}\n`);
    io.out(`\n${statsTable(f.stats)}\n\n`);
    const cols = ['# Trades', 'Win Rate [%]', 'P&L', 'Contribution [%]', 'Exposure Time [%]'] as const;
    io.out(
      `${table(
        ['market', ...cols],
        f.markets.map((m) => [
          m.symbol,
          ...cols.map((c) => (c === 'P&L' ? fmtNumber(m[c], 2) : fmtStat(c, m[c]))),
        ]),
        [false, ...cols.map(() => true)],
      )}\n\n`,
    );
    const names = f.markets.map((m) => m.symbol);
    io.out(
      `Correlation of bar returns\n${table(
        ['', ...names],
        f.correlation.map((row, i) => [names[i], ...row.map((v) => fmtNumber(v, 2))]),
        [false, ...names.map(() => true)],
      )}\n`,
    );
    return 0;
  } catch (e) {
    throw asCliError(e);
  }
}
