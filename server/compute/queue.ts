// A sweep spread over machines: the coordinator's half. The chunks of parallelSweep (sweep.ts: the same
// chunking, the same merge in combination order, the same ranking) go out as BullMQ jobs on Redis, and
// any number of `npm run worker` processes (queue-worker.ts), wherever they can reach that Redis, run
// them with the same sweep-chunk computation as the worker threads. The bars travel once, as a bars-cache
// entry in Redis that each job names by key (never inline in a job). A worker that dies mid-chunk loses
// its lock; BullMQ's stalled-job check puts the chunk back in the queue for another worker.
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { z } from 'zod';
import { type BarsKey, type Cache, createCache } from '../../lib/data/server';
import { MAX_SOURCE_BYTES } from '../../lib/dsl';
import type { Bars, ParamGrid, Stats, SweepResult } from '../../lib/engine';
import { ComputeError, type ComputeErrorCode } from './errors';
import type { SweepChunkOutcome, SweepChunkTask } from './protocol';
import { barsId } from './shared-bars';
import { type ChunkRunner, type ParallelSweepOptions, parallelSweep } from './sweep';

export const QUEUE_NAME = 'sweep';
export const DEFAULT_PREFIX = 'bt';
/** Most bars a queued sweep may carry (6 columns × 8 bytes: 96 MB in Redis); BACKTALK_QUEUE_MAX_BARS. */
export const DEFAULT_MAX_QUEUE_BARS = 2_000_000;
/** Most combinations in one job (a chunk is a slice of a sweep, bounded by the grid's own limits). */
export const MAX_JOB_COMBOS = 100_000;
/** How long a whole queued sweep may wait for its chunks before it gives up (no workers, all dead). */
export const DEFAULT_QUEUE_TIMEOUT_MS = 10 * 60_000;
/** Chunks of one queued sweep (all enqueued at once, so any number of workers find work). */
export const DEFAULT_QUEUE_CHUNKS = 64;

/** What a job carries: the program, a reference to the bars, and its slice of the combinations. */
export const chunkJob = z.object({
  v: z.literal(1),
  sweep: z.string().min(1).max(64),
  bars: z.object({
    source: z.string().min(1).max(200),
    symbol: z.string().min(1).max(200),
    timeframe: z.string().min(1).max(20),
  }),
  source: z.string().max(MAX_SOURCE_BYTES),
  start: z.number().int().min(0),
  combos: z.array(z.record(z.string().max(200), z.number())).max(MAX_JOB_COMBOS),
  fixed: z.record(z.string().max(200), z.number()).optional(),
});
export type ChunkJob = z.infer<typeof chunkJob>;

/** Bars of queued sweeps live under this source prefix in the bars cache (workers refuse any other). */
export const SWEEP_BARS_SOURCE = 'sweep-bars:';

// Stats cross Redis as JSON; NaN, ±Infinity and -0 do not survive JSON, so they travel tagged and the
// merged result stays equal, bit for bit, to the single-process sweep.
export function encodeStats(stats: readonly Stats[]): string {
  return JSON.stringify(stats, (_k, v) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { $n: String(v) } : v,
  );
}

const SPECIAL: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '0': -0,
};

export function decodeStats(text: string): Stats[] {
  return JSON.parse(text, (_k, v) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1) {
      const n = (v as { $n?: unknown }).$n;
      if (typeof n === 'string' && n in SPECIAL) return SPECIAL[n];
    }
    return v;
  }) as Stats[];
}

/** A failure the worker reports as `[code] message`, so the coordinator knows a dead worker from a bad program. */
export function failureText(code: ComputeErrorCode, message: string): string {
  return `[${code}] ${message}`;
}

const STALLED = 'job stalled more than allowable limit';
const CODES = new Set<string>(['timeout', 'crashed', 'out-of-memory', 'unavailable', 'failed', 'cancelled']);

/** The coordinator's error for a failed job's reason. */
export function chunkError(reason: string): ComputeError {
  const m = /^\[([a-z-]+)\] ([\s\S]*)$/.exec(reason);
  if (m && CODES.has(m[1])) return new ComputeError(m[1] as ComputeErrorCode, m[2]);
  // Stalled more often than maxStalledCount: its workers kept dying; parallelSweep tries it once more.
  if (reason.includes(STALLED)) return new ComputeError('crashed', `a sweep chunk's workers died: ${reason}`);
  return new ComputeError('failed', reason);
}

