import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { type CcxtDeps, checkExchangeId, fetchCcxt, type OhlcvExchange } from './ccxt';
import { loadRecording, type Recording, replay } from './fixtures/replay';
import { failAsync } from './test-helpers';

const H = 3_600_000;
const D = 86_400_000;
const T0 = Date.UTC(2024, 5, 1);
const NOW = Date.UTC(2024, 5, 14, 21);
const MARKETS = loadRecording('binance-markets.json');
const EXCHANGE_INFO = [
  'https://api.binance.com/api/v3/exchangeInfo',
  'https://fapi.binance.com/fapi/v1/exchangeInfo',
  'https://dapi.binance.com/dapi/v1/exchangeInfo',
];

/** Recorded fetch plus a sleep that only records the delays. */
function setup(...recs: Recording[]) {
  const r = replay(MARKETS, ...recs);
  const sleeps: number[] = [];
  const deps: CcxtDeps = {
    fetchImplementation: r.fetch,
    retry: { sleep: async (ms) => void sleeps.push(ms) },
    now: () => NOW,
    limit: 4,
  };
  return { r, sleeps, deps, klines: () => r.calls.filter((u) => u.includes('/klines')) };
}

const q = (url: string) => Object.fromEntries(new URL(url).searchParams.entries());

/** Recorded kline rows → [time, o, h, l, c, v] as numbers (the independent expectation). */
function candles(rec: Recording): number[][] {
  const out: number[][] = [];
  for (const e of rec.requests) for (const k of e.body as unknown[][]) out.push(k.slice(0, 6).map(Number));
  return out;
}

describe('fetchCcxt pagination', () => {
  it('loads the markets, then pages forward by since until `to` is covered', async () => {
    const rec = loadRecording('binance-klines-btcusdt-1h.json');
    const { r, deps, klines } = setup(rec);
    const to = T0 + 9 * H;
    const out = await fetchCcxt(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: T0, to },
      deps,
    );
    expect(r.unmatched).toEqual([]);
    expect(r.calls.slice(0, 3).sort()).toEqual([...EXCHANGE_INFO].sort());
    const pages = klines().map(q);
    expect(pages.map((p) => Number(p.startTime))).toEqual([T0, T0 + 3 * H + 1, T0 + 7 * H + 1]);
    expect(pages.every((p) => p.limit === '4' && p.symbol === 'BTCUSDT' && p.interval === '1h')).toBe(true);
    expect(out.pages).toBe(3);
    const want = candles(rec).filter((c) => c[0]! <= to);
    expect(want).toHaveLength(10);
    expect(Array.from(out.bars.time)).toEqual(want.map((c) => c[0]));
    expect(Array.from(out.bars.open)).toEqual(want.map((c) => c[1]));
    expect(Array.from(out.bars.high)).toEqual(want.map((c) => c[2]));
    expect(Array.from(out.bars.low)).toEqual(want.map((c) => c[3]));
    expect(Array.from(out.bars.close)).toEqual(want.map((c) => c[4]));
    expect(Array.from(out.bars.volume)).toEqual(want.map((c) => c[5]));
    expect(out.meta).toEqual({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' });
    expect(out.issues).toEqual([]);
  });

  it('asks for the documented page size by default (binance spot: 1000)', async () => {
    const rec = loadRecording('binance-klines-btcusdt-1h.json');
    const body = rec.requests[0]!.body;
    const url = `https://api.binance.com/api/v3/klines?interval=1h&limit=1000&symbol=BTCUSDT&startTime=${T0}`;
    const { r, deps } = setup({ requests: [{ url, body }] });
    const { limit: _drop, ...rest } = deps;
    const out = await fetchCcxt(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: T0, to: T0 + 3 * H },
      rest,
    );
    expect(r.unmatched).toEqual([]);
    expect(out.bars.time.length).toBe(4);
    expect(out.pages).toBe(1);
  });

  it('an exchange resending the boundary candle yields no duplicate', async () => {
    const rec = loadRecording('binance-klines-ethusdt-1h.json');
    const { r, deps, klines } = setup(rec);
    const out = await fetchCcxt(
      { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1h', from: T0, to: T0 + 6 * H },
      deps,
    );
    expect(r.unmatched).toEqual([]);
    expect(klines().map((u) => Number(q(u).startTime))).toEqual([T0, T0 + 3 * H + 1]);
    expect(Array.from(out.bars.time)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => T0 + i * H));
    expect(Array.from(out.bars.close)).toEqual([3768.2, 3776.05, 3764.4, 3752.83, 3756.14, 3767.35, 3779.12]);
  });

  it('overlapping pages from an exchange that does not filter by since: deduplicated, later copy wins', async () => {
    // A fake exchange (no ccxt parsing in between) returning the candle containing `since` again,
    // updated: the overlap handling of fetchCcxt itself.
    const c = (i: number, close: number) => [T0 + i * H, 10 + i, 20 + i, 5 + i, close, 100 + i];
    const pagesServed: [number, number | undefined][] = [];
    const fake: OhlcvExchange = {
      id: 'binance',
      timeframes: { '1h': '1h' },
      has: { fetchOHLCV: true },
      markets: { 'BTC/USDT': {} },
      loadMarkets: async () => ({}),
      fetchOHLCV: async (_s, _tf, since, limit) => {
        pagesServed.push([since!, limit]);
        if (since === T0) return [c(0, 1), c(1, 2), c(2, 3)];
        if (since === T0 + 2 * H + 1) return [c(2, 33), c(3, 4), c(4, 5)];
        if (since === T0 + 4 * H + 1) return [c(4, 5), c(5, 6)];
        return [];
      },
    };
    const out = await fetchCcxt(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: T0, to: T0 + 5 * H },
      { exchangeFactory: () => fake, limit: 3, now: () => NOW },
    );
    expect(pagesServed).toEqual([
      [T0, 3],
      [T0 + 2 * H + 1, 3],
      [T0 + 4 * H + 1, 3],
    ]);
    expect(Array.from(out.bars.time)).toEqual([0, 1, 2, 3, 4, 5].map((i) => T0 + i * H));
    expect(Array.from(out.bars.close)).toEqual([1, 2, 33, 4, 5, 6]);
  });

  it('stops on an empty page and on a page without progress (never loops)', async () => {
    let calls = 0;
    const stuck: OhlcvExchange = {
      id: 'binance',
      timeframes: { '1h': '1h' },
      has: { fetchOHLCV: true },
      markets: { 'BTC/USDT': {} },
      loadMarkets: async () => ({}),
      // Ignores since and always answers the same two candles.
      fetchOHLCV: async () => {
        calls++;
        return [
          [T0, 1, 2, 0.5, 1.5, 10],
          [T0 + H, 1.5, 2, 1, 1.8, 11],
        ];
      },
    };
    const out = await fetchCcxt(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: T0, to: T0 + 100 * H },
      { exchangeFactory: () => stuck, limit: 50, now: () => NOW },
    );
    expect(calls).toBe(2);
    expect(out.bars.time.length).toBe(2);
  });

  it('refuses a range that would need too many pages, before fetching candles', async () => {
    const { deps, klines } = setup();
    const err = await failAsync(
      fetchCcxt(
        { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: T0, to: T0 + 1000 * H },
        { ...deps, maxPages: 10 },
      ),
    );
    expect(err.code).toBe('too-large');
    expect(err.message).toBe(
      // The end is capped at now (2024-06-14 21:00): 334 candles / 4 per request.
      'ccxt:binance:BTC/USDT: 2024-06-01 to 2024-06-14 21:00 in 1h candles needs about 84 requests of 4 (at most 10)',
    );
    expect(err.hint).toMatch(/shorten the range or use a coarser timeframe/);
    expect(klines()).toEqual([]);
  });
});

