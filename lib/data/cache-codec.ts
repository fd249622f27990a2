// The stored form of a cached series: one Redis hash per series, one field per column holding the
// Float64Array's bytes (little-endian) plus a small JSON `meta` field. Reading back is a memcpy into a
// fresh Float64Array per column — no per-number parsing.
import type { Bars } from '../engine';
import { type CsvIssue, DataError } from './errors';
import type { LoadedData } from './source';

/** One cached series. Arrays are shared, not copied, by the in-process layers: treat them as read-only. */
export interface CachedBars {
  readonly bars: Bars;
  readonly source: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** Epoch ms when the series was loaded from its source. */
  readonly cachedAt: number;
  /** The loader's issues (at most MAX_STORED_ISSUES kept), so a cached CSV reports what a fresh one does. */
  readonly issues: readonly CsvIssue[];
}

/** What can be cached: a LoadedData, or anything with its bars and labels. */
export type BarsInput = Pick<LoadedData, 'bars' | 'source' | 'symbol' | 'timeframe'> & {
  readonly issues?: readonly CsvIssue[];
};

export const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
/** Same bound as the largest synthetic series: 10M bars = 480 MB of columns. */
export const MAX_CACHED_BARS = 10_000_000;
export const MAX_STORED_ISSUES = 1000;
const MAX_META_BYTES = 4 * 1024 * 1024;
const MAX_LABEL = 4096;

/** Stored next to the columns. */
export interface BarsMeta {
  readonly v: 1;
  readonly n: number;
  readonly source: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly cachedAt: number;
  /** Epoch ms the entry expires, so the hot layer can keep a Redis hit for exactly as long. */
  readonly expiresAt: number;
  readonly issues: readonly CsvIssue[];
}

// Float64Array uses the platform's byte order; the stored form is little-endian on every platform.
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

function bad(message: string): DataError {
  return new DataError('bad-argument', `cache: ${message}`, { hint: 'pass a LoadedData from loadSource()' });
}

/** A column that owns its whole buffer (a view into a larger array is copied, so the cache neither
 * keeps the larger array alive nor miscounts its size). */
function own(a: Float64Array): Float64Array {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice();
}

function label(what: string, s: unknown): string {
  if (typeof s !== 'string' || s.length === 0 || s.length > MAX_LABEL) {
    throw bad(`${what} must be a non-empty string of at most ${MAX_LABEL} characters`);
  }
  return s;
}

/** Validates a loader's result and turns it into the cached form. */
export function toCached(input: BarsInput, cachedAt: number): CachedBars {
  if (input === null || typeof input !== 'object' || input.bars === null || typeof input.bars !== 'object') {
    throw bad('expected { bars, source, symbol, timeframe }');
  }
  const n = input.bars.time instanceof Float64Array ? input.bars.time.length : -1;
  const cols = {} as Record<(typeof COLUMNS)[number], Float64Array>;
  for (const c of COLUMNS) {
    const a = input.bars[c];
    if (!(a instanceof Float64Array)) throw bad(`bars.${c} must be a Float64Array`);
    if (a.length !== n) throw bad(`bars.${c} has ${a.length} values but bars.time has ${n}`);
    cols[c] = own(a);
  }
  if (n > MAX_CACHED_BARS) {
    throw new DataError(
      'too-large',
      `cache: ${n} bars is more than the ${MAX_CACHED_BARS} a cache entry holds`,
      {
        hint: 'load a shorter range',
      },
    );
  }
  const issues = Array.isArray(input.issues) ? input.issues.slice(0, MAX_STORED_ISSUES) : [];
  return {
    bars: cols,
    source: label('source', input.source),
    symbol: label('symbol', input.symbol),
    timeframe: label('timeframe', input.timeframe),
    cachedAt,
    issues,
  };
}

/** Bytes a cached series occupies in memory (columns plus an estimate for the labels and issues). */
export function barsBytes(c: CachedBars): number {
  let bytes = 512 + 2 * (c.source.length + c.symbol.length + c.timeframe.length);
  for (const col of COLUMNS) bytes += c.bars[col].byteLength;
  return bytes + 256 * c.issues.length;
}

/** Column bytes in the stored (little-endian) order; a zero-copy view on little-endian machines. */
export function columnBytes(a: Float64Array): Buffer {
  const view = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return LITTLE_ENDIAN ? view : Buffer.from(view).swap64();
}

/** Stored bytes back to a Float64Array (one memcpy); null when the length is not n × 8. */
export function columnFrom(buf: Buffer | null | undefined, n: number): Float64Array | null {
  if (!buf || buf.length !== n * 8) return null;
  const out = new Float64Array(n);
  const bytes = new Uint8Array(out.buffer);
  // Stored bytes can sit at any offset inside the reply buffer, so copy rather than alias.
  bytes.set(buf);
  if (!LITTLE_ENDIAN) Buffer.from(out.buffer).swap64();
  return out;
}

/** The hash fields of one series: `meta` (JSON) and one binary field per column. */
export function encodeBars(c: CachedBars, expiresAt: number): Record<string, Buffer | string> {
  const meta: BarsMeta = {
    v: 1,
    n: c.bars.time.length,
    source: c.source,
    symbol: c.symbol,
    timeframe: c.timeframe,
    cachedAt: c.cachedAt,
    expiresAt,
    issues: c.issues,
  };
  const fields: Record<string, Buffer | string> = { meta: JSON.stringify(meta) };
  for (const col of COLUMNS) fields[col] = columnBytes(c.bars[col]);
  return fields;
}

function str(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_LABEL;
}

/** Parses the meta field; null when absent or not ours (a corrupt entry is a miss, not an error). */
export function decodeMeta(buf: Buffer | string | null | undefined): BarsMeta | null {
  if (buf === null || buf === undefined || buf.length > MAX_META_BYTES) return null;
  let m: unknown;
  try {
    m = JSON.parse(buf.toString());
  } catch {
    return null; // not JSON: someone else's value under our key; treat as absent
  }
  if (m === null || typeof m !== 'object') return null;
  const o = m as Record<string, unknown>;
  const ok =
    o.v === 1 &&
    Number.isSafeInteger(o.n) &&
    (o.n as number) >= 0 &&
    (o.n as number) <= MAX_CACHED_BARS &&
    str(o.source) &&
    str(o.symbol) &&
    str(o.timeframe) &&
    typeof o.cachedAt === 'number' &&
    typeof o.expiresAt === 'number' &&
    Array.isArray(o.issues);
  return ok ? (o as unknown as BarsMeta) : null;
}

/** Rebuilds a series from its meta and column buffers (in COLUMNS order); null if any is malformed. */
export function decodeBars(meta: BarsMeta, cols: readonly (Buffer | null)[]): CachedBars | null {
  const out = {} as Record<(typeof COLUMNS)[number], Float64Array>;
  for (let i = 0; i < COLUMNS.length; i++) {
    const a = columnFrom(cols[i], meta.n);
    if (a === null) return null;
    out[COLUMNS[i]!] = a;
  }
  return {
    bars: out,
    source: meta.source,
    symbol: meta.symbol,
    timeframe: meta.timeframe,
    cachedAt: meta.cachedAt,
    issues: meta.issues.slice(0, MAX_STORED_ISSUES),
  };
}
