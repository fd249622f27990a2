// Higher timeframes against hand-computed weeks and months, and the no-look-ahead property of the
// closing rule on irregular stamps.
import { describe, expect, it } from 'vitest';
import { alignClosed, alignClosedMask, resampleBars } from './higher';
import { barsOf, holidayWeeks, rng } from './indicators/test-helpers';
import { bucketBounds, findTimeframe, type Timeframe } from './timeframe';
import { barsView } from './types';

const tf = (label: string): Timeframe => findTimeframe(label)!;
const day = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
const STOCK = holidayWeeks();
const NaN_ = Number.NaN;

describe('resampleBars: weeks of daily bars', () => {
  const w = resampleBars(STOCK, tf('1w'), tf('1d'));

  it('builds OHLCV per Monday week: open first, high max, low min, close last, volume sum', () => {
    expect([...w.bars.time]).toEqual([day(2024, 1, 1), day(2024, 1, 8), day(2024, 1, 15), day(2024, 1, 22)]);
    expect([...w.bars.open]).toEqual([10, 14, 18, 23]);
    expect([...w.bars.high]).toEqual([15, 20, 25, 26]);
    expect([...w.bars.low]).toEqual([8, 12, 17, 22]);
    expect([...w.bars.close]).toEqual([12.5, 16.5, 21.5, 24.5]);
    expect([...w.bars.volume]).toEqual([1000, 100, 15, 15]);
    expect([...w.counts]).toEqual([4, 4, 5, 2]);
  });

  it("shows a week from the next week's first bar: a Friday does not end its week, a holiday could", () => {
    expect([...w.closed]).toEqual([-1, -1, -1, -1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]);
    const close = alignClosed(w.bars.close, w.closed);
    expect([...close]).toEqual([
      NaN_,
      NaN_,
      NaN_,
      NaN_,
      12.5,
      12.5,
      12.5,
      12.5,
      16.5,
      16.5,
      16.5,
      16.5,
      16.5,
      21.5,
      21.5,
    ]);
  });

  it('never shows the incomplete last week (24.5 appears nowhere)', () => {
    expect([...alignClosed(w.bars.close, w.closed)]).not.toContain(24.5);
  });

  it('without the chart timeframe closes weeks the same way here (no bar reaches its week end)', () => {
    expect([...resampleBars(STOCK, tf('1w'), null).closed]).toEqual([...w.closed]);
  });

  it('aligns a condition as 0 until the first week closes', () => {
    const up = Uint8Array.from([1, 0, 1, 0]);
    expect([...alignClosedMask(up, w.closed)]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1]);
  });
});

