// A .bt program over many markets: compiled once, evaluated on each market's own bars. For a portfolio
// its market buys become entries and its sells and exits become exits; for a watchlist each market is
// simply backtested on its own.
import {
  type CompiledStrategy,
  checkSource,
  compile,
  didYouMean,
  formatDiagnostics,
  hasErrors,
  isEvalFailure,
  runProgram,
} from '../dsl';
import {
  type Bars,
  type NumericStatName,
  type OrderRule,
  percentileSorted,
  type Settings,
  type Stats,
} from '../engine';
import type { Allocation, MarketInput, PortfolioSettings, Rebalance } from './simulate';

export interface Market {
  readonly symbol: string;
  readonly bars: Bars;
}

export class PortfolioError extends Error {
  override readonly name = 'PortfolioError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function compileProgram(source: string, fileName = 'strategy'): CompiledStrategy {
  const { checked, diagnostics } = checkSource(source);
  if (!checked.ok || hasErrors(diagnostics))
    throw new PortfolioError(`the program has errors:\n${formatDiagnostics(source, diagnostics, fileName)}`);
  return compile(checked);
}

/** Why a rule cannot be a portfolio signal, or null. */
function unsupported(r: OrderRule): string | null {
  if (r.kind === 'short' || r.kind === 'cover') return `'${r.kind}' (portfolios are long only for now)`;
  if (r.limit || r.stop) return 'a limit or stop entry';
  if (r.also) return 'a condition on the position';
  if (r.stopLossAt || r.takeProfitAt) return 'a stop or target at a price';
  if (r.kind === 'buy' && r.size.kind !== 'percent')
    return `a ${r.size.kind} size (the portfolio sizes entries by weight)`;
  if (r.kind !== 'buy' && !(r.size.kind === 'percent' && r.size.value >= 1)) return 'a partial exit';
  return null;
}

export interface PortfolioOptions {
  readonly allocation?: Allocation;
  readonly maxPositions?: number;
  readonly rebalance?: Rebalance;
  /** A named series of the program that ranks entries when more markets signal than slots are free. */
  readonly rankBy?: string;
  readonly params?: Readonly<Record<string, number>>;
}

/** Entries, exits and scores of the program on every market, and the account settings it declares. */
export function portfolioInputs(
  compiled: CompiledStrategy,
  markets: readonly Market[],
  opts: PortfolioOptions = {},
): { inputs: MarketInput[]; settings: PortfolioSettings; warmup: number } {
  let settings: Settings | null = null;
  let warmup = 0;
  const inputs = markets.map((mk): MarketInput => {
    const ev = compiled.evaluate(mk.bars, opts.params);
    if (isEvalFailure(ev))
      throw new PortfolioError(`${mk.symbol}: ${ev.diagnostics.map((d) => d.message).join('; ')}`);
    settings ??= ev.settings;
    warmup = Math.max(warmup, ev.warmup);
    const n = mk.bars.time.length;
    const entry = new Uint8Array(n);
    const exit = new Uint8Array(n);
    for (const r of ev.rules) {
      const why = unsupported(r);
      if (why)
        throw new PortfolioError(
          `a portfolio cannot run ${why} yet`,
          'portfolio programs use market buy(…) entries and sell/exit(100%) exits; run the program on each market alone (a watchlist run) instead',
        );
      const into = r.kind === 'buy' ? entry : exit;
      for (let i = 0; i < n; i++) if (r.when[i]) into[i] = 1;
    }
    let score: Float64Array | undefined;
    if (opts.rankBy) {
      const s = ev.series[opts.rankBy];
      if (s?.kind !== 'number') {
        const names = Object.values(ev.series)
          .filter((x) => x.kind === 'number')
          .map((x) => x.name);
        const near = didYouMean(opts.rankBy, names);
        throw new PortfolioError(
          `the program has no numeric series '${opts.rankBy}' to rank by${near ? ` — did you mean '${near}'?` : ''}`,
          `name one of: ${names.join(', ') || '(none: add a line such as momentum = roc(close, 20))'}`,
        );
      }
      score = s.values as Float64Array;
    }
    return { symbol: mk.symbol, bars: mk.bars, entry, exit, score };
  });
  const s = settings ?? compiled.settings;
  return {
    inputs,
    warmup,
    settings: {
      capital: s.capital,
      fee: s.fee,
      commission: s.commission,
      slippage: s.slippage,
      fill: s.fill,
      units: s.units,
      allocation: opts.allocation ?? { kind: 'equal' },
      maxPositions: opts.maxPositions,
      rebalance: opts.rebalance,
    },
  };
}

export interface WatchlistRow {
  readonly symbol: string;
  readonly stats?: Stats;
  /** Why this market did not run (its data, or the program on its bars). */
  readonly error?: string;
}

export interface Spread {
  readonly median: number;
  /** 25th and 75th percentiles. */
  readonly q1: number;
  readonly q3: number;
}

/** Each market backtested on its own; a market that fails keeps its row with the reason. */
export function runWatchlist(
  source: string,
  markets: readonly (Market | { symbol: string; error: string })[],
  params?: Readonly<Record<string, number>>,
): WatchlistRow[] {
  return markets.map((mk) => {
    if ('error' in mk) return { symbol: mk.symbol, error: mk.error };
    const r = runProgram(source, mk.bars, { params, fileName: mk.symbol });
    return r.ok ? { symbol: mk.symbol, stats: r.stats } : { symbol: mk.symbol, error: r.report.trim() };
  });
}

/** Median and quartiles of one statistic over the rows that ran (NaN values left out). */
export function spreadOf(rows: readonly WatchlistRow[], stat: NumericStatName): Spread {
  const xs = rows
    .map((r) => r.stats?.[stat])
    .filter((v): v is number => typeof v === 'number' && !Number.isNaN(v))
    .sort((a, b) => a - b);
  return {
    median: percentileSorted(xs, 0.5),
    q1: percentileSorted(xs, 0.25),
    q3: percentileSorted(xs, 0.75),
  };
}
