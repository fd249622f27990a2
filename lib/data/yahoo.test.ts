import { describe, expect, it } from 'vitest';
import { loadRecording, type Recording, replay } from './fixtures/replay';
import { failAsync } from './test-helpers';
import { checkYahooLookback, fetchYahoo, YAHOO_TIMEFRAMES, yahooTimeframe, yahooWindows } from './yahoo';

const DAY = 86_400_000;
/** The recordings were made on Friday 2024-06-14 after the US close. */
const NOW = Date.UTC(2024, 5, 14, 21);
const now = () => NOW;
const noSleep = { sleep: async () => {} };

function params(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams.entries());
}

interface ChartBody {
  chart: {
    result: {
      timestamp: number[];
      indicators: {
        quote: { open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] }[];
        adjclose?: { adjclose: number[] }[];
      };
    }[];
  };
}
const chartOf = (rec: Recording, i = 0) => (rec.requests[i]!.body as ChartBody).chart.result[0]!;

const FEB5 = Date.UTC(2024, 1, 5);
const FEB14_END = Date.UTC(2024, 1, 14, 23, 59, 59, 999);
const TRADING_DAYS = [5, 6, 7, 8, 9, 12, 13, 14].map((d) => Date.UTC(2024, 1, d));

describe('fetchYahoo daily', () => {
  const rec = loadRecording('yahoo-aapl-1d.json');

  it('asks for the range a day wider each side and stamps bars at 00:00 UTC of their New York date', async () => {
    const r = replay(rec);
    const out = await fetchYahoo(
      { symbol: 'AAPL', from: FEB5, to: FEB14_END, adjusted: false },
      { fetch: r.fetch, now },
    );
    expect(r.calls).toHaveLength(1);
    expect(r.unmatched).toEqual([]);
    const url = new URL(r.calls[0]!);
    expect(url.host + url.pathname).toBe('query2.finance.yahoo.com/v8/finance/chart/AAPL');
    const p = params(r.calls[0]!);
    expect(p.interval).toBe('1d');
    expect(p.includePrePost).toBe('false');
    expect(Number(p.period1)).toBe((FEB5 - DAY) / 1000); // 2024-02-04 00:00 UTC
    expect(Number(p.period2)).toBe(Date.UTC(2024, 1, 16) / 1000); // to + 1 day, exclusive
    // Yahoo also sent Feb 15 (inside the widened window); it is outside [from, to].
    expect(Array.from(out.bars.time)).toEqual(TRADING_DAYS);
    expect(out.meta).toEqual({
      symbol: 'AAPL',
      currency: 'USD',
      exchange: 'NMS',
      timezone: 'America/New_York',
      instrumentType: 'EQUITY',
      timeframe: '1d',
      adjusted: false,
    });
    expect(out.issues).toEqual([]);
  });

  it('raw prices are the recorded quote columns', async () => {
    const r = replay(rec);
    const out = await fetchYahoo(
      { symbol: 'AAPL', from: FEB5, to: FEB14_END, adjusted: false },
      { fetch: r.fetch, now },
    );
    const q = chartOf(rec).indicators.quote[0]!;
    expect(Array.from(out.bars.open)).toEqual(q.open.slice(0, 8));
    expect(Array.from(out.bars.high)).toEqual(q.high.slice(0, 8));
    expect(Array.from(out.bars.low)).toEqual(q.low.slice(0, 8));
    expect(Array.from(out.bars.close)).toEqual(q.close.slice(0, 8));
    expect(Array.from(out.bars.volume)).toEqual(q.volume.slice(0, 8));
  });

  it('adjusted (default) scales open/high/low by adjclose/close and keeps volume', async () => {
    const r = replay(rec);
    const out = await fetchYahoo({ symbol: 'AAPL', from: FEB5, to: FEB14_END }, { fetch: r.fetch, now });
    expect(out.meta.adjusted).toBe(true);
    const chart = chartOf(rec);
    const q = chart.indicators.quote[0]!;
    const adj = chart.indicators.adjclose![0]!.adjclose;
    for (let i = 0; i < 8; i++) {
      const f = adj[i]! / q.close[i]!;
      expect(out.bars.open[i]).toBeCloseTo(q.open[i]! * f, 9);
      expect(out.bars.high[i]).toBeCloseTo(q.high[i]! * f, 9);
      expect(out.bars.low[i]).toBeCloseTo(q.low[i]! * f, 9);
      expect(out.bars.close[i]).toBe(adj[i]);
      expect(out.bars.volume[i]).toBe(q.volume[i]);
    }
    // The 0.24 dividend (ex 2024-02-09) makes earlier factors smaller by 0.24/188.32 (Feb 8's close).
    const f8 = out.bars.close[3]! / 188.32;
    const f9 = out.bars.close[4]! / 188.85;
    expect(f8 / f9).toBeCloseTo(1 - 0.24 / 188.32, 6);
  });

  it('retries an HTTP 429 and then succeeds', async () => {
    const r = replay(loadRecording('yahoo-aapl-1d-429.json'));
    const sleeps: number[] = [];
    const out = await fetchYahoo(
      { symbol: 'AAPL', from: FEB5, to: FEB14_END },
      { fetch: r.fetch, now, retry: { sleep: async (ms) => void sleeps.push(ms) } },
    );
    expect(r.calls).toHaveLength(2);
    expect(r.calls[0]).toBe(r.calls[1]);
    expect(sleeps).toEqual([500]);
    expect(out.bars.time.length).toBe(8);
  });

  it('gives up after the allowed tries with exchange-unavailable', async () => {
    const url = loadRecording('yahoo-aapl-1d.json').requests[0]!.url;
    const r = replay({ requests: [{ url, status: 503, bodyText: 'Service Unavailable', repeat: true }] });
    const sleeps: number[] = [];
    const err = await failAsync(
      fetchYahoo(
        { symbol: 'AAPL', from: FEB5, to: FEB14_END },
        { fetch: r.fetch, now, retry: { attempts: 3, sleep: async (ms) => void sleeps.push(ms) } },
      ),
    );
    expect(err.code).toBe('exchange-unavailable');
    expect(err.message).toBe('yahoo:AAPL: Yahoo Finance did not answer after 3 tries (HTTP 503)');
    expect(err.hint).toMatch(/try again/);
    expect((err.cause as Error).name).toBe('HTTPError');
    expect(r.calls).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });
});

