// Date ranges over bars (pure): reading a CLI date, and cutting sorted bars to [from, to].
import { type Bars, barsView, lowerBound, upperBound } from '../engine';
import { DataError, preview } from './errors';
import { parseDateTime } from './scan';

const DAY = 86_400_000;

/**
 * Bars with from ≤ time ≤ to (either bound optional), for bars sorted by time. Returns subarray
 * views sharing memory with `bars` (no copy); possibly empty.
 */
export function sliceBars(bars: Bars, from?: number, to?: number): Bars {
  const a = from === undefined ? 0 : lowerBound(bars.time, from);
  const b = to === undefined ? bars.time.length : upperBound(bars.time, to);
  return barsView(bars, a, Math.max(a, b));
}

/**
 * A CLI date (--from/--to): YYYY-MM-DD, an ISO date-time, or epoch seconds/milliseconds → epoch ms.
 * With endOfDay, a bare date means its last millisecond (so `--to 2020-12-31` includes that day's bars).
 */
export function parseDate(s: string, opts: { endOfDay?: boolean } = {}): number {
  const text = typeof s === 'string' ? s.trim() : '';
  const hint =
    'use YYYY-MM-DD (e.g. 2020-01-31), an ISO date-time (2020-01-31T15:00Z) or epoch seconds/milliseconds';
  if (text === '') throw new DataError('bad-date', 'empty date', { hint });
  const t = text.length > 64 ? Number.NaN : parseDateTime(text, 0, text.length);
  if (Number.isNaN(t)) throw new DataError('bad-date', `cannot read date '${preview(text)}'`, { hint });
  const dateOnly = /^\d{4}([-/.])\d{1,2}\1\d{1,2}$/.test(text) || /^\d{8}$/.test(text);
  return opts.endOfDay && dateOnly ? t + DAY - 1 : t;
}
