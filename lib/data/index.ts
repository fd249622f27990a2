// Public surface of the data layer: CSV loading, synthetic bars, timeframes, data-source specs and the cache,
// Yahoo Finance and ccxt downloads, resampling and syncing with a bar store. parseCsv/synthetic/resample
// are pure; loadCsvFile/loadSource do I/O (node:fs, yahoo-finance2 and ccxt are imported lazily).
// The server's data folder (the sandbox every network-facing csv: load goes through) and uploads into
// it are in the server-only entry, server.ts.

export type {
  BarsCache,
  BarsHit,
  Cache,
  CacheKind,
  CacheLayer,
  CacheOptions,
  CacheStatus,
} from './cache';
export { createCache, MAX_JSON_BYTES, MAX_LOCK_MS } from './cache';
export type { BarsInput, CachedBars } from './cache-codec';
export { MAX_CACHED_BARS } from './cache-codec';
export type { BarsKey } from './cache-key';
export { barsKey, lockKey, PAST_TTL_SECONDS, timeframeMs, ttlFor } from './cache-key';
export type { CachedLoadResult, Loader, LoadRange } from './cache-load';
export { cachedLoad, defaultLoader, keyFor, loaderWith } from './cache-load';
export type { CcxtDeps, CcxtRequest, CcxtResult, ExchangeFactory, OhlcvExchange } from './ccxt';
export { DEFAULT_MAX_PAGES, fetchCcxt } from './ccxt';
export type { CsvColumns, CsvOptions, CsvResult } from './csv';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, loadCsvFile, parseCsv } from './csv';
export type { CsvIssue, DataErrorCode, DataErrorOptions, IssueSeverity } from './errors';
export { DataError } from './errors';
export type { LruStats } from './hot';
export { ByteLru, DEFAULT_HOT_MB, hotBytesFromEnv } from './hot';
export type { ResampleOptions, ResampleResult } from './resample';
export { resample } from './resample';
export type { Sandbox } from './sandbox';
export { daysFromCivil, formatTime, parseDateTime, parseNumber, parseTimeOfDay } from './scan';
export type { LoadedData, LoadOptions } from './source';
export { loadSource, parseDate, sliceBars } from './source';
export { expandSources, MAX_MARKETS } from './source-list';
export type { SourceSpec } from './source-spec';
export {
  formatSource,
  isExchangeId,
  isPairSymbol,
  isYahooSymbol,
  parseSource,
  readBarCount,
  readSeed,
  timeframeLabel,
} from './source-spec';
export type {
  BarsFetcher,
  BarsRepo,
  Session,
  StoredGap,
  SyncGap,
  SyncRequest,
  SyncResult,
} from './sync';
export { expectedGapMs, findGaps, syncBars } from './sync';
export type { FetchedBars, RetryOptions } from './sync-common';
export type { RemoteDeps } from './sync-source';
export type { SyntheticOptions } from './synthetic';
export { MAX_SYNTHETIC_BARS, SYNTHETIC_END, synthetic, syntheticTimes } from './synthetic';
export type { Timeframe } from './timeframe';
export { inferTimeframe, parseTimeframe, TIMEFRAMES } from './timeframe';
export type { YahooDeps, YahooMeta, YahooRequest, YahooResult } from './yahoo';
export { fetchYahoo, YAHOO_LOOKBACK_DAYS, YAHOO_TIMEFRAMES } from './yahoo';
