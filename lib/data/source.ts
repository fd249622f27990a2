// Loading data-source specs ('csv:PATH', 'synthetic:1:2500:1d', 'yahoo:SPY', 'ccxt:binance:BTC/USDT')
// into Bars, optionally cut to a date range.
import type { Bars } from '../engine';
import { type CsvOptions, type CsvResult, loadCsvFile } from './csv';
import { type CsvIssue, DataError } from './errors';
import { sliceBars } from './range';
import type { Sandbox } from './sandbox';
import { formatTime } from './scan';
import { formatSource, parseSource, type SourceSpec } from './source-spec';
import { loadRemote, type RemoteDeps } from './sync-source';
import { synthetic } from './synthetic';
import { inferTimeframe } from './timeframe';

export { parseDate, sliceBars } from './range';
// The specs themselves (parsing, formatting, each field's check) are pure, in source-spec.ts, and so are
// date ranges (range.ts).
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