describe('fetchYahoo intraday', () => {
  it('5m: sends the exact range, drops the null (halted) bar and reports it', async () => {
    const r = replay(loadRecording('yahoo-aapl-5m.json'));
    const from = Date.UTC(2024, 5, 13, 13, 30);
    const to = Date.UTC(2024, 5, 13, 14, 25);
    const out = await fetchYahoo({ symbol: 'AAPL', interval: '5m', from, to }, { fetch: r.fetch, now });
    const p = params(r.calls[0]!);
    expect([p.interval, p.period1, p.period2]).toEqual(['5m', String(from / 1000), String(to / 1000 + 1)]);
    const expected: number[] = [];
    for (let t = from; t <= to; t += 300_000) if (t !== Date.UTC(2024, 5, 13, 13, 50)) expected.push(t);
    expect(Array.from(out.bars.time)).toEqual(expected);
    expect(out.bars.close[4]).toBe(213.3); // the bar after the null one
    const codes = out.issues.map((i) => i.code);
    expect(codes).toEqual(['null-rows-dropped', 'not-adjusted']);
    expect(out.issues[0]!.message).toMatch(/^1 bar without prices dropped .*first at 2024-06-13 13:50/);
    expect(out.meta.adjusted).toBe(false);
  });

  it('1m: splits a 9-day range into 7-day requests and joins them', async () => {
    const r = replay(loadRecording('yahoo-msft-1m.json'));
    const from = Date.UTC(2024, 5, 3, 13, 30);
    const to = Date.UTC(2024, 5, 12, 13, 32);
    const out = await fetchYahoo({ symbol: 'MSFT', interval: '1m', from, to }, { fetch: r.fetch, now });
    expect(out.requests).toBe(2);
    expect(r.unmatched).toEqual([]);
    const cut = from + 7 * DAY;
    expect(r.calls.map((u) => [params(u).period1, params(u).period2].map(Number))).toEqual([
      [from / 1000, (cut - 60_000) / 1000 + 1],
      [cut / 1000, to / 1000 + 1],
    ]);
    expect(out.bars.time.length).toBe(9);
    for (let i = 1; i < 9; i++) expect(out.bars.time[i]!).toBeGreaterThan(out.bars.time[i - 1]!);
    expect(out.bars.time[8]).toBe(to);
  });

  it('refuses ranges beyond Yahoo intraday look-back before asking', async () => {
    const r = replay({ requests: [] });
    const cases = [
      ['1m', 31, 30],
      ['5m', 61, 60],
      ['30m', 61, 60],
      ['1h', 800, 730],
    ] as const;
    for (const [interval, ago, limit] of cases) {
      const err = await failAsync(
        fetchYahoo({ symbol: 'AAPL', interval, from: NOW - ago * DAY, to: NOW }, { fetch: r.fetch, now }),
      );
      expect(err.code).toBe('range-limit');
      expect(err.message).toContain(`keeps ${interval} bars for the last ${limit} days only`);
      expect(err.message).toContain(`(${ago} days ago)`);
      expect(err.hint).toMatch(/^start on or after \d{4}-\d\d-\d\d, or use a coarser timeframe/);
    }
    expect(r.calls).toEqual([]);
    expect(() => checkYahooLookback('yahoo:X', '1d', 0, NOW)).not.toThrow();
  });

  it("maps Yahoo's own 422 range refusal to range-limit", async () => {
    const r = replay(loadRecording('yahoo-errors.json'));
    const err = await failAsync(
      fetchYahoo(
        {
          symbol: 'AAPL',
          interval: '1m',
          from: Date.UTC(2024, 4, 20, 13, 30),
          to: Date.UTC(2024, 4, 21, 13, 30),
        },
        { fetch: r.fetch, now },
      ),
    );
    expect(err.code).toBe('range-limit');
    expect(err.message).toContain('must be within the last 30 days');
    expect(r.calls).toHaveLength(1);
  });
});