describe('resampleBars: bars that end their bucket', () => {
  it("crypto: Sunday's daily bar ends its week and shows it on that bar", () => {
    const time = Array.from({ length: 14 }, (_, i) => day(2024, 1, 1 + i)); // Mon 1 .. Sun 14 January
    const c = time.map((_, i) => i + 1);
    const b = barsOf(time, c, c, c, c, c);
    const w = resampleBars(b, tf('1w'), tf('1d'));
    expect([...w.closed]).toEqual([-1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect([...w.bars.close]).toEqual([7, 14]);
    // Without knowing the chart's bars are daily, the week shows on the next Monday.
    expect([...resampleBars(b, tf('1w'), null).closed]).toEqual([
      -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it('months: January ends on its last daily bar; March (ends on a Sunday) on 1 April', () => {
    const time = [
      day(2024, 1, 30),
      day(2024, 1, 31),
      day(2024, 2, 1),
      day(2024, 3, 28),
      day(2024, 3, 29),
      day(2024, 4, 1),
    ];
    const c = [1, 2, 3, 4, 5, 6];
    const m = resampleBars(barsOf(time, c, c, c, c, c), tf('1M'), tf('1d'));
    expect([...m.bars.time]).toEqual([day(2024, 1, 1), day(2024, 2, 1), day(2024, 3, 1), day(2024, 4, 1)]);
    expect([...m.closed]).toEqual([-1, 0, 0, 1, 1, 2]);
    expect([...alignClosed(m.bars.close, m.closed)]).toEqual([NaN_, 2, 2, 3, 3, 5]);
  });

  it('hours: the 03:00 bar ends the 00:00–04:00 bucket and shows it', () => {
    const time = Array.from({ length: 9 }, (_, i) => day(2024, 1, 1, i));
    const c = time.map((_, i) => i);
    const h4 = resampleBars(barsOf(time, c, c, c, c, c), tf('4h'), tf('1h'));
    expect([...h4.bars.close]).toEqual([3, 7, 8]);
    expect([...h4.closed]).toEqual([-1, -1, -1, 0, 0, 0, 0, 1, 1]);
  });

  it('a bar stamped inside a bucket an earlier bar already closed starts a new higher bar', () => {
    // Sunday 00:00 ends the week on a daily chart; a stray Sunday 12:00 bar must not change it (it is a
    // higher bar of its own, which its own end, Monday 12:00, closes at once).
    const time = [day(2024, 1, 6), day(2024, 1, 7), day(2024, 1, 7, 12), day(2024, 1, 8)];
    const c = [1, 2, 3, 4];
    const w = resampleBars(barsOf(time, c, c, c, c, c), tf('1w'), tf('1d'));
    expect([...w.bars.close]).toEqual([2, 3, 4]);
    expect([...w.bars.time]).toEqual([day(2024, 1, 1), day(2024, 1, 1), day(2024, 1, 8)]);
    expect([...w.closed]).toEqual([-1, 0, 1, 1]);
  });
});

describe('resampleBars: no look-ahead (property)', () => {
  it('every prefix sees exactly the higher bars the full series shows up to it, on irregular stamps', () => {
    const r = rng(20261207);
    let checked = 0;
    for (let trial = 0; trial < 40; trial++) {
      const n = 80;
      const time: number[] = [];
      let t = day(2024, 1, 1) + Math.floor(r() * 7) * 86_400_000;
      for (let i = 0; i < n; i++) {
        time.push(t);
        // Mostly daily, with weekends, holidays and stray intraday stamps.
        const g = r();
        t += g < 0.1 ? 3_600_000 * (1 + Math.floor(r() * 20)) : g < 0.3 ? 3 * 86_400_000 : 86_400_000;
      }
      const c = time.map(() => Math.round(r() * 1000));
      const b = barsOf(
        time,
        c,
        c.map((x) => x + 5),
        c.map((x) => x - 5),
        c,
        c,
      );
      for (const [to, chart] of [
        ['1w', '1d'],
        ['1M', '1d'],
        ['3d', '1d'],
        ['1w', null],
      ] as const) {
        const full = resampleBars(b, tf(to), chart ? tf(chart) : null);
        const fullClose = alignClosed(full.bars.close, full.closed);
        const fullHigh = alignClosed(full.bars.high, full.closed);
        for (let k = 1; k <= n; k += 7) {
          const part = resampleBars(barsView(b, 0, k), tf(to), chart ? tf(chart) : null);
          expect([...part.closed]).toEqual([...full.closed.subarray(0, k)]);
          expect([...alignClosed(part.bars.close, part.closed)]).toEqual([...fullClose.subarray(0, k)]);
          expect([...alignClosed(part.bars.high, part.closed)]).toEqual([...fullHigh.subarray(0, k)]);
          checked++;
        }
      }
    }
    expect(checked).toBe(40 * 4 * 12);
  });

  it('every shown higher bar holds only chart bars up to the one that shows it', () => {
    const r = rng(7);
    const time: number[] = [];
    let t = day(2024, 1, 3);
    for (let i = 0; i < 300; i++) {
      time.push(t);
      t += r() < 0.2 ? 3 * 86_400_000 : r() < 0.1 ? 7_200_000 : 86_400_000;
    }
    const c = time.map((_, i) => i);
    const w = resampleBars(barsOf(time, c, c, c, c, c), tf('1w'), tf('1d'));
    // close = the chart index of the higher bar's last chart bar: never later than the bar showing it.
    for (let i = 0; i < time.length; i++) {
      const j = w.closed[i];
      if (j >= 0) expect(w.bars.close[j]).toBeLessThanOrEqual(i);
      if (j >= 0) expect(bucketBounds(w.bars.time[j], tf('1w'))[0]).toBe(w.bars.time[j]);
    }
  });
});
