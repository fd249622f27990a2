// Turning what yahoo-finance2 throws into DataErrors that say what went wrong and what to change.
// yahoo-finance2 v3 raises plain Errors carrying Yahoo's own description for `chart.error` bodies
// (e.g. 404 "No data found, symbol may be delisted"), BadRequestError for 400s, HTTPError (with
// `code` = HTTP status) for other non-OK answers, and FailedYahooValidationError for payloads that
// do not match its schema.
import { DataError, preview } from './errors';

function errName(err: unknown): string {
  return err instanceof Error ? err.name : '';
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function httpStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Network-class failures worth retrying: connection errors, timeouts, HTTP 429 and 5xx. */
export function isYahooRetryable(err: unknown): boolean {
  const name = errName(err);
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  // undici's fetch reports connection failures as TypeError('fetch failed').
  if (err instanceof TypeError && /fetch failed|network|socket|ECONN|ENOTFOUND/i.test(err.message))
    return true;
  if (name === 'HTTPError') {
    const status = httpStatus(err);
    return status === 429 || (status !== undefined && status >= 500);
  }
  return false;
}

/** A suggestion for tickers written the way other sites write them. */
export function tickerHint(symbol: string): string {
  const general =
    'check the ticker on finance.yahoo.com: share classes use a dash (BRK.B → BRK-B), indices a caret (^GSPC), ' +
    'currencies =X (EURUSD=X), crypto -USD (BTC-USD), non-US listings a suffix (7203.T, VOD.L)';
  const m = /^([A-Za-z]{1,6})\.([A-Za-z])$/.exec(symbol);
  if (m) return `try yahoo:${m[1]!.toUpperCase()}-${m[2]!.toUpperCase()}; ${general}`;
  return general;
}

const SOURCE_TRY_LATER =
  'try again in a few minutes; if it keeps failing, load a CSV export instead (csv:PATH)';

/**
 * The DataError for a failed chart request. `source` is 'yahoo:SYMBOL'; `attempts` how many tries
 * were made (for network errors).
 */
export function yahooError(err: unknown, source: string, symbol: string, attempts: number): DataError {
  if (err instanceof DataError) return err;
  const name = errName(err);
  const msg = errMessage(err);
  const status = httpStatus(err);
  if (
    /no data found|symbol may be delisted|not found/i.test(msg) ||
    (name === 'HTTPError' && status === 404)
  ) {
    return new DataError(
      'unknown-symbol',
      `${source}: Yahoo Finance knows no symbol '${preview(symbol)}' (Yahoo says: "${preview(msg, 120)}")`,
      { cause: err, hint: tickerHint(symbol) },
    );
  }
  if (/data not available for start|requested range must be within|worth of .* data/i.test(msg)) {
    return new DataError(
      'range-limit',
      `${source}: Yahoo Finance refused the range (Yahoo says: "${preview(msg, 200)}")`,
      {
        cause: err,
        hint: 'move the start date closer to today or use a coarser timeframe (1m: 30 days, 5m–30m: 60 days, 1h: 730 days, 1d: full history)',
      },
    );
  }
  if (/data doesn't exist for start/i.test(msg)) {
    return new DataError('empty-range', `${source}: Yahoo Finance has no bars in the requested range`, {
      cause: err,
      hint: 'choose dates after the first trading day of the symbol',
    });
  }
  if (
    name === 'FailedYahooValidationError' ||
    /not parsable|unexpected result|timestamp count mismatch|no timestamp with/i.test(msg)
  ) {
    return new DataError(
      'bad-response',
      `${source}: Yahoo Finance sent a response that is not a valid chart (${preview(msg, 160)})`,
      { cause: err, hint: `Yahoo may have changed its format or had a hiccup; ${SOURCE_TRY_LATER}` },
    );
  }
  if (isYahooRetryable(err)) {
    const what = status !== undefined ? `HTTP ${status}` : preview(msg, 120);
    return new DataError(
      'exchange-unavailable',
      `${source}: Yahoo Finance did not answer after ${attempts} ${attempts === 1 ? 'try' : 'tries'} (${what})`,
      { cause: err, hint: SOURCE_TRY_LATER },
    );
  }
  return new DataError(
    'bad-response',
    `${source}: Yahoo Finance request failed (${name || 'Error'}: ${preview(msg, 160)})`,
    { cause: err, hint: SOURCE_TRY_LATER },
  );
}
