// The workspace's watchlist run as plain data: a list of markets typed in the data picker's symbol field
// ("AAPL, MSFT, NVDA") read as one data request per market (each checked like a single one), and the
// results table (lib/portfolio's runWatchlist rows): key statistics per market, sortable, a market that
// failed kept in its row with the reason, and the median and quartile spread across the markets.
import type { NumericStatName } from '../engine';
import { type Spread, spreadOf, type WatchlistRow } from '../portfolio';
import type { DataRequest } from '../transport';
import { type DataForm, formToRequest } from './data';

/** The most markets one workspace watchlist may name (each is loaded and backtested). */
export const MAX_WATCHLIST = 50;

/** The statistics of the table, in column order. */
export const WATCHLIST_STATS = [
  'Return [%]',
  'Buy & Hold Return [%]',
  'Sharpe Ratio',
  'Max. Drawdown [%]',
  'Win Rate [%]',
  '# Trades',
] as const satisfies readonly NumericStatName[];
export type WatchlistStat = (typeof WATCHLIST_STATS)[number];

/** The symbols of the symbol field: one, or a list separated by commas, spaces or semicolons. */
export function symbolsOf(field: string): string[] {
  return [
    ...new Set(
      field
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** Does the form name several markets (a watchlist run rather than one backtest)? */
export function isWatchlist(form: DataForm): boolean {
  return (form.kind === 'yahoo' || form.kind === 'ccxt') && symbolsOf(form.symbol).length > 1;
}

export type WatchlistForm =
  | { readonly ok: true; readonly requests: { symbol: string; request: DataRequest }[] }
  | { readonly ok: false; readonly field: keyof DataForm; readonly error: string };

/** One request per symbol, each checked as a single market would be; the first bad one is named. */
export function watchlistRequests(form: DataForm): WatchlistForm {
  const symbols = symbolsOf(form.symbol);
  if (symbols.length > MAX_WATCHLIST)
    return {
      ok: false,
      field: 'symbol',
      error: `the list names ${symbols.length} markets; at most ${MAX_WATCHLIST} run at once: split it`,
    };
  const requests: { symbol: string; request: DataRequest }[] = [];
  for (const symbol of symbols) {
    const r = formToRequest({ ...form, symbol });
    if (!r.ok)
      return { ok: false, field: r.field, error: r.field === 'symbol' ? `${symbol}: ${r.error}` : r.error };
    requests.push({ symbol, request: r.request });
  }
  if (!requests.length)
    return { ok: false, field: 'symbol', error: 'enter one or more symbols, e.g. AAPL, MSFT' };
  return { ok: true, requests };
}

export interface WatchlistTable {
  /** Markets that ran, sorted; then the failed ones in the order given. */
  readonly rows: WatchlistRow[];
  /** Median and quartiles of each statistic over the markets that ran. */
  readonly spread: Record<WatchlistStat, Spread>;
  readonly failed: number;
}

/** The table sorted by one statistic (NaN last either way; ties keep the order given). */
export function watchlistTable(
  rows: readonly WatchlistRow[],
  sort: { stat: WatchlistStat; dir: 'asc' | 'desc' } = { stat: 'Return [%]', dir: 'desc' },
): WatchlistTable {
  const ran = rows.filter((r) => r.stats);
  const failed = rows.filter((r) => !r.stats);
  const value = (r: WatchlistRow) => {
    const v = r.stats?.[sort.stat];
    return typeof v === 'number' && !Number.isNaN(v) ? v : undefined;
  };
  const sign = sort.dir === 'asc' ? 1 : -1;
  const sorted = ran
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) =>
      a.v === undefined
        ? b.v === undefined
          ? a.i - b.i
          : 1
        : b.v === undefined
          ? -1
          : sign * (a.v - b.v) || a.i - b.i,
    )
    .map((x) => x.r);
  const spread = Object.fromEntries(WATCHLIST_STATS.map((s) => [s, spreadOf(rows, s)])) as Record<
    WatchlistStat,
    Spread
  >;
  return { rows: [...sorted, ...failed], spread, failed: failed.length };
}
