import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import type { Gap } from './index';
import { type TempStore, tempStore } from './test-utils';

const MIN = 60_000;
const START = Date.UTC(2023, 0, 1);

function makeBars(n: number, start = START, step = MIN, shift = 0): Bars {
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = start + i * step;
    open[i] = 100 + Math.sin(i / 50) * 10 + shift;
    close[i] = open[i] + Math.cos(i / 7);
    high[i] = Math.max(open[i], close[i]) + 0.25;
    low[i] = Math.min(open[i], close[i]) - 0.25;
    volume[i] = 1000 + (i % 97) + shift;
  }
  return { time, open, high, low, close, volume };
}

function slice(b: Bars, from: number, to: number): Bars {
  return {
    time: b.time.slice(from, to),
    open: b.open.slice(from, to),
    high: b.high.slice(from, to),
    low: b.low.slice(from, to),
    close: b.close.slice(from, to),
    volume: b.volume.slice(from, to),
  };
}

/** First index where two Bars differ in any column, or -1. */
function firstDifference(a: Bars, b: Bars): number {
  if (a.time.length !== b.time.length) return -2;
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
    for (let i = 0; i < a.time.length; i++) if (!Object.is(a[k][i], b[k][i])) return i;
  return -1;
}

let t: TempStore;
beforeAll(async () => {
  t = await tempStore();
});
afterAll(async () => {
  await t.cleanup();
});