describe('fetchCcxt retries', () => {
  const failures = loadRecording('binance-klines-failures.json');

  it('a 429 is retried after a backoff, then the page is used', async () => {
    const { r, sleeps, deps, klines } = setup(failures);
    const out = await fetchCcxt(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: T0, to: T0 + H },
      deps,
    );
    expect(klines()).toHaveLength(2);
    expect(klines()[0]).toBe(klines()[1]);
    expect(sleeps).toEqual([500]);
    expect(out.bars.time.length).toBe(2);
    expect(r.unmatched).toEqual([]);
  });

  it('a timeout on every try ends in exchange-unavailable after bounded, growing waits', async () => {
    const { sleeps, deps, klines } = setup(failures);
    const err = await failAsync(
      fetchCcxt({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '4h', from: T0, to: T0 + D }, deps),
    );
    expect(err.code).toBe('exchange-unavailable');
    expect(err.message).toMatch(
      /^ccxt:binance:BTC\/USDT: binance is unavailable — fetching candles from 2024-06-01 failed after 4 tries \(RequestTimeout: /,
    );
    expect(err.hint).toMatch(/try again later, or load the same market from another exchange/);
    expect(err.cause).toBeInstanceOf(ccxt.RequestTimeout);
    expect(klines()).toHaveLength(4);
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it('a failed market load is retried with a reload', async () => {
    const down: Recording = {
      requests: [
        { url: EXCHANGE_INFO[0]!, status: 503, bodyText: '<html>503 Service Temporarily Unavailable</html>' },
      ],
    };
    const r = replay(down, MARKETS, MARKETS, loadRecording('binance-klines-btcusdt-1h.json'));
    const sleeps: number[] = [];
    const out = await fetchCcxt(
      { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: T0, to: T0 + 3 * H },
      {
        fetchImplementation: r.fetch,
        limit: 4,
        now: () => NOW,
        retry: { sleep: async (ms) => void sleeps.push(ms) },
      },
    );
    expect(sleeps).toEqual([500]);
    expect(r.calls.filter((u) => u === EXCHANGE_INFO[0])).toHaveLength(2);
    expect(out.bars.time.length).toBe(4);
  });

  it('BadSymbol from the exchange is not retried', async () => {
    const { sleeps, deps, klines } = setup(failures);
    const err = await failAsync(
      fetchCcxt(
        { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1w', from: T0, to: T0 + 14 * D },
        deps,
      ),
    );
    expect(err.code).toBe('unknown-symbol');
    expect(err.cause).toBeInstanceOf(ccxt.BadSymbol);
    expect(klines()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('fetchCcxt malformed and empty answers', () => {
  const failures = loadRecording('binance-klines-failures.json');

  it('an HTML page instead of klines is bad-response', async () => {
    const { deps, sleeps } = setup(failures);
    const err = await failAsync(
      fetchCcxt({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1d', from: T0, to: T0 + 3 * D }, deps),
    );
    expect(err.code).toBe('bad-response');
    expect(err.message).toMatch(/malformed candles \(the answer is not JSON: "<html><head><title>Binance/);
    expect(sleeps).toEqual([]);
  });

  it('a candle with an unreadable price is dropped and reported', async () => {
    const { deps } = setup(failures);
    const out = await fetchCcxt(
      { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1d', from: T0, to: T0 + D },
      deps,
    );
    expect(Array.from(out.bars.time)).toEqual([T0 + D]);
    expect(out.bars.close[0]).toBe(3810.43);
    expect(out.issues.map((i) => [i.code, i.message])).toEqual([
      ['null-rows-dropped', '1 candle without prices dropped (first at 2024-06-01)'],
    ]);
  });

  it('no candles in the range is empty-range', async () => {
    const { deps } = setup(failures);
    const from = Date.UTC(2015, 0, 1);
    const err = await failAsync(
      fetchCcxt({ exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1h', from, to: from + 3 * H }, deps),
    );
    expect(err.code).toBe('empty-range');
    expect(err.message).toBe('ccxt:binance:ETH/USDT: no 1h candles between 2015-01-01 and 2015-01-01 03:00');
  });
});

describe('fetchCcxt checks', () => {
  it('an unknown exchange id gets a did-you-mean and no request', async () => {
    const { r } = setup();
    const err = await failAsync(
      fetchCcxt(
        { exchange: 'binanse', symbol: 'BTC/USDT', from: T0, to: T0 + D },
        { fetchImplementation: r.fetch },
      ),
    );
    expect(err.code).toBe('bad-source');
    expect(err.message).toMatch(/^ccxt has no exchange 'binanse' — did you mean 'binance'/);
    expect(r.calls).toEqual([]);
    expect(checkExchangeId(' Kraken ', ccxt.exchanges)).toBe('kraken');
  });

  it("an unknown symbol lists the exchange's close matches ('BTCUSDT' → 'BTC/USDT')", async () => {
    const { deps, klines } = setup();
    const err = await failAsync(
      fetchCcxt({ exchange: 'binance', symbol: 'BTCUSDT', from: T0, to: T0 + D }, deps),
    );
    expect(err.code).toBe('unknown-symbol');
    expect(err.message).toMatch(/^binance has no market 'BTCUSDT' — did you mean 'BTC\/USDT'/);
    expect(klines()).toEqual([]);
    const lower = await failAsync(
      fetchCcxt({ exchange: 'binance', symbol: 'eth/usdt', from: T0, to: T0 + D }, setup().deps),
    );
    expect(lower.message).toMatch(/— did you mean 'ETH\/USDT' or 'BTC\/USDT'\?$/);
  });

  it("a timeframe the exchange lacks lists the exchange's own, without any request", async () => {
    const r = replay({ requests: [] });
    const err = await failAsync(
      fetchCcxt(
        { exchange: 'kraken', symbol: 'BTC/USD', timeframe: '2h', from: T0, to: T0 + D },
        { fetchImplementation: r.fetch },
      ),
    );
    expect(err.code).toBe('unsupported-timeframe');
    const kraken = new ccxt.kraken({});
    const theirs = Object.keys(kraken.timeframes).filter((t) => t !== '2w');
    expect(err.message).toBe(`kraken has no 2h candles; it serves ${theirs.join(', ')}`);
    expect(r.calls).toEqual([]);
  });

  it('bad range arguments', async () => {
    for (const [from, to] of [
      [2, 1],
      [Number.NaN, 1],
    ]) {
      const err = await failAsync(
        fetchCcxt({ exchange: 'binance', symbol: 'BTC/USDT', from: from!, to: to! }),
      );
      expect(err.code).toBe('bad-argument');
    }
  });
});
