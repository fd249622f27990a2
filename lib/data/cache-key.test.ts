import { describe, expect, it } from 'vitest';
import {
  barsKey,
  checkTtlSeconds,
  escapePart,
  kvKey,
  lockKey,
  MAX_LIVE_TTL_SECONDS,
  MIN_TTL_SECONDS,
  PAST_TTL_SECONDS,
  timeframeMs,
  ttlFor,
} from './cache-key';
import { DataError } from './errors';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 3, 12, 0, 0);

describe('ttlFor', () => {
  it('gives a week to a range that ended more than one bar ago', () => {
    expect(PAST_TTL_SECONDS).toBe(604_800);
    expect(ttlFor(DAY, NOW - 2 * DAY, NOW)).toBe(604_800);
    expect(ttlFor(MIN, NOW - MIN - 1, NOW)).toBe(604_800);
    expect(ttlFor(HOUR, Date.UTC(2020, 0, 1), NOW)).toBe(604_800);
  });

  it('gives about one bar to a range that reaches the present', () => {
    expect(ttlFor(MIN, undefined, NOW)).toBe(60);
    expect(ttlFor(5 * MIN, undefined, NOW)).toBe(300);
    expect(ttlFor(HOUR, undefined, NOW)).toBe(3600);
    expect(ttlFor(4 * HOUR, NOW, NOW)).toBe(14_400);
    // Exactly one bar ago is still "the present" (the last bar may still be forming).
    expect(ttlFor(HOUR, NOW - HOUR, NOW)).toBe(3600);
    // A `to` in the future reaches the present too.
    expect(ttlFor(HOUR, NOW + DAY, NOW)).toBe(3600);
  });

  it('clamps the live TTL to [30 s, 1 day]', () => {
    expect(MIN_TTL_SECONDS).toBe(30);
    expect(MAX_LIVE_TTL_SECONDS).toBe(86_400);
    expect(ttlFor(1000, undefined, NOW)).toBe(30);
    expect(ttlFor(29_999, undefined, NOW)).toBe(30);
    expect(ttlFor(30_500, undefined, NOW)).toBe(31);
    expect(ttlFor(DAY, undefined, NOW)).toBe(86_400);
    expect(ttlFor(7 * DAY, undefined, NOW)).toBe(86_400);
    expect(ttlFor(30.4375 * DAY, NOW - DAY, NOW)).toBe(86_400);
  });

  it('defaults now to the clock', () => {
    expect(ttlFor(HOUR, Date.now() - 3 * HOUR)).toBe(604_800);
    expect(ttlFor(HOUR)).toBe(3600);
  });

  it('rejects a bar length that is not a positive number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => ttlFor(bad, undefined, NOW)).toThrow(/bar length must be a positive number of ms/);
    }
  });
});

describe('timeframeMs', () => {
  it('knows the standard labels and the generic ones inferTimeframe makes', () => {
    expect(timeframeMs('1m')).toBe(MIN);
    expect(timeframeMs('1M')).toBe(30.4375 * DAY);
    expect(timeframeMs('4h')).toBe(4 * HOUR);
    expect(timeframeMs('90s')).toBe(90_000);
    expect(timeframeMs('10m')).toBe(10 * MIN);
    expect(timeframeMs('2d')).toBe(2 * DAY);
    expect(timeframeMs('1500ms')).toBe(1500);
    expect(timeframeMs('unknown')).toBeNull();
    expect(timeframeMs('auto')).toBeNull();
    expect(timeframeMs('0d')).toBeNull();
  });
});

