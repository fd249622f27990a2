// Crypto exchange candles through ccxt: exchange, timeframe and symbol checked up front (with
// did-you-mean), then fetchOHLCV paged forward by `since` with bounded retries of network-class
// errors only. ccxt is imported lazily (it takes seconds to load); tests inject `fetchImplementation`.
import { ccxtError, isCcxtRetryable } from './ccxt-errors';
import { type CsvIssue, DataError, preview } from './errors';
import { formatTime } from './scan';
import {
  attemptsOf,
  BarsBuilder,
  checkEpochRange,
  didYouMean,
  type FetchedBars,
  type RetryOptions,
  remoteIssue,
  suggest,
  withRetry,
} from './sync-common';
import { parseTimeframe, TIMEFRAMES } from './timeframe';

export interface CcxtRequest {
  /** ccxt exchange id, e.g. 'binance', 'kraken'. */
  readonly exchange: string;
  /** Unified symbol, e.g. 'BTC/USDT' (spot) or 'BTC/USDT:USDT' (perpetual). */
  readonly symbol: string;
  /** Our timeframe label; default '1d'. */
  readonly timeframe?: string;
  /** Inclusive range, epoch ms. */
  readonly from: number;
  readonly to: number;
}

/** The part of a ccxt Exchange this module uses (so tests can hand in a fake one). */
export interface OhlcvExchange {
  readonly id: string;
  readonly timeframes?: Record<string, unknown>;
  readonly has: Record<string, unknown>;
  readonly markets?: Record<string, unknown>;
  /** Body of the last HTTP answer (ccxt keeps it while enableLastHttpResponse is on, the default). */
  readonly last_http_response?: unknown;
  loadMarkets(reload?: boolean): Promise<Record<string, unknown>>;
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<unknown[]>;
  featureValue?(symbol: string, method?: string, param?: string, fallback?: unknown): unknown;
}

export type ExchangeFactory = (
  id: string,
  config: Record<string, unknown>,
) => OhlcvExchange | Promise<OhlcvExchange>;

export interface CcxtDeps {
  /** Replaces the network: ccxt's `fetchImplementation` option. */
  readonly fetchImplementation?: (url: string, init?: RequestInit) => Promise<Response>;
  /** Builds the exchange from its id and config; default `new ccxt[id](config)`. */
  readonly exchangeFactory?: ExchangeFactory;
  /** Retries of network-class errors; default 4 tries, 0.5 s doubling. */
  readonly retry?: RetryOptions;
  /** Candles per request; default the exchange's documented maximum, else 500. */
  readonly limit?: number;
  /** Most requests one download may make; default 100. */
  readonly maxPages?: number;
  /** Clock (for estimating how many pages a range needs); default Date.now. */
  readonly now?: () => number;
}

export interface CcxtResult extends FetchedBars {
  readonly meta: { readonly exchange: string; readonly symbol: string; readonly timeframe: string };
  /** fetchOHLCV calls made. */
  readonly pages: number;
}

export const DEFAULT_MAX_PAGES = 100;
const MAX_LIMIT = 5000;
const DAY = 86_400_000;
const OUR_LABELS = new Set(TIMEFRAMES.map((t) => t.label));

type CcxtModule = typeof import('ccxt');

async function loadCcxt(): Promise<CcxtModule['default']> {
  return (await import('ccxt')).default;
}

/** The exchange id as ccxt spells it, or a 'bad-source' error with suggestions. */
export function checkExchangeId(exchange: string, known: readonly string[]): string {
  const id = String(exchange).trim().toLowerCase();
  if (known.includes(id)) return id;
  const near = suggest(id, known);
  const popular = ['binance', 'bybit', 'okx', 'kraken', 'coinbase', 'kucoin', 'bitstamp'].filter((x) =>
    known.includes(x),
  );
  throw new DataError(
    'bad-source',
    `ccxt has no exchange '${preview(id)}'${near.length ? ` — ${didYouMean(near)}` : ''}`,
    { hint: `write an id from ccxt.exchanges (${known.length} exchanges), e.g. ${popular.join(', ')}` },
  );
}

