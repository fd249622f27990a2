// Where closed bars come from. A feed yields batches of bars in time order, each bar only once it has
// closed; the runner skips bars it has already processed, so a feed may overlap after a restart. Batches may
// be views of the feed's arrays: the runner copies what it keeps.
import { type Bars, barsView } from '../engine';

export type Feed = AsyncIterable<Bars>;

export interface ReplayOptions {
  /** First bar to play (earlier ones are history the runner starts from). */
  readonly from: number;
  /** Bars per batch; 1 plays bar by bar. */
  readonly batch?: number;
  /** Pause between batches in ms (0: as fast as the runner takes them). */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/** Recorded (or synthetic) bars played at any speed: the offline stand-in for a live market. */
export async function* replayFeed(bars: Bars, opts: ReplayOptions): AsyncGenerator<Bars> {
  const batch = Math.max(1, Math.floor(opts.batch ?? 1));
  const wait = Math.max(0, opts.intervalMs ?? 0);
  for (let i = Math.max(0, opts.from); i < bars.time.length; i += batch) {
    if (opts.signal?.aborted) return;
    yield barsView(bars, i, Math.min(bars.time.length, i + batch));
    if (wait > 0) await sleep(wait, opts.signal);
  }
}

/** Waits `ms`, or less when `signal` aborts (at once when it already has, or when `ms` ≤ 0). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The bars of `bars` that have closed by `now`: a bar opened at `time` closes at `time + barMs`. A
 * live source also returns the bar still forming; the runner must never see it.
 */
export function closedBars(bars: Bars, barMs: number, now: number): Bars {
  let n = bars.time.length;
  while (n > 0 && bars.time[n - 1] + barMs > now) n--;
  return n === bars.time.length ? bars : barsView(bars, 0, n);
}
