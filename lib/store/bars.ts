// Cached OHLCV bars per (source, symbol, timeframe). Writes go through DuckDB's appender into a
// temp staging table, then replace overlapping times and insert, in one transaction; reads go
// chunk by chunk straight into Float64Arrays.
import { DOUBLE, DuckDBDataChunk, type DuckDBDoubleVector } from '@duckdb/node-api';
import type { Bars } from '../engine';
import type { Ctx } from './context';
import { toDuckDBParam } from './convert';
import { badInput, StoreError } from './errors';
import { checkInt, checkKey, checkOptionalTime, LIMITS } from './validate';

/** Column arrays of equal length, like engine `Bars` (plain arrays are accepted too). */
export type BarsLike = { readonly [K in keyof Bars]: ArrayLike<number> };

export interface BarSeries {
  source: string;
  symbol: string;
  timeframe: string;
  count: number;
  first: number;
  last: number;
}

/** A stretch of missing bars between two stored ones. Times are epoch ms. */
export interface Gap {
  /** Time of the last bar before the gap. */
  after: number;
  /** Time of the first bar after the gap. */
  before: number;
  /** Bars missing on the grid after + k·expectedMs that lies before `before`. */
  missing: number;
  /** First and last missing grid time. */
  from: number;
  to: number;
}

export interface BarsRepo {
  /** Writes bars, replacing stored bars at the same times; times must be strictly increasing. */
  upsert(
    source: string,
    symbol: string,
    timeframe: string,
    bars: BarsLike,
  ): Promise<{ rows: number; replaced: number }>;
  /** Bars with from ≤ time ≤ to (both optional, epoch ms), in time order. */
  range(
    source: string,
    symbol: string,
    timeframe: string,
    from?: number | null,
    to?: number | null,
  ): Promise<Bars>;
  /** Time of the newest stored bar, or null. */
  lastTime(source: string, symbol: string, timeframe: string): Promise<number | null>;
  /** Where consecutive stored bars are more than `expectedMs` apart (within from..to when given). */
  gaps(
    source: string,
    symbol: string,
    timeframe: string,
    expectedMs: number,
    options?: { from?: number | null; to?: number | null },
  ): Promise<Gap[]>;
  /** Every cached series with its bar count and time span. */
  series(): Promise<BarSeries[]>;
  /** Deletes one series; returns how many bars went. */
  remove(source: string, symbol: string, timeframe: string): Promise<number>;
}

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const CHUNK = 2048; // DuckDB's vector size: one data chunk holds at most this many rows.
const STAGE = 'bars_stage';

function checkSeries(source: string, symbol: string, timeframe: string): [string, string, string] {
  return [checkKey(source, 'source'), checkKey(symbol, 'symbol'), checkKey(timeframe, 'timeframe')];
}

function checkBars(bars: BarsLike): number {
  if (bars === null || typeof bars !== 'object')
    throw badInput('bars must be { time, open, high, low, close, volume }');
  for (const f of FIELDS)
    if (bars[f] === null || typeof bars[f] !== 'object' || typeof bars[f].length !== 'number')
      throw badInput(`bars.${f} must be an array of numbers (e.g. a Float64Array)`);
  const n = bars.time.length;
  for (const f of FIELDS)
    if (bars[f].length !== n) throw badInput(`bars.${f} has ${bars[f].length} values but bars.time has ${n}`);
  if (n > LIMITS.upsertRows)
    throw new StoreError('too-large', `${n} bars in one upsert (at most ${LIMITS.upsertRows})`, {
      hint: 'write them in several calls',
    });
  const time = bars.time;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!Number.isSafeInteger(t)) throw badInput(`bars.time[${i}] is ${t}, not whole epoch milliseconds`);
    if (i > 0 && t <= time[i - 1])
      throw badInput(
        `bars.time is not strictly increasing at index ${i} (${time[i - 1]} then ${t})`,
        'sort the bars by time and drop duplicates before storing them',
      );
  }
  return n;
}

function fillChunk(chunk: DuckDBDataChunk, bars: BarsLike, start: number, count: number): void {
  for (let k = 0; k < FIELDS.length; k++) {
    const col = bars[FIELDS[k]];
    const vector = chunk.getColumnVector(k) as DuckDBDoubleVector;
    for (let i = 0; i < count; i++) vector.setItem(i, col[start + i]);
    vector.flush();
  }
}

/**
 * Copies a DOUBLE vector into `out` at `at`. The columns are NOT NULL, so when the vector exposes its
 * Float64Array (a private field of DuckDBDoubleVector in @duckdb/node-api 1.5) one bulk copy does;
 * otherwise, or if that shape ever changes, it falls back to reading item by item (~6x slower).
 */
export function copyColumn(vector: DuckDBDoubleVector, out: Float64Array, at: number, rows: number): void {
  const items = (vector as unknown as { items?: unknown }).items;
  if (items instanceof Float64Array && items.length === rows) {
    out.set(items, at);
    return;
  }
  for (let i = 0; i < rows; i++) out[at + i] = vector.getItem(i) ?? Number.NaN;
}

