import { describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import {
  barsBytes,
  COLUMNS,
  columnBytes,
  columnFrom,
  decodeBars,
  decodeMeta,
  encodeBars,
  MAX_STORED_ISSUES,
  toCached,
} from './cache-codec';
import type { CsvIssue } from './errors';

function bars(n: number): Bars {
  const make = (k: number) => Float64Array.from({ length: n }, (_, i) => i * 1.5 + k);
  return { time: make(0), open: make(1), high: make(2), low: make(3), close: make(4), volume: make(5) };
}

/** Bitwise equality of two columns (distinguishes -0 from 0 and NaN payloads). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return (
    Buffer.compare(
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ) === 0
  );
}

describe('column bytes', () => {
  it('are little-endian IEEE 754 doubles', () => {
    const b = columnBytes(new Float64Array([1, -2]));
    // 1.0 = 0x3FF0000000000000, -2.0 = 0xC000000000000000, least significant byte first.
    expect([...b]).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0xc0]);
  });

  it('round-trip exactly, including NaN payloads, -0 and infinities, from any offset', () => {
    const a = new Float64Array([
      Number.NaN,
      -0,
      0,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      5e-324,
      1.7976931348623157e308,
    ]);
    // A NaN with a non-default payload must survive: the path is a byte copy, not number parsing.
    new DataView(a.buffer).setUint32(4, 0x7ff8dead, true);
    const stored = columnBytes(a);
    // Replies can start at odd offsets inside a larger buffer.
    const odd = Buffer.concat([Buffer.from([9, 9, 9]), stored]).subarray(3);
    const back = columnFrom(odd, a.length)!;
    expect(sameBits(back, a)).toBe(true);
    expect(Object.is(back[1], -0)).toBe(true);
    expect(Number.isNaN(back[0])).toBe(true);
  });

  it('refuse a length that is not n × 8', () => {
    expect(columnFrom(Buffer.alloc(15), 2)).toBeNull();
    expect(columnFrom(null, 2)).toBeNull();
    expect(columnFrom(Buffer.alloc(0), 0)).toEqual(new Float64Array(0));
  });
});

describe('encodeBars / decodeBars', () => {
  it('round-trips a series through its hash fields', () => {
    const issues: CsvIssue[] = [{ code: 'gap', row: 3, severity: 'info', message: 'gap', hint: 'none' }];
    const c = toCached({ bars: bars(10), source: 'csv:x.csv', symbol: 'x', timeframe: '1d', issues }, 1234);
    const fields = encodeBars(c, 9999);
    expect(Object.keys(fields).sort()).toEqual(['close', 'high', 'low', 'meta', 'open', 'time', 'volume']);
    const meta = decodeMeta(Buffer.from(fields.meta as string))!;
    expect(meta).toMatchObject({
      v: 1,
      n: 10,
      source: 'csv:x.csv',
      symbol: 'x',
      timeframe: '1d',
      cachedAt: 1234,
      expiresAt: 9999,
    });
    const back = decodeBars(
      meta,
      COLUMNS.map((col) => Buffer.from(fields[col] as Buffer)),
    )!;
    for (const col of COLUMNS) expect(sameBits(back.bars[col], c.bars[col])).toBe(true);
    expect(back.issues).toEqual(issues);
    expect(back.cachedAt).toBe(1234);
  });

  it('treats a column of the wrong length (entry replaced between reads) as a miss', () => {
    const c = toCached({ bars: bars(4), source: 's', symbol: 'y', timeframe: '1d' }, 0);
    const fields = encodeBars(c, 1);
    const meta = decodeMeta(fields.meta as string)!;
    const cols = COLUMNS.map((col) => fields[col] as Buffer);
    cols[3] = Buffer.alloc(8 * 5);
    expect(decodeBars(meta, cols)).toBeNull();
  });

  it('treats foreign or damaged meta as absent', () => {
    expect(decodeMeta(null)).toBeNull();
    expect(decodeMeta('not json')).toBeNull();
    expect(decodeMeta('{"v":2,"n":1}')).toBeNull();
    expect(
      decodeMeta(
        JSON.stringify({
          v: 1,
          n: -1,
          source: 's',
          symbol: 'y',
          timeframe: '1d',
          cachedAt: 0,
          expiresAt: 0,
          issues: [],
        }),
      ),
    ).toBeNull();
  });
});

describe('toCached', () => {
  it('copies views into larger arrays so they neither pin nor miscount memory', () => {
    const big = bars(100);
    const view: Bars = {
      time: big.time.subarray(10, 20),
      open: big.open.subarray(10, 20),
      high: big.high.subarray(10, 20),
      low: big.low.subarray(10, 20),
      close: big.close.subarray(10, 20),
      volume: big.volume.subarray(10, 20),
    };
    const c = toCached({ bars: view, source: 's', symbol: 'y', timeframe: '1d' }, 0);
    expect(c.bars.close.buffer.byteLength).toBe(80);
    expect([...c.bars.close]).toEqual([...view.close]);
    // A column that owns its buffer is kept as is (no copy on the load path).
    const whole = bars(5);
    expect(toCached({ bars: whole, source: 's', symbol: 'y', timeframe: '1d' }, 0).bars.open).toBe(
      whole.open,
    );
    expect(barsBytes(c)).toBeGreaterThanOrEqual(6 * 80);
  });

  it('keeps at most MAX_STORED_ISSUES issues', () => {
    const issue: CsvIssue = { code: 'c', row: 1, severity: 'warning', message: 'm', hint: 'h' };
    const many = Array.from({ length: MAX_STORED_ISSUES + 5 }, () => issue);
    expect(
      toCached({ bars: bars(1), source: 's', symbol: 'y', timeframe: '1d', issues: many }, 0).issues,
    ).toHaveLength(MAX_STORED_ISSUES);
  });

  it('rejects malformed input clearly', () => {
    const b = bars(3);
    expect(() =>
      toCached({ bars: { ...b, close: new Float64Array(2) }, source: 's', symbol: 'y', timeframe: '1d' }, 0),
    ).toThrow(/bars.close has 2 values but bars.time has 3/);
    expect(() =>
      toCached(
        {
          bars: { ...b, open: [1, 2, 3] as unknown as Float64Array },
          source: 's',
          symbol: 'y',
          timeframe: '1d',
        },
        0,
      ),
    ).toThrow(/bars.open must be a Float64Array/);
    expect(() => toCached({ bars: b, source: '', symbol: 'y', timeframe: '1d' }, 0)).toThrow(
      /source must be a non-empty string/,
    );
  });
});
