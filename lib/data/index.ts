// Pure entry of the data layer (safe in the browser): CSV text → bars, synthetic bars, timeframes,
// data-source specs and their fields' checks, date ranges, resampling, and the layer's errors.
// Loading sources (files, Yahoo Finance, ccxt), the bars cache (Redis), syncing with a bar store, the
// server's data folder and uploads into it are in the server entry, server.ts.

export type { CsvColumns, CsvOptions, CsvResult } from './csv-parse';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, parseCsv } from './csv-parse';
export type { CsvIssue, DataErrorCode, DataErrorOptions, IssueSeverity } from './errors';
export { DataError } from './errors';
export { parseDate, sliceBars } from './range';
export type { ResampleOptions, ResampleResult } from './resample';
export { resample } from './resample';
export { daysFromCivil, formatTime, parseDateTime, parseNumber, parseTimeOfDay } from './scan';
// The shape of loaded data (erased: loading itself is in server.ts).
export type { LoadedData } from './source';
export { expandSources, MAX_MARKETS } from './source-list';
export type { SourceSpec } from './source-spec';
export {
  formatSource,
  isExchangeId,
  isPairSymbol,
  isYahooSymbol,
  MAX_SOURCE_CHARS,
  parseSource,
  readBarCount,
  readSeed,
  timeframeLabel,
} from './source-spec';
export type { SyntheticOptions } from './synthetic';
export { MAX_SYNTHETIC_BARS, SYNTHETIC_END, synthetic, syntheticTimes } from './synthetic';
export type { Timeframe } from './timeframe';
export { inferTimeframe, parseTimeframe, TIMEFRAMES } from './timeframe';