export interface QueueOptions {
  /** Redis URL (default REDIS_URL, else redis://127.0.0.1:6379). */
  readonly url?: string;
  /** Key prefix of the queue and of the bars (default 'bt'); workers must use the same. */
  readonly prefix?: string;
  /** Chunks the sweep is cut into (default 64). */
  readonly chunks?: number;
  readonly timeoutMs?: number;
  readonly maxBars?: number;
  readonly log?: (msg: string) => void;
}

export function redisUrl(env: Env = process.env): string {
  return env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
}

type Env = Readonly<Record<string, string | undefined>>;

/** The coordinator's settings: REDIS_URL, BACKTALK_QUEUE_PREFIX, BACKTALK_QUEUE_MAX_BARS, BACKTALK_QUEUE_TIMEOUT_MS. */
export function queueOptionsFromEnv(env: Env = process.env): QueueOptions {
  const int = (name: string, example: string): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`${name}=${raw} is not a positive whole number: set it like ${name}=${example}`);
    return v;
  };
  return {
    url: redisUrl(env),
    prefix: env.BACKTALK_QUEUE_PREFIX?.trim() || undefined,
    maxBars: int('BACKTALK_QUEUE_MAX_BARS', String(DEFAULT_MAX_QUEUE_BARS)),
    timeoutMs: int('BACKTALK_QUEUE_TIMEOUT_MS', String(DEFAULT_QUEUE_TIMEOUT_MS)),
  };
}

interface Waiter {
  resolve: (stats: Stats[]) => void;
  reject: (e: Error) => void;
}

/** parallelSweep's chunk runner over a BullMQ queue: each chunk a job, answered by whichever worker takes it. */
export class QueueCompute implements ChunkRunner {
  /** Chunks in flight at once: all of them, so any number of workers find work. */
  readonly workers: number;
  private readonly sweepId = randomUUID();
  private readonly waiters = new Map<string, Waiter>();
  private readonly jobIds = new Set<string>();
  private readonly bars = new Map<number, Bars>();
  private uploaded?: Promise<BarsKey>;
  private closed = false;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly cache: Cache,
    private readonly opts: QueueOptions,
  ) {
    this.workers = opts.chunks ?? DEFAULT_QUEUE_CHUNKS;
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue, undefined));
    events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, undefined, failedReason));
    events.on('stalled', ({ jobId }) => {
      if (this.jobIds.has(jobId))
        this.log(`sweep: chunk ${jobId} stalled (its worker stopped answering); it is back in the queue`);
    });
  }

  static async open(opts: QueueOptions = {}): Promise<QueueCompute> {
    const url = opts.url ?? redisUrl();
    const prefix = opts.prefix ?? DEFAULT_PREFIX;
    const log = opts.log ?? (() => {});
    const cache = await createCache({ url, namespace: prefix, log, hotBytes: 0 });
    if (cache.kind !== 'redis' || cache.status().state !== 'up') {
      await cache.close();
      throw new ComputeError(
        'unavailable',
        `a queued sweep needs Redis, and ${url} does not answer`,
        'start Redis (or set REDIS_URL to one the workers reach too), then run it again',
      );
    }
    const connection = { url, maxRetriesPerRequest: null };
    const queue = new Queue(QUEUE_NAME, { connection, prefix });
    const events = new QueueEvents(QUEUE_NAME, { connection, prefix });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueCompute(queue, events, cache, { ...opts, log });
  }

  private log(msg: string): void {
    this.opts.log?.(msg);
  }

  /** Workers connected to the queue right now (BullMQ lists them with CLIENT LIST). */
  workersOnline(): Promise<number> {
    return this.queue.getWorkersCount();
  }

  dataRef(bars: Bars): SweepChunkTask['data'] {
    const id = barsId(bars);
    this.bars.set(id, bars);
    return { id };
  }

  /** The bars into the bars cache once per sweep, under a key of their own; the jobs name that key. */
  private upload(bars: Bars): Promise<BarsKey> {
    this.uploaded ??= (async () => {
      const max = this.opts.maxBars ?? DEFAULT_MAX_QUEUE_BARS;
      const n = bars.close.length;
      if (n > max) {
        throw new ComputeError(
          'failed',
          `a queued sweep carries at most ${max} bars; this one has ${n}`,
          'sweep a shorter range (--from/--to), or raise BACKTALK_QUEUE_MAX_BARS on the coordinator',
        );
      }
      const key = { source: `${SWEEP_BARS_SOURCE}${this.sweepId}`, symbol: 'sweep', timeframe: 'auto' };
      const ttl = Math.ceil((this.opts.timeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS) / 1000) + 600;
      await this.cache.set(key, { bars, ...key }, ttl);
      if (this.cache.status().state !== 'up') {
        throw new ComputeError(
          'unavailable',
          "the sweep's bars could not be written to Redis",
          'check Redis and run it again',
        );
      }
      return key;
    })();
    return this.uploaded;
  }

  async runSweepChunk(task: SweepChunkTask): Promise<SweepChunkOutcome> {
    if (this.closed) throw new ComputeError('cancelled', 'the sweep was cancelled');
    const bars = this.bars.get(task.data.id);
    if (!bars) throw new ComputeError('failed', 'a queued chunk came without its bars (use dataRef)');
    const key = await this.upload(bars);
    const job: ChunkJob = {
      v: 1,
      sweep: this.sweepId,
      bars: { source: key.source, symbol: key.symbol, timeframe: key.timeframe },
      source: task.source,
      start: task.start,
      combos: task.combos as Record<string, number>[],
      fixed: task.fixed as Record<string, number> | undefined,
    };
    // A retried chunk (parallelSweep's second try) is a new job: ids are never reused.
    const jobId = `${this.sweepId}-${task.start}-${randomUUID().slice(0, 8)}`;
    const done = new Promise<Stats[]>((resolve, reject) => this.waiters.set(jobId, { resolve, reject }));
    this.jobIds.add(jobId);
    // Listening before adding: the completion cannot be missed. Finished jobs are dropped from Redis
    // (their answer reached the coordinator through the event); failed ones are kept a day to look at.
    await this.queue.add('chunk', job, {
      jobId,
      removeOnComplete: true,
      removeOnFail: { age: 86_400 },
    });
    return { start: task.start, stats: await done };
  }

  private settle(jobId: string, returnvalue: unknown, failedReason: string | undefined): void {
    const w = this.waiters.get(jobId);
    if (!w) return;
    this.waiters.delete(jobId);
    this.jobIds.delete(jobId);
    if (failedReason !== undefined) {
      w.reject(chunkError(failedReason));
      return;
    }
    try {
      // QueueEvents parses the stored return value: the worker's encodeStats text.
      if (typeof returnvalue !== 'string') throw new Error('not the text of a chunk');
      w.resolve(decodeStats(returnvalue));
    } catch (e) {
      w.reject(
        new ComputeError('failed', `a sweep chunk's answer could not be read: ${(e as Error).message}`),
      );
    }
  }

  /** Removes this sweep's chunks no worker has taken yet; chunks being run finish and are ignored. */
  async removePending(): Promise<number> {
    let removed = 0;
    for (const id of this.jobIds) {
      const job = await this.queue.getJob(id);
      if (job && (await job.getState()) === 'waiting') {
        try {
          await job.remove();
          removed++;
        } catch {
          // Taken by a worker in the meantime: it runs to its end and its answer is dropped.
        }
      }
    }
    return removed;
  }

  /** Stops waiting: pending chunks are removed, waiters rejected, connections closed. */
  async close(reason?: ComputeError): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.waiters.size > 0) await this.removePending().catch(() => 0);
    const why = reason ?? new ComputeError('cancelled', 'the sweep was cancelled');
    for (const w of this.waiters.values()) w.reject(why);
    this.waiters.clear();
    await Promise.allSettled([this.events.close(), this.queue.close(), this.cache.close()]);
  }
}

