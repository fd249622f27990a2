import { describe, expect, it } from 'vitest';
import type { Stats } from '../lib/engine';
import { expectParityFigures } from './parity';
import { parityFigures, requireShared } from './shared';

/** parity.md's figures in our shape: durations as exact days, Start and End as ISO times. */
function statsFromFigures(): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [name, v] of Object.entries(parityFigures())) {
    if (name === 'Start' || name === 'End')
      out[name] = new Date(`${String(v).replace(' ', 'T')}Z`).toISOString();
    else if (typeof v === 'string') out[`${name} [days]`] = Number.parseInt(v, 10);
    else out[name] = v;
  }
  return out;
}
const check = (s: Record<string, number | string>) => () => expectParityFigures(s as unknown as Stats);

describe('requireShared', () => {
  it('returns the path of a file in ../shared and fails with what to do when it is absent', () => {
    expect(requireShared('spec/parity.md')).toMatch(/\/shared\/spec\/parity\.md$/);
    expect(() => requireShared('spec/no-such-file.md')).toThrow(
      /\.\.\/shared\/spec\/no-such-file\.md is missing .*clone the project next to its shared\/ folder/,
    );
  });

  it('reads the file an environment variable names, and says which variable when it is absent', () => {
    process.env.BACKTALK_TEST_SHARED_FILE = '/nonexistent/GOOG.csv';
    try {
      expect(() => requireShared('data/GOOG.csv', 'BACKTALK_TEST_SHARED_FILE')).toThrow(
        '/nonexistent/GOOG.csv (from BACKTALK_TEST_SHARED_FILE) is missing',
      );
    } finally {
      delete process.env.BACKTALK_TEST_SHARED_FILE;
    }
  });
});

describe('expectParityFigures', () => {
  it('accepts the figures themselves, and durations that round up to them', () => {
    expect(check(statsFromFigures())).not.toThrow();
    const s = statsFromFigures();
    s['Avg. Drawdown Duration [days]'] = (s['Avg. Drawdown Duration [days]'] as number) - 0.7;
    s.Beta = (s.Beta as number) * (1 + 0.5e-8);
    expect(check(s)).not.toThrow();
  });

  it('fails on a figure off by more than 1e-8 relative, a duration past its day, a date, a missing figure', () => {
    const off = (edit: (s: Record<string, number | string>) => void) => {
      const s = statsFromFigures();
      edit(s);
      return check(s);
    };
    expect(off((s) => (s.Beta = (s.Beta as number) * (1 + 2e-8)))).toThrow(/Beta/);
    expect(off((s) => (s['Alpha [%]'] = (s['Alpha [%]'] as number) * (1 - 2e-8)))).toThrow(/Alpha/);
    expect(off((s) => (s['Max. Drawdown Duration [days]'] = 830.01))).toThrow(/Max. Drawdown Duration/);
    expect(off((s) => (s.End = '2013-03-02T00:00:00.000Z'))).toThrow(/End/);
    expect(off((s) => delete s.Beta)).toThrow(/Beta is a statistic/);
    expect(off((s) => delete s['Avg. Trade Duration [days]'])).toThrow(/Avg. Trade Duration \[days\] is a/);
  });
});