describe('escapePart', () => {
  it('keeps plain characters and escapes the rest, including the separator', () => {
    expect(escapePart('AAPL')).toBe('AAPL');
    expect(escapePart('BTC/USDT')).toBe('BTC%2FUSDT');
    expect(escapePart('a:b')).toBe('a%3Ab');
    expect(escapePart('100%')).toBe('100%25');
    expect(escapePart('x y*#')).toBe('x%20y%2A%23');
    expect(escapePart('€')).toBe('%u20AC');
    expect(escapePart('^GSPC')).toBe('^GSPC');
  });

  it('is injective on tricky pairs', () => {
    const pairs = [
      ['%3A', ':'],
      ['%u20AC', '€'],
      ['a%', 'a%25'],
    ];
    for (const [a, b] of pairs) expect(escapePart(a!)).not.toBe(escapePart(b!));
  });

  it('shortens long parts to a prefix and a hash', () => {
    const long = `csv:/data/${'x'.repeat(500)}.csv`;
    const other = `csv:/data/${'x'.repeat(499)}y.csv`;
    const a = escapePart(long);
    expect(a.length).toBe(40 + 1 + 32);
    expect(a).toMatch(/^csv%3A%2Fdata%2Fx{24}#[0-9a-f]{32}$/);
    expect(escapePart(other)).not.toBe(a);
    expect(escapePart(long)).toBe(a);
  });
});

describe('barsKey', () => {
  const base = { source: 'synthetic:1:2500:1d', symbol: 'SYNTH', timeframe: '1d' };

  it('is namespaced, versioned and escaped', () => {
    expect(barsKey(base)).toBe('bt:v1:bars:synthetic%3A1%3A2500%3A1d:SYNTH:1d:*:*');
    expect(barsKey({ ...base, from: 0, to: 1_700_000_000_000 }, 'test')).toBe(
      'test:v1:bars:synthetic%3A1%3A2500%3A1d:SYNTH:1d:0:1700000000000',
    );
    expect(barsKey({ ...base, revision: '2024-01-01' })).toBe(
      'bt:v1:bars:synthetic%3A1%3A2500%3A1d:SYNTH:1d:*:*:2024-01-01',
    );
  });

  it('separates every component', () => {
    const keys = [
      barsKey(base),
      barsKey({ ...base, source: 'synthetic:2:2500:1d' }),
      barsKey({ ...base, symbol: 'OTHER' }),
      barsKey({ ...base, timeframe: '1h' }),
      barsKey({ ...base, from: 0 }),
      barsKey({ ...base, to: 0 }),
      barsKey({ ...base, revision: 'r' }),
      // ':' inside a part cannot shift the boundary between parts.
      barsKey({ source: 'a:b', symbol: 'c', timeframe: '1d' }),
      barsKey({ source: 'a', symbol: 'b:c', timeframe: '1d' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('stays short however long the parts are', () => {
    const k = barsKey({
      source: `csv:${'/very/long/path'.repeat(200)}.csv`,
      symbol: 'S'.repeat(2000),
      timeframe: '1d',
    });
    expect(k.length).toBeLessThan(250);
  });

  it('rejects bad parts with a clear error', () => {
    expect(() => barsKey({ ...base, source: '' })).toThrow(/source must be a non-empty string/);
    expect(() => barsKey({ ...base, symbol: 'x'.repeat(5000) })).toThrow(/symbol is 5000 characters long/);
    expect(() => barsKey({ ...base, from: Number.NaN })).toThrow(/from must be epoch milliseconds/);
    expect(() => barsKey({ ...base, from: 10, to: 5 })).toThrow(/from \(10\) is after to \(5\)/);
    expect(() => barsKey({ ...base, from: 10, to: 5 })).toThrow(DataError);
  });
});

describe('kvKey, lockKey and checkTtlSeconds', () => {
  it('namespaces session keys and locks apart from bars', () => {
    expect(kvKey('chat:42')).toBe('bt:v1:kv:chat%3A42');
    expect(lockKey('nightly')).toBe('bt:v1:lock:nightly');
    expect(kvKey('x', 'ns')).toBe('ns:v1:kv:x');
    expect(() => kvKey('')).toThrow(/key must be a non-empty string/);
  });

  it('checks TTLs', () => {
    expect(checkTtlSeconds(1)).toBe(1);
    expect(checkTtlSeconds(1.2)).toBe(2);
    for (const bad of [0, -1, Number.NaN, 400 * 86_400, '5']) {
      expect(() => checkTtlSeconds(bad)).toThrow(/ttlSeconds must be a number of seconds/);
    }
  });
});
