// Server-only entry of the data layer: loading data sources (CSV files, Yahoo Finance, ccxt), the bars
// cache (memory and Redis), syncing with a bar store, the data folder that `csv:` sources are read from
// over the network, and uploads into it. The pure part (parsing, specs, synthetic bars) is index.ts.

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
export { loadCsvFile } from './csv';
export type { LruStats } from './hot';
export { ByteLru, DEFAULT_HOT_MB, hotBytesFromEnv } from './hot';
export type { Sandbox } from './sandbox';
export {
  checkDataPath,
  DATA_EXTENSIONS,
  dataDir,
  dataRevision,
  folderLabel,
  readDataCsv,
  resolveDataPath,
  serverSandbox,
} from './sandbox';
export type { LoadOptions } from './source';
export { loadSource } from './source';
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
export type { DataFileInfo, SavedUpload } from './upload';
export { listDataFiles, MAX_UPLOAD_BYTES, saveDataFile, uploadName } from './upload';
export type { YahooDeps, YahooMeta, YahooRequest, YahooResult } from './yahoo';
export { fetchYahoo, YAHOO_LOOKBACK_DAYS, YAHOO_TIMEFRAMES } from './yahoo';