describe('bars', () => {
  const N = 100_000;
  const all = makeBars(N);

  it(`upserts ${N} bars fast and reads them back exactly`, async () => {
    const t0 = performance.now();
    const res = await t.store.bars.upsert('csv:test', 'TEST', '1m', all);
    const writeMs = performance.now() - t0;
    const t1 = performance.now();
    const back = await t.store.bars.range('csv:test', 'TEST', '1m');
    const readMs = performance.now() - t1;
    console.log(`bars: upsert ${N} rows ${writeMs.toFixed(0)} ms, range read ${readMs.toFixed(0)} ms`);
    expect(res).toEqual({ rows: N, replaced: 0 });
    expect(back.time).toBeInstanceOf(Float64Array);
    expect(firstDifference(back, all)).toBe(-1);
    expect(writeMs).toBeLessThan(10_000); // generous: the machine is shared; typical is well under 1 s
  });

  it('replaces overlapping bars and keeps the key unique', async () => {
    // Second batch covers the last 30k stored bars plus 20k new ones, with different prices.
    const second = makeBars(50_000, START + (N - 30_000) * MIN, MIN, 7);
    const t0 = performance.now();
    const res = await t.store.bars.upsert('csv:test', 'TEST', '1m', second);
    console.log(`bars: upsert 50000 rows with 30000 overlapping ${(performance.now() - t0).toFixed(0)} ms`);
    expect(res).toEqual({ rows: 50_000, replaced: 30_000 });
    const back = await t.store.bars.range('csv:test', 'TEST', '1m');
    expect(back.time.length).toBe(N + 20_000);
    // Expected by hand: the first N-30000 old bars, then the whole second batch.
    const head = slice(all, 0, N - 30_000);
    expect(firstDifference(slice(back, 0, N - 30_000), head)).toBe(-1);
    expect(firstDifference(slice(back, N - 30_000, N + 20_000), second)).toBe(-1);
    const [dup] = await t.store.db.execute<{ n: number; d: number }>(
      sql`SELECT count(*) AS n, count(DISTINCT time) AS d FROM bars WHERE symbol = 'TEST'`,
    );
    expect(dup.n).toBe(dup.d);
  });

  it('slices ranges inclusively, keeps series apart, reports the last time', async () => {
    const few = makeBars(10, START, 3_600_000);
    await t.store.bars.upsert('csv:test', 'OTHER', '1h', few);
    await t.store.bars.upsert('csv:test', 'OTHER', '4h', makeBars(3, START, 4 * 3_600_000, 50));
    const mid = await t.store.bars.range('csv:test', 'OTHER', '1h', few.time[2], few.time[5]);
    expect(Array.from(mid.time)).toEqual(Array.from(few.time.slice(2, 6)));
    expect(Array.from(mid.close)).toEqual(Array.from(few.close.slice(2, 6)));
    // Bounds between bars.
    const between = await t.store.bars.range('csv:test', 'OTHER', '1h', few.time[2] + 1, few.time[5] - 1);
    expect(Array.from(between.time)).toEqual(Array.from(few.time.slice(3, 5)));
    expect((await t.store.bars.range('csv:test', 'OTHER', '1h', few.time[7])).time.length).toBe(3);
    expect((await t.store.bars.range('csv:test', 'OTHER', '1h', null, few.time[0])).time.length).toBe(1);
    const none = await t.store.bars.range('csv:test', 'NOPE', '1h');
    expect(none.time.length).toBe(0);
    expect(none.volume).toBeInstanceOf(Float64Array);
    expect(await t.store.bars.lastTime('csv:test', 'OTHER', '1h')).toBe(few.time[9]);
    expect(await t.store.bars.lastTime('csv:test', 'TEST', '1m')).toBe(START + (N + 20_000 - 1) * MIN);
    expect(await t.store.bars.lastTime('csv:test', 'NOPE', '1h')).toBeNull();
  });

  it('finds gaps with LAG, matching a naive scan', async () => {
    const H = 3_600_000;
    const kept: number[] = [];
    // Hourly grid of 200 with holes: one missing bar, a stretch of five, and a misaligned late bar.
    for (let i = 0; i < 200; i++) if (i !== 20 && !(i >= 50 && i < 55)) kept.push(START + i * H);
    kept.push(START + 200 * H + H / 2); // 1.5 h after the previous bar
    const b = makeBars(kept.length);
    b.time.set(kept);
    await t.store.bars.upsert('yahoo', 'GAPPY', '1h', b);
    const expected: Gap[] = [];
    for (let i = 1; i < kept.length; i++) {
      const d = kept[i] - kept[i - 1];
      if (d > H) {
        const missing = Math.ceil(d / H) - 1;
        expected.push({
          after: kept[i - 1],
          before: kept[i],
          missing,
          from: kept[i - 1] + H,
          to: kept[i - 1] + missing * H,
        });
      }
    }
    expect(expected.map((g) => g.missing)).toEqual([1, 5, 1]); // the hand count of the holes above
    const gaps = await t.store.bars.gaps('yahoo', 'GAPPY', '1h', H);
    expect(gaps).toEqual(expected);
    expect(gaps[1]).toEqual({
      after: START + 49 * H,
      before: START + 55 * H,
      missing: 5,
      from: START + 50 * H,
      to: START + 54 * H,
    });
    // Within a window only the gaps inside it count.
    expect(
      await t.store.bars.gaps('yahoo', 'GAPPY', '1h', H, { from: START + 30 * H, to: START + 100 * H }),
    ).toEqual([expected[1]]);
    expect(await t.store.bars.gaps('yahoo', 'GAPPY', '1h', 2 * H)).toEqual([
      { after: START + 49 * H, before: START + 55 * H, missing: 2, from: START + 51 * H, to: START + 53 * H },
    ]);
    expect(await t.store.bars.gaps('csv:test', 'OTHER', '1h', H)).toEqual([]);
  });

  it('lists and removes series', async () => {
    const series = await t.store.bars.series();
    expect(series.find((s) => s.symbol === 'OTHER' && s.timeframe === '1h')).toEqual({
      source: 'csv:test',
      symbol: 'OTHER',
      timeframe: '1h',
      count: 10,
      first: START,
      last: START + 9 * 3_600_000,
    });
    expect(await t.store.bars.remove('csv:test', 'OTHER', '4h')).toBe(3);
    expect((await t.store.bars.series()).some((s) => s.timeframe === '4h')).toBe(false);
    expect(await t.store.bars.lastTime('csv:test', 'OTHER', '1h')).not.toBeNull();
  });

  it('rejects malformed bars before writing anything', async () => {
    const b = makeBars(5);
    const bad = (patch: Partial<Bars>) => t.store.bars.upsert('x', 'BAD', '1m', { ...b, ...patch });
    await expect(bad({ time: Float64Array.from([1, 2, 2, 3, 4]) })).rejects.toMatchObject({
      code: 'bad-input',
      message: 'bars.time is not strictly increasing at index 2 (2 then 2)',
    });
    await expect(bad({ time: Float64Array.from([1, 2, 3.5, 4, 5]) })).rejects.toMatchObject({
      message: 'bars.time[2] is 3.5, not whole epoch milliseconds',
    });
    await expect(bad({ time: Float64Array.from([1, Number.NaN, 3, 4, 5]) })).rejects.toMatchObject({
      code: 'bad-input',
    });
    await expect(bad({ volume: new Float64Array(4) })).rejects.toMatchObject({
      message: 'bars.volume has 4 values but bars.time has 5',
    });
    await expect(t.store.bars.upsert('', 'BAD', '1m', b)).rejects.toMatchObject({
      message: 'source must not be empty',
    });
    await expect(t.store.bars.gaps('x', 'BAD', '1m', 0)).rejects.toMatchObject({ code: 'bad-input' });
    expect(await t.store.bars.lastTime('x', 'BAD', '1m')).toBeNull();
    expect(await t.store.bars.upsert('x', 'BAD', '1m', makeBars(0))).toEqual({ rows: 0, replaced: 0 });
  });
});

describe('copyColumn', () => {
  it('copies through the fallback when a vector does not expose its array', async () => {
    const { copyColumn } = await import('./bars');
    const values = [1.5, Number.NaN, -0, 4];
    const fake = { getItem: (i: number) => (i === 1 ? null : values[i]) } as never;
    const out = new Float64Array(6).fill(9);
    copyColumn(fake, out, 1, 4);
    expect(Array.from(out)).toEqual([9, 1.5, Number.NaN, -0, 4, 9]);
  });
});
