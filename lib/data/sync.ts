// Keeping a stored series up to date: fetch only what the store lacks (the bars after the newest
// stored one, or the head before the stored range), upsert it, then answer the requested range from
// the store together with the gaps in it. Gaps are reported, never filled with made-up bars.
import type { Bars } from '../engine';
import { type CsvIssue, DataError } from './errors';
import { formatTime } from './scan';
import { type FetchedBars, remoteIssue } from './sync-common';
import { parseTimeframe, type Timeframe } from './timeframe';

/** A stretch between two stored bars further apart than expected (times of those two bars). */
export interface StoredGap {
  readonly after: number;
  readonly before: number;
}

/**
 * What the sync needs from a bar store. lib/store's `BarsRepo` (DuckDB) has this shape; tests use an
 * in-memory one. Ranges are inclusive epoch ms.
 */
export interface BarsRepo {
  /** Writes bars, replacing stored bars at the same times. */
  upsert(source: string, symbol: string, timeframe: string, bars: Bars): Promise<unknown>;
  range(source: string, symbol: string, timeframe: string, from?: number, to?: number): Promise<Bars>;
  lastTime(source: string, symbol: string, timeframe: string): Promise<number | null>;
  /** Consecutive stored bars more than `expectedMs` apart, within from..to. */
  gaps(
    source: string,
    symbol: string,
    timeframe: string,
    expectedMs: number,
    options?: { from?: number; to?: number },
  ): Promise<readonly StoredGap[]>;
}

/** Downloads bars for an inclusive range; throws DataError 'empty-range' when there are none. */
export type BarsFetcher = (range: { readonly from: number; readonly to: number }) => Promise<FetchedBars>;

/**
 * '24/7': crypto, any missing bar is a gap. 'exchange': markets with sessions (equities, FX),
 * where nights, weekends and holidays are expected — only spacings over 4 days count.
 */
export type Session = '24/7' | 'exchange';

export interface SyncRequest {
  /** Canonical source, e.g. 'yahoo:AAPL' or 'ccxt:binance:BTC/USDT' (the store key). */
  readonly source: string;
  readonly symbol: string;
  /** Timeframe label ('1d', '1h', …). */
  readonly timeframe: string;
  readonly from: number;
  readonly to: number;
  /** Current time (epoch ms); bars after it cannot exist. Default Date.now(). */
  readonly now?: number;
  /** Default: '24/7' for ccxt: sources, 'exchange' otherwise. */
  readonly session?: Session;
  /** Override of the largest spacing that is not a gap. */
  readonly maxGapMs?: number;
}

export interface SyncGap extends StoredGap {
  /** before − after. */
  readonly ms: number;
}

export interface SyncResult {
  /** Stored bars with from ≤ time ≤ to after the sync. */
  readonly bars: Bars;
  readonly gaps: readonly SyncGap[];
  /** Issues of the downloads, plus 'stale-data' / 'history-revised' notes. */
  readonly issues: readonly CsvIssue[];
  /** Ranges that were downloaded, in order. */
  readonly fetched: readonly { readonly from: number; readonly to: number }[];
  /** Bars written to the store. */
  readonly written: number;
}

const DAY = 86_400_000;
/** Friday close to Tuesday open around a Monday holiday is 4 days; anything longer is missing data. */
const SESSION_GAP = 4 * DAY;

/** Largest spacing of consecutive bars that is not a gap. */
export function expectedGapMs(tf: Timeframe, session: Session): number {
  const step = tf.calendar ? 31 * DAY : tf.ms;
  if (session === '24/7') return step;
  return tf.ms >= 7 * DAY ? step : Math.max(step, SESSION_GAP);
}

function isSoft(err: unknown): err is DataError {
  return err instanceof DataError && (err.code === 'exchange-unavailable' || err.code === 'bad-response');
}

/**
 * Brings the stored series up to date for [from, to] and returns it from the store with its gaps.
 * With stored bars, download failures of the network kind leave the stored bars in use and add a
 * 'stale-data' warning; without any, they propagate.
 */
