import { describe, expect, it } from 'vitest';
import { daysFromCivil, formatTime, parseDateTime, parseNumber, parseTimeOfDay } from './scan';

describe('parseNumber', () => {
  it('agrees bit-for-bit with Number() on plain decimals', () => {
    const cases = [
      '0',
      '1',
      '-1',
      '+2.5',
      '100.34',
      '1.07219',
      '0.1',
      '0.30000000000000004',
      '95.96',
      '22351900',
      '123456789012345',
      '1234567890123456789',
      '0.000012345',
      '-0.5',
      '.5',
      '5.',
      '1e3',
      '1.5E-7',
      '2.5e+10',
      '9007199254740993',
      '179.99999999999997',
    ];
    for (const c of cases) expect(Object.is(parseNumber(c), Number(c)), c).toBe(true);
  });

  it('round-trips random doubles printed with full precision', () => {
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const v = (x / 2147483648) * 10 ** ((i % 12) - 4);
      expect(parseNumber(String(v))).toBe(v);
      expect(parseNumber(v.toFixed(4))).toBe(Number(v.toFixed(4)));
    }
  });

  it('trims spaces and reads a slice of a larger string', () => {
    expect(parseNumber('  42.5 ')).toBe(42.5);
    const line = 'x,101.25,y';
    expect(parseNumber(line, 2, 8)).toBe(101.25);
  });

  it('rejects what Number() would wrongly accept or what is not a plain number', () => {
    for (const c of [
      '',
      ' ',
      'NaN',
      'Infinity',
      '-Infinity',
      '0x10',
      '1,5',
      '1_000',
      'null',
      '-',
      '.',
      'e5',
      '1e',
      '1e+',
      '12abc',
      '$5',
      '1 2',
      '--1',
    ]) {
      expect(parseNumber(c), c).toBeNaN();
    }
  });
});

describe('parseDateTime', () => {
  const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
    Date.UTC(y, mo - 1, d, h, mi, s, ms);

  it('reads ISO dates as midnight UTC, with -, / or . separators', () => {
    expect(parseDateTime('2004-08-19')).toBe(utc(2004, 8, 19));
    expect(parseDateTime('2004/08/19')).toBe(utc(2004, 8, 19));
    expect(parseDateTime('2017.04.19')).toBe(utc(2017, 4, 19));
    expect(parseDateTime('2004-8-9')).toBe(utc(2004, 8, 9));
    expect(parseDateTime('20040819')).toBe(utc(2004, 8, 19));
  });

  it('reads date-times as UTC unless they carry a zone', () => {
    expect(parseDateTime('2017-04-19 09:00:00')).toBe(utc(2017, 4, 19, 9));
    expect(parseDateTime('2017-04-19T09:00:00')).toBe(utc(2017, 4, 19, 9));
    expect(parseDateTime('2017-04-19T09:00')).toBe(utc(2017, 4, 19, 9));
    expect(parseDateTime('2017-04-19T09:00:00Z')).toBe(utc(2017, 4, 19, 9));
    expect(parseDateTime('2017-04-19T09:00:00.123Z')).toBe(utc(2017, 4, 19, 9, 0, 0, 123));
    expect(parseDateTime('2017-04-19T09:00:00.5')).toBe(utc(2017, 4, 19, 9, 0, 0, 500));
    expect(parseDateTime('2017-04-19 09:00:00 UTC')).toBe(utc(2017, 4, 19, 9));
    expect(parseDateTime('2017-04-19T09:00:00+02:00')).toBe(utc(2017, 4, 19, 7));
    expect(parseDateTime('2024-01-02 09:30:00-05:00')).toBe(utc(2024, 1, 2, 14, 30));
    expect(parseDateTime('2024-01-02T09:30:00+0530')).toBe(utc(2024, 1, 2, 4));
  });

  it('tells epoch seconds from milliseconds by magnitude', () => {
    expect(parseDateTime('1500000000')).toBe(1_500_000_000_000);
    expect(parseDateTime('1500000000000')).toBe(1_500_000_000_000);
    expect(parseDateTime('1500000000.25')).toBe(1_500_000_000_250);
    expect(parseDateTime('1500000000000000')).toBe(1_500_000_000_000); // µs
    expect(parseDateTime('0')).toBe(0);
    expect(parseDateTime('-86400')).toBe(-86_400_000);
    expect(parseDateTime('99999999999')).toBe(99_999_999_999_000); // still seconds (year 5138)
    expect(parseDateTime('100000000000')).toBe(100_000_000_000); // ms from here on
  });

  it('rejects impossible, ambiguous and malformed dates', () => {
    for (const c of [
      '',
      '2021-02-29',
      '2021-13-01',
      '2021-00-10',
      '2021-04-31',
      '08/19/2004',
      '19.04.2017',
      '2017-04-19 25:00',
      '2017-04-19 09:60',
      '2017-04-19 09:00:61',
      '2017-04-19X09:00',
      '2017-04-19 09:00 PST',
      '2017-04-19T09:00+2',
      'yesterday',
      '1e9',
      '2017-04/19',
    ]) {
      expect(parseDateTime(c), c).toBeNaN();
    }
    expect(parseDateTime('2020-02-29')).toBe(utc(2020, 2, 29));
    expect(parseDateTime('2000-02-29')).toBe(utc(2000, 2, 29));
    expect(parseDateTime('1900-02-29')).toBeNaN();
  });

  it('reads a time of day', () => {
    expect(parseTimeOfDay('09:30')).toBe(9.5 * 3_600_000);
    expect(parseTimeOfDay(' 23:59:59 ')).toBe(86_399_000);
    expect(parseTimeOfDay('9:30pm')).toBeNaN();
  });
});

describe('daysFromCivil and formatTime', () => {
  it('matches Date.UTC across eras', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1969, 12, 31],
      [2000, 2, 29],
      [1600, 3, 1],
      [2100, 12, 31],
      [1, 1, 1],
    ] as const) {
      const ref = new Date(0);
      ref.setUTCFullYear(y, m - 1, d);
      ref.setUTCHours(0, 0, 0, 0);
      expect(daysFromCivil(y, m, d) * 86_400_000, `${y}-${m}-${d}`).toBe(ref.getTime());
    }
  });

  it('formats dates compactly', () => {
    expect(formatTime(Date.UTC(2004, 7, 19))).toBe('2004-08-19');
    expect(formatTime(Date.UTC(2017, 3, 19, 9))).toBe('2017-04-19 09:00');
    expect(formatTime(Date.UTC(2017, 3, 19, 9, 0, 5))).toBe('2017-04-19 09:00:05');
    expect(formatTime(Date.UTC(2017, 3, 19, 9, 0, 5, 20))).toBe('2017-04-19 09:00:05.020');
  });
});
