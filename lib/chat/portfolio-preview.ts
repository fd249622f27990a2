// The chat's preview of a portfolio strategy: its markets loaded concurrently (through the same loader and
// caches as one market), the program compiled once and run on each market's bars, their signals meeting
// in one account (lib/portfolio). A market that cannot be loaded is left out and named; when none loads,
// synthetic stand-ins (one seed per market) run instead and the preview says so.
import type { LoadedData } from '../data';
import { DataError } from '../data';
import { workBudgetFromEnv, workProblem } from '../dsl';
import { ApiError } from '../http';
import {
  compileProgram,
  type Market,
  PortfolioError,
  portfolioFigures,
  portfolioInputs,
  simulatePortfolio,
} from '../portfolio';
import { compile, type StrategySpec } from '../schema';
import type { DataRequest } from '../transport';

type Load = (req: DataRequest) => Promise<LoadedData>;

/** One market of a portfolio preview: its share of the account, or why it was left out. */
export interface PreviewMarket {
  readonly symbol: string;
  readonly trades?: number;
  readonly pnl?: number;
  readonly contribution?: number;
  readonly error?: string;
}

export interface PortfolioPreviewPart {
  readonly data: string;
  readonly fallback?: string;
  readonly bars: number;
  readonly from: number | null;
  readonly to: number | null;
  readonly figures: Record<string, number | null>;
  readonly markets: PreviewMarket[];
}

const reasonOf = (e: unknown) =>
  e instanceof DataError ? e.message : `unexpected: ${(e as Error)?.message ?? String(e)}`;

/**
 * Runs a portfolio spec once. `request(symbol)` is the data request of one market (the caller builds it
 * from the spec's data choice, as for one market); `figureNames` are the statistics the card shows.
 */
export async function portfolioPreview(
  spec: StrategySpec,
  request: (symbol: string) => DataRequest,
  load: Load,
  figureNames: readonly string[],
): Promise<PortfolioPreviewPart> {
  const pf = spec.portfolio!;
  const tf = spec.market.timeframe ?? '1d';
  const got = await Promise.all(
    pf.markets.map(async (symbol) => {
      try {
        return { symbol, data: await load(request(symbol)) };
      } catch (e) {
        return { symbol, error: reasonOf(e) };
      }
    }),
  );
  const ok = got.filter((g): g is { symbol: string; data: LoadedData } => 'data' in g);
  const failed = got.filter((g): g is { symbol: string; error: string } => 'error' in g);
  let markets: Market[] = ok.map((g) => ({ symbol: g.symbol, bars: g.data.bars }));
  let fallback: string | undefined;
  if (!markets.length) {
    // Offline: every market stands in with its own synthetic series, so the account still has choices.
    markets = await Promise.all(
      pf.markets.map(async (symbol, k) => ({
        symbol,
        bars: (await load({ source: `synthetic:${k + 1}:2500:1d`, timeframe: '1d' })).bars,
      })),
    );
    fallback = `none of the markets could be loaded (${failed[0]?.error ?? 'unknown'}); the preview used synthetic daily bars, one series per market`;
  } else if (failed.length)
    fallback = `${failed.map((f) => f.symbol).join(', ')} could not be loaded (${failed[0].error}); the preview ran without ${failed.length === 1 ? 'it' : 'them'}`;
  const source = compile(spec);
  let compiled: ReturnType<typeof compileProgram>;
  try {
    compiled = compileProgram(source, spec.name);
  } catch (e) {
    throw new ApiError(
      500,
      `the compiled strategy does not run: ${(e as Error).message}`,
      'please report this',
    );
  }
  const totalBars = markets.reduce((n, m) => n + m.bars.time.length, 0);
  const tooMuch = workProblem(compiled.estimate(totalBars), workBudgetFromEnv(process.env));
  if (tooMuch) throw new ApiError(422, tooMuch.message, tooMuch.hint);
  const kept = new Set(markets.map((m) => m.symbol));
  const a = pf.allocation;
  // Fixed weights follow the markets that ran (a left-out market's weight stays in cash).
  const weights = a && a !== 'equal' ? pf.markets.flatMap((s, k) => (kept.has(s) ? [a.weights[k]] : [])) : [];
  let run: ReturnType<typeof portfolioInputs>;
  try {
    run = portfolioInputs(compiled, markets, {
      allocation: a && a !== 'equal' ? { kind: 'weights', weights } : { kind: 'equal' },
      maxPositions: pf.maxPositions === undefined ? undefined : Math.min(pf.maxPositions, markets.length),
      rebalance: pf.rebalance,
      rankBy: pf.rankBy,
    });
  } catch (e) {
    if (e instanceof PortfolioError) throw new ApiError(422, e.message, e.hint);
    throw e;
  }
  const result = simulatePortfolio(run.inputs, run.settings);
  const figs = portfolioFigures(run.inputs, result, run.settings.capital, { warmupBars: run.warmup });
  const figures: Record<string, number | null> = {};
  for (const k of figureNames) {
    const x = (figs.stats as Record<string, unknown>)[k];
    figures[k] = typeof x === 'number' && Number.isFinite(x) ? x : null;
  }
  const time = result.aligned.time;
  const T = time.length;
  return {
    data: `${fallback && !ok.length ? 'synthetic daily bars for ' : ''}${pf.markets.join(', ')} ${fallback && !ok.length ? '' : `${tf} `}in one account`.replace(
      /\s+/g,
      ' ',
    ),
    ...(fallback && { fallback }),
    bars: T,
    from: T ? time[0] : null,
    to: T ? time[T - 1] : null,
    figures,
    markets: pf.markets.map((symbol) => {
      const f = figs.markets.find((m) => m.symbol === symbol);
      const err = failed.find((x) => x.symbol === symbol && ok.length);
      if (err) return { symbol, error: err.error };
      return f
        ? { symbol, trades: f['# Trades'], pnl: f['P&L'], contribution: f['Contribution [%]'] }
        : { symbol, error: 'not run' };
    }),
  };
}
