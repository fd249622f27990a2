// The feeds paper runs take their bars from. A market 'replay:SPEC' plays SPEC's bars as if live (the
// offline demo and the tests); any other market is polled through the data layer at the timeframe's
// pace, and only bars that have closed are passed on.
import { type Bars, barsView, upperBound } from '../lib/engine';
import { closedBars, sleep } from '../lib/paper';
import type { PaperRun } from '../lib/store';

export const REPLAY_PREFIX = 'replay:';

export interface ReplayPace {
  /** Pause between bars in ms once past the deploy time (0: as fast as the runner takes them). */
  readonly intervalMs: number;
}

/**
 * Recorded bars as a live market: bars before the deploy time arrive at once (the history the
 * indicators warm up on), the rest one by one, `intervalMs` apart. Bars at or before `since` were
 * processed already and are skipped, so a resumed run carries on where it stopped.
 */
export async function* replay(
  bars: Bars,
  run: Pick<PaperRun, 'tradeFrom'>,
  since: number,
  pace: ReplayPace,
  signal: AbortSignal,
): AsyncGenerator<Bars> {
  let i = upperBound(bars.time, since);
  const history = upperBound(bars.time, run.tradeFrom - 1);
  if (i < history) {
    yield barsView(bars, i, history);
    i = history;
  }
  for (; i < bars.time.length && !signal.aborted; i++) {
    yield barsView(bars, i, i + 1);
    await sleep(pace.intervalMs, signal);
  }
}

export interface PollOptions {
  /** Loads the market's bars from `from` (epoch ms) on; may include the bar still forming. */
  readonly load: (from: number | undefined) => Promise<Bars>;
  /** Length of one bar in ms (the run's timeframe). */
  readonly barMs: number;
  /** Wait after a bar's close before asking for it (providers publish a little late). */
  readonly settleMs?: number;
  /** Longest wait before asking again after a failed load (doubles from 1 s). */
  readonly maxBackoffMs?: number;
  readonly now?: () => number;
  /** Waits (tests pass a fake clock's). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log?: (msg: string) => void;
}

/**
 * A live market polled at the timeframe's pace: after each closed bar, ask for the bars since the last
 * one seen and pass on those that have closed. A failed load is retried with back-off, never fatal:
 * the missed bars come with the next successful load.
 */
export async function* poll(since: number, opts: PollOptions, signal: AbortSignal): AsyncGenerator<Bars> {
  const now = opts.now ?? Date.now;
  const settle = opts.settleMs ?? 5_000;
  const wait = opts.sleep ?? sleep;
  let last = since;
  let backoff = 1_000;
  while (!signal.aborted) {
    let bars: Bars | null = null;
    try {
      bars = await opts.load(Number.isFinite(last) ? last + 1 : undefined);
      backoff = 1_000;
    } catch (e) {
      opts.log?.(`loading bars failed (${(e as Error).message}); trying again in ${backoff / 1000} s`);
      await wait(backoff, signal);
      backoff = Math.min(backoff * 2, opts.maxBackoffMs ?? 300_000);
      continue;
    }
    const closed = closedBars(bars, opts.barMs, now());
    const from = upperBound(closed.time, last);
    if (from < closed.time.length) {
      yield barsView(closed, from, closed.time.length);
      last = closed.time[closed.time.length - 1];
    }
    // The next bar closes one bar after the last closed one opened plus its length.
    const next = Number.isFinite(last) ? last + 2 * opts.barMs : now() + opts.barMs;
    await wait(Math.max(1_000, next - now() + settle), signal);
  }
}

/** Bars a replayed market plays live after its deploy time (the rest are the history it warms up on). */
export const REPLAY_LIVE_BARS = 250;

/**
 * The deploy time of a run on a replayed market: recorded bars all lie in the past, so "from now"
 * would leave nothing to play; the last REPLAY_LIVE_BARS bars (at most half of them) play as live.
 */
export function replayTradeFrom(time: Float64Array): number {
  const n = time.length;
  if (n === 0) return Date.now();
  return time[Math.max(0, n - Math.min(REPLAY_LIVE_BARS, Math.floor(n / 2)))];
}
