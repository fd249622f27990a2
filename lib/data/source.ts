// Loading data-source specs ('csv:PATH', 'synthetic:1:2500:1d', 'yahoo:SPY', 'ccxt:binance:BTC/USDT')
// into Bars, optionally cut to a date range.
import { type Bars, barsView } from '../engine';
import { type CsvOptions, type CsvResult, loadCsvFile } from './csv';
import { type CsvIssue, DataError, preview } from './errors';
import type { Sandbox } from './sandbox';
import { formatTime, parseDateTime } from './scan';
import { formatSource, parseSource, type SourceSpec } from './source-spec';
import { loadRemote, type RemoteDeps } from './sync-source';
import { synthetic } from './synthetic';
import { inferTimeframe } from './timeframe';

// The specs themselves (parsing, formatting, each field's check) are pure, in source-spec.ts.
export { formatSource, parseSource, type SourceSpec };

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

const DAY = 86_400_000;

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
  return barsView(bars, a, Math.max(a, b));
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
