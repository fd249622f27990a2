import { describe, expect, it } from 'vitest';
import { memoryRepo } from './fixtures/memory-repo';
import { loadRecording, replay } from './fixtures/replay';
import { loadSource } from './source';
import { DEFAULT_CCXT_CANDLES, defaultCcxtFrom, defaultFrom } from './sync-source';
import { failAsync } from './test-helpers';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2024, 5, 14, 21);
const now = () => NOW;
const T0 = Date.UTC(2024, 5, 1);

describe('loadSource yahoo:', () => {
  it('loads daily bars (default timeframe 1d, adjusted) through the recorded fetch', async () => {
    const r = replay(loadRecording('yahoo-aapl-1d.json'));
    const got = await loadSource('yahoo:AAPL', {
      from: Date.UTC(2024, 1, 5),
      to: Date.UTC(2024, 1, 14, 23, 59, 59, 999),
      deps: { fetch: r.fetch, now },
    });
    expect(r.unmatched).toEqual([]);
    expect(got.source).toBe('yahoo:AAPL');
    expect(got.symbol).toBe('AAPL');
    expect(got.timeframe).toBe('1d');
    expect(got.bars.time.length).toBe(8);
    expect(got.bars.close[0]).not.toBe(187.68); // adjusted by default
    expect(got.issues).toEqual([]); // weekends are not gaps for an exchange
    const raw = await loadSource('yahoo:AAPL', {
      from: Date.UTC(2024, 1, 5),
      to: Date.UTC(2024, 1, 14, 23, 59, 59, 999),
      adjusted: false,
      deps: { fetch: replay(loadRecording('yahoo-aapl-1d.json')).fetch, now },
    });
    expect(raw.bars.close[0]).toBe(187.68);
  });

  it('passes the timeframe and reports dropped rows as issues', async () => {
    const r = replay(loadRecording('yahoo-aapl-5m.json'));
    const got = await loadSource('yahoo:AAPL', {
      timeframe: '5m',
      from: Date.UTC(2024, 5, 13, 13, 30),
      to: Date.UTC(2024, 5, 13, 14, 25),
      deps: { fetch: r.fetch, now },
    });
    expect(got.timeframe).toBe('5m');
    expect(got.bars.time.length).toBe(11);
    expect(got.issues.map((i) => i.code)).toEqual(['null-rows-dropped', 'not-adjusted']);
  });

  it('with a repo: adjusted and raw prices are stored as separate series', async () => {
    const repo = memoryRepo();
    const range = { from: Date.UTC(2024, 1, 5), to: Date.UTC(2024, 1, 14, 23, 59, 59, 999) };
    const fetchOf = () => replay(loadRecording('yahoo-aapl-1d.json')).fetch;
    const adj = await loadSource('yahoo:AAPL', { ...range, deps: { fetch: fetchOf(), now, repo } });
    const raw = await loadSource('yahoo:AAPL', {
      ...range,
      adjusted: false,
      deps: { fetch: fetchOf(), now, repo },
    });
    expect(repo.rows('yahoo:AAPL', 'AAPL', '1d').map((r) => r[4])).toEqual(Array.from(adj.bars.close));
    expect(repo.rows('yahoo:AAPL#raw', 'AAPL', '1d').map((r) => r[4])).toEqual(Array.from(raw.bars.close));
    expect(raw.bars.close[0]).toBe(187.68);
    expect(adj.bars.close[0]).toBeLessThan(187.68);
  });

  it('unknown symbols surface as unknown-symbol', async () => {
    const r = replay(loadRecording('yahoo-errors.json'));
    const err = await failAsync(
      loadSource('yahoo:BRK.B', {
        from: Date.UTC(2024, 0, 2),
        to: Date.UTC(2024, 0, 31),
        deps: { fetch: r.fetch, now },
      }),
    );
    expect(err.code).toBe('unknown-symbol');
  });
});

describe('loadSource ccxt:', () => {
  it('pages through the exchange with the given timeframe', async () => {
    const r = replay(loadRecording('binance-markets.json'), loadRecording('binance-klines-btcusdt-1h.json'));
    const got = await loadSource('ccxt:binance:BTC/USDT', {
      timeframe: '1h',
      from: T0,
      to: T0 + 9 * H,
      deps: { fetchImplementation: r.fetch, limit: 4, now },
    });
    expect(r.unmatched).toEqual([]);
    expect(got.source).toBe('ccxt:binance:BTC/USDT');
    expect(got.symbol).toBe('BTC/USDT');
    expect(got.timeframe).toBe('1h');
    expect(Array.from(got.bars.time)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + i * H));
  });

  it('with a repo: the first load stores, the second is served from the store without klines requests', async () => {
    const repo = memoryRepo();
    const rec = [
      loadRecording('binance-markets.json'),
      loadRecording('binance-klines-btcusdt-1h.json'),
    ] as const;
    const first = replay(...rec);
    const opts = { timeframe: '1h', from: T0, to: T0 + 9 * H } as const;
    const a = await loadSource('ccxt:binance:BTC/USDT', {
      ...opts,
      deps: { fetchImplementation: first.fetch, limit: 4, now, repo },
    });
    expect(repo.rows('ccxt:binance:BTC/USDT', 'BTC/USDT', '1h')).toHaveLength(10);
    const second = replay(...rec);
    const b = await loadSource('ccxt:binance:BTC/USDT', {
      ...opts,
      deps: { fetchImplementation: second.fetch, limit: 4, now, repo },
    });
    expect(second.calls).toEqual([]);
    expect(Array.from(b.bars.close)).toEqual(Array.from(a.bars.close));
  });

  it('reports gaps of 24/7 markets as a warning', async () => {
    const rec = loadRecording('binance-klines-btcusdt-1h.json');
    // Drop the 05:00 candle from the second page: an exchange outage.
    const page2 = rec.requests[1]!;
    const holed = {
      requests: [
        rec.requests[0]!,
        { ...page2, body: (page2.body as unknown[][]).filter((_, i) => i !== 1) },
        rec.requests[2]!,
      ],
    };
    const r = replay(loadRecording('binance-markets.json'), holed);
    const got = await loadSource('ccxt:binance:BTC/USDT', {
      timeframe: '1h',
      from: T0,
      to: T0 + 9 * H,
      deps: { fetchImplementation: r.fetch, limit: 4, now },
    });
    expect(got.bars.time.length).toBe(9);
    expect(got.issues.map((i) => [i.code, i.message])).toEqual([
      ['gaps', '1 gap longer than 1 h between bars; largest: 2024-06-01 04:00 → 2024-06-01 06:00 (2 h)'],
    ]);
  });
});

describe('defaultFrom', () => {
  it('stays inside what Yahoo serves per timeframe', () => {
    expect(defaultFrom('1m', NOW)).toBe(NOW - 7 * D);
    expect(defaultFrom('5m', NOW)).toBe(NOW - 59 * D);
    expect(defaultFrom('1h', NOW)).toBe(NOW - 729 * D);
    expect(defaultFrom('1d', NOW)).toBe(0);
    expect(defaultFrom('1M', NOW)).toBe(0);
  });

  it('ccxt defaults reach back at most DEFAULT_CCXT_CANDLES candles', () => {
    expect(DEFAULT_CCXT_CANDLES).toBe(5000);
    expect(defaultCcxtFrom('1m', NOW)).toBe(NOW - 5000 * 60_000);
    expect(defaultCcxtFrom('1h', NOW)).toBe(NOW - 5000 * H);
    expect(defaultCcxtFrom('1d', NOW)).toBe(NOW - 5000 * D);
  });
});
