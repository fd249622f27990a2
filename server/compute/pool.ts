// A small pool of worker threads, so that no backtest runs on the event loop. A task goes to the worker
// it prefers when that one is idle (a session's caches live there), else to any idle worker, else waits
// in a queue; a worker that finishes with nothing queued takes over a waiting task that may move.
//
// A worker that crashes, runs out of memory (resourceLimits) or takes longer than the time limit is
// terminated and replaced, and its task is answered with a ComputeError saying what happened; tasks
// queued behind it run on the replacement. Workers are unref'd while idle: an idle pool never keeps a
// process alive.
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { ComputeError } from './errors';

const REPORT = 'try again; if it happens again, please report it with the program';

export interface PoolOptions {
  size: number;
  /** The worker's entry (an ES module that answers { id, task } with { id, ok, value | error }). */
  script: URL;
  /** Longest a task may run before its worker is terminated. */
  timeoutMs: number;
  resourceLimits?: ResourceLimits;
  /** Names the settings in the errors (e.g. the environment variables). */
  settings?: { timeout?: string; memory?: string };
  log?: (msg: string) => void;
}

export interface RunOptions {
  /** The worker slot to use when it is idle. */
  prefer?: number;
  /** Run only on `prefer`'s current worker (it holds state the task needs); answered null otherwise. */
  pinned?: { slot: number; generation: number };
  transfer?: readonly ArrayBuffer[];
}

export interface Ran<T> {
  value: T;
  slot: number;
  /** Which worker of the slot ran it: a replaced worker has a new generation. */
  generation: number;
}

interface Job {
  id: number;
  task: unknown;
  transfer: readonly ArrayBuffer[];
  pinned?: { slot: number; generation: number };
  resolve: (r: Ran<unknown>) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker | null;
  generation: number;
  ready: boolean;
  current: { job: Job; timer: ReturnType<typeof setTimeout> } | null;
  queue: Job[];
  /** Why the current worker is going away, when the pool ended it (timeout) rather than it failing. */
  ending?: ComputeError;
  lastError?: Error;
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

export class WorkerPool {
  private readonly slots: Slot[];
  private nextJob = 1;
  private closed = false;
  private readonly started: Promise<void>[] = [];
  private readonly onStart: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private readonly log: (msg: string) => void;

  constructor(private readonly opts: PoolOptions) {
    if (!(Number.isInteger(opts.size) && opts.size >= 1))
      throw new RangeError('a pool needs at least 1 worker');
    this.log = opts.log ?? (() => {});
    this.slots = Array.from({ length: opts.size }, (_, index) => ({
      index,
      worker: null,
      generation: 0,
      ready: false,
      current: null,
      queue: [],
    }));
    for (const s of this.slots) {
      const started = new Promise<void>((resolve, reject) => this.onStart.push({ resolve, reject }));
      started.catch(() => {}); // reported by ready(), for whoever waits; never an unhandled rejection
      this.started.push(started);
      this.spawn(s);
    }
  }

  /**
   * Resolves once every worker has started (loading the code takes a moment on a busy machine); rejects
   * when one could not start.
   */
  async ready(): Promise<void> {
    await Promise.all(this.started);
  }

  get size(): number {
    return this.slots.length;
  }

  run<T>(task: unknown, opts: RunOptions = {}): Promise<Ran<T>> {
    if (this.closed) return Promise.reject(new ComputeError('unavailable', 'the compute pool is closed'));
    return new Promise<Ran<T>>((resolve, reject) => {
      const job: Job = {
        id: this.nextJob++,
        task,
        transfer: opts.transfer ?? [],
        pinned: opts.pinned,
        resolve: resolve as (r: Ran<unknown>) => void,
        reject,
      };
      const slot = job.pinned ? this.slots[job.pinned.slot] : this.pick(opts.prefer);
      if (!slot) return reject(new RangeError(`no worker slot ${job.pinned?.slot}`));
      if (job.pinned && job.pinned.generation !== slot.generation) {
        return resolve({ value: null as T, slot: slot.index, generation: slot.generation });
      }
      slot.queue.push(job);
      this.dispatch(slot);
    });
  }

  /** Terminates every worker; tasks still waiting are answered with an error. */
  async close(): Promise<void> {
    this.closed = true;
    const gone = new ComputeError('unavailable', 'the compute pool was closed');
    await Promise.all(
      this.slots.map(async (s) => {
        for (const j of s.queue.splice(0)) j.reject(gone);
        if (s.current) {
          clearTimeout(s.current.timer);
          s.current.job.reject(gone);
          s.current = null;
        }
        const w = s.worker;
        s.worker = null;
        if (w) await w.terminate();
      }),
    );
  }

  private idle(s: Slot): boolean {
    return s.ready && !s.current && s.queue.length === 0;
  }

