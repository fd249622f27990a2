// Yahoo Finance bars through yahoo-finance2's chart() (the v8 chart endpoint). yahoo-finance2 is
// imported lazily so that CSV and synthetic users never load it; tests inject a recorded `fetch`.
import type { CsvIssue } from './errors';
import { DataError, preview } from './errors';
import { formatTime } from './scan';
import {
  attemptsOf,
  BarsBuilder,
  checkEpochRange,
  type FetchedBars,
  type RetryOptions,
  remoteIssue,
  withRetry,
} from './sync-common';
import { parseTimeframe } from './timeframe';
import { isYahooRetryable, yahooError } from './yahoo-errors';

export interface YahooRequest {
  /** Yahoo ticker: AAPL, BRK-B, ^GSPC, EURUSD=X, BTC-USD, 7203.T … */
  readonly symbol: string;
  /** Our timeframe label (1m, 5m, 15m, 30m, 1h, 1d, 1w, 1M) or Yahoo's name for one (60m, 1wk, 1mo); default '1d'. */
  readonly interval?: string;
  /** Inclusive range, epoch ms. */
  readonly from: number;
  readonly to: number;
  /** Scale open/high/low/close by adjclose/close (splits and dividends); default true. Daily and longer only. */
  readonly adjusted?: boolean;
}

export interface YahooDeps {
  /** Replaces the network (yahoo-finance2's `fetch` option). */
  readonly fetch?: typeof fetch;
  /** Clock for the intraday look-back limits; default Date.now. */
  readonly now?: () => number;
  /** Retries of network-class failures (HTTP 429/5xx, timeouts); default 3 tries. */
  readonly retry?: RetryOptions;
}

export interface YahooMeta {
  readonly symbol: string;
  readonly currency: string | null;
  /** Exchange code as Yahoo names it (NMS, NYQ, CCY…). */
  readonly exchange: string | null;
  /** IANA zone of the exchange, e.g. 'America/New_York'. */
  readonly timezone: string | null;
  readonly instrumentType: string | null;
  /** Our timeframe label. */
  readonly timeframe: string;
  /** True when prices were adjusted with Yahoo's adjclose. */
  readonly adjusted: boolean;
}

export interface YahooResult extends FetchedBars {
  readonly meta: YahooMeta;
  /** Chart requests made (1m ranges are split into 7-day requests). */
  readonly requests: number;
}

/** Most bars accepted from one chart answer (a century of daily bars is ~25,000). */
export const MAX_YAHOO_BARS = 2_000_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Our label → Yahoo's interval. */
const INTERVALS: Readonly<Record<string, string>> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '60m',
  '1d': '1d',
  '1w': '1wk',
  '1M': '1mo',
};
const YAHOO_NAMES: Readonly<Record<string, string>> = { '60m': '1h', '1wk': '1w', '1mo': '1M' };
export const YAHOO_TIMEFRAMES: readonly string[] = Object.keys(INTERVALS);

/** How far back Yahoo serves intraday bars (from today), per our label; absent means full history. */
export const YAHOO_LOOKBACK_DAYS: Readonly<Record<string, number>> = {
  '1m': 30,
  '5m': 60,
  '15m': 60,
  '30m': 60,
  '1h': 730,
};
/** Yahoo serves at most 7 days of 1m bars per request; longer ranges are split. */
export const YAHOO_1M_CHUNK_DAYS = 7;

const COARSER: Readonly<Record<string, string>> = {
  '3m': 'fetch 1m and resample to 3m, or use 5m',
  '2h': 'fetch 1h and resample to 2h',
  '4h': 'fetch 1h and resample to 4h',
  '6h': 'fetch 1h and resample to 6h',
  '8h': 'fetch 1h and resample to 8h',
  '12h': 'fetch 1h and resample to 12h',
  '3d': 'fetch 1d and resample to 3d',
};

/** Our timeframe label for a Yahoo interval request; throws 'unsupported-timeframe' / 'bad-timeframe'. */
export function yahooTimeframe(interval: string | undefined): string {
  const raw = interval === undefined ? '1d' : String(interval).trim();
  const label = YAHOO_NAMES[raw] ?? parseTimeframe(raw).label;
  if (INTERVALS[label] !== undefined) return label;
  const extra = COARSER[label];
  throw new DataError(
    'unsupported-timeframe',
    `Yahoo Finance has no ${label} bars; it serves ${YAHOO_TIMEFRAMES.join(', ')}`,
    { hint: `use one of ${YAHOO_TIMEFRAMES.join(', ')}${extra ? ` (${extra})` : ''}` },
  );
}

