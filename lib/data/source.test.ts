import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireShared } from '../../testing/shared';
import { formatSource, loadSource, parseDate, parseSource, sliceBars } from './source';
import { synthetic } from './synthetic';
import { fail, failAsync } from './test-helpers';

describe('parseSource', () => {
  it.each([
    ['csv:data/GOOG.csv', { kind: 'csv', path: 'data/GOOG.csv' }],
    ['csv:/abs/My File.csv', { kind: 'csv', path: '/abs/My File.csv' }],
    ['CSV:x.csv', { kind: 'csv', path: 'x.csv' }],
    ['synthetic', { kind: 'synthetic', seed: 1, bars: 2500, timeframe: '1d' }],
    ['synthetic:', { kind: 'synthetic', seed: 1, bars: 2500, timeframe: '1d' }],
    ['synthetic:7', { kind: 'synthetic', seed: 7, bars: 2500, timeframe: '1d' }],
    ['synthetic:7:5000', { kind: 'synthetic', seed: 7, bars: 5000, timeframe: '1d' }],
    ['synthetic:7:5000:1h', { kind: 'synthetic', seed: 7, bars: 5000, timeframe: '1h' }],
    ['synthetic::100:4H', { kind: 'synthetic', seed: 1, bars: 100, timeframe: '4h' }],
    ['synthetic:-3', { kind: 'synthetic', seed: -3, bars: 2500, timeframe: '1d' }],
    [' yahoo:AAPL ', { kind: 'yahoo', symbol: 'AAPL' }],
    ['yahoo:^GSPC', { kind: 'yahoo', symbol: '^GSPC' }],
    ['yahoo:EURUSD=X', { kind: 'yahoo', symbol: 'EURUSD=X' }],
    ['ccxt:binance:BTC/USDT', { kind: 'ccxt', exchange: 'binance', symbol: 'BTC/USDT' }],
    ['ccxt:Bybit:BTC/USDT:USDT', { kind: 'ccxt', exchange: 'bybit', symbol: 'BTC/USDT:USDT' }],
  ])('%s', (text, spec) => {
    expect(parseSource(text)).toEqual(spec);
    expect(parseSource(formatSource(parseSource(text)))).toEqual(spec);
  });

  it.each([
    ['', /no data source given/],
    ['csv:', /needs a file path/],
    ['synthetic:abc', /seed 'abc' is not an integer/],
    ['synthetic:1.5', /seed '1.5' is not an integer/],
    ['synthetic:1:0', /bar count '0' must be a whole number from 1 to 10000000/],
    ['synthetic:1:20000000', /bar count/],
    ['synthetic:1:1e3', /bar count/],
    ['synthetic:1:100:7x', /synthetic: unknown timeframe '7x'/],
    ['synthetic:1:100:1d:extra', /too many parts/],
    ['yahoo:', /needs a ticker symbol/],
    ['yahoo:AA PL', /needs a ticker symbol/],
    ['ccxt:binance', /needs an exchange and a BASE\/QUOTE symbol/],
    ['ccxt::BTC/USDT', /needs an exchange/],
    ['ccxt:binance:BTCUSDT', /BASE\/QUOTE/],
    ['foo:bar', /unknown data source 'foo:bar' — use csv:PATH, synthetic/],
  ])('rejects %s', (text, message) => {
    const err = fail(() => parseSource(text));
    expect(err.code).toBe('bad-source');
    expect(err.message).toMatch(message);
    expect(err.hint).toBeTruthy();
  });

  it('suggests csv: for a bare file path', () => {
    expect(fail(() => parseSource('data/GOOG.csv')).hint).toBe('for a file write csv:data/GOOG.csv');
    expect(fail(() => parseSource('x'.repeat(5000))).message).toMatch(/at most 4096/);
  });
});

describe('parseDate', () => {
  it('reads dates, date-times and epochs', () => {
    expect(parseDate('2020-01-31')).toBe(Date.UTC(2020, 0, 31));
    expect(parseDate('2020-01-31T15:00Z')).toBe(Date.UTC(2020, 0, 31, 15));
    expect(parseDate('1580482800')).toBe(1_580_482_800_000);
    expect(parseDate('1580482800000')).toBe(1_580_482_800_000);
  });

  it('with endOfDay makes a bare date cover the whole day', () => {
    expect(parseDate('2020-12-31', { endOfDay: true })).toBe(Date.UTC(2021, 0, 1) - 1);
    expect(parseDate('2020-12-31T10:00', { endOfDay: true })).toBe(Date.UTC(2020, 11, 31, 10));
  });

  it('rejects bad dates with a hint', () => {
    for (const s of ['', 'tomorrow', '31/12/2020', '2020-13-01', '2020-02-30']) {
      const err = fail(() => parseDate(s));
      expect(err.code).toBe('bad-date');
      expect(err.hint).toContain('YYYY-MM-DD');
    }
    expect(fail(() => parseDate('31/12/2020')).message).toBe("cannot read date '31/12/2020'");
  });
});

