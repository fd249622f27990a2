// Running a stored portfolio version: its program (own source, or the strategy's runnable or pinned
// version), its markets loaded a few at a time through the server's caches, converted into the account
// currency where a rate is given, then lib/portfolio's one-account simulation and figures.
import { DataError, type LoadedData, parseSource } from '../../../../lib/data';
import { checkDataPath, serverSandbox } from '../../../../lib/data/server';
import { ApiError } from '../../../../lib/http';
import {
  type Allocation,
  compileProgram,
  convertBars,
  type Market,
  PortfolioError,
  portfolioFigures,
  portfolioInputs,
  simulatePortfolio,
} from '../../../../lib/portfolio';
import type { PortfolioMarket, PortfolioVersion, Store } from '../../../../lib/store';
import type { DataRequest } from '../../../../lib/transport';

const CONCURRENCY = 4;
/** Points of the time series sent back (the figures use every bar). */
export const MAX_POINTS = 2000;

/** Every source spec of the markets (and their rates) is one the data layer reads; 400 otherwise. */
export function checkMarketSources(markets: readonly PortfolioMarket[]): void {
  markets.forEach((m, i) => {
    for (const [what, source] of [
      [`markets[${i}].source`, m.source],
      [`markets[${i}].rate`, m.rate],
    ] as const) {
      if (!source) continue;
      try {
        const spec = parseSource(source);
        if (spec.kind === 'csv') checkDataPath(serverSandbox(), spec.path);
      } catch (e) {
        if (e instanceof DataError) throw new ApiError(400, `${what}: ${e.message}`, e.hint, { cause: e });
        throw e;
      }
    }
  });
}

export interface PortfolioRun {
  title: string;
  currency: string;
  capital: number;
  /** The markets as run: their display name, spec, bars and the rate used, if any. */
  markets: { symbol: string; source: string; bars: number; rate: string | null }[];
  /** Which rates converted which markets (none when every market is in the account currency). */
  rates: string[];
  stats: Record<string, number | string | null>;
  perMarket: Record<string, number | string | null>[];
  correlation: (number | null)[][];
  insufficientFunds: number;
  /** Union bars in all; the series below are thinned to at most MAX_POINTS of them (the last kept). */
  bars: number;
  time: number[];
  equity: number[];
  cash: number[];
  exposure: number[];
  /** Each market's position value at each point, in the account currency. */
  value: number[][];
}

type Load = (req: DataRequest) => Promise<LoadedData>;

async function loadAll(load: Load, requests: DataRequest[]): Promise<(LoadedData | Error)[]> {
  const out: (LoadedData | Error)[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      out[i] = await load(requests[i]).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, requests.length) }, worker));
  return out;
}

/** The program a version runs, and its inputs (the strategy's, overridden by the portfolio's). */
async function programOf(store: Store, v: PortfolioVersion) {
  if (v.source !== null) return { source: v.source, params: v.params };
  const id = v.strategyId ?? '';
  const sv =
    v.strategyVersion === null
      ? await store.strategies.runnableVersion(id)
      : await store.strategies.getVersion(id, v.strategyVersion);
  if (!sv)
    throw new ApiError(
      400,
      `the strategy this portfolio runs ('${id}') is gone`,
      'pick another strategy and save',
    );
  return { source: sv.source, params: { ...sv.params, ...v.params } };
}

const numbers = (p: Record<string, unknown>): Record<string, number> =>
  Object.fromEntries(Object.entries(p).filter((e): e is [string, number] => typeof e[1] === 'number'));

const clean = (x: number): number | null => (Number.isFinite(x) ? x : null);