function checkRequest(req: YahooRequest): void {
  if (typeof req.symbol !== 'string' || !/^[A-Za-z0-9.^=-]{1,32}$/.test(req.symbol)) {
    throw new DataError('bad-argument', `'${preview(String(req.symbol))}' is not a Yahoo ticker symbol`, {
      hint: 'write e.g. AAPL, ^GSPC or EURUSD=X',
    });
  }
  checkEpochRange(req.from, req.to);
}

/** Throws 'range-limit' when an intraday range starts before Yahoo's look-back window. */
export function checkYahooLookback(source: string, label: string, from: number, now: number): void {
  const days = YAHOO_LOOKBACK_DAYS[label];
  if (days === undefined) return;
  const earliest = now - days * DAY;
  if (from >= earliest) return;
  const ago = Math.floor((now - from) / DAY);
  const coarser = label === '1h' ? '1d has full history' : `1h reaches back 730 days, 1d has full history`;
  throw new DataError(
    'range-limit',
    `${source}: Yahoo keeps ${label} bars for the last ${days} days only, but the range starts ${formatTime(from)} (${ago} days ago)`,
    {
      hint: `start on or after ${formatTime(Math.ceil(earliest / DAY) * DAY)}, or use a coarser timeframe (${coarser})`,
    },
  );
}

interface Window {
  readonly period1: number;
  readonly period2: number;
}

/**
 * Chart request windows in epoch seconds (period2 exclusive). Daily and longer bars are asked for a
 * day wider on each side because Yahoo stamps them at the session open in exchange time; they are
 * cut to [from, to] after re-stamping at 00:00 UTC of their local date.
 */
export function yahooWindows(label: string, from: number, to: number): Window[] {
  const daily = label === '1d' || label === '1w' || label === '1M';
  if (daily)
    return [{ period1: Math.floor((from - DAY) / 1000), period2: Math.floor((to + DAY) / 1000) + 1 }];
  if (label !== '1m') return [{ period1: Math.floor(from / 1000), period2: Math.floor(to / 1000) + 1 }];
  const out: Window[] = [];
  const span = YAHOO_1M_CHUNK_DAYS * DAY;
  for (let start = from; start <= to; start += span) {
    const end = Math.min(to, start + span - MINUTE);
    out.push({ period1: Math.floor(start / 1000), period2: Math.floor(end / 1000) + 1 });
  }
  return out;
}

const QUIET = { info() {}, warn() {}, error() {}, debug() {}, dir() {} };

/** Local calendar date (as 00:00 UTC ms) of an instant in an IANA zone; null if the zone is unknown. */
function localDayStamper(timezone: string | null): ((ms: number) => number) | null {
  if (!timezone) return null;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    return null; // unknown zone: the caller falls back to Yahoo's gmtoffset
  }
  return (ms) => {
    const s = fmt.format(ms); // YYYY-MM-DD
    return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  };
}