describe('sliceBars', () => {
  const bars = synthetic({ bars: 10 });
  it('keeps from ≤ time ≤ to, inclusive, as views', () => {
    const t = bars.time;
    const cut = sliceBars(bars, t[2], t[5]);
    expect(Array.from(cut.time)).toEqual(Array.from(t.slice(2, 6)));
    expect(Array.from(cut.close)).toEqual(Array.from(bars.close.slice(2, 6)));
    expect(cut.open.buffer).toBe(bars.open.buffer);
    expect(sliceBars(bars, t[2]! + 1, t[5]! - 1).time.length).toBe(2);
    expect(sliceBars(bars, undefined, t[0]).time.length).toBe(1);
    expect(sliceBars(bars, t[9]! + 1).time.length).toBe(0);
    expect(sliceBars(bars, t[5], t[2]).time.length).toBe(0);
    expect(sliceBars(bars).time.length).toBe(10);
  });
});

describe('loadSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backtalk-src-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads synthetic data with its canonical source string', async () => {
    const d = await loadSource('synthetic:3:300:1h');
    expect(d.source).toBe('synthetic:3:300:1h');
    expect(d.symbol).toBe('SYNTH');
    expect(d.timeframe).toBe('1h');
    expect(d.issues).toEqual([]);
    expect(Array.from(d.bars.close)).toEqual(
      Array.from(synthetic({ seed: 3, bars: 300, timeframe: '1h' }).close),
    );
  });

  it('loads a CSV relative to baseDir, inferring symbol and timeframe, passing CSV options', async () => {
    writeFileSync(
      join(dir, 'ABC.csv'),
      'Date,Open,High,Low,Close,Volume\n2020-01-01 00:00,1,2,1,2,5\n2020-01-01 04:00,2,3,2,3,6\n2020-01-01 08:00,3,4,3,4,7\nbad,1,1,1,1,1\n',
    );
    const d = await loadSource('csv:ABC.csv', { baseDir: dir, csv: { skipBadRows: true } });
    expect(d).toMatchObject({ source: 'csv:ABC.csv', symbol: 'ABC', timeframe: '4h' });
    expect(d.bars.time.length).toBe(3);
    expect(d.issues).toEqual([expect.objectContaining({ row: 5, severity: 'warning', code: 'bad-date' })]);
    const strict = await failAsync(loadSource('csv:ABC.csv', { baseDir: dir }));
    expect(strict.code).toBe('bad-rows');
  });

  it('names the resolved path of a missing CSV', async () => {
    const err = await failAsync(loadSource('csv:missing.csv', { baseDir: dir }));
    expect(err.code).toBe('file-not-found');
    expect(err.message).toContain(join(dir, 'missing.csv'));
  });

  it('applies an inclusive from/to range to GOOG', async () => {
    const d = await loadSource(`csv:${requireShared('data/GOOG.csv')}`, {
      from: parseDate('2005-01-03'),
      to: parseDate('2005-01-31', { endOfDay: true }),
    });
    expect(d.symbol).toBe('GOOG');
    expect(d.timeframe).toBe('1d');
    expect(d.bars.time[0]).toBe(Date.UTC(2005, 0, 3));
    expect(d.bars.time[d.bars.time.length - 1]).toBe(Date.UTC(2005, 0, 31));
    expect(d.bars.time.length).toBe(20); // trading days in January 2005 from the 3rd (MLK day closed)
  });

  it('says what the data covers when the range is empty', async () => {
    const err = await failAsync(
      loadSource('synthetic:1:10:1d', { from: Date.UTC(2030, 0, 1), to: Date.UTC(2030, 1, 1) }),
    );
    expect(err.code).toBe('empty-range');
    expect(err.message).toBe(
      'no bars between 2030-01-01 and 2030-02-01: synthetic:1:10:1d covers 2025-06-17 to 2025-06-30 (10 bars)',
    );
  });

  it('rejects from after to, and non-numeric bounds', async () => {
    const err = await failAsync(
      loadSource('synthetic', { from: Date.UTC(2021, 0, 1), to: Date.UTC(2020, 0, 1) }),
    );
    expect(err.message).toBe('from (2021-01-01) is after to (2020-01-01)');
    expect((await failAsync(loadSource('synthetic', { from: Number.NaN }))).code).toBe('bad-argument');
  });

  // Loading yahoo: and ccxt: sources (recorded responses) is tested in sync-source.test.ts.
});
