// Pure helpers of the workspace UI (no DOM, no React): the .bt highlighting mode, completion, diagnostic
// ranges, statistics and trade formatting, slider bounds, the data picker's model and the chat card's notes.
export type { BtState } from './bt-mode';
export { BT_FUNCTIONS, BT_SERIES, BT_STATEMENTS, btStreamParser, TOKENS, tokenizeLines } from './bt-mode';
export type { CardNotes, LineSources, Segment } from './card';
export { cardNotes, lineSources, mergeSpans, segments, unusedLine } from './card';
export type { CompletionAnswer, CompletionItem, CompletionKind } from './completion';
export { bindingsOf, completionsAt, signatureOf } from './completion';
export type { DataForm, FormResult, SourceKind } from './data';
export {
  DEFAULT_FORM,
  DEFAULT_SOURCE,
  dataKeyOf,
  dateToMs,
  describeData,
  formToRequest,
  msToDate,
  openingRequest,
  refToRequest,
  requestToForm,
  requestToRef,
  SOURCE_KINDS,
  sameRequest,
  TIMEFRAME_CHOICES,
} from './data';
export { drawdownPct, maxDrawdown } from './drawdown';
export type { InputLike, SliderSpec } from './params';
export { clampParam, decimalsOf, formatParam, knownParams, niceStep, sliderSpec } from './params';
export type { EditorRange, LintLike, SpanLike } from './spans';
export { lineColAt, spanToRange, toLint } from './spans';
export type { StatUnit } from './stats';
export {
  formatIsoTime,
  formatStat,
  HEADLINE_STATS,
  MISSING,
  STAT_GROUPS,
  statLabel,
  statSlug,
  statTone,
  statUnit,
} from './stats';
export { browserTimeZone, timeAgo } from './time';
export type { SortDir, TradeColumn } from './trades';
export {
  exitReasonOf,
  formatMoney,
  formatPrice,
  formatQuantity,
  formatReturn,
  formatTime,
  hasTimeOfDay,
  sortTrades,
  TRADE_COLUMNS,
} from './trades';
export { csvField, tradesCsv } from './trades-csv';
export type { WatchlistForm, WatchlistStat, WatchlistTable } from './watchlist';
export {
  isWatchlist,
  MAX_WATCHLIST,
  symbolsOf,
  WATCHLIST_STATS,
  watchlistRequests,
  watchlistTable,
} from './watchlist';
