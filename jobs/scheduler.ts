// Runs the saved schedules with node-cron, inside the server process or alone (`npm run jobs`).
//
// - A tick is claimed with a Redis lock keyed by schedule and tick time, so when several instances run
//   the same schedules exactly one of them runs each tick.
// - A run still going is never started twice: a second lock per schedule is held while it runs, and a
//   tick that finds it held is recorded as a skipped run.
// - A failed run is stored as failed with its error and retried with exponential backoff a bounded
//   number of times; the schedule itself goes on.
// - After a restart, a schedule whose next run time passed while nothing was running runs once
//   ('catch-up'), however many ticks were missed.
import cron, { type ScheduledTask } from 'node-cron';
import type { Cache } from '../lib/data';
import type { Schedule } from '../lib/store';
import { type RunDeps, runStrategy } from './run';

export interface SchedulerOptions extends RunDeps {
  cache: Pick<Cache, 'tryLock' | 'unlock'>;
  log?: (msg: string) => void;
  /** Attempts per tick including the first (default 3) and the first retry delay (default 30 s). */
  retry?: { attempts?: number; baseMs?: number };
  /** Longest a run may hold its schedule's lock (default 15 minutes). */
  maxRunMs?: number;
  /** Label for log lines and locks' owners. */
  instance?: string;
}

interface Entry {
  schedule: Schedule;
  task: ScheduledTask;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;
  private readonly log: (msg: string) => void;
  private readonly now: () => number;

  constructor(private readonly opts: SchedulerOptions) {
    const name = opts.instance ? `scheduler ${opts.instance}` : 'scheduler';
    this.log = (m) => (opts.log ?? console.log)(`${name}: ${m}`);
    this.now = opts.now ?? Date.now;
  }

  /** Loads the enabled schedules, runs the ones missed while down once, and starts ticking. */
  async start(): Promise<void> {
    this.stopped = false;
    const schedules = await this.opts.store.schedules.list({ enabled: true });
    for (const s of schedules) {
      if (s.nextRunAt !== null && s.nextRunAt < this.now() - 1000) this.track(this.catchUp(s));
    }
    await this.refresh(schedules);
    this.log(`${this.entries.size} schedule(s) active`);
  }

  /** Brings the running tasks in line with the store (after a schedule was added, changed or removed). */
  async refresh(known?: Schedule[]): Promise<void> {
    if (this.stopped) return;
    const schedules = known ?? (await this.opts.store.schedules.list({ enabled: true }));
    const wanted = new Map(schedules.map((s) => [s.id, s]));
    for (const [id, e] of this.entries) {
      const s = wanted.get(id);
      if (!s || s.cron !== e.schedule.cron || s.timezone !== e.schedule.timezone) {
        await e.task.destroy();
        this.entries.delete(id);
      }
    }
    for (const s of schedules) {
      if (this.entries.has(s.id)) continue;
      const task = cron.schedule(s.cron, (ctx) => this.track(this.tick(s, ctx.date.getTime())), {
        timezone: s.timezone,
        name: `schedule-${s.id}`,
      });
      this.entries.set(s.id, { schedule: s, task });
      await this.opts.store.schedules.setTick(s.id, {
        lastTickAt: s.lastTickAt ?? 0,
        nextRunAt: this.nextAfter(task, this.now()),
      });
    }
  }

  /** Stops ticking, cancels pending retries and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const e of this.entries.values()) await e.task.destroy();
    this.entries.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs a schedule's strategy now, outside its cron (the Reports page's "Run now"). */
  runNow(schedule: Schedule): Promise<void> {
    return this.track(this.attempt(schedule, 'manual', 1));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => {});
    return p;
  }

  private nextAfter(task: ScheduledTask, t: number): number | null {
    const next = task.getNextRuns(2).find((d) => d.getTime() > t);
    return next ? next.getTime() : null;
  }

  private async tick(s: Schedule, at: number): Promise<void> {
    if (this.stopped) return;
    // Claim this tick; another instance that got here first runs it instead.
    const claimed = await this.opts.cache.tryLock(`tick:${s.id}:${Math.floor(at / 1000)}`, 10 * 60_000);
    if (!claimed) return;
    const entry = this.entries.get(s.id);
    await this.opts.store.schedules.setTick(s.id, {
      lastTickAt: at,
      nextRunAt: entry ? this.nextAfter(entry.task, at) : null,
    });
    await this.attempt(s, 'schedule', 1);
  }

  private async catchUp(s: Schedule): Promise<void> {
    const claimed = await this.opts.cache.tryLock(`catchup:${s.id}:${s.nextRunAt}`, 24 * 3_600_000);
    if (!claimed) return;
    this.log(
      `schedule ${s.id} missed its run at ${new Date(s.nextRunAt!).toISOString()}; running it once now`,
    );
    await this.attempt(s, 'catch-up', 1);
  }

  private async attempt(
    s: Schedule,
    trigger: 'schedule' | 'manual' | 'catch-up',
    attempt: number,
  ): Promise<void> {
    const lock = `run:${s.id}`;
    const token = await this.opts.cache.tryLock(lock, this.opts.maxRunMs ?? 15 * 60_000);
    if (!token) {
      if (attempt > 1) return; // a retry that meets a newer run simply yields to it
      await this.recordSkipped(s, trigger);
      return;
    }
    try {
      await runStrategy(this.opts, { strategyId: s.strategyId, scheduleId: s.id, trigger, attempt });
    } catch (e) {
      const attempts = this.opts.retry?.attempts ?? 3;
      const msg = (e as Error).message.split('\n')[0];
      if (attempt < attempts && !this.stopped) {
        const delay = (this.opts.retry?.baseMs ?? 30_000) * 2 ** (attempt - 1);
        this.log(
          `schedule ${s.id} run failed (attempt ${attempt}/${attempts}): ${msg}; retrying in ${delay} ms`,
        );
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.track(this.attempt(s, trigger, attempt + 1));
        }, delay);
        this.timers.add(timer);
      } else {
        this.log(
          `schedule ${s.id} run failed (attempt ${attempt}/${attempts}): ${msg}; giving up until the next tick`,
        );
      }
    } finally {
      await this.opts.cache.unlock(lock, token);
    }
  }

  private async recordSkipped(s: Schedule, trigger: 'schedule' | 'manual' | 'catch-up'): Promise<void> {
    const strategy = await this.opts.store.strategies.get(s.strategyId);
    if (!strategy) return;
    this.log(`schedule ${s.id}: the previous run is still going; tick skipped`);
    await this.opts.store.runs.insert({
      strategyId: s.strategyId,
      version: strategy.head.version,
      scheduleId: s.id,
      trigger,
      status: 'skipped',
      error: 'skipped: the previous run of this schedule was still going',
    });
  }
}
