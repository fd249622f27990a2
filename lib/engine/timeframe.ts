// Bar timeframes and their calendar buckets, shared by the data layer (loading, resampling) and the
// language's htf(...). Labels follow the common exchange convention: 'm' is minutes, 'M' is months.
// Buckets are UTC: weeks start on Monday 00:00 (TradingView's weeks), months on the 1st, any other
// length at whole multiples of itself since the epoch.

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
const WEEK = 7 * DAY;
/** 1970-01-05, the first Monday after the epoch (which was a Thursday). */
const MONDAY = 4 * DAY;

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
  { label: '1w', ms: WEEK, calendar: false },
  { label: '1M', ms: 30.4375 * DAY, calendar: true },
];

const BY_LABEL = new Map(TIMEFRAMES.map((t) => [t.label, t]));

/**
 * The timeframe a label names, or undefined: 'm' (minutes) and 'M' (months) are case-sensitive; the
 * other units also accept upper case ('4H', '1D', '1W') and surrounding spaces.
 */
export function findTimeframe(s: string): Timeframe | undefined {
  const raw = typeof s === 'string' ? s.trim() : '';
  const unit = raw.slice(-1);
  return BY_LABEL.get(unit === 'm' || unit === 'M' ? raw : raw.toLowerCase());
}

/** Start of the 1st of the month containing t, and of the next month (UTC). */
export function monthBounds(t: number): [number, number] {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return [Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1)];
}

/** The bucket of `tf` holding time t: [start, end) in epoch ms (UTC calendar, weeks from Monday). */
export function bucketBounds(t: number, tf: Timeframe): [number, number] {
  if (tf.calendar) return monthBounds(t);
  if (tf.ms === WEEK) {
    const start = Math.floor((t - MONDAY) / WEEK) * WEEK + MONDAY;
    return [start, start + WEEK];
  }
  const start = Math.floor(t / tf.ms) * tf.ms;
  return [start, start + tf.ms];
}

/** When a bar of `tf` stamped t ends: its month's end for months, t + its length otherwise. */
export function barEnd(t: number, tf: Timeframe): number {
  return tf.calendar ? monthBounds(t)[1] : t + tf.ms;
}

/**
 * Why `to` bars cannot be built exactly from `from` bars (each `from` bar inside one `to` bucket), with
 * what to do instead; undefined when they can. Equal timeframes can.
 */
export function coarsenProblem(from: Timeframe, to: Timeframe): { why: string; hint: string } | undefined {
  if (from.calendar && !to.calendar) {
    return { why: 'months do not split into smaller bars', hint: `load the data at ${to.label} or finer` };
  }
  if (to.ms < from.ms) {
    return {
      why: 'resampling only makes bars coarser',
      hint: `load the data at ${to.label} or finer, then resample`,
    };
  }
  if (to.calendar) {
    if (from.calendar || (from.ms <= DAY && DAY % from.ms === 0)) return undefined;
    return { why: `${from.label} bars straddle month boundaries`, hint: 'resample to 1M from 1d or finer' };
  }
  if (to.ms % from.ms !== 0) {
    return {
      why: `${to.label} is not a whole number of ${from.label} bars`,
      hint: `pick a source timeframe that divides ${to.label}`,
    };
  }
  if (to.ms === WEEK && from.ms > DAY) {
    return {
      why: `${from.label} bars straddle the Monday week start`,
      hint: 'resample to 1w from 1d or finer',
    };
  }
  return undefined;
}

/**
 * Guesses the timeframe from the median spacing between bars `from` .. `to` (indices, `to` exclusive):
 * the nearest known timeframe within 10% (so months of 28–31 days give '1M' and weekend gaps do not
 * disturb '1d'), otherwise a generic one labelled by its spacing ('90s', '10m', '2d'…). Null when
 * the range holds fewer than 2 distinct times.
 */
export function inferTimeframe(time: Float64Array, from = 0, to = time.length): Timeframe | null {
  const gaps: number[] = [];
  for (let i = Math.max(1, from + 1); i < Math.min(to, time.length); i++) {
    const g = time[i] - time[i - 1];
    if (g > 0 && Number.isFinite(g)) gaps.push(g);
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 === 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
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