function checkTimeframe(ex: OhlcvExchange, label: string): void {
  const tfs = ex.timeframes ?? {};
  if (Object.hasOwn(tfs, label)) return;
  const ours = Object.keys(tfs).filter((t) => OUR_LABELS.has(t));
  throw new DataError(
    'unsupported-timeframe',
    `${ex.id} has no ${label} candles; it serves ${ours.length ? ours.join(', ') : 'no timeframe Backtalk knows'}`,
    {
      hint: ours.length
        ? `use one of ${ours.join(', ')} (or fetch a finer one and resample)`
        : 'choose another exchange',
    },
  );
}

function checkSymbol(ex: OhlcvExchange, symbol: string): void {
  const markets = ex.markets ?? {};
  if (Object.hasOwn(markets, symbol)) return;
  const near = suggest(symbol, Object.keys(markets));
  throw new DataError(
    'unknown-symbol',
    `${ex.id} has no market '${preview(symbol)}'${near.length ? ` — ${didYouMean(near)}` : ''}`,
    {
      hint: `write the unified BASE/QUOTE symbol (BTC/USDT; perpetuals BTC/USDT:USDT); ${ex.id} lists ${Object.keys(markets).length} markets`,
    },
  );
}

function pageLimit(ex: OhlcvExchange, symbol: string, wanted: number | undefined): number {
  let limit = wanted;
  if (limit === undefined) {
    try {
      const v = ex.featureValue?.(symbol, 'fetchOHLCV', 'limit');
      if (typeof v === 'number' && v > 0) limit = v;
    } catch {
      // featureValue throws for markets without a feature table; fall back to the common default.
    }
  }
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit ?? 500)));
}

