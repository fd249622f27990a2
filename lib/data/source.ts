// Data-source specs ('csv:PATH', 'synthetic:1:2500:1d', 'yahoo:SPY', 'ccxt:binance:BTC/USDT') and
// loading them into Bars, optionally cut to a date range.
import type { Bars } from '../engine/types';
import { type CsvOptions, type CsvResult, loadCsvFile } from './csv';
import { type CsvIssue, DataError, preview } from './errors';
import type { Sandbox } from './sandbox';
import { formatTime, parseDateTime } from './scan';
import { loadRemote, type RemoteDeps } from './sync-source';
import { MAX_SYNTHETIC_BARS, synthetic } from './synthetic';
import { inferTimeframe, parseTimeframe } from './timeframe';

export type SourceSpec =
  | { readonly kind: 'csv'; readonly path: string }
  | { readonly kind: 'synthetic'; readonly seed: number; readonly bars: number; readonly timeframe: string }
  | { readonly kind: 'yahoo'; readonly symbol: string }
  | { readonly kind: 'ccxt'; readonly exchange: string; readonly symbol: string };

export interface LoadedData {
  readonly bars: Bars;
  /** Canonical spec string, e.g. 'synthetic:1:2500:1d' or 'csv:data/GOOG.csv'. */
  readonly source: string;
  readonly symbol: string;
  /** Timeframe label ('1d', '1h', …); for CSV inferred from the spacing, 'unknown' if there is one bar. */
  readonly timeframe: string;
  readonly issues: CsvIssue[];
}

export interface LoadOptions {
  /** Keep bars with time ≥ from (epoch ms, inclusive). */
  readonly from?: number;
  /** Keep bars with time ≤ to (epoch ms, inclusive). */
  readonly to?: number;
  /** Directory that relative CSV paths are resolved against; default the working directory. */
  readonly baseDir?: string;
  /**
   * Read csv: sources only from this data folder (see sandbox.ts). Every server-side load passes it;
   * without it any path is read (the CLI, on its user's own machine).
   */
  readonly sandbox?: Sandbox;
  /** CSV reading options (adjust, skipBadRows, limits). */
  readonly csv?: Omit<CsvOptions, 'source'>;
  /** Bar timeframe to download for yahoo: and ccxt: sources; default '1d' (CSV and synthetic ignore it). */
  readonly timeframe?: string;
  /** yahoo: prices adjusted for dividends and splits; default true. */
  readonly adjusted?: boolean;
  /** yahoo:/ccxt: collaborators: recorded fetchers (tests), the bar store to sync through (app), a clock. */
  readonly deps?: RemoteDeps;
}

const FORMS = 'csv:PATH, synthetic[:SEED[:BARS[:TIMEFRAME]]], yahoo:SYMBOL or ccxt:EXCHANGE:SYMBOL';
const MAX_SPEC = 4096;
const DAY = 86_400_000;

function bad(message: string, hint: string): DataError {
  return new DataError('bad-source', message, { hint });
}

