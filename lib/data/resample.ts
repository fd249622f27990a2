// Coarser bars from finer ones (1m → 5m/15m/1h, 1h → 4h, 1d → 1w, 1d → 1M …). Buckets are aligned to
// UTC: fixed lengths to multiples of their length since the epoch, weeks start on Monday 00:00,
// months on the 1st (lib/engine/timeframe.ts). The buckets are the engine's (lib/engine/higher.ts).
import { type Bars, barEnd, bucketBounds, coarsenProblem, resampleBars } from '../engine';
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

/** Throws unless `to` bars can be built exactly from `from` bars. */
function checkDirection(from: Timeframe, to: Timeframe): void {
  const problem = coarsenProblem(from, to);
  if (!problem) return;
  throw new DataError(
    'bad-timeframe',
    `cannot build ${to.label} bars from ${from.label} bars: ${problem.why}`,
    {
      hint: problem.hint,
    },
  );
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
  }
  // Without the source's bar ends, a bucket holds every bar stamped inside it (no early close).
  const out = resampleBars(bars, to, null);
  const m = out.counts.length;
  let partialLast = false;
  if (m > 0) {
    const end = bucketBounds(out.bars.time[m - 1]!, to)[1];
    const lastEnd = barEnd(time[n - 1]!, from);
    partialLast = (opts.asOf ?? lastEnd) < end;
  }
  return { bars: out.bars, timeframe: to.label, partialLast, counts: out.counts };
}
