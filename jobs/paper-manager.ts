// Keeps every 'running' paper run running in some process: it scans the store now and then and starts
// the runs no live process holds (their lock decides), so a restarted server resumes its runs and a
// second instance takes over those of one that died. Pause, resume and stop change the stored status
// (which every runner reads before each step) and end the local runner at once.
import type { PaperRun } from '../lib/store';
import { type PaperDeps, type PaperOutcome, runPaper } from './paper';

export interface PaperManager {
  /** Ids of the runs this process is running now. */
  active(): string[];
  /** Scans once (also done every scanMs). */
  scan(): Promise<void>;
  pause(id: string): Promise<PaperRun>;
  resume(id: string): Promise<PaperRun>;
  stop(id: string): Promise<PaperRun>;
  /** Stops every local runner and waits for them to let go of their locks. */
  close(): Promise<void>;
}

export function startPaperManager(
  deps: PaperDeps,
  opts: { scanMs?: number; onOutcome?: (id: string, o: PaperOutcome) => void } = {},
): PaperManager {
  const running = new Map<string, { ac: AbortController; done: Promise<void> }>();
  let closed = false;
  const log = deps.log ?? (() => {});

  function start(id: string): void {
    if (closed || running.has(id)) return;
    const ac = new AbortController();
    const done = runPaper(id, deps, ac.signal)
      .then((o) => opts.onOutcome?.(id, o))
      .catch((e) => log(`paper ${id}: ${(e as Error).message}`))
      .finally(() => running.delete(id));
    running.set(id, { ac, done });
  }

  async function scan(): Promise<void> {
    if (closed) return;
    try {
      for (const run of await deps.store.paper.list({ status: 'running' })) start(run.id);
    } catch (e) {
      log(`paper runs could not be listed: ${(e as Error).message}`);
    }
  }

  async function halt(id: string): Promise<void> {
    const r = running.get(id);
    r?.ac.abort();
    await r?.done;
  }

  const timer = setInterval(() => void scan(), Math.max(1_000, opts.scanMs ?? 15_000));
  timer.unref?.();
  void scan();

  return {
    active: () => [...running.keys()],
    scan,
    async pause(id) {
      const run = await deps.store.paper.setStatus(id, 'paused');
      await halt(id);
      return run;
    },
    async resume(id) {
      const run = await deps.store.paper.setStatus(id, 'running');
      start(id);
      return run;
    },
    async stop(id) {
      const run = await deps.store.paper.setStatus(id, 'stopped');
      await halt(id);
      return run;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      const all = [...running.values()];
      for (const r of all) r.ac.abort();
      await Promise.all(all.map((r) => r.done));
    },
  };
}
