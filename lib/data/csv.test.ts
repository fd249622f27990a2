import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requireShared } from '../../testing/shared';
import { loadCsvFile, parseCsv } from './csv';

const D = 86_400_000;
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

const ROWS = ['2020-01-02,10,12,9,11,1000', '2020-01-03,11,13,10,12,2000'];
const expectTwoBars = (text: string) => {
  const { bars } = parseCsv(text);
  expect(Array.from(bars.time)).toEqual([day(2020, 1, 2), day(2020, 1, 3)]);
  expect(Array.from(bars.open)).toEqual([10, 11]);
  expect(Array.from(bars.high)).toEqual([12, 13]);
  expect(Array.from(bars.low)).toEqual([9, 10]);
  expect(Array.from(bars.close)).toEqual([11, 12]);
  expect(Array.from(bars.volume)).toEqual([1000, 2000]);
};

describe('GOOG.csv (backtesting.py sample)', () => {
  const goog = () => requireShared('data/GOOG.csv');
  it('loads all 2,148 daily bars with the right first row', async () => {
    const { bars, issues, columns } = await loadCsvFile(goog());
    expect(issues).toEqual([]);
    expect(columns.time).toBe(0);
    expect(bars.time.length).toBe(2148);
    expect(bars.time[0]).toBe(day(2004, 8, 19));
    expect(bars.time[2147]).toBe(day(2013, 3, 1));
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual([
      100, 104.06, 95.96, 100.34, 22351900,
    ]);
  });

  it('matches a naive line-by-line reading of the file', () => {
    const text = readFileSync(goog(), 'utf8');
    const lines = text.trim().split('\n').slice(1);
    const { bars } = parseCsv(text);
    lines.forEach((line, i) => {
      const [date, o, h, l, c, v] = line.split(',');
      expect(bars.time[i]).toBe(Date.parse(`${date}T00:00:00Z`));
      expect([bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]]).toEqual(
        [o, h, l, c, v].map(Number),
      );
    });
  });
});

describe('EURUSD.csv (hourly)', () => {
  it('loads hourly bars with UTC date-times', async () => {
    const { bars, issues } = await loadCsvFile(requireShared('data/EURUSD.csv'));
    expect(issues).toEqual([]);
    expect(bars.time.length).toBe(5000);
    expect(bars.time[0]).toBe(Date.UTC(2017, 3, 19, 9));
    expect(bars.time[1]! - bars.time[0]!).toBe(3_600_000);
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual([
      1.0716, 1.0722, 1.07083, 1.07219, 1413,
    ]);
  });
});

