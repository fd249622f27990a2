// Bar timeframes. Labels follow the common exchange convention: 'm' is minutes, 'M' is months.
import { DataError } from './errors';

export interface Timeframe {
  /** Canonical label, e.g. '15m', '1d', '1M'. */
  readonly label: string;
  /** Nominal bar length in ms. For '1M' this is an average month (30.4375 days): use it for arithmetic only. */
  readonly ms: number;
  /** True when bars follow the calendar (months) rather than a fixed length. */
  readonly calendar: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const TIMEFRAMES: readonly Timeframe[] = [
  { label: '1m', ms: MINUTE, calendar: false },
  { label: '3m', ms: 3 * MINUTE, calendar: false },
  { label: '5m', ms: 5 * MINUTE, calendar: false },
  { label: '15m', ms: 15 * MINUTE, calendar: false },
  { label: '30m', ms: 30 * MINUTE, calendar: false },
  { label: '1h', ms: HOUR, calendar: false },
  { label: '2h', ms: 2 * HOUR, calendar: false },
  { label: '4h', ms: 4 * HOUR, calendar: false },
  { label: '6h', ms: 6 * HOUR, calendar: false },
  { label: '8h', ms: 8 * HOUR, calendar: false },
  { label: '12h', ms: 12 * HOUR, calendar: false },
  { label: '1d', ms: DAY, calendar: false },
  { label: '3d', ms: 3 * DAY, calendar: false },
  { label: '1w', ms: 7 * DAY, calendar: false },
  { label: '1M', ms: 30.4375 * DAY, calendar: true },
];

const BY_LABEL = new Map(TIMEFRAMES.map((t) => [t.label, t]));
const LABELS = TIMEFRAMES.map((t) => t.label).join(', ');

/**
 * '1h' → { label: '1h', ms: 3600000 }. 'm' (minutes) and 'M' (months) are case-sensitive; the other
 * units also accept upper case ('4H', '1D', '1W').
 */
export function parseTimeframe(s: string): Timeframe {
  const raw = typeof s === 'string' ? s.trim() : '';
  const unit = raw.slice(-1);
  const canonical = unit === 'm' || unit === 'M' ? raw : raw.toLowerCase();
  const tf = BY_LABEL.get(canonical);
  if (tf) return tf;
  const shown = typeof s === 'string' ? s.slice(0, 40) : String(s);
  let hint = `use one of ${LABELS} (m = minutes, M = months)`;
  if (/^\d+$/.test(raw)) hint = `add a unit: ${LABELS}`;
  else if (/^\d+(min|mins|minute|minutes)$/i.test(raw)) hint = `write minutes as '${parseInt(raw, 10)}m'`;
  throw new DataError('bad-timeframe', `unknown timeframe '${shown}' — ${hint}`, { hint });
}

/**
 * Guesses the timeframe from the median spacing of the last 100 bars: the nearest known timeframe
 * within 10% (so months of 28–31 days give '1M' and weekend gaps do not disturb '1d'), otherwise a
 * generic one labelled by its spacing ('90s', '10m', '2d'…). Null with fewer than 2 distinct times.
 */
export function inferTimeframe(time: Float64Array): Timeframe | null {
  const n = time.length;
  const from = Math.max(1, n - 100);
  const gaps: number[] = [];
  for (let i = from; i < n; i++) {
    const g = time[i]! - time[i - 1]!;
    if (g > 0 && Number.isFinite(g)) gaps.push(g);
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 === 1 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
  let best: Timeframe | null = null;
  let bestErr = Number.POSITIVE_INFINITY;
  for (const tf of TIMEFRAMES) {
    const err = Math.abs(Math.log(median / tf.ms));
    if (err < bestErr) {
      bestErr = err;
      best = tf;
    }
  }
  if (best && bestErr <= Math.log(1.1)) return best;
  return { label: labelForMs(median), ms: median, calendar: false };
}

function labelForMs(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${Math.round(ms)}ms`;
}
