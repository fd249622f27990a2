// The golden check: every figure of backtesting.py 0.6.6's run in ../shared/spec/parity.md.
import { expect } from 'vitest';
import { STAT_NAMES, type Stats } from '../lib/engine';
import { parityFigures } from './shared';

/**
 * Every figure of parity.md against `stats`, numbers at 1e-8 relative. backtesting.py writes durations
 * as whole days ("830 days 00:00:00", rounded up to its bar period); ours are exact days, equal once
 * rounded up. Start and End are dates. Each of our statistics must be in the block and each of its
 * figures must be one of ours, so a statistic added on either side cannot go unchecked.
 */
export function expectParityFigures(stats: Stats): void {
  const got = stats as unknown as Record<string, number | string>;
  const checked = new Set<string>();
  for (const [name, want] of Object.entries(parityFigures())) {
    if (name === 'Start' || name === 'End') {
      const iso = new Date(`${String(want).replace(' ', 'T')}Z`).toISOString();
      expect(got[name], name).toBe(iso);
      checked.add(name);
    } else if (typeof want === 'string') {
      const days = want.match(/^(\d+) days 00:00:00$/);
      if (!days) throw new Error(`parity.md: ${name} is "${want}", not a whole number of days`);
      const ours = `${name} [days]`;
      expect(typeof got[ours], `${ours} is a statistic`).toBe('number');
      expect(Math.ceil(got[ours] as number), ours).toBe(Number(days[1]));
      checked.add(ours);
    } else {
      expect(typeof got[name], `${name} is a statistic`).toBe('number');
      const v = got[name] as number;
      expect(Math.abs(v - want), `${name}: ${v} vs ${want}`).toBeLessThanOrEqual(1e-8 * Math.abs(want));
      checked.add(name);
    }
  }
  expect([...checked].sort(), 'every statistic is in parity.md').toEqual([...STAT_NAMES].sort());
}