export async function syncBars(repo: BarsRepo, fetcher: BarsFetcher, req: SyncRequest): Promise<SyncResult> {
  const tf = parseTimeframe(req.timeframe);
  const { source, symbol } = req;
  const key = tf.label;
  const now = req.now ?? Date.now();
  if (!Number.isFinite(req.from) || !Number.isFinite(req.to) || req.from > req.to) {
    throw new DataError('bad-argument', `sync: bad range ${formatTime(req.from)} to ${formatTime(req.to)}`, {
      hint: 'pass epoch milliseconds with from ≤ to',
    });
  }
  const from = req.from;
  const to = Math.min(req.to, now);
  if (from > to) {
    throw new DataError(
      'empty-range',
      `${source}: the range starts ${formatTime(from)}, after now (${formatTime(now)})`,
      {
        hint: 'choose a start date in the past',
      },
    );
  }
  const session = req.session ?? (source.startsWith('ccxt:') ? '24/7' : 'exchange');
  const maxGap = req.maxGapMs ?? expectedGapMs(tf, session);
  const minStep = tf.calendar ? 28 * DAY : tf.ms;
  const issues: CsvIssue[] = [];
  const fetched: { from: number; to: number }[] = [];
  let written = 0;

  const download = async (a: number, b: number, optional: boolean): Promise<Bars | null> => {
    fetched.push({ from: a, to: b });
    let got: FetchedBars;
    try {
      got = await fetcher({ from: a, to: b });
    } catch (err) {
      // A head before the listing date or a tail with nothing new is not an error.
      if (optional && err instanceof DataError && err.code === 'empty-range') return null;
      if (optional && isSoft(err)) {
        issues.push(
          remoteIssue(
            'stale-data',
            'warning',
            `could not update ${formatTime(a)} to ${formatTime(b)}: ${err.message}`,
            err.hint ?? 'try again later',
          ),
        );
        return null;
      }
      throw err;
    }
    issues.push(...got.issues);
    if (got.bars.time.length > 0) {
      await repo.upsert(source, symbol, key, got.bars);
      written += got.bars.time.length;
    }
    return got.bars;
  };

  const stored = await repo.range(source, symbol, key, from, to);
  let changed = false;
  if (stored.time.length === 0) {
    changed = (await download(from, to, false)) !== null;
  } else {
    const first = stored.time[0]!;
    if (first - from > maxGap) changed = (await download(from, first - 1, true)) !== null || changed;
    const last = (await repo.lastTime(source, symbol, key)) ?? stored.time[stored.time.length - 1]!;
    // A newer bar may exist, or the stored last bar may have been stored while still forming.
    if (last < to && (last + minStep <= to || last + tf.ms > now)) {
      const lastOpen = await openAt(repo, req, key, stored, last);
      const tail = await download(last, to, true);
      if (tail !== null) {
        changed = true;
        // The refetched last bar's open cannot change after it starts; if it did, the provider
        // revised history (a dividend/split adjustment): download the whole range again.
        const i = indexOf(tail.time, last);
        if (i >= 0 && lastOpen !== null && !sameNumber(tail.open[i]!, lastOpen)) {
          issues.push(
            remoteIssue(
              'history-revised',
              'info',
              `${source} revised its history (the ${formatTime(last)} open changed from ${lastOpen} to ${tail.open[i]}; usually a dividend or split adjustment); downloaded ${formatTime(from)} to ${formatTime(last)} again`,
              'nothing to do; bars outside the requested range are refreshed when next requested',
            ),
          );
          await download(from, last, true);
        }
      }
    }
  }
  const bars = changed ? await repo.range(source, symbol, key, from, to) : stored;
  if (bars.time.length === 0) {
    throw new DataError(
      'empty-range',
      `${source}: no ${key} bars between ${formatTime(from)} and ${formatTime(to)}`,
      {
        hint: 'choose dates inside the range the market traded',
        issues,
      },
    );
  }
  const raw = await repo.gaps(source, symbol, key, maxGap, { from, to });
  const gaps = raw.map((g) => ({ after: g.after, before: g.before, ms: g.before - g.after }));
  return { bars, gaps, issues, fetched, written };
}

async function openAt(
  repo: BarsRepo,
  req: SyncRequest,
  key: string,
  stored: Bars,
  t: number,
): Promise<number | null> {
  const i = indexOf(stored.time, t);
  if (i >= 0) return stored.open[i]!;
  const one = await repo.range(req.source, req.symbol, key, t, t);
  return one.time.length > 0 ? one.open[0]! : null;
}

function indexOf(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = time[mid]!;
    if (v === t) return mid;
    if (v < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Spacings over `maxGapMs` between consecutive times (for bars that did not come from a store). */
export function findGaps(time: Float64Array, maxGapMs: number): SyncGap[] {
  const out: SyncGap[] = [];
  for (let i = 1; i < time.length; i++) {
    const ms = time[i]! - time[i - 1]!;
    if (ms > maxGapMs) out.push({ after: time[i - 1]!, before: time[i]!, ms });
  }
  return out;
}

/** '4 h', '90 min', '10 days' */
export function formatSpan(ms: number): string {
  const round = (x: number) => String(Math.round(x * 10) / 10);
  if (ms >= DAY) return `${round(ms / DAY)} day${ms === DAY ? '' : 's'}`;
  if (ms >= 3_600_000) return `${round(ms / 3_600_000)} h`;
  return `${round(ms / 60_000)} min`;
}

/** Gaps as issues for LoadedData (one warning naming the count and the largest few). */
export function gapIssues(gaps: readonly SyncGap[], maxGapMs: number): CsvIssue[] {
  if (gaps.length === 0) return [];
  const largest = [...gaps].sort((a, b) => b.ms - a.ms).slice(0, 3);
  const list = largest
    .map((g) => `${formatTime(g.after)} → ${formatTime(g.before)} (${formatSpan(g.ms)})`)
    .join(', ');
  return [
    remoteIssue(
      'gaps',
      'warning',
      `${gaps.length} gap${gaps.length === 1 ? '' : 's'} longer than ${formatSpan(maxGapMs)} between bars; largest: ${list}`,
      'the source has no bars there (outage, halt or delisting); indicators and fills treat the gap as one step',
    ),
  ];
}