/** Parses a data-source spec. The default synthetic spec is 'synthetic:1:2500:1d'. */
export function parseSource(s: string): SourceSpec {
  if (typeof s !== 'string' || s.trim() === '') throw bad('no data source given', `use ${FORMS}`);
  if (s.length > MAX_SPEC)
    throw bad(`data source is ${s.length} characters long (at most ${MAX_SPEC})`, `use ${FORMS}`);
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
      if (!/^[A-Za-z0-9.^=-]{1,32}$/.test(symbol)) {
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
      if (
        !/^[a-z0-9_]{1,40}$/.test(exchange) ||
        !/^[A-Za-z0-9._-]{1,30}\/[A-Za-z0-9._:-]{1,30}$/.test(symbol)
      ) {
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
  let seed = 1;
  if (seedText !== '') {
    seed = /^-?\d{1,16}$/.test(seedText) ? Number(seedText) : Number.NaN;
    if (!Number.isSafeInteger(seed))
      throw bad(`synthetic seed '${preview(seedText)}' is not an integer`, usage);
  }
  let bars = 2500;
  if (barsText !== '') {
    bars = /^\d{1,9}$/.test(barsText) ? Number(barsText) : Number.NaN;
    if (!(bars >= 1 && bars <= MAX_SYNTHETIC_BARS)) {
      throw bad(
        `synthetic bar count '${preview(barsText)}' must be a whole number from 1 to 10000000`,
        usage,
      );
    }
  }
  let timeframe = '1d';
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

function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bars with from ≤ time ≤ to (either bound optional), for bars sorted by time. Returns subarray
 * views sharing memory with `bars` (no copy); possibly empty.
 */
export function sliceBars(bars: Bars, from?: number, to?: number): Bars {
  const a = from === undefined ? 0 : lowerBound(bars.time, from);
  const b = to === undefined ? bars.time.length : upperBound(bars.time, to);
  const end = Math.max(a, b);
  return {
    time: bars.time.subarray(a, end),
    open: bars.open.subarray(a, end),
    high: bars.high.subarray(a, end),
    low: bars.low.subarray(a, end),
    close: bars.close.subarray(a, end),
    volume: bars.volume.subarray(a, end),
  };
}

/**
 * A CLI date (--from/--to): YYYY-MM-DD, an ISO date-time, or epoch seconds/milliseconds → epoch ms.
 * With endOfDay, a bare date means its last millisecond (so `--to 2020-12-31` includes that day's bars).
 */
export function parseDate(s: string, opts: { endOfDay?: boolean } = {}): number {
  const text = typeof s === 'string' ? s.trim() : '';
  const hint =
    'use YYYY-MM-DD (e.g. 2020-01-31), an ISO date-time (2020-01-31T15:00Z) or epoch seconds/milliseconds';
  if (text === '') throw new DataError('bad-date', 'empty date', { hint });
  const t = text.length > 64 ? Number.NaN : parseDateTime(text, 0, text.length);
  if (Number.isNaN(t)) throw new DataError('bad-date', `cannot read date '${preview(text)}'`, { hint });
  const dateOnly = /^\d{4}([-/.])\d{1,2}\1\d{1,2}$/.test(text) || /^\d{8}$/.test(text);
  return opts.endOfDay && dateOnly ? t + DAY - 1 : t;
}

function checkRange(from: number | undefined, to: number | undefined): void {
  for (const [name, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) {
      throw new DataError('bad-argument', `${name} must be epoch milliseconds, got ${String(v)}`, {
        hint: 'convert dates with parseDate()',
      });
    }
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new DataError('bad-argument', `from (${formatTime(from)}) is after to (${formatTime(to)})`, {
      hint: 'swap the two dates',
    });
  }
}

function baseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/** Loads a source (spec object or string) and applies the from/to range. */
export async function loadSource(spec: SourceSpec | string, opts: LoadOptions = {}): Promise<LoadedData> {
  const parsed = typeof spec === 'string' ? parseSource(spec) : spec;
  checkRange(opts.from, opts.to);
  const source = formatSource(parsed);
  let bars: Bars;
  let symbol: string;
  let timeframe: string;
  let issues: CsvIssue[] = [];
  switch (parsed.kind) {
    case 'csv': {
      let result: CsvResult;
      if (opts.sandbox) {
        const { readDataCsv } = await import('./sandbox');
        result = await readDataCsv(opts.sandbox, parsed.path, opts.csv ?? {});
      } else {
        const { isAbsolute, resolve } = await import('node:path');
        const full = isAbsolute(parsed.path)
          ? parsed.path
          : resolve(opts.baseDir ?? process.cwd(), parsed.path);
        result = await loadCsvFile(full, opts.csv ?? {});
      }
      bars = result.bars;
      issues = result.issues;
      symbol = baseName(parsed.path);
      timeframe = inferTimeframe(bars.time)?.label ?? 'unknown';
      break;
    }
    case 'synthetic':
      bars = synthetic({ seed: parsed.seed, bars: parsed.bars, timeframe: parsed.timeframe });
      symbol = 'SYNTH';
      timeframe = parsed.timeframe;
      break;
    case 'yahoo':
    case 'ccxt': {
      const remote = await loadRemote(
        parsed,
        source,
        {
          ...(opts.from === undefined ? {} : { from: opts.from }),
          ...(opts.to === undefined ? {} : { to: opts.to }),
          ...(opts.timeframe === undefined ? {} : { timeframe: opts.timeframe }),
          ...(opts.adjusted === undefined ? {} : { adjusted: opts.adjusted }),
        },
        opts.deps,
      );
      bars = remote.bars;
      issues = remote.issues;
      symbol = parsed.symbol;
      timeframe = remote.timeframe;
      break;
    }
  }
  if (opts.from !== undefined || opts.to !== undefined) {
    const n = bars.time.length;
    const cut = sliceBars(bars, opts.from, opts.to);
    if (cut.time.length === 0) {
      const want = `${opts.from === undefined ? 'the start' : formatTime(opts.from)} and ${
        opts.to === undefined ? 'the end' : formatTime(opts.to)
      }`;
      throw new DataError(
        'empty-range',
        `no bars between ${want}: ${source} covers ${formatTime(bars.time[0]!)} to ${formatTime(bars.time[n - 1]!)} (${n} bars)`,
        { hint: 'choose dates inside the range the data covers' },
      );
    }
    bars = cut;
  }
  return { bars, source, symbol, timeframe, issues };
}
