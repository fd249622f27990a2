// Runs the saved schedules with node-cron, inside the server process or alone (`npm run jobs`).
//
// - A tick is claimed with a Redis lock keyed by schedule and tick time, so when several instances run
//   the same schedules exactly one of them runs each tick.
// - A run still going is never started twice: a second lock per schedule is held while it runs (short
//   TTL, renewed by a heartbeat, owner in its token: see run-lock.ts), and a tick that finds it held by
//   a live owner is recorded as a skipped run.
// - A failed run is stored with its error; it is retried a bounded number of times with exponential
//   backoff, later ticks wait out the same backoff, and after N failures in a row the schedule is
//   paused with the reason (policy.ts). A program that does not compile is not retried.
// - On start: locks of dead processes are released, runs they left 'running' are marked 'interrupted'
//   and retried by the same policy, and a schedule whose run time passed while nothing was running
//   runs once ('catch-up'), however many ticks were missed.
import cron, { type ScheduledTask } from 'node-cron';
import { CronError } from '../lib/cron';
import { checkCron, checkInterval, minScheduleSeconds } from '../lib/cron/server';
import { describeError } from '../lib/log';
import type { RunSummary, Schedule } from '../lib/store';
import { backoffMs, compileProblem, type Policy, policyFrom, type RetryOptions } from './policy';
import { ProgramRefused, type RunDeps, runStrategy } from './run';
import { type LockCache, PROCESS_STARTED_AT, RunLock } from './run-lock';

type Trigger = 'schedule' | 'manual' | 'catch-up';

export interface SchedulerOptions extends RunDeps {
  cache: LockCache;
  log?: (msg: string) => void;
  retry?: RetryOptions;
  /** Failures in a row that pause a schedule (default BACKTALK_SCHEDULE_PAUSE_AFTER, or 5). */
  pauseAfter?: number;
  /** TTL of a run's lock, renewed while the run is alive (default 60 s). */
  lockTtlMs?: number;
  /** Longest a run keeps renewing its schedule's lock (default 15 minutes). */
  maxRunMs?: number;
  /** Least seconds between two runs of a schedule (default BACKTALK_MIN_SCHEDULE_SECONDS, or 60). */
  minIntervalSeconds?: number;
  /** Runs started before this were started by a process that is gone (default: this process's start). */
  bootedAt?: number;
  /** Label for log lines. */
  instance?: string;
}

interface Entry {
  schedule: Schedule;
  task: ScheduledTask;
}

