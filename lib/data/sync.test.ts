import { describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import { DataError } from './errors';
import { memoryRepo } from './fixtures/memory-repo';
import { type BarsFetcher, expectedGapMs, findGaps, formatSpan, gapIssues, syncBars } from './sync';
import { parseTimeframe } from './timeframe';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2024, 0, 1); // a Monday

/** A market: bar times and a price rule; `scale` models a later dividend adjustment. */
function market(times: number[]) {
  let scale = 1;
  let down = false;
  const calls: [number, number][] = [];
  const at = (t: number) => 100 + ((t / H) % 97);
  const fetcher: BarsFetcher = async ({ from, to }) => {
    calls.push([from, to]);
    if (down) throw new DataError('exchange-unavailable', 'x: exchange down', { hint: 'try later' });
    const ts = times.filter((t) => t >= from && t <= to);
    if (ts.length === 0) throw new DataError('empty-range', 'no bars');
    const bars: Bars = {
      time: Float64Array.from(ts),
      open: Float64Array.from(ts, (t) => at(t) * scale),
      high: Float64Array.from(ts, (t) => (at(t) + 1) * scale),
      low: Float64Array.from(ts, (t) => (at(t) - 1) * scale),
      close: Float64Array.from(ts, (t) => (at(t) + 0.5) * scale),
      volume: Float64Array.from(ts, () => 10),
    };
    return { bars, issues: [] };
  };
  return {
    fetcher,
    calls,
    setScale: (s: number) => void (scale = s),
    setDown: (d: boolean) => void (down = d),
    openAt: (t: number) => at(t) * scale,
  };
}

const hours = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i * H);
const req = (from: number, to: number, now: number) =>
  ({ source: 'ccxt:binance:BTC/USDT', symbol: 'BTC/USDT', timeframe: '1h', from, to, now }) as const;