describe('header variants', () => {
  it('reads Yahoo headers, ignoring Adj Close unless adjusting', () => {
    const { bars, columns } = parseCsv(
      'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,12,9,11,5.5,1000\n2020-01-03,11,13,10,12,6,2000\n',
    );
    expect(columns.adjClose).toBe(5);
    expect(columns.volume).toBe(6);
    expect(Array.from(bars.close)).toEqual([11, 12]);
  });

  it.each([
    ['Date,Open,High,Low,Close,Volume'],
    ['date,open,high,low,close,volume'],
    ['DATE,OPEN,HIGH,LOW,CLOSE,VOLUME'],
    ['datetime,o,h,l,c,v'],
    ['timestamp,Open,High,Low,Close,Vol'],
    ['Time,open,high,low,close,volume'],
    [',Open,High,Low,Close,Volume'],
    ['"Date","Open","High","Low","Close","Volume"'],
    [' Date , Open , High , Low , Close , Volume '],
  ])('header %s', (header) => {
    expectTwoBars(`${header}\n${ROWS.join('\n')}\n`);
  });

  it('maps columns in any order and ignores unknown ones with an info issue', () => {
    const { bars, issues, columns } = parseCsv(
      'Volume,Close,Symbol,Low,High,Open,Date\n1000,11,X,9,12,10,2020-01-02\n2000,12,X,10,13,11,2020-01-03\n',
    );
    expect(columns).toMatchObject({
      time: 6,
      open: 5,
      high: 4,
      low: 3,
      close: 1,
      volume: 0,
      ignored: ['Symbol'],
    });
    expect(Array.from(bars.open)).toEqual([10, 11]);
    expect(issues).toEqual([expect.objectContaining({ code: 'ignored-columns', severity: 'info', row: 1 })]);
  });

  it('accepts adj_close / adjclose / "Adj. Close" spellings', () => {
    for (const name of ['adj_close', 'adjclose', 'Adj. Close', 'Adjusted Close']) {
      const { columns } = parseCsv(`Date,Open,High,Low,Close,${name}\n2020-01-02,10,12,9,11,5.5\n`);
      expect(columns.adjClose, name).toBe(5);
    }
  });

  it('combines separate Date and Time columns (MetaTrader exports)', () => {
    const { bars } = parseCsv(
      'Date\tTime\tOpen\tHigh\tLow\tClose\tVolume\n2017.04.19\t09:00\t1.07\t1.08\t1.06\t1.075\t10\n2017.04.19\t10:00\t1.075\t1.08\t1.07\t1.07\t12\n',
    );
    expect(Array.from(bars.time)).toEqual([Date.UTC(2017, 3, 19, 9), Date.UTC(2017, 3, 19, 10)]);
  });

  it('without a volume column sets volume to 0 with an info issue', () => {
    const { bars, issues } = parseCsv('Date,Open,High,Low,Close\n2020-01-02,10,12,9,11\n');
    expect(Array.from(bars.volume)).toEqual([0]);
    expect(issues).toEqual([expect.objectContaining({ code: 'no-volume', severity: 'info' })]);
  });
});

describe('delimiters, quoting and line endings', () => {
  const header = 'Date,Open,High,Low,Close,Volume';
  it.each([
    [',', `${header}\n${ROWS.join('\n')}`],
    [';', `${header.replaceAll(',', ';')}\n${ROWS.map((r) => r.replaceAll(',', ';')).join('\n')}\n`],
    ['tab', `${header.replaceAll(',', '\t')}\n${ROWS.map((r) => r.replaceAll(',', '\t')).join('\n')}\n`],
    ['CRLF', `${header}\r\n${ROWS.join('\r\n')}\r\n`],
    ['BOM', `\uFEFF${header}\n${ROWS.join('\n')}\n`],
    ['trailing blank lines', `${header}\n${ROWS.join('\n')}\n\n\n`],
    ['leading blank line', `\n${header}\n${ROWS.join('\n')}\n`],
    ['quoted fields', `${header}\n"2020-01-02","10","12","9","11","1000"\n"2020-01-03",11,13,10,12,2000\n`],
    ['quoted delimiter in ignored column', `${header},Note\n${ROWS[0]},"a, b"\n${ROWS[1]},"say ""hi"""\n`],
    ['spaces around values', `${header}\n2020-01-02 , 10 , 12 , 9 , 11 , 1000\n${ROWS[1]}\n`],
  ])('%s', (_name, text) => {
    expectTwoBars(text);
  });

  it('reads epoch seconds and milliseconds', () => {
    const s = Date.UTC(2020, 0, 2) / 1000;
    expectTwoBars(
      `timestamp,open,high,low,close,volume\n${s},10,12,9,11,1000\n${s + 86400},11,13,10,12,2000\n`,
    );
    const ms = Date.UTC(2020, 0, 2);
    expectTwoBars(
      `timestamp,open,high,low,close,volume\n${ms},10,12,9,11,1000\n${ms + D},11,13,10,12,2000\n`,
    );
  });

  it('reads ISO date-times with T, Z and offsets', () => {
    const { bars } = parseCsv(
      'time,open,high,low,close\n2020-01-02T10:00:00Z,1,2,1,2\n2020-01-02T12:00:00+01:00,1,2,1,2\n2020-01-02 12:00,1,2,1,2\n',
    );
    expect(Array.from(bars.time)).toEqual([
      Date.UTC(2020, 0, 2, 10),
      Date.UTC(2020, 0, 2, 11),
      Date.UTC(2020, 0, 2, 12),
    ]);
  });
});

