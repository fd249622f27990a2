import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { inferTimeframe, parseTimeframe, TIMEFRAMES } from './timeframe';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

describe('parseTimeframe', () => {
  it('knows every listed timeframe with its length', () => {
    const expected: Record<string, number> = {
      '1m': MIN,
      '3m': 3 * MIN,
      '5m': 5 * MIN,
      '15m': 15 * MIN,
      '30m': 30 * MIN,
      '1h': H,
      '2h': 2 * H,
      '4h': 4 * H,
      '6h': 6 * H,
      '8h': 8 * H,
      '12h': 12 * H,
      '1d': D,
      '3d': 3 * D,
      '1w': 7 * D,
      '1M': 30.4375 * D,
    };
    expect(TIMEFRAMES.map((t) => t.label)).toEqual(Object.keys(expected));
    for (const [label, ms] of Object.entries(expected)) {
      const tf = parseTimeframe(label);
      expect(tf.label).toBe(label);
      expect(tf.ms).toBe(ms);
      expect(tf.calendar).toBe(label === '1M');
    }
  });

  it('keeps m (minutes) and M (months) apart, accepts upper-case H/D/W and spaces', () => {
    expect(parseTimeframe('1m').ms).toBe(MIN);
    expect(parseTimeframe('1M').label).toBe('1M');
    expect(parseTimeframe('4H').label).toBe('4h');
    expect(parseTimeframe(' 1D ').label).toBe('1d');
    expect(parseTimeframe('1W').label).toBe('1w');
  });

  it('rejects anything else, naming the valid ones', () => {
    for (const bad of ['7x', '', '2d', '1', '60', '1 h', 'daily', '10m', '5M']) {
      let err: unknown;
      try {
        parseTimeframe(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(DataError);
      expect((err as DataError).code).toBe('bad-timeframe');
      expect((err as DataError).message).toContain(`unknown timeframe '${bad}'`);
      expect((err as DataError).message).toContain('1m, 3m, 5m');
    }
    expect(() => parseTimeframe('15min')).toThrow(/write minutes as '15m'/);
  });
});

describe('inferTimeframe', () => {
  const series = (n: number, step: (i: number) => number) => {
    const t = new Float64Array(n);
    for (let i = 1; i < n; i++) t[i] = t[i - 1]! + step(i);
    return t;
  };

  it('finds fixed spacings', () => {
    expect(inferTimeframe(series(500, () => H))?.label).toBe('1h');
    expect(inferTimeframe(series(500, () => 15 * MIN))?.label).toBe('15m');
    expect(inferTimeframe(series(50, () => 7 * D))?.label).toBe('1w');
  });

  it('sees daily bars through weekend gaps and months through their varying length', () => {
    // Mon..Fri then a 3-day gap: 4 of 5 gaps are one day.
    expect(inferTimeframe(series(300, (i) => (i % 5 === 0 ? 3 * D : D)))?.label).toBe('1d');
    const months = new Float64Array(40);
    for (let i = 0; i < 40; i++) months[i] = Date.UTC(2020, i, 1);
    expect(inferTimeframe(months)?.label).toBe('1M');
  });

  it('uses only the last 100 bars', () => {
    const t = series(1000, (i) => (i < 800 ? D : H));
    expect(inferTimeframe(t)?.label).toBe('1h');
  });

  it('gives a generic timeframe for unknown spacings and null without two distinct times', () => {
    expect(inferTimeframe(series(100, () => 10 * MIN))).toEqual({
      label: '10m',
      ms: 10 * MIN,
      calendar: false,
    });
    expect(inferTimeframe(series(100, () => 90_000))?.label).toBe('90s');
    expect(inferTimeframe(series(100, () => 2 * D))?.label).toBe('2d');
    expect(inferTimeframe(new Float64Array([5]))).toBeNull();
    expect(inferTimeframe(new Float64Array([5, 5]))).toBeNull();
    expect(inferTimeframe(new Float64Array(0))).toBeNull();
  });
});
