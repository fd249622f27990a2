// ccxt errors → DataErrors. ccxt's hierarchy: NetworkError covers DDoSProtection, RateLimitExceeded
// (HTTP 429), ExchangeNotAvailable (5xx, maintenance), RequestTimeout and InvalidNonce; everything
// the exchange rejects on purpose (BadSymbol, BadRequest, AuthenticationError…) is an ExchangeError
// and is never retried.
import { DataError, preview } from './errors';

type Ccxt = typeof import('ccxt')['default'];

/** Retry only failures of the connection or of the exchange's capacity, never refusals. */
export function isCcxtRetryable(ccxt: Ccxt): (err: unknown) => boolean {
  return (err) => err instanceof ccxt.NetworkError && !(err instanceof ccxt.InvalidNonce);
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.constructor?.name ?? err.name}: ${preview(err.message, 160)}`;
  return preview(String(err), 160);
}

/** The DataError for a failed ccxt call; `doing` says what was being done ('fetching candles from …'). */
export function ccxtError(
  ccxt: Ccxt,
  err: unknown,
  source: string,
  attempts: number,
  doing: string,
): DataError {
  if (err instanceof DataError) return err;
  const exchange = source.split(':')[1] ?? 'the exchange';
  if (err instanceof ccxt.NetworkError) {
    return new DataError(
      'exchange-unavailable',
      `${source}: ${exchange} is unavailable — ${doing} failed after ${attempts} ${attempts === 1 ? 'try' : 'tries'} (${describe(err)})`,
      {
        cause: err,
        hint: 'try again later, or load the same market from another exchange (e.g. ccxt:bybit:BTC/USDT)',
      },
    );
  }
  if (err instanceof ccxt.BadSymbol) {
    return new DataError(
      'unknown-symbol',
      `${source}: ${exchange} does not know this market (${describe(err)})`,
      {
        cause: err,
        hint: 'write the unified BASE/QUOTE symbol as listed by the exchange, e.g. BTC/USDT',
      },
    );
  }
  if (
    err instanceof ccxt.AuthenticationError ||
    err instanceof ccxt.PermissionDenied ||
    err instanceof ccxt.AccountSuspended ||
    err instanceof ccxt.RestrictedLocation
  ) {
    return new DataError(
      'not-available',
      `${source}: ${exchange} refused access — ${doing} (${describe(err)})`,
      {
        cause: err,
        hint: 'public candles should need no API key; the exchange may be blocked in your region: try another exchange',
      },
    );
  }
  if (err instanceof ccxt.NotSupported) {
    return new DataError(
      'not-available',
      `${source}: ${exchange} does not support this through ccxt (${describe(err)})`,
      {
        cause: err,
        hint: 'choose another exchange',
      },
    );
  }
  if (err instanceof ccxt.BadRequest) {
    return new DataError(
      'bad-argument',
      `${source}: ${exchange} rejected the request — ${doing} (${describe(err)})`,
      {
        cause: err,
        hint: 'check the range and timeframe; the market may not have existed yet',
      },
    );
  }
  return new DataError(
    'bad-response',
    `${source}: ${exchange} answered unexpectedly — ${doing} (${describe(err)})`,
    {
      cause: err,
      hint: 'try again later or use another exchange',
    },
  );
}