export async function runPortfolio(store: Store, v: PortfolioVersion, load: Load): Promise<PortfolioRun> {
  const { source, params } = await programOf(store, v);
  const range = {
    timeframe: v.range?.timeframe ?? undefined,
    from: v.range?.from ?? undefined,
    to: v.range?.to ?? undefined,
  };
  const specs = [...v.markets.map((m) => m.source), ...v.markets.flatMap((m) => (m.rate ? [m.rate] : []))];
  const loaded = await loadAll(
    load,
    specs.map((s) => ({ source: s, ...range })),
  );
  const failed = v.markets.flatMap((m, i) => {
    const r = loaded[i];
    return r instanceof Error ? [`${m.source} (${r.message.split('\n')[0]})`] : [];
  });
  if (failed.length)
    throw new ApiError(
      400,
      `${failed.length} of ${v.markets.length} markets did not load: ${failed.join('; ')}`,
      'a portfolio needs every market: fix or remove the failing ones',
    );
  const data = loaded.slice(0, v.markets.length) as LoadedData[];
  // Two markets with one name (synthetic series all read SYNTH) go by their specs.
  const names = data.map((d, i) => d.symbol || v.markets[i].source);
  const dup = (n: string) => names.filter((x) => x === n).length > 1;
  const rates: string[] = [];
  let r = v.markets.length;
  const markets: Market[] = data.map((d, i) => {
    const symbol = dup(names[i]) ? v.markets[i].source : names[i];
    const rateSpec = v.markets[i].rate;
    if (!rateSpec) return { symbol, bars: d.bars };
    const rate = loaded[r++];
    if (rate instanceof Error)
      throw new ApiError(
        400,
        `the rate ${rateSpec} for ${symbol} did not load: ${rate.message.split('\n')[0]}`,
      );
    const { bars, used } = convertBars(d.bars, rate.bars);
    rates.push(
      `${symbol} converted to ${v.currency} at ${rate.source} (${used} of ${d.bars.time.length} bars had a rate)`,
    );
    return { symbol, bars };
  });
  const allocation: Allocation =
    v.allocation.weighting === 'weights'
      ? { kind: 'weights', weights: v.markets.map((m) => m.weight ?? 0) }
      : { kind: 'equal' };
  try {
    const compiled = compileProgram(source, 'portfolio');
    const { inputs, settings, warmup } = portfolioInputs(compiled, markets, {
      allocation,
      maxPositions: v.allocation.maxPositions ?? undefined,
      rebalance: v.allocation.rebalance,
      rankBy: v.allocation.rankBy ?? undefined,
      params: numbers(params),
    });
    const res = simulatePortfolio(inputs, settings);
    const f = portfolioFigures(inputs, res, settings.capital, { warmupBars: warmup });
    const T = res.aligned.time.length;
    const step = Math.max(1, Math.ceil(T / MAX_POINTS));
    const at: number[] = [];
    for (let t = 0; t < T; t += step) at.push(t);
    if (T > 0 && at[at.length - 1] !== T - 1) at.push(T - 1);
    const pick = (a: ArrayLike<number>, off = 0) => at.map((t) => clean(a[off + t]) ?? 0);
    return {
      title: compiled.title,
      currency: v.currency,
      capital: settings.capital,
      markets: markets.map((m, i) => ({
        symbol: m.symbol,
        source: data[i].source,
        bars: m.bars.time.length,
        rate: v.markets[i].rate ?? null,
      })),
      rates,
      stats: Object.fromEntries(
        Object.entries(f.stats).map(([k, x]) => [k, typeof x === 'number' ? clean(x) : x]),
      ),
      perMarket: f.markets.map((m) =>
        Object.fromEntries(Object.entries(m).map(([k, x]) => [k, typeof x === 'number' ? clean(x) : x])),
      ),
      correlation: f.correlation.map((row) => row.map(clean)),
      insufficientFunds: res.insufficientFunds,
      bars: T,
      time: at.map((t) => res.aligned.time[t]),
      equity: pick(res.equity),
      cash: pick(res.cash),
      exposure: pick(f.exposure),
      value: markets.map((_, k) => pick(res.value, k * T)),
    };
  } catch (e) {
    if (e instanceof PortfolioError) throw new ApiError(400, e.message, e.hint, { cause: e });
    if (e instanceof RangeError) throw new ApiError(400, e.message, undefined, { cause: e });
    throw e;
  }
}