export function barsRepo(ctx: Ctx): BarsRepo {
  const { conn } = ctx;

  return {
    async upsert(source, symbol, timeframe, bars) {
      const key = checkSeries(source, symbol, timeframe);
      const n = checkBars(bars);
      if (n === 0) return { rows: 0, replaced: 0 };
      return conn.transaction(async () => {
        await conn.execute(
          `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (time DOUBLE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE)`,
        );
        await conn.execute(`DELETE FROM ${STAGE}`);
        await conn.withRaw(async (raw) => {
          const appender = await raw.createAppender(STAGE);
          try {
            const types = FIELDS.map(() => DOUBLE);
            for (let start = 0; start < n; start += CHUNK) {
              const count = Math.min(CHUNK, n - start);
              const chunk = DuckDBDataChunk.create(types, count);
              fillChunk(chunk, bars, start, count);
              appender.appendDataChunk(chunk);
            }
          } finally {
            appender.closeSync();
          }
        });
        const replaced = await conn.execute(
          `DELETE FROM bars WHERE source = $1 AND symbol = $2 AND timeframe = $3
             AND time IN (SELECT time::BIGINT FROM ${STAGE})`,
          key,
        );
        await conn.execute(
          `INSERT INTO bars (source, symbol, timeframe, time, open, high, low, close, volume)
           SELECT $1, $2, $3, time::BIGINT, open, high, low, close, volume FROM ${STAGE}`,
          key,
        );
        await conn.execute(`DELETE FROM ${STAGE}`);
        return { rows: n, replaced };
      });
    },

    async range(source, symbol, timeframe, from, to) {
      const params: unknown[] = checkSeries(source, symbol, timeframe);
      let where = 'source = $1 AND symbol = $2 AND timeframe = $3';
      const lo = checkOptionalTime(from, 'from');
      const hi = checkOptionalTime(to, 'to');
      if (lo !== null) where += ` AND time >= $${params.push(lo)}`;
      if (hi !== null) where += ` AND time <= $${params.push(hi)}`;
      const max = LIMITS.rangeRows;
      const query = `SELECT time::DOUBLE, open, high, low, close, volume FROM bars WHERE ${where} ORDER BY time LIMIT ${max + 1}`;
      return conn.withRaw(async (raw) => {
        let result: Awaited<ReturnType<typeof raw.run>>;
        try {
          result = await raw.run(query, params.map(toDuckDBParam));
        } catch (cause) {
          throw new StoreError('query-failed', `could not read bars of ${params.slice(0, 3).join(' ')}`, {
            cause,
          });
        }
        const chunks: DuckDBDataChunk[] = [];
        let n = 0;
        for (let c = 0; c < result.chunkCount; c++) {
          const chunk = result.getChunk(c);
          chunks.push(chunk);
          n += chunk.rowCount;
        }
        if (n > max)
          throw new StoreError('too-large', `more than ${max} bars in the range`, {
            hint: 'narrow it with from/to',
          });
        const out = FIELDS.map(() => new Float64Array(n));
        let at = 0;
        for (const chunk of chunks) {
          const rows = chunk.rowCount;
          for (let k = 0; k < FIELDS.length; k++)
            copyColumn(chunk.getColumnVector(k) as DuckDBDoubleVector, out[k], at, rows);
          at += rows;
        }
        const [time, open, high, low, close, volume] = out;
        return { time, open, high, low, close, volume };
      });
    },

    async lastTime(source, symbol, timeframe) {
      const [row] = await conn.objects<{ t: number | null }>(
        'SELECT max(time) AS t FROM bars WHERE source = $1 AND symbol = $2 AND timeframe = $3',
        checkSeries(source, symbol, timeframe),
      );
      return row?.t ?? null;
    },

    async gaps(source, symbol, timeframe, expectedMs, options = {}) {
      const params: unknown[] = checkSeries(source, symbol, timeframe);
      const step = checkInt(expectedMs, 'expectedMs', 1);
      let where = 'source = $1 AND symbol = $2 AND timeframe = $3';
      const lo = checkOptionalTime(options.from, 'from');
      const hi = checkOptionalTime(options.to, 'to');
      if (lo !== null) where += ` AND time >= $${params.push(lo)}`;
      if (hi !== null) where += ` AND time <= $${params.push(hi)}`;
      const e = `$${params.push(step)}::BIGINT`;
      // Missing grid points strictly between prev and time: ceil((time - prev) / step) - 1.
      return conn.objects<Gap>(
        `SELECT prev AS "after", time AS "before", missing,
                prev + ${e} AS "from", prev + missing * ${e} AS "to"
         FROM (
           SELECT prev, time, (time - prev + ${e} - 1) // ${e} - 1 AS missing
           FROM (SELECT time, LAG(time) OVER (ORDER BY time) AS prev FROM bars WHERE ${where})
           WHERE time - prev > ${e}
         )
         ORDER BY time
         LIMIT ${LIMITS.gaps}`,
        params,
      );
    },

    async series() {
      return conn.objects<BarSeries>(
        `SELECT source, symbol, timeframe, count(*) AS count, min(time) AS first, max(time) AS last
         FROM bars GROUP BY source, symbol, timeframe ORDER BY source, symbol, timeframe`,
      );
    },

    async remove(source, symbol, timeframe) {
      return conn.execute(
        'DELETE FROM bars WHERE source = $1 AND symbol = $2 AND timeframe = $3',
        checkSeries(source, symbol, timeframe),
      );
    },
  };
}