describe('syncBars', () => {
  it('empty store: downloads the range once, stores it, answers from the store', async () => {
    const repo = memoryRepo();
    const m = market(hours(T0, 48));
    const res = await syncBars(repo, m.fetcher, req(T0, T0 + 23 * H, T0 + 48 * H));
    expect(m.calls).toEqual([[T0, T0 + 23 * H]]);
    expect(res.written).toBe(24);
    expect(Array.from(res.bars.time)).toEqual(hours(T0, 24));
    expect(res.bars.open[5]).toBe(m.openAt(T0 + 5 * H));
    expect(res.gaps).toEqual([]);
  });

  it('later sync: fetches only from the newest stored bar on (refreshing it)', async () => {
    const repo = memoryRepo();
    const m = market(hours(T0, 48));
    await syncBars(repo, m.fetcher, req(T0, T0 + 23 * H, T0 + 24 * H));
    const res = await syncBars(repo, m.fetcher, req(T0, T0 + 40 * H, T0 + 41 * H));
    expect(m.calls).toEqual([
      [T0, T0 + 23 * H],
      [T0 + 23 * H, T0 + 40 * H],
    ]);
    expect(res.written).toBe(18); // 23:00 again + 17 new
    expect(Array.from(res.bars.time)).toEqual(hours(T0, 41));
    expect(repo.rows('ccxt:binance:BTC/USDT', 'BTC/USDT', '1h')).toHaveLength(41);
  });

  it('covered range in the past: no download at all', async () => {
    const repo = memoryRepo();
    const m = market(hours(T0, 48));
    await syncBars(repo, m.fetcher, req(T0, T0 + 47 * H, T0 + 48 * H));
    const res = await syncBars(repo, m.fetcher, req(T0 + 10 * H, T0 + 20 * H, T0 + 100 * H));
    expect(m.calls).toHaveLength(1);
    expect(res.fetched).toEqual([]);
    expect(Array.from(res.bars.time)).toEqual(hours(T0 + 10 * H, 11));
  });

  it('an earlier start downloads only the missing head', async () => {
    const repo = memoryRepo();
    const m = market(hours(T0, 48));
    await syncBars(repo, m.fetcher, req(T0 + 24 * H, T0 + 47 * H, T0 + 48 * H));
    const res = await syncBars(repo, m.fetcher, req(T0, T0 + 47 * H, T0 + 48 * H));
    expect(m.calls[1]).toEqual([T0, T0 + 24 * H - 1]);
    expect(m.calls).toHaveLength(2);
    expect(Array.from(res.bars.time)).toEqual(hours(T0, 48));
  });

  it('`to` beyond now is cut at now; an empty head (before listing) is not an error', async () => {
    const repo = memoryRepo();
    const m = market(hours(T0 + 10 * H, 10));
    const res = await syncBars(repo, m.fetcher, req(T0, T0 + 1000 * D, T0 + 30 * H));
    expect(m.calls).toEqual([[T0, T0 + 30 * H]]);
    expect(res.bars.time.length).toBe(10);
    // The store starts at 10:00, later than `from`: the head is asked again and is empty.
    const again = await syncBars(repo, m.fetcher, req(T0, T0 + 19 * H, T0 + 30 * H));
    expect(m.calls[1]).toEqual([T0, T0 + 10 * H - 1]);
    expect(again.bars.time.length).toBe(10);
  });

  it('24/7 markets: any missing bar is a gap, reported not filled', async () => {
    const times = hours(T0, 48).filter((t) => t < T0 + 10 * H || t > T0 + 12 * H);
    const repo = memoryRepo();
    const res = await syncBars(repo, market(times).fetcher, req(T0, T0 + 47 * H, T0 + 48 * H));
    expect(res.gaps).toEqual([{ after: T0 + 9 * H, before: T0 + 13 * H, ms: 4 * H }]);
    expect(res.bars.time.length).toBe(45);
  });

  it('equities (daily): weekends and a Monday holiday are expected, a week-long hole is not', async () => {
    const days: number[] = [];
    for (let t = T0; t < T0 + 70 * D; t += D) {
      const wd = new Date(t).getUTCDay();
      const holiday = t === Date.UTC(2024, 0, 15); // MLK day (Monday)
      const outage = t >= Date.UTC(2024, 1, 12) && t <= Date.UTC(2024, 1, 16); // a missing week
      if (wd !== 0 && wd !== 6 && !holiday && !outage) days.push(t);
    }
    const repo = memoryRepo();
    const m = market(days);
    const res = await syncBars(repo, m.fetcher, {
      source: 'yahoo:AAPL',
      symbol: 'AAPL',
      timeframe: '1d',
      from: T0,
      to: T0 + 69 * D,
      now: T0 + 80 * D,
    });
    expect(res.gaps).toEqual([{ after: Date.UTC(2024, 1, 9), before: Date.UTC(2024, 1, 19), ms: 10 * D }]);
  });

  it('exchange down with stored bars: stored bars are used with a stale-data warning', async () => {
    const repo = memoryRepo();
    const m = market(hours(T0, 48));
    await syncBars(repo, m.fetcher, req(T0, T0 + 23 * H, T0 + 24 * H));
    m.setDown(true);
    const res = await syncBars(repo, m.fetcher, req(T0, T0 + 40 * H, T0 + 41 * H));
    expect(res.bars.time.length).toBe(24);
    expect(res.issues.map((i) => i.code)).toEqual(['stale-data']);
    expect(res.issues[0]!.message).toBe(
      'could not update 2024-01-01 23:00 to 2024-01-02 16:00: x: exchange down',
    );
  });

  it('exchange down with nothing stored: the error propagates', async () => {
    const m = market(hours(T0, 48));
    m.setDown(true);
    await expect(syncBars(memoryRepo(), m.fetcher, req(T0, T0 + 5 * H, T0 + 6 * H))).rejects.toMatchObject({
      code: 'exchange-unavailable',
    });
  });

  it('revised history (the refetched last bar opens differently): the range is downloaded again', async () => {
    const repo = memoryRepo();
    const m = market(hours(T0, 48));
    await syncBars(repo, m.fetcher, req(T0, T0 + 23 * H, T0 + 24 * H));
    m.setScale(0.99); // e.g. a dividend: the provider rescales all of history
    const res = await syncBars(repo, m.fetcher, req(T0, T0 + 40 * H, T0 + 41 * H));
    expect(m.calls.slice(1)).toEqual([
      [T0 + 23 * H, T0 + 40 * H],
      [T0, T0 + 23 * H],
    ]);
    expect(res.issues.map((i) => i.code)).toEqual(['history-revised']);
    for (let i = 0; i < res.bars.time.length; i++)
      expect(res.bars.open[i]).toBeCloseTo(m.openAt(res.bars.time[i]!), 12);
  });

  it('no bars anywhere in the range is empty-range', async () => {
    const m = market([]);
    await expect(syncBars(memoryRepo(), m.fetcher, req(T0, T0 + 5 * H, T0 + 6 * H))).rejects.toMatchObject({
      code: 'empty-range',
    });
  });

  it('bad ranges are refused', async () => {
    const m = market([]);
    await expect(syncBars(memoryRepo(), m.fetcher, req(T0 + H, T0, T0 + 6 * H))).rejects.toMatchObject({
      code: 'bad-argument',
    });
    await expect(syncBars(memoryRepo(), m.fetcher, req(T0 + 10 * H, T0 + 20 * H, T0))).rejects.toMatchObject({
      code: 'empty-range',
    });
  });
});

describe('gap helpers', () => {
  it('expected spacing per market kind', () => {
    expect(expectedGapMs(parseTimeframe('1h'), '24/7')).toBe(H);
    expect(expectedGapMs(parseTimeframe('1d'), 'exchange')).toBe(4 * D);
    expect(expectedGapMs(parseTimeframe('5m'), 'exchange')).toBe(4 * D);
    expect(expectedGapMs(parseTimeframe('1w'), 'exchange')).toBe(7 * D);
    expect(expectedGapMs(parseTimeframe('1M'), '24/7')).toBe(31 * D);
  });

  it('findGaps agrees with a stored-gap scan and gapIssues summarises the largest', () => {
    const time = Float64Array.of(0, H, 2 * H, 6 * H, 7 * H, 9 * H);
    const gaps = findGaps(time, H);
    expect(gaps).toEqual([
      { after: 2 * H, before: 6 * H, ms: 4 * H },
      { after: 7 * H, before: 9 * H, ms: 2 * H },
    ]);
    const [issue] = gapIssues(gaps, H);
    expect(issue!.code).toBe('gaps');
    expect(issue!.message).toBe(
      '2 gaps longer than 1 h between bars; largest: 1970-01-01 02:00 → 1970-01-01 06:00 (4 h), 1970-01-01 07:00 → 1970-01-01 09:00 (2 h)',
    );
    expect(gapIssues([], H)).toEqual([]);
    expect([formatSpan(90 * 60_000), formatSpan(D), formatSpan(10.25 * D), formatSpan(4 * D)]).toEqual([
      '1.5 h',
      '1 day',
      '10.3 days',
      '4 days',
    ]);
  });
});
