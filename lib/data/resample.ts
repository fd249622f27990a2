// Coarser bars from finer ones (1m → 5m/15m/1h, 1h → 4h, 1d → 1w, 1d → 1M …). Buckets are aligned to
// UTC: fixed lengths to multiples of their length since the epoch, weeks start on Monday 00:00,
// months on the 1st. One pass, O(n); bucket bounds are computed only when a new bucket starts.
import type { Bars } from '../engine/types';
import { DataError } from './errors';
import { formatTime } from './scan';
import { parseTimeframe, type Timeframe } from './timeframe';

export interface ResampleResult {
  readonly bars: Bars;
  readonly timeframe: string;
  /**
   * True when the data stops before the last bucket ends (as of `asOf`), so its bar may still
   * change: e.g. a week whose Friday has not traded yet, or the current hour.
   */
  readonly partialLast: boolean;
  /** Source bars in each output bar. */
  readonly counts: Uint32Array;
}

export interface ResampleOptions {
  /**
   * Time up to which the source is complete (epoch ms, exclusive), e.g. the download's `to` or now.
   * Default: the end of the last source bar.
   */
  readonly asOf?: number;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** 1970-01-05, the first Monday after the epoch (which was a Thursday). */
const MONDAY = 4 * DAY;

/** Throws unless `to` bars can be built exactly from `from` bars. */
function checkDirection(from: Timeframe, to: Timeframe): void {
  const fail = (why: string, hint: string) => {
    throw new DataError('bad-timeframe', `cannot build ${to.label} bars from ${from.label} bars: ${why}`, {
      hint,
    });
  };
  if (from.calendar && !to.calendar) {
    fail('months do not split into smaller bars', `load the data at ${to.label} or finer`);
  }
  if (to.ms < from.ms) {
    fail('resampling only makes bars coarser', `load the data at ${to.label} or finer, then resample`);
  }
  if (to.calendar) {
    if (from.calendar) return;
    if (from.ms > DAY || DAY % from.ms !== 0) {
      fail(`${from.label} bars straddle month boundaries`, 'resample to 1M from 1d or finer');
    }
    return;
  }
  if (to.ms % from.ms !== 0) {
    fail(
      `${to.label} is not a whole number of ${from.label} bars`,
      `pick a source timeframe that divides ${to.label}`,
    );
  }
  if (to.ms === WEEK && from.ms > DAY) {
    fail(`${from.label} bars straddle the Monday week start`, 'resample to 1w from 1d or finer');
  }
}

/** Start of the 1st of the month containing t, and of the next month (UTC). */
function monthBounds(t: number): [number, number] {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return [Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1)];
}

/**
 * OHLCV of `toTf` bars built from `fromTf` bars sorted by time: open = first open, high = max,
 * low = min, close = last close, volume = sum; each bar is stamped with its bucket's start.
 */
export function resample(
  bars: Bars,
  fromTf: string,
  toTf: string,
  opts: ResampleOptions = {},
): ResampleResult {
  const from = parseTimeframe(fromTf);
  const to = parseTimeframe(toTf);
  checkDirection(from, to);
  const time = bars.time;
  const n = time.length;
  // Buckets cannot outnumber the bars nor the bucket starts between the first and last time.
  const span = n === 0 ? 0 : (time[n - 1]! - time[0]!) / (to.calendar ? 28 * DAY : to.ms);
  const cap = n === 0 ? 0 : Number.isFinite(span) && span >= 0 ? Math.min(n, Math.floor(span) + 2) : n;
  const oT = new Float64Array(cap);
  const oO = new Float64Array(cap);
  const oH = new Float64Array(cap);
  const oL = new Float64Array(cap);
  const oC = new Float64Array(cap);
  const oV = new Float64Array(cap);
  const counts = new Uint32Array(cap);
  const { open, high, low, close, volume } = bars;
  const week = to.ms === WEEK && !to.calendar;
  const size = to.ms;
  let k = -1;
  let end = Number.NEGATIVE_INFINITY;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (!(t >= prev)) {
      throw new DataError(
        'bad-argument',
        `resample: bar ${i} (${formatTime(t)}) is not after bar ${i - 1} (${formatTime(prev)})`,
        { hint: 'sort the bars by time and drop duplicates first (loaders already do)' },
      );
    }
    prev = t;
    if (t >= end) {
      let start: number;
      if (to.calendar) {
        [start, end] = monthBounds(t);
      } else if (week) {
        start = Math.floor((t - MONDAY) / WEEK) * WEEK + MONDAY;
        end = start + WEEK;
      } else {
        start = Math.floor(t / size) * size;
        end = start + size;
      }
      k++;
      oT[k] = start;
      oO[k] = open[i]!;
      oH[k] = high[i]!;
      oL[k] = low[i]!;
      oC[k] = close[i]!;
      oV[k] = volume[i]!;
      counts[k] = 1;
      continue;
    }
    const h = high[i]!;
    const l = low[i]!;
    if (h > oH[k]!) oH[k] = h;
    if (l < oL[k]!) oL[k] = l;
    oC[k] = close[i]!;
    oV[k] = oV[k]! + volume[i]!;
    counts[k] = counts[k]! + 1;
  }
  const m = k + 1;
  let partialLast = false;
  if (m > 0) {
    const lastEnd = from.calendar ? monthBounds(time[n - 1]!)[1] : time[n - 1]! + from.ms;
    partialLast = (opts.asOf ?? lastEnd) < end;
  }
  return {
    bars: {
      time: oT.slice(0, m),
      open: oO.slice(0, m),
      high: oH.slice(0, m),
      low: oL.slice(0, m),
      close: oC.slice(0, m),
      volume: oV.slice(0, m),
    },
    timeframe: to.label,
    partialLast,
    counts: counts.slice(0, m),
  };
}