export interface QueueSweepOptions
  extends Omit<ParallelSweepOptions, 'chunksPerWorker'>,
    Omit<QueueOptions, 'log'> {
  readonly log?: (msg: string) => void;
}

/**
 * The sweep of `parallelSweep`, its chunks run by `npm run worker` processes through Redis: the same
 * result as `lib/engine`'s sweep. Bounded by `timeoutMs` (no workers, or every worker dead); a cancel
 * (`signal`) removes the chunks not yet taken.
 */
export async function queueSweep(
  source: string,
  bars: Bars,
  grid: ParamGrid,
  opts: QueueSweepOptions = {},
): Promise<SweepResult> {
  const compute = await QueueCompute.open(opts);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  const timer = setTimeout(() => {
    void compute.close(
      new ComputeError(
        'timeout',
        `the queued sweep did not finish within ${Math.round(timeoutMs / 1000)} s`,
        'start workers with `npm run worker` (REDIS_URL set to this Redis), or allow longer',
      ),
    );
  }, timeoutMs);
  try {
    if ((await compute.workersOnline().catch(() => 1)) === 0)
      opts.log?.('sweep: no worker is connected yet; the chunks wait in the queue (start `npm run worker`)');
    return await parallelSweep(compute, source, bars, grid, {
      ...opts,
      signal: stop.signal,
      chunksPerWorker: 1,
    });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    await compute.close();
  }
}
