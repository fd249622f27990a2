// Paper runs on live bars. runPaper holds a run's lock (one owner across server instances, as the
// scheduler's runs), restores its session from the bars it had processed, then takes closed bars from
// its feed: each step's bars, signals, fills and account are committed in one transaction before the
// next step, so a restart (or kill -9) resumes from the last committed bar, catches up on what it
// missed through the feed, and reports no fill twice. Alerts and the dashboard hear of each committed
// step through `notify`, which can never stop the runner.
import { type Bars, barsView } from '../lib/engine';
import {
  type Account,
  type Executor,
  type Feed,
  type Fill,
  fillVerb,
  PaperSession,
  paperExecutor,
  type Signal,
} from '../lib/paper';
import type { PaperEvent, PaperRun } from '../lib/store';
import type { Store } from '../lib/store/server';
import { type LockCache, RunLock } from './run-lock';

/** The lock TTL: a dead owner's run is taken over by another instance within it. */
export const PAPER_LOCK_MS = 60_000;

export interface PaperDeps {
  readonly store: Store;
  readonly locks: LockCache;
  /** Closed bars of the run's market after `after` (epoch ms), as they close, until `signal` aborts. */
  readonly feed: (run: PaperRun, after: number, signal: AbortSignal) => Feed;
  readonly executor?: Executor;
  /** Told of every committed step; errors it throws are logged, never raised. */
  readonly notify?: (run: PaperRun, events: PaperEvent[], account: Account) => void | Promise<void>;
  readonly log?: (msg: string) => void;
}

export type PaperOutcome =
  /** Another live process holds the run. */
  | { readonly ran: false; readonly reason: 'held' | 'not-running' | 'unknown' }
  | {
      readonly ran: true;
      readonly steps: number;
      readonly status: PaperRun['status'];
      readonly error?: string;
    };

export const fillBody = (f: Fill): Record<string, unknown> => ({ ...f, verb: fillVerb(f) });
export const signalBody = (s: Signal): Record<string, unknown> => ({ ...s });

/** The step's events in time order: a bar's fills before the orders placed at its close. */
export function stepEvents(fills: readonly Fill[], signals: readonly Signal[]) {
  const events = [
    ...fills.map((f) => ({ kind: 'fill' as const, time: f.time, body: fillBody(f) })),
    ...signals.map((s) => ({ kind: 'signal' as const, time: s.time, body: signalBody(s) })),
  ];
  return events.sort((a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'fill' ? -1 : 1));
}

/** Runs one paper run until its feed ends, `signal` aborts, its status leaves 'running' or it fails. */
export async function runPaper(id: string, deps: PaperDeps, signal: AbortSignal): Promise<PaperOutcome> {
  const log = deps.log ?? (() => {});
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const lock = await RunLock.acquire(deps.locks, `paper:${id}`, {
    ttlMs: PAPER_LOCK_MS,
    maxMs: Number.POSITIVE_INFINITY,
    log,
    onLost: () => stop.abort(),
  });
  if (!lock) {
    signal.removeEventListener('abort', onAbort);
    return { ran: false, reason: 'held' };
  }
  let steps = 0;
  try {
    const run = await deps.store.paper.get(id);
    if (!run) return { ran: false, reason: 'unknown' };
    if (run.status !== 'running') return { ran: false, reason: 'not-running' };
    const opened = PaperSession.open({
      source: run.source,
      params: run.params,
      timeframe: run.timeframe,
      tradeFrom: run.tradeFrom,
    });
    if (!opened.ok) return await fail(deps, id, steps, `the program has errors:\n${opened.report}`);
    const session = opened.session;
    session.restore(await deps.store.paper.loadBars(id));
    const executor = deps.executor ?? paperExecutor;
    for await (const batch of deps.feed(run, session.lastTime, stop.signal)) {
      if (stop.signal.aborted) break;
      const now = await deps.store.paper.get(id);
      if (now?.status !== 'running') return { ran: true, steps, status: now?.status ?? 'stopped' };
      const step = session.step(batch);
      if (step.added === 0) continue;
      const done = await executor.execute(step);
      const all = session.bars();
      const added: Bars = barsView(all, all.time.length - step.added, all.time.length);
      const events = await deps.store.paper.commitStep(id, {
        bars: added,
        events: stepEvents(done.fills, step.signals),
        account: { ...done.account },
      });
      steps++;
      if (deps.notify) {
        try {
          await deps.notify(now, events, done.account);
        } catch (e) {
          log(`paper ${id}: notifying failed: ${(e as Error).message}`);
        }
      }
    }
    const after = await deps.store.paper.get(id);
    return { ran: true, steps, status: after?.status ?? 'stopped' };
  } catch (e) {
    return await fail(deps, id, steps, (e as Error).message);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await lock.release();
  }
}

async function fail(deps: PaperDeps, id: string, steps: number, error: string): Promise<PaperOutcome> {
  (deps.log ?? (() => {}))(`paper ${id} failed: ${error}`);
  try {
    await deps.store.paper.setStatus(id, 'failed', error);
  } catch {
    // The store itself is what failed: the run stays 'running' and is resumed when it is back.
  }
  return { ran: true, steps, status: 'failed', error };
}