function looksLikeJson(body: unknown): boolean {
  if (typeof body !== 'string') return true; // nothing to judge (fake exchange or buffer)
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Fetches candles for [from, to] from a ccxt exchange. */
export async function fetchCcxt(req: CcxtRequest, deps: CcxtDeps = {}): Promise<CcxtResult> {
  checkEpochRange(req.from, req.to);
  const tf = parseTimeframe(req.timeframe ?? '1d');
  const ccxt = await loadCcxt();
  const id = checkExchangeId(req.exchange, ccxt.exchanges);
  const source = `ccxt:${id}:${req.symbol}`;
  const config: Record<string, unknown> = { enableRateLimit: true };
  if (deps.fetchImplementation !== undefined) config.fetchImplementation = deps.fetchImplementation;
  const factory: ExchangeFactory =
    deps.exchangeFactory ??
    ((name, cfg) => {
      const Ctor = (ccxt as unknown as Record<string, new (c: object) => OhlcvExchange>)[name]!;
      return new Ctor(cfg);
    });
  const ex = await factory(id, config);
  if (ex.has.fetchOHLCV === false || ex.has.fetchOHLCV === undefined) {
    throw new DataError('not-available', `${id} offers no candles (OHLCV) through ccxt`, {
      hint: 'choose another exchange, e.g. ccxt:binance:BTC/USDT',
    });
  }
  checkTimeframe(ex, tf.label);
  const retry = deps.retry ?? {};
  const attempts = attemptsOf(retry);
  try {
    // A failed loadMarkets leaves ccxt holding the rejected promise: force a reload on retries.
    await withRetry((attempt) => ex.loadMarkets(attempt > 1), isCcxtRetryable(ccxt), retry);
  } catch (err) {
    throw ccxtError(ccxt, err, source, attempts, 'loading the market list');
  }
  checkSymbol(ex, req.symbol);

  const limit = pageLimit(ex, req.symbol, deps.limit);
  const maxPages = Math.max(1, Math.floor(deps.maxPages ?? DEFAULT_MAX_PAGES));
  // Calendar months vary in length: step by the shortest one so no candle is skipped.
  const minStep = tf.calendar ? 28 * DAY : tf.ms;
  const end = Math.min(req.to, (deps.now ?? Date.now)());
  const needed = Math.ceil((Math.max(0, end - req.from) / minStep + 1) / limit);
  if (needed > maxPages) {
    throw new DataError(
      'too-large',
      `${source}: ${formatTime(req.from)} to ${formatTime(end)} in ${tf.label} candles needs about ${needed} requests of ${limit} (at most ${maxPages})`,
      { hint: 'shorten the range or use a coarser timeframe (then resample if needed)' },
    );
  }

  const out = new BarsBuilder();
  let since = req.from;
  let pages = 0;
  let dropped = 0;
  let firstDropped = Number.NaN;
  let missingVolume = 0;
  for (;;) {
    if (pages >= maxPages) {
      throw new DataError(
        'too-large',
        `${source}: still not at ${formatTime(req.to)} after ${pages} requests (${id} returned fewer candles per request than asked)`,
        { hint: 'shorten the range or use a coarser timeframe' },
      );
    }
    let page: unknown[];
    try {
      page = await withRetry(
        () => ex.fetchOHLCV(req.symbol, tf.label, since, limit),
        isCcxtRetryable(ccxt),
        retry,
      );
    } catch (err) {
      throw ccxtError(ccxt, err, source, attempts, `fetching candles from ${formatTime(since)}`);
    }
    pages++;
    if (!Array.isArray(page)) throw badPage(source, 'the answer is not a list of candles');
    // ccxt turns unparsable bodies into an empty list; tell that apart from a real end of data.
    if (page.length === 0 && !looksLikeJson(ex.last_http_response)) {
      throw badPage(source, `the answer is not JSON: "${preview(String(ex.last_http_response), 60)}"`);
    }
    const before = out.lastTime;
    let newest = before;
    for (const c of page) {
      if (!Array.isArray(c) || !finite(c[0]))
        throw badPage(
          source,
          `a candle is not [time, open, high, low, close, volume]: ${preview(JSON.stringify(c) ?? String(c), 80)}`,
        );
      const t = c[0];
      if (t > newest) newest = t;
      // Candles at or before the last kept one repeat a page boundary; exchanges that return the
      // candle containing `since` resend it, possibly updated, so the later copy replaces it.
      if (t < req.from || t > req.to || t < before) continue;
      const [, o, h, l, cl, v] = c as unknown[];
      if (!finite(o) || !finite(h) || !finite(l) || !finite(cl)) {
        if (dropped++ === 0) firstDropped = t;
        continue;
      }
      let vol = v;
      if (!finite(vol)) {
        missingVolume++;
        vol = 0;
      }
      out.push(t, o, h, l, cl, vol as number);
    }
    // Stop on an empty page, on no progress, or when the next candle would start after `to`.
    if (page.length === 0 || newest <= before || newest + minStep > req.to) break;
    since = newest + 1;
  }
  if (out.length === 0) {
    throw new DataError(
      'empty-range',
      `${source}: no ${tf.label} candles between ${formatTime(req.from)} and ${formatTime(req.to)}`,
      { hint: `the market may not have existed yet on ${id}; choose a later start or another exchange` },
    );
  }
  const issues: CsvIssue[] = [];
  if (dropped > 0) {
    issues.push(
      remoteIssue(
        'null-rows-dropped',
        'warning',
        `${dropped} candle${dropped === 1 ? '' : 's'} without prices dropped (first at ${formatTime(firstDropped)})`,
        'nothing to do unless many are missing; then try another exchange',
      ),
    );
  }
  if (missingVolume > 0) {
    issues.push(
      remoteIssue(
        'missing-volume',
        'info',
        `${missingVolume} candle(s) had no volume; set to 0`,
        'volume-based indicators read 0 there',
      ),
    );
  }
  if (out.unordered > 0) {
    issues.push(
      remoteIssue(
        'unordered-candles',
        'warning',
        `${out.unordered} candle(s) out of time order dropped`,
        'nothing to do',
      ),
    );
  }
  return {
    bars: out.build(),
    issues,
    pages,
    meta: { exchange: id, symbol: req.symbol, timeframe: tf.label },
  };
}

function badPage(source: string, what: string): DataError {
  return new DataError('bad-response', `${source}: the exchange sent malformed candles (${what})`, {
    hint: 'the exchange may be under maintenance; try again later or use another exchange',
  });
}
