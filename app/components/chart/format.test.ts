import { describe, expect, it } from 'vitest';
import { lowerBound } from '../../../lib/engine';
import { barSpacing, fmtCompact, fmtPct, fmtTick, fmtTime, priceDecimals, timeTicks } from './format';

const DAY = 86_400_000;

/** Weekday-only daily bars (like a stock), from a UTC date, n bars. */
function weekdays(from: number, n: number): Float64Array {
  const t: number[] = [];
  for (let d = from; t.length < n; d += DAY) {
    const w = new Date(d).getUTCDay();
    if (w !== 0 && w !== 6) t.push(d);
  }
  return Float64Array.from(t);
}

describe('number formats', () => {
  it('picks decimals from the price level', () => {
    expect([150, 50, 12.3, 1.0852, 0.5, 0.0123, 0.00004567].map(priceDecimals)).toEqual([
      2, 2, 3, 5, 5, 5, 8,
    ]);
  });

  it('formats compactly with three significant digits', () => {
    expect([0, 12.345, 999, 1234, 56_789, 1_234_567, -2.5e9, 0.012345].map(fmtCompact)).toEqual([
      '0',
      '12.3',
      '999',
      '1.23K',
      '56.8K',
      '1.23M',
      '-2.5B',
      '0.0123',
    ]);
    expect(fmtCompact(Number.NaN)).toBe('–');
  });

  it('gives axis ticks just enough decimals to differ', () => {
    expect([11_600, 11_620, 11_640].map((v) => fmtTick(v, 20))).toEqual(['11.60K', '11.62K', '11.64K']);
    expect([0, 0.05, 0.1].map((v) => fmtTick(v, 0.05))).toEqual(['0.00', '0.05', '0.10']);
    expect(fmtTick(2_000_000, 1_000_000)).toBe('2M');
    expect(fmtTick(-0.0001, 0.5)).toBe('0.0');
    // One unit per axis: the labels of an axis reaching 12,000 are all in K.
    expect([8000, 10_000, 12_000].map((v) => fmtTick(v, 2000, 12_500))).toEqual(['8K', '10K', '12K']);
    expect([8000, 10_000].map((v) => fmtTick(v, 2000))).toEqual(['8000', '10K']);
    expect([0, 3000, 6000].map((v) => fmtTick(v, 3000, 10_000))).toEqual(['0', '3K', '6K']);
  });

  it('formats percentages with a sign', () => {
    expect(fmtPct(0.0123)).toBe('+1.23%');
    expect(fmtPct(-0.5, 1)).toBe('-50.0%');
  });
});

describe('time formats', () => {
  it('shows dates for daily bars and times for intraday ones, in UTC', () => {
    const t = Date.UTC(2024, 2, 12, 14, 30);
    expect(fmtTime(t, true)).toBe('2024-03-12 14:30');
    expect(fmtTime(t, false)).toBe('Tue 2024-03-12');
  });

  it('measures bar spacing by the median gap (weekends do not count)', () => {
    expect(barSpacing(weekdays(Date.UTC(2024, 0, 1), 100))).toBe(DAY);
    expect(barSpacing(Float64Array.from({ length: 50 }, (_, i) => i * 60_000))).toBe(60_000);
  });

  it('finds the first time at or after a value', () => {
    const t = Float64Array.of(10, 20, 20, 30);
    expect([5, 10, 15, 20, 25, 30, 35].map((x) => lowerBound(t, x))).toEqual([0, 0, 1, 1, 3, 3, 4]);
  });
});

describe('timeTicks', () => {
  it('ticks the first trading day of each month, with years at year starts', () => {
    const t = weekdays(Date.UTC(2023, 9, 2), 130); // Mon 2 Oct 2023 .. Fri 29 Mar 2024
    const { values, labels } = timeTicks(t, 0, t.length - 1, 6);
    // The first bar is not a month's first day (1 Oct was a Sunday), so it carries no tick.
    expect(labels).toEqual(['Nov', 'Dec', '2024', 'Feb', 'Mar']);
    // Each tick is the first bar of its month: the bar before it is in another month.
    for (const i of values.slice(1)) {
      expect(new Date(t[i - 1]).getUTCMonth()).not.toBe(new Date(t[i]).getUTCMonth());
    }
    // Jan 1 2024 is a Monday: the tick is that very bar.
    expect(t[values[2]]).toBe(Date.UTC(2024, 0, 1));
  });

  it('marks month starts on a week-spaced axis, and labels weeks by day number', () => {
    const t = weekdays(Date.UTC(2023, 0, 2), 300);
    const i0 = lowerBound(t, Date.UTC(2023, 4, 15));
    const { values, labels } = timeTicks(t, i0, i0 + 60, 12);
    expect(labels.filter((l) => /^[A-Z]/.test(l))).toEqual(['Jun', 'Jul', 'Aug']);
    values.forEach((i, k) => {
      const d = new Date(t[i]);
      if (/^[A-Z]/.test(labels[k])) expect(new Date(t[i - 1]).getUTCMonth()).not.toBe(d.getUTCMonth());
      else expect([d.getUTCDay(), labels[k]]).toEqual([1, `${d.getUTCDate()}`]); // a Monday
    });
  });

  it('uses clock times for intraday bars and the day number at midnight', () => {
    const t = Float64Array.from({ length: 600 }, (_, i) => Date.UTC(2024, 2, 11, 20) + i * 60_000);
    const { labels, values } = timeTicks(t, 0, 599, 12);
    expect(labels).toEqual([
      '20:00',
      '21:00',
      '22:00',
      '23:00',
      '12',
      '01:00',
      '02:00',
      '03:00',
      '04:00',
      '05:00',
    ]);
    expect(values[1] - values[0]).toBe(60);
  });

  it('never gives more than about maxTicks ticks, nor ticks closer than the minimum gap', () => {
    const t = Float64Array.from({ length: 100_000 }, (_, i) => Date.UTC(2020, 0, 1) + i * 3_600_000);
    for (const max of [3, 8, 20]) {
      const { values } = timeTicks(t, 1000, 90_000, max);
      expect(values.length).toBeLessThanOrEqual(max + 1);
      expect(values.length).toBeGreaterThan(0);
      for (let k = 1; k < values.length; k++)
        expect(values[k] - values[k - 1]).toBeGreaterThanOrEqual((89_000 / max) * 0.6);
    }
  });

  it('is empty for an empty or one-bar window', () => {
    expect(timeTicks(new Float64Array(0), 0, 0, 10).values).toEqual([]);
    expect(timeTicks(Float64Array.of(1, 2, 3), 1, 1, 10).values).toEqual([]);
  });
});