type Num = number | null | undefined;
interface RawChart {
  meta?: Record<string, unknown>;
  timestamp?: number[];
  indicators?: {
    quote?: { open?: Num[]; high?: Num[]; low?: Num[]; close?: Num[]; volume?: Num[] }[];
    adjclose?: { adjclose?: Num[] }[];
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const fin = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);

/** Fetches bars from Yahoo Finance's chart endpoint. */
export async function fetchYahoo(req: YahooRequest, deps: YahooDeps = {}): Promise<YahooResult> {
  checkRequest(req);
  const label = yahooTimeframe(req.interval);
  const source = `yahoo:${req.symbol}`;
  const now = (deps.now ?? Date.now)();
  checkYahooLookback(source, label, req.from, now);
  const windows = yahooWindows(label, req.from, req.to);
  const daily = label === '1d' || label === '1w' || label === '1M';
  const wantAdjusted = req.adjusted ?? true;

  const { default: YahooFinance } = await import('yahoo-finance2');
  const yf = new YahooFinance({
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    versionCheck: false, // it would query the npm registry on every validation error
    suppressNotices: ['yahooSurvey'],
    logger: QUIET, // failures are reported through the DataError instead
    validation: { logErrors: false, logOptionsErrors: false },
  });
  const retry: RetryOptions = { attempts: 3, ...deps.retry };
  const attempts = attemptsOf(retry);

  const out = new BarsBuilder();
  let nulls = 0;
  let firstNull = Number.NaN;
  let missingVolume = 0;
  let adjustedAll = wantAdjusted && daily;
  let meta: Record<string, unknown> = {};
  let stamp: ((ms: number) => number) | null = null;
  for (const w of windows) {
    let chart: RawChart;
    try {
      chart = (await withRetry(
        () =>
          yf.chart(req.symbol, {
            period1: w.period1,
            period2: w.period2,
            interval: INTERVALS[label] as '1d',
            includePrePost: false, // regular session only: pre/post bars would distort backtests
            events: 'div|split',
            return: 'object',
          }),
        isYahooRetryable,
        retry,
      )) as RawChart;
    } catch (err) {
      throw yahooError(err, source, req.symbol, attempts);
    }
    meta = chart.meta ?? meta;
    const ts = chart.timestamp;
    const q = chart.indicators?.quote?.[0];
    if (!ts || ts.length === 0) continue;
    if (ts.length > MAX_YAHOO_BARS) {
      throw new DataError(
        'too-large',
        `${source}: Yahoo sent ${ts.length} bars in one chart (at most ${MAX_YAHOO_BARS})`,
        {
          hint: 'ask for a shorter range',
        },
      );
    }
    if (!q || !Array.isArray(q.close) || q.close.length !== ts.length) {
      throw new DataError(
        'bad-response',
        `${source}: Yahoo's chart has ${ts.length} times but no matching prices`,
        {
          hint: 'Yahoo may have changed its format; try again later or load a CSV export (csv:PATH)',
        },
      );
    }
    const adj = chart.indicators?.adjclose?.[0]?.adjclose;
    const useAdj = adjustedAll && Array.isArray(adj) && adj.length === ts.length;
    if (!useAdj) adjustedAll = false;
    if (daily && stamp === null) {
      stamp = localDayStamper(str(meta.exchangeTimezoneName));
      if (stamp === null) {
        const offset = typeof meta.gmtoffset === 'number' ? meta.gmtoffset * 1000 : 0;
        stamp = (ms) => Math.floor((ms + offset) / DAY) * DAY;
      }
    }
    for (let i = 0; i < ts.length; i++) {
      const raw = ts[i]! * 1000;
      const o = q.open?.[i];
      const h = q.high?.[i];
      const l = q.low?.[i];
      const c = q.close[i];
      const a = useAdj ? adj![i] : c;
      if (!fin(raw) || !fin(o) || !fin(h) || !fin(l) || !fin(c) || !fin(a) || (useAdj && c === 0)) {
        // Yahoo sends null rows for halted or missing bars; there is nothing to trade on them.
        if (nulls++ === 0) firstNull = raw;
        continue;
      }
      const t = stamp ? stamp(raw) : raw;
      if (t < req.from || t > req.to) continue;
      let v = q.volume?.[i];
      if (!fin(v)) {
        missingVolume++;
        v = 0;
      }
      const f = useAdj ? a / c : 1;
      out.push(t, o * f, h * f, l * f, useAdj ? a : c, v);
    }
  }
  const n = out.length;
  if (n === 0) {
    throw new DataError(
      'empty-range',
      `${source}: Yahoo Finance has no ${label} bars between ${formatTime(req.from)} and ${formatTime(req.to)}`,
      {
        hint: 'the market may have been closed (weekend, holiday) or the symbol not yet listed; widen the range',
        ...(nulls > 0 ? { issues: [nullIssue(nulls, firstNull)] } : {}),
      },
    );
  }
  const issues: CsvIssue[] = [];
  if (nulls > 0) issues.push(nullIssue(nulls, firstNull));
  if (missingVolume > 0) {
    issues.push(
      remoteIssue(
        'missing-volume',
        'info',
        `${missingVolume} bar${missingVolume === 1 ? '' : 's'} had no volume; set to 0`,
        'volume-based indicators will read 0 on those bars',
      ),
    );
  }
  if (out.duplicates > 0 || out.unordered > 0) {
    issues.push(
      remoteIssue(
        'duplicates-dropped',
        'warning',
        `${out.duplicates + out.unordered} bar${out.duplicates + out.unordered === 1 ? '' : 's'} repeated an earlier time (Yahoo's live bar); kept the latest`,
        'nothing to do; the last value of each time is used',
      ),
    );
  }
  if (wantAdjusted && !adjustedAll) {
    issues.push(
      remoteIssue(
        'not-adjusted',
        'info',
        daily
          ? 'Yahoo sent no adjusted closes; prices are as traded (split-adjusted only)'
          : `Yahoo has no adjusted prices for ${label} bars; prices are as traded (split-adjusted only)`,
        'dividends are not reflected; use 1d or longer bars for total-return prices',
      ),
    );
  }
  return {
    bars: out.build(),
    issues,
    requests: windows.length,
    meta: {
      symbol: str(meta.symbol) ?? req.symbol,
      currency: str(meta.currency),
      exchange: str(meta.exchangeName),
      timezone: str(meta.exchangeTimezoneName),
      instrumentType: str(meta.instrumentType),
      timeframe: label,
      adjusted: adjustedAll,
    },
  };
}

function nullIssue(count: number, first: number): CsvIssue {
  return remoteIssue(
    'null-rows-dropped',
    'warning',
    `${count} bar${count === 1 ? '' : 's'} without prices dropped (Yahoo sends nulls for halted or missing bars; first at ${formatTime(first)})`,
    'nothing to do unless many are missing; then check the symbol or try another timeframe',
  );
}