const INTERRUPTED = 'interrupted: the process running it stopped (crash, kill or restart) before it finished';

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Schedules with a retry waiting or running (by generation): their ticks yield to it. */
  private readonly retrying = new Map<string, number>();
  private retries = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The failure each schedule last logged a back-off for, so a long back-off is logged once. */
  private readonly backoffLogged = new Map<string, number>();
  private stopped = false;
  private readonly log: (msg: string) => void;
  private readonly now: () => number;
  private readonly policy: Policy;

  constructor(private readonly opts: SchedulerOptions) {
    const name = opts.instance ? `scheduler ${opts.instance}` : 'scheduler';
    this.log = (m) => (opts.log ?? console.log)(`${name}: ${m}`);
    this.now = opts.now ?? Date.now;
    this.policy = policyFrom(opts.retry, opts.pauseAfter);
  }

  /** Releases dead owners' locks, recovers interrupted runs, catches up missed runs, starts ticking. */
  async start(): Promise<void> {
    this.stopped = false;
    const { store } = this.opts;
    for (const s of await store.schedules.list())
      await RunLock.releaseOrphan(this.opts.cache, `run:${s.id}`, this.log);
    const interrupted = await store.runs.interruptStale(
      this.opts.bootedAt ?? PROCESS_STARTED_AT,
      INTERRUPTED,
    );
    for (const run of interrupted) await this.recoverInterrupted(run);
    const schedules = await store.schedules.list({ enabled: true });
    for (const s of schedules) {
      if (this.retrying.has(s.id)) continue; // its retry is its run
      if (s.nextRunAt !== null && s.nextRunAt < this.now() - 1000) this.background(s, this.catchUp(s));
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
      if (this.entries.has(s.id) || !(await this.usable(s))) continue;
      const task = cron.schedule(s.cron, (ctx) => this.background(s, this.tick(s, ctx.date.getTime())), {
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
    this.retrying.clear();
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

  /** Work nobody awaits (ticks, catch-ups, retries): a failure of the store itself is logged whole. */
  private background(s: Schedule, p: Promise<void>): Promise<void> {
    return this.track(p.catch((e) => this.log(`schedule ${s.id}: ${describeError(e)}`)));
  }

  private nextAfter(task: ScheduledTask, t: number): number | null {
    const next = task.getNextRuns(2).find((d) => d.getTime() > t);
    return next ? next.getTime() : null;
  }

  /**
   * A stored schedule the bounded reader accepts and that keeps the minimum interval; otherwise it is
   * paused with the reason (rows saved by older versions may break today's limits).
   */
  private async usable(s: Schedule): Promise<boolean> {
    try {
      checkCron(s.cron);
      checkInterval(s, this.opts.minIntervalSeconds ?? minScheduleSeconds());
      return true;
    } catch (e) {
      if (!(e instanceof CronError)) throw e;
      const reason = `Paused: ${e.message}`;
      this.log(`schedule ${s.id} not started. ${reason}`);
      await this.opts.store.schedules.update(s.id, { enabled: false, pausedReason: reason, nextRunAt: null });
      return false;
    }
  }

  private async tick(s: Schedule, at: number): Promise<void> {
    if (this.stopped) return;
    // Claim this tick; another instance that got here first runs it instead.
    const claimed = await this.opts.cache.tryLock(`tick:${s.id}:${Math.floor(at / 1000)}`, 10 * 60_000);
    if (!claimed) return;
    const entry = this.entries.get(s.id);
    const fresh = await this.opts.store.schedules.setTick(s.id, {
      lastTickAt: at,
      nextRunAt: entry ? this.nextAfter(entry.task, at) : null,
    });
    if (!fresh.enabled || this.retrying.has(s.id)) return;
    // After failures in a row, ticks wait out the back-off without running (and without a row).
    if (fresh.failures > 0 && fresh.lastFailureAt !== null) {
      const until = fresh.lastFailureAt + backoffMs(this.policy, fresh.failures);
      if (at < until) {
        if (this.backoffLogged.get(s.id) !== fresh.lastFailureAt) {
          this.backoffLogged.set(s.id, fresh.lastFailureAt);
          this.log(
            `schedule ${s.id} failed ${fresh.failures} time(s) in a row; backing off until ${new Date(until).toISOString()}`,
          );
        }
        return;
      }
    }
    await this.attempt(fresh, 'schedule', 1);
  }

  private async catchUp(s: Schedule): Promise<void> {
    const claimed = await this.opts.cache.tryLock(`catchup:${s.id}:${s.nextRunAt}`, 24 * 3_600_000);
    if (!claimed) return;
    this.log(
      `schedule ${s.id} missed its run at ${new Date(s.nextRunAt!).toISOString()}; running it once now`,
    );
    await this.attempt(s, 'catch-up', 1);
  }

  /** A run its process left behind: counted as a failure, retried if the policy allows. */
  private async recoverInterrupted(run: RunSummary): Promise<void> {
    const where = run.scheduleId ? `schedule ${run.scheduleId}` : `strategy ${run.strategyId}`;
    if (!run.scheduleId) {
      this.log(`run ${run.id} of ${where} was interrupted (its process stopped); not a scheduled run`);
      return;
    }
    const s = await this.opts.store.schedules.recordOutcome(run.scheduleId, {
      ok: false,
      at: this.now(),
      error: INTERRUPTED,
      pauseAfter: this.policy.pauseAfter,
    });
    const what = `run ${run.id} of ${where} was interrupted (its process stopped)`;
    if (s?.enabled && run.attempt < this.policy.attempts) {
      this.log(`${what}; retrying it (attempt ${run.attempt + 1}/${this.policy.attempts})`);
      this.retryLater(s, run.trigger, run.attempt + 1, backoffMs(this.policy, s.failures));
    } else {
      this.log(`${what}; not retried`);
    }
  }

  private retryLater(s: Schedule, trigger: Trigger, attempt: number, delay: number): void {
    const gen = ++this.retries;
    this.retrying.set(s.id, gen);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.attempt(s, trigger, attempt).finally(() => {
        // A failed retry may have planned the next one (a newer generation): leave that in place.
        if (this.retrying.get(s.id) === gen) this.retrying.delete(s.id);
      });
      this.background(s, run);
    }, delay);
    this.timers.add(timer);
  }

  private async attempt(s: Schedule, trigger: Trigger, attempt: number): Promise<void> {
    const lock = await RunLock.acquire(this.opts.cache, `run:${s.id}`, {
      ttlMs: this.opts.lockTtlMs ?? 60_000,
      maxMs: this.opts.maxRunMs ?? 15 * 60_000,
      log: this.log,
    });
    if (!lock) {
      if (attempt > 1) return; // a retry that meets a newer run simply yields to it
      await this.recordSkipped(s, trigger);
      return;
    }
    try {
      await runStrategy(this.opts, { strategyId: s.strategyId, scheduleId: s.id, trigger, attempt });
      const before = await this.opts.store.schedules.get(s.id);
      await this.opts.store.schedules.recordOutcome(s.id, { ok: true });
      if (before && before.failures > 0)
        this.log(`schedule ${s.id} ran again after ${before.failures} failure(s) in a row`);
    } catch (e) {
      await this.failed(s, trigger, attempt, e);
    } finally {
      await lock.release();
    }
  }

  private async failed(s: Schedule, trigger: Trigger, attempt: number, e: unknown): Promise<void> {
    const { attempts } = this.policy;
    const cause = describeError(e);
    const strategy = await this.opts.store.strategies.get(s.strategyId);
    const runs = strategy && (await this.opts.store.strategies.runnableVersion(strategy.id));
    const compile = strategy && runs ? compileProblem(runs.source, strategy.name) : null;
    const after = await this.opts.store.schedules.recordOutcome(s.id, {
      ok: false,
      at: this.now(),
      error: compile ? `the program does not compile:\n${compile}` : cause,
      pauseAfter: this.policy.pauseAfter,
    });
    const head = `schedule ${s.id} run failed (attempt ${attempt}/${attempts})`;
    if (after === null) {
      this.log(`${head}: ${cause}\nthe schedule was removed meanwhile`);
    } else if (s.enabled && !after.enabled) {
      this.log(`${head}: ${cause}\n${after.pausedReason ?? 'the schedule was paused'}`);
      const entry = this.entries.get(s.id);
      this.entries.delete(s.id);
      await entry?.task.destroy();
    } else if (
      compile !== null ||
      e instanceof ProgramRefused ||
      strategy === null ||
      strategy.deletedAt !== null
    ) {
      this.log(
        `${head}: ${cause}\nnot retried: the strategy cannot run as saved; fix it and the next tick runs it`,
      );
    } else if (attempt < attempts && !this.stopped) {
      const delay = backoffMs(this.policy, after.failures);
      this.log(`${head}: ${cause}\nretrying in ${delay} ms`);
      this.retryLater(after, trigger, attempt + 1, delay);
    } else {
      this.log(`${head}: ${cause}\ngiving up until the next tick`);
    }
  }

  private async recordSkipped(s: Schedule, trigger: Trigger): Promise<void> {
    const strategy = await this.opts.store.strategies.get(s.strategyId);
    const runs = strategy && (await this.opts.store.strategies.runnableVersion(strategy.id));
    if (!strategy || !runs) return;
    this.log(`schedule ${s.id}: the previous run is still going; tick skipped`);
    await this.opts.store.runs.insert({
      strategyId: s.strategyId,
      version: runs.version,
      scheduleId: s.id,
      trigger,
      status: 'skipped',
      error: 'skipped: the previous run of this schedule was still going',
    });
  }
}