  private pick(prefer?: number): Slot {
    const preferred = prefer === undefined ? undefined : this.slots[prefer];
    if (preferred && this.idle(preferred)) return preferred;
    const idle = this.slots.find((s) => this.idle(s));
    if (idle) return idle;
    if (preferred) return preferred;
    const load = (s: Slot) => s.queue.length + (s.current ? 1 : 0);
    return this.slots.reduce((a, b) => (load(b) < load(a) ? b : a));
  }

  private spawn(s: Slot): void {
    if (this.closed) return;
    s.generation++;
    s.ready = false;
    s.ending = undefined;
    s.lastError = undefined;
    const w = new Worker(this.opts.script, { resourceLimits: this.opts.resourceLimits });
    s.worker = w;
    w.unref();
    w.on('message', (m: Reply) => {
      if (s.worker !== w) return;
      if ('ready' in m) {
        s.ready = true;
        this.onStart[s.index].resolve();
        this.dispatch(s);
        return;
      }
      const cur = s.current;
      if (!cur || cur.job.id !== m.id) return;
      clearTimeout(cur.timer);
      s.current = null;
      if (m.ok) cur.job.resolve({ value: m.value, slot: s.index, generation: s.generation });
      else cur.job.reject(new ComputeError('failed', `the backtest failed: ${m.error}`, REPORT));
      this.dispatch(s);
    });
    w.on('error', (e) => {
      if (s.worker === w) s.lastError = e;
    });
    w.on('exit', (code) => {
      if (s.worker !== w) return;
      this.replace(s, code);
    });
  }

  /** The worker of `s` is gone: answer its task, start a new one, and carry on with the queue. */
  private replace(s: Slot, code: number): void {
    const err = s.ending ?? this.failure(s, code);
    const wasReady = s.ready;
    s.worker = null;
    if (s.current) {
      clearTimeout(s.current.timer);
      s.current.job.reject(err);
      s.current = null;
    }
    if (!wasReady) {
      // It never started: answer what waits rather than retrying in a loop; the next task tries again.
      for (const j of s.queue.splice(0)) j.reject(err);
      this.onStart[s.index].reject(err);
      this.log(`compute: a worker could not start: ${err.message}`);
      if (!this.closed) setTimeout(() => this.spawn(s), 1000).unref();
      return;
    }
    this.log(`compute: worker ${s.index} replaced (${err.message})`);
    this.spawn(s);
  }

  private failure(s: Slot, code: number): ComputeError {
    const e = s.lastError as (Error & { code?: string }) | undefined;
    if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const mb = this.opts.resourceLimits?.maxOldGenerationSizeMb;
      const where = this.opts.settings?.memory ? `, ${this.opts.settings.memory}` : '';
      return new ComputeError(
        'out-of-memory',
        `the backtest ran out of memory (the limit is ${mb ?? '?'} MB per worker${where}) and was stopped`,
        'use fewer bars (a date range) or fewer indicators',
        { cause: e },
      );
    }
    const why = e ? e.message : `exit code ${code}`;
    return new ComputeError(
      s.ready ? 'crashed' : 'unavailable',
      s.ready ? `the backtest's worker crashed (${why}); it was restarted` : `no compute worker: ${why}`,
      REPORT,
      { cause: e },
    );
  }

  private dispatch(s: Slot): void {
    if (!s.worker || !s.ready || s.current) return;
    let job = s.queue.shift();
    if (!job) job = this.steal(s);
    if (!job) {
      s.worker.unref();
      return;
    }
    if (job.pinned && job.pinned.generation !== s.generation) {
      // The worker holding what it needs was replaced while it waited.
      job.resolve({ value: null, slot: s.index, generation: s.generation });
      this.dispatch(s);
      return;
    }
    const w = s.worker;
    w.ref();
    const timer = setTimeout(() => {
      const secs = this.opts.timeoutMs / 1000;
      const where = this.opts.settings?.timeout ? ` (${this.opts.settings.timeout})` : '';
      s.ending = new ComputeError(
        'timeout',
        `the backtest took longer than ${secs} s${where} and was stopped`,
        'use fewer bars (a date range) or fewer indicators',
      );
      void w.terminate();
    }, this.opts.timeoutMs);
    s.current = { job, timer };
    try {
      w.postMessage({ id: job.id, task: job.task }, [...job.transfer]);
    } catch (e) {
      clearTimeout(timer);
      s.current = null;
      job.reject(
        new ComputeError('failed', `the task could not be sent to a worker: ${(e as Error).message}`),
      );
      this.dispatch(s);
    }
  }

  /** A task waiting behind a busy worker that may run anywhere. */
  private steal(s: Slot): Job | undefined {
    let from: Slot | undefined;
    for (const o of this.slots) {
      if (o === s || !o.current) continue;
      const i = o.queue.findIndex((j) => !j.pinned);
      if (i >= 0 && (!from || o.queue.length > from.queue.length)) from = o;
    }
    if (!from) return undefined;
    const i = from.queue.findIndex((j) => !j.pinned);
    return from.queue.splice(i, 1)[0];
  }
}
