// Data-source specs as text ('csv:PATH', 'synthetic:1:2500:1d', 'yahoo:SPY', 'ccxt:binance:BTC/USDT'):
// the check of each field, parsing and formatting. Pure (no I/O, safe for the browser): the data layer
// (source.ts) and the workspace's data form (lib/ui/data.ts) both check with it, so what the form
// accepts is exactly what the server loads.

import { findTimeframe } from '../engine';
import { DataError, preview } from './errors';
import { parseTimeframe } from './timeframe';

export type SourceSpec =
  | { readonly kind: 'csv'; readonly path: string }
  | { readonly kind: 'synthetic'; readonly seed: number; readonly bars: number; readonly timeframe: string }
  | { readonly kind: 'yahoo'; readonly symbol: string }
  | { readonly kind: 'ccxt'; readonly exchange: string; readonly symbol: string };

/** The most bars a synthetic source makes. */
export const MAX_SYNTHETIC_BARS = 10_000_000;
export const DEFAULT_SYNTHETIC = { seed: 1, bars: 2500, timeframe: '1d' } as const;
/** The longest spec string read. */
export const MAX_SOURCE_CHARS = 4096;

const FORMS = 'csv:PATH, synthetic[:SEED[:BARS[:TIMEFRAME]]], yahoo:SYMBOL or ccxt:EXCHANGE:SYMBOL';

// Each field's one check, as tests (the form names the field; parseSource the whole spec).
const YAHOO_SYMBOL = /^[A-Za-z0-9.^=-]{1,32}$/;
const EXCHANGE_ID = /^[a-z0-9_]{1,40}$/;
const PAIR_SYMBOL = /^[A-Za-z0-9._-]{1,30}\/[A-Za-z0-9._:-]{1,30}$/;

/** A Yahoo ticker: 'AAPL', '^GSPC', 'EURUSD=X'. */
export const isYahooSymbol = (s: string): boolean => YAHOO_SYMBOL.test(s);
/** A ccxt exchange id, lower case: 'binance'. */
export const isExchangeId = (s: string): boolean => EXCHANGE_ID.test(s);
/** A ccxt BASE/QUOTE symbol: 'BTC/USDT'. */
export const isPairSymbol = (s: string): boolean => PAIR_SYMBOL.test(s);
/** A timeframe's canonical label ('4H' → '4h'), undefined when there is no such timeframe. */
export const timeframeLabel = (s: string): string | undefined => findTimeframe(s)?.label;

/** A synthetic seed: '' is the default 1; NaN when it is not a whole number (a safe integer). */
export function readSeed(text: string): number {
  const t = text.trim();
  if (t === '') return DEFAULT_SYNTHETIC.seed;
  const seed = /^-?\d{1,16}$/.test(t) ? Number(t) : Number.NaN;
  return Number.isSafeInteger(seed) ? seed : Number.NaN;
}

/** A synthetic bar count: '' is the default 2500; NaN unless a whole number from 1 to MAX_SYNTHETIC_BARS. */
export function readBarCount(text: string): number {
  const t = text.trim();
  if (t === '') return DEFAULT_SYNTHETIC.bars;
  const bars = /^\d{1,9}$/.test(t) ? Number(t) : Number.NaN;
  return bars >= 1 && bars <= MAX_SYNTHETIC_BARS ? bars : Number.NaN;
}

function bad(message: string, hint: string): DataError {
  return new DataError('bad-source', message, { hint });
}

/** Parses a data-source spec. The default synthetic spec is 'synthetic:1:2500:1d'. */
export function parseSource(s: string): SourceSpec {
  if (typeof s !== 'string' || s.trim() === '') throw bad('no data source given', `use ${FORMS}`);
  if (s.length > MAX_SOURCE_CHARS)
    throw bad(`data source is ${s.length} characters long (at most ${MAX_SOURCE_CHARS})`, `use ${FORMS}`);
  const spec = s.trim();
  const colon = spec.indexOf(':');
  const kind = (colon < 0 ? spec : spec.slice(0, colon)).toLowerCase();
  const rest = colon < 0 ? undefined : spec.slice(colon + 1);
  switch (kind) {
    case 'csv': {
      const path = rest?.trim() ?? '';
      if (path === '') throw bad("'csv:' needs a file path", 'write e.g. csv:data/GOOG.csv');
      return { kind: 'csv', path };
    }
    case 'synthetic':
      return parseSynthetic(rest);
    case 'yahoo': {
      const symbol = rest?.trim() ?? '';
      if (!isYahooSymbol(symbol)) {
        throw bad(
          `'${preview(spec)}' needs a ticker symbol`,
          'write e.g. yahoo:AAPL, yahoo:^GSPC or yahoo:EURUSD=X',
        );
      }
      return { kind: 'yahoo', symbol };
    }
    case 'ccxt': {
      const parts = rest === undefined ? -1 : rest.indexOf(':');
      const exchange = parts < 0 ? '' : rest!.slice(0, parts).trim().toLowerCase();
      const symbol = parts < 0 ? '' : rest!.slice(parts + 1).trim();
      if (!isExchangeId(exchange) || !isPairSymbol(symbol)) {
        throw bad(
          `'${preview(spec)}' needs an exchange and a BASE/QUOTE symbol`,
          'write e.g. ccxt:binance:BTC/USDT',
        );
      }
      return { kind: 'ccxt', exchange, symbol };
    }
    default: {
      const looksLikeFile = /\.(csv|txt)$/i.test(spec) || /[\\/]/.test(spec);
      const hint = looksLikeFile ? `for a file write csv:${spec}` : `use ${FORMS}`;
      throw bad(`unknown data source '${preview(spec)}' — use ${FORMS}`, hint);
    }
  }
}

function parseSynthetic(rest: string | undefined): SourceSpec {
  const parts = rest === undefined ? [] : rest.split(':').map((p) => p.trim());
  const usage =
    'write synthetic, synthetic:SEED, synthetic:SEED:BARS or synthetic:SEED:BARS:TIMEFRAME, e.g. synthetic:7:5000:1h';
  if (parts.length > 3) throw bad(`'synthetic:${preview(rest ?? '')}' has too many parts`, usage);
  const [seedText = '', barsText = '', tfText = ''] = parts;
  const seed = readSeed(seedText);
  if (Number.isNaN(seed)) throw bad(`synthetic seed '${preview(seedText)}' is not an integer`, usage);
  const bars = readBarCount(barsText);
  if (Number.isNaN(bars)) {
    throw bad(
      `synthetic bar count '${preview(barsText)}' must be a whole number from 1 to ${MAX_SYNTHETIC_BARS}`,
      usage,
    );
  }
  let timeframe: string = DEFAULT_SYNTHETIC.timeframe;
  if (tfText !== '') {
    try {
      timeframe = parseTimeframe(tfText).label;
    } catch (err) {
      throw new DataError('bad-source', `synthetic: ${(err as Error).message}`, { cause: err, hint: usage });
    }
  }
  return { kind: 'synthetic', seed, bars, timeframe };
}

/** The canonical string of a spec (parseSource(formatSource(s)) round-trips). */
export function formatSource(spec: SourceSpec): string {
  switch (spec.kind) {
    case 'csv':
      return `csv:${spec.path}`;
    case 'synthetic':
      return `synthetic:${spec.seed}:${spec.bars}:${spec.timeframe}`;
    case 'yahoo':
      return `yahoo:${spec.symbol}`;
    case 'ccxt':
      return `ccxt:${spec.exchange}:${spec.symbol}`;
  }
}