describe('order, duplicates and adjustment', () => {
  const H = 'Date,Open,High,Low,Close,Volume\n';
  it('sorts rows by time with an info issue naming the first row out of order', () => {
    const { bars, issues } = parseCsv(
      `${H}2020-01-03,11,13,10,12,2000\n2020-01-02,10,12,9,11,1000\n2020-01-06,12,14,11,13,3000\n`,
    );
    expect(Array.from(bars.time)).toEqual([day(2020, 1, 2), day(2020, 1, 3), day(2020, 1, 6)]);
    expect(Array.from(bars.volume)).toEqual([1000, 2000, 3000]);
    expect(issues).toEqual([expect.objectContaining({ code: 'sorted', severity: 'info' })]);
    expect(issues[0]!.message).toContain('line 3');
  });

  it('reverses newest-first files', () => {
    const { bars, issues } = parseCsv(
      `${H}2020-01-06,12,14,11,13,3000\n2020-01-03,11,13,10,12,2000\n2020-01-02,10,12,9,11,1000\n`,
    );
    expect(Array.from(bars.volume)).toEqual([1000, 2000, 3000]);
    expect(issues.map((i) => i.message)).toEqual(['rows were newest-first; reversed to ascending time']);
  });

  it('drops exact duplicates with one info issue giving the count', () => {
    const { bars, issues } = parseCsv(
      `${H}${ROWS[0]}\n${ROWS[1]}\n${ROWS[0]}\n${ROWS[1]}\n2020-01-03,11,13,10,12.0,2000\n`,
    );
    expect(bars.time.length).toBe(2);
    const dup = issues.find((i) => i.code === 'duplicates-dropped');
    expect(dup?.severity).toBe('info');
    expect(dup?.message).toMatch(/^dropped 3 exact duplicate rows/);
  });

  it('scales OHLC by adjclose/close when adjust is on', () => {
    const text =
      'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,12,8,10,5,1000\n2020-01-03,20,24,16,22,11,500\n';
    const raw = parseCsv(text);
    expect(Array.from(raw.bars.close)).toEqual([10, 22]);
    const adj = parseCsv(text, { adjust: true });
    expect(Array.from(adj.bars.open)).toEqual([5, 10]);
    expect(Array.from(adj.bars.high)).toEqual([6, 12]);
    expect(Array.from(adj.bars.low)).toEqual([4, 8]);
    expect(Array.from(adj.bars.close)).toEqual([5, 11]);
    expect(Array.from(adj.bars.volume)).toEqual([1000, 500]);
  });

  it('keeps low ≤ open, close ≤ high exactly after adjusting', () => {
    const { bars } = parseCsv(
      'Date,Open,High,Low,Close,Adj Close\n2020-01-02,100.34,100.34,99.1,100.34,99.1\n2020-01-03,0.3,0.3,0.1,0.1,0.7\n',
      { adjust: true },
    );
    for (let i = 0; i < 2; i++) {
      expect(bars.high[i]).toBeGreaterThanOrEqual(Math.max(bars.open[i]!, bars.close[i]!));
      expect(bars.low[i]).toBeLessThanOrEqual(Math.min(bars.open[i]!, bars.close[i]!));
    }
  });

  it('adjust without an Adj Close column is a no-op with an info issue', () => {
    const { bars, issues } = parseCsv(`${H}${ROWS.join('\n')}`, { adjust: true });
    expect(Array.from(bars.close)).toEqual([11, 12]);
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['no-adj-close', 'info']]);
  });
});