describe('fetchYahoo errors', () => {
  const errors = loadRecording('yahoo-errors.json');

  it('unknown symbol (404 "No data found") names it and suggests the dash form', async () => {
    const r = replay(errors);
    const err = await failAsync(
      fetchYahoo(
        { symbol: 'BRK.B', from: Date.UTC(2024, 0, 2), to: Date.UTC(2024, 0, 31) },
        { fetch: r.fetch, now },
      ),
    );
    expect(err.code).toBe('unknown-symbol');
    expect(err.message).toBe(
      `yahoo:BRK.B: Yahoo Finance knows no symbol 'BRK.B' (Yahoo says: "No data found, symbol may be delisted")`,
    );
    expect(err.hint).toMatch(/^try yahoo:BRK-B; check the ticker/);
    expect(err.cause).toBeInstanceOf(Error);
    expect(r.calls).toHaveLength(1); // not retried
  });

  it('empty range: a window with no bars names the range', async () => {
    const r = replay(errors);
    const err = await failAsync(
      fetchYahoo(
        { symbol: 'AAPL', interval: '5m', from: Date.UTC(2024, 5, 8, 14), to: Date.UTC(2024, 5, 8, 16) },
        { fetch: r.fetch, now },
      ),
    );
    expect(err.code).toBe('empty-range');
    expect(err.message).toBe(
      'yahoo:AAPL: Yahoo Finance has no 5m bars between 2024-06-08 14:00 and 2024-06-08 16:00',
    );
  });

  it('empty range after cutting: Yahoo sent only the bars around a weekend', async () => {
    // The widened window of Sat-Sun Feb 10-11 holds Fri Feb 9 and Mon Feb 12: cut from the recording.
    const chart = chartOf(loadRecording('yahoo-aapl-1d.json'));
    const pick = <T>(xs: T[]) => xs.slice(4, 6);
    const q = chart.indicators.quote[0]!;
    const from = Date.UTC(2024, 1, 10);
    const to = Date.UTC(2024, 1, 11, 23, 59, 59, 999);
    const url = `https://query2.finance.yahoo.com/v8/finance/chart/AAPL?useYfid=true&interval=1d&includePrePost=false&events=div%7Csplit&lang=en-US&period1=${(from - DAY) / 1000}&period2=${Math.floor((to + DAY) / 1000) + 1}`;
    const body = {
      chart: {
        result: [
          {
            ...chart,
            timestamp: pick(chart.timestamp),
            indicators: {
              quote: [
                {
                  open: pick(q.open),
                  high: pick(q.high),
                  low: pick(q.low),
                  close: pick(q.close),
                  volume: pick(q.volume),
                },
              ],
              adjclose: [{ adjclose: pick(chart.indicators.adjclose![0]!.adjclose) }],
            },
          },
        ],
        error: null,
      },
    };
    const r = replay({ requests: [{ url, body }] });
    const err = await failAsync(fetchYahoo({ symbol: 'AAPL', from, to }, { fetch: r.fetch, now }));
    expect(r.unmatched).toEqual([]);
    expect(err.code).toBe('empty-range');
    expect(err.message).toBe(
      'yahoo:AAPL: Yahoo Finance has no 1d bars between 2024-02-10 and 2024-02-11 23:59:59.999',
    );
  });

  it('a truncated body is bad-response with the parse error kept as cause', async () => {
    const r = replay(errors);
    const err = await failAsync(
      fetchYahoo(
        { symbol: 'AAPL', from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 2, 8) },
        { fetch: r.fetch, now },
      ),
    );
    expect(err.code).toBe('bad-response');
    expect(err.message).toMatch(/^yahoo:AAPL: Yahoo Finance sent a response that is not a valid chart/);
    expect((err.cause as Error).message).toMatch(/not parsable/);
    expect(r.calls).toHaveLength(1);
  });

  it('a body failing the chart schema is bad-response with the validation error kept', async () => {
    const r = replay(errors);
    const err = await failAsync(
      fetchYahoo(
        { symbol: 'AAPL', from: Date.UTC(2024, 3, 1), to: Date.UTC(2024, 3, 8) },
        { fetch: r.fetch, now },
      ),
    );
    expect(err.code).toBe('bad-response');
    expect((err.cause as Error).name).toBe('FailedYahooValidationError');
  });

  it('unsupported and unknown timeframes', async () => {
    expect(yahooTimeframe(undefined)).toBe('1d');
    expect(yahooTimeframe('60m')).toBe('1h');
    expect(yahooTimeframe('1wk')).toBe('1w');
    expect(yahooTimeframe('1mo')).toBe('1M');
    expect(yahooTimeframe('1H')).toBe('1h');
    const err = await failAsync(fetchYahoo({ symbol: 'AAPL', interval: '4h', from: 0, to: NOW }, { now }));
    expect(err.code).toBe('unsupported-timeframe');
    expect(err.message).toBe('Yahoo Finance has no 4h bars; it serves 1m, 5m, 15m, 30m, 1h, 1d, 1w, 1M');
    expect(err.hint).toContain('fetch 1h and resample to 4h');
    expect(YAHOO_TIMEFRAMES).toEqual(['1m', '5m', '15m', '30m', '1h', '1d', '1w', '1M']);
    const bad = await failAsync(
      fetchYahoo({ symbol: 'AAPL', interval: 'banana', from: 0, to: NOW }, { now }),
    );
    expect(bad.code).toBe('bad-timeframe');
  });

  it('bad arguments are refused before any request', async () => {
    const r = replay({ requests: [] });
    for (const req of [
      { symbol: 'AA PL', from: 0, to: 1 },
      { symbol: 'AAPL', from: 2, to: 1 },
      { symbol: 'AAPL', from: Number.NaN, to: 1 },
    ]) {
      expect((await failAsync(fetchYahoo(req, { fetch: r.fetch, now, retry: noSleep }))).code).toBe(
        'bad-argument',
      );
    }
    expect(r.calls).toEqual([]);
  });
});

describe('yahooWindows', () => {
  it('1m windows tile the range in 7-day steps without overlap', () => {
    const from = Date.UTC(2024, 4, 20);
    const to = from + 16 * DAY;
    const w = yahooWindows('1m', from, to);
    expect(w).toHaveLength(3);
    expect(w[0]!.period1).toBe(from / 1000);
    for (let i = 1; i < w.length; i++) {
      expect(w[i]!.period1).toBe(w[i - 1]!.period2 - 1 + 60);
      expect(w[i]!.period2 - w[i]!.period1).toBeLessThanOrEqual(7 * 86_400);
    }
    expect(w[2]!.period2).toBe(to / 1000 + 1);
  });
});
