// Test access to ../shared (reference data and specs that sit next to the project, not in it).
// A test that needs a file there fails with a clear message when it is missing, never skips: a clone
// without ../shared must not pass the reference checks by not running them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { STAT_NAMES, type Stats } from '../lib/engine/stats';

export const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared');

/**
 * The absolute path of `rel` under ../shared, or of the file the environment variable `env` names when
 * it is set; throws a clear error when that file is absent.
 */
export function requireShared(rel: string, env?: string): string {
  const given = env ? process.env[env] : undefined;
  const path = given ? resolve(given) : resolve(SHARED_DIR, rel);
  if (existsSync(path)) return path;
  throw new Error(
    given
      ? `${path} (from ${env}) is missing: point ${env} at the file, or unset it to read ../shared/${rel}`
      : `../shared/${rel} is missing (looked at ${path}): clone the project next to its shared/ folder; ` +
          'the tests that need it fail rather than skip without it',
  );
}

/** The text of a file under ../shared; throws like requireShared when absent. */
export function readShared(rel: string): string {
  return readFileSync(requireShared(rel), 'utf8');
}

/** parity.md's ```json block: every figure of backtesting.py 0.6.6's run, at full precision. */
export function parityFigures(): Record<string, number | string> {
  const block = readShared('spec/parity.md').match(/```json\n([\s\S]*?)```/);
  if (!block) throw new Error('../shared/spec/parity.md no longer holds its ```json block of figures');
  return JSON.parse(block[1]) as Record<string, number | string>;
}

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
