// Loading 'yahoo:SYMBOL' and 'ccxt:EXCHANGE:SYMBOL' sources for loadSource: default ranges per
// timeframe, a direct download, or — with a BarsRepo — a sync through the store.
import type { Bars } from '../engine';
import { type CcxtDeps, type ExchangeFactory, fetchCcxt } from './ccxt';
import type { CsvIssue } from './errors';
import {
  type BarsFetcher,
  type BarsRepo,
  expectedGapMs,
  findGaps,
  gapIssues,
  type Session,
  syncBars,
} from './sync';
import type { FetchedBars, RetryOptions } from './sync-common';
import { parseTimeframe } from './timeframe';
import { fetchYahoo, YAHOO_LOOKBACK_DAYS } from './yahoo';

/** Injected collaborators of remote sources: recorded fetchers in tests, the DuckDB repo in the app. */
export interface RemoteDeps {
  /** Yahoo: replaces the network (yahoo-finance2's `fetch` option). */
  readonly fetch?: typeof fetch;
  /** ccxt: replaces the network (ccxt's `fetchImplementation`). */
  readonly fetchImplementation?: CcxtDeps['fetchImplementation'];
  /** ccxt: builds the exchange; default `new ccxt[id]({ enableRateLimit: true, … })`. */
  readonly exchangeFactory?: ExchangeFactory;
  /** Store to sync through; without it every load downloads the whole range. */
  readonly repo?: BarsRepo;
  /** Clock; default Date.now. */
  readonly now?: () => number;
  /** Retries of network-class failures (sleep injectable for tests). */
  readonly retry?: RetryOptions;
  /** ccxt: candles per request and most requests per download. */
  readonly limit?: number;
  readonly maxPages?: number;
}

export type RemoteSpec =
  | { readonly kind: 'yahoo'; readonly symbol: string }
  | { readonly kind: 'ccxt'; readonly exchange: string; readonly symbol: string };

export interface RemoteOptions {
  readonly from?: number;
  readonly to?: number;
  /** Default '1d'. */
  readonly timeframe?: string;
  /** Yahoo: dividend/split-adjusted prices; default true. */
  readonly adjusted?: boolean;
}

export interface RemoteLoaded {
  readonly bars: Bars;
  readonly timeframe: string;
  readonly issues: CsvIssue[];
}

const DAY = 86_400_000;

/**
 * Start of the default range (no `from` given), per timeframe: what Yahoo serves for intraday
 * bars (a day inside its limit), 7 days of 1m, and everything (1970) for daily and longer.
 */
export function defaultFrom(label: string, to: number): number {
  if (label === '1m') return to - 7 * DAY;
  const tf = parseTimeframe(label);
  if (tf.ms >= DAY) return 0;
  const days = tf.ms < 3_600_000 ? YAHOO_LOOKBACK_DAYS['5m']! : YAHOO_LOOKBACK_DAYS['1h']!;
  return to - (days - 1) * DAY;
}

/** Candles a ccxt load reaches back by default: few enough pages even for exchanges serving 100 per request. */
export const DEFAULT_CCXT_CANDLES = 5000;

/** Default start for ccxt: as for Yahoo, but at most DEFAULT_CCXT_CANDLES candles back. */
export function defaultCcxtFrom(label: string, to: number): number {
  const tf = parseTimeframe(label);
  return Math.max(defaultFrom(label, to), to - DEFAULT_CCXT_CANDLES * tf.ms);
}

/** Loads a remote source; `source` is its canonical spec string (the store key). */
export async function loadRemote(
  spec: RemoteSpec,
  source: string,
  opts: RemoteOptions,
  deps: RemoteDeps = {},
): Promise<RemoteLoaded> {
  const label = parseTimeframe(opts.timeframe ?? '1d').label;
  const now = (deps.now ?? Date.now)();
  const to = opts.to ?? now;
  const from = opts.from ?? (spec.kind === 'ccxt' ? defaultCcxtFrom(label, to) : defaultFrom(label, to));
  const retry = deps.retry;
  let fetcher: BarsFetcher;
  let session: Session;
  if (spec.kind === 'yahoo') {
    session = 'exchange';
    fetcher = (r): Promise<FetchedBars> =>
      fetchYahoo(
        { symbol: spec.symbol, interval: label, from: r.from, to: r.to, adjusted: opts.adjusted ?? true },
        {
          ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
          ...(retry === undefined ? {} : { retry }),
          now: () => now,
        },
      );
  } else {
    session = '24/7';
    fetcher = (r): Promise<FetchedBars> =>
      fetchCcxt(
        { exchange: spec.exchange, symbol: spec.symbol, timeframe: label, from: r.from, to: r.to },
        {
          ...(deps.fetchImplementation === undefined
            ? {}
            : { fetchImplementation: deps.fetchImplementation }),
          ...(deps.exchangeFactory === undefined ? {} : { exchangeFactory: deps.exchangeFactory }),
          ...(retry === undefined ? {} : { retry }),
          ...(deps.limit === undefined ? {} : { limit: deps.limit }),
          ...(deps.maxPages === undefined ? {} : { maxPages: deps.maxPages }),
          now: () => now,
        },
      );
  }
  const maxGap = expectedGapMs(parseTimeframe(label), session);
  if (deps.repo === undefined) {
    const got = await fetcher({ from, to });
    const gaps = gapIssues(findGaps(got.bars.time, maxGap), maxGap);
    return { bars: got.bars, timeframe: label, issues: [...got.issues, ...gaps] };
  }
  const adjusted = spec.kind === 'yahoo' && (opts.adjusted ?? true);
  const synced = await syncBars(deps.repo, fetcher, {
    // Raw and adjusted prices are different series: never mix them in one stored series.
    source: spec.kind === 'yahoo' && !adjusted ? `${source}#raw` : source,
    symbol: spec.symbol,
    timeframe: label,
    from,
    to,
    now,
    session,
  });
  return {
    bars: synced.bars,
    timeframe: label,
    issues: [...synced.issues, ...gapIssues(synced.gaps, maxGap)],
  };
}
