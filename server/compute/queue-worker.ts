// A sweep spread over machines: the worker's half (`npm run worker`, queue-main.ts). It takes chunk jobs
// from the BullMQ queue on Redis, reads the sweep's bars from the bars cache by the key the job names
// (kept in this process's hot layer, so each dataset crosses the network once per worker), and runs the
// chunk with the same sweep-chunk computation as the worker threads, on a pool of them (PooledCompute).
//
// Computing on threads keeps this process's event loop free, so BullMQ renews each job's lock on time
// however long a chunk runs: a lock that expires therefore means the process is gone (kill -9, lost
// machine, cut network), and the stalled-job check (run by every worker every `stalledInterval`) puts
// the chunk back in the queue. A dead worker's chunk is picked up again within about lockDuration +
// stalledInterval (defaults 30 s + 15 s; both settable, see queueWorkerOptionsFromEnv).
import { UnrecoverableError, Worker } from 'bullmq';
import { type Cache, createCache } from '../../lib/data/server';
import type { Bars } from '../../lib/engine';
import { isComputeError } from './errors';
import { computeOptionsFromEnv, PooledCompute } from './index';
import type { SweepChunkOutcome, SweepChunkTask } from './protocol';
import {
  chunkJob,
  DEFAULT_PREFIX,
  encodeStats,
  failureText,
  QUEUE_NAME,
  redisUrl,
  SWEEP_BARS_SOURCE,
} from './queue';
import type { ChunkRunner } from './sweep';

export const DEFAULT_LOCK_MS = 30_000;
export const DEFAULT_STALLED_MS = 15_000;
/** Times a chunk may lose its worker before it fails (the coordinator then tries it once more). */
export const MAX_STALLED = 2;

export interface QueueWorkerOptions {
  readonly url?: string;
  readonly prefix?: string;
  /** Chunks run at once by this process, each on its own thread (default: the compute pool's size). */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal (renewed every half of it while the chunk runs). */
  readonly lockDuration?: number;
  /** How often this worker looks for jobs whose lock expired. */
  readonly stalledInterval?: number;
  /** Runs the chunks (default: a PooledCompute of `concurrency` threads); tests wrap it. */
  readonly compute?: ChunkRunner & { close(): Promise<void> };
  /** Bytes of bars kept in this process (default 512 MB, BACKTALK_HOT_MB). */
  readonly hotBytes?: number;
  readonly name?: string;
  readonly log?: (msg: string) => void;
}

export interface QueueWorker {
  readonly worker: Worker;
  /** Finishes the chunks in hand, then disconnects (SIGTERM). */
  close(): Promise<void>;
}

/** BACKTALK_QUEUE_CONCURRENCY, BACKTALK_QUEUE_LOCK_MS, BACKTALK_QUEUE_STALLED_MS, BACKTALK_QUEUE_PREFIX. */
export function queueWorkerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): QueueWorkerOptions {
  const int = (name: string, min: number, example: string): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min)
      throw new RangeError(`${name}=${raw} must be a whole number ≥ ${min}: set it like ${name}=${example}`);
    return v;
  };
  const lockDuration = int('BACKTALK_QUEUE_LOCK_MS', 1000, String(DEFAULT_LOCK_MS));
  const stalledInterval = int('BACKTALK_QUEUE_STALLED_MS', 500, String(DEFAULT_STALLED_MS));
  return {
    url: redisUrl(env),
    prefix: env.BACKTALK_QUEUE_PREFIX?.trim() || undefined,
    concurrency: int('BACKTALK_QUEUE_CONCURRENCY', 1, '2'),
    lockDuration,
    stalledInterval,
  };
}

async function barsFor(
  cache: Cache,
  key: { source: string; symbol: string; timeframe: string },
): Promise<Bars> {
  const hit = await cache.get(key);
  if (!hit) {
    // Not retried: another worker would find it gone too.
    throw new UnrecoverableError(
      failureText(
        'failed',
        `the sweep's bars (${key.source}) are not in Redis: expired, evicted or never written`,
      ),
    );
  }
  return hit.bars;
}

export async function startQueueWorker(opts: QueueWorkerOptions = {}): Promise<QueueWorker> {
  const url = opts.url ?? redisUrl();
  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const log = opts.log ?? ((m: string) => console.log(m));
  // BACKTALK_RUN_TIMEOUT_MS bounds each chunk on its thread (a chunk past it fails the sweep: use more
  // --chunks), BACKTALK_WORKER_MB its heap; BACKTALK_WORKERS is the default concurrency.
  const env = computeOptionsFromEnv();
  const compute =
    opts.compute ?? new PooledCompute({ ...env, workers: opts.concurrency ?? env.workers, log });
  const concurrency = opts.concurrency ?? compute.workers;
  const cache = await createCache({ url, namespace: prefix, log, hotBytes: opts.hotBytes });

  const processor = async (job: { id?: string; data: unknown }): Promise<string> => {
    const parsed = chunkJob.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        failureText('failed', `not a sweep chunk: ${parsed.error.issues[0]?.message}`),
      );
    }
    const d = parsed.data;
    // Only bars written for a queued sweep: a job cannot make this worker read other cache entries.
    if (!d.bars.source.startsWith(SWEEP_BARS_SOURCE))
      throw new UnrecoverableError(failureText('failed', `a chunk names bars outside the sweeps' keys`));
    const bars = await barsFor(cache, d.bars);
    const task: SweepChunkTask = {
      kind: 'sweep-chunk',
      source: d.source,
      data: compute.dataRef(bars),
      start: d.start,
      combos: d.combos,
      fixed: d.fixed,
    };
    let out: SweepChunkOutcome;
    try {
      out = await compute.runSweepChunk(task);
    } catch (e) {
      // A thread that died is a fault of this machine (the coordinator retries it once); anything else
      // (the program's own error) would fail the same anywhere.
      if (isComputeError(e)) throw new UnrecoverableError(failureText(e.code, e.message));
      throw new UnrecoverableError(failureText('failed', (e as Error).message ?? String(e)));
    }
    return encodeStats(out.stats);
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection: { url, maxRetriesPerRequest: null },
    prefix,
    concurrency,
    name: opts.name,
    lockDuration: opts.lockDuration ?? DEFAULT_LOCK_MS,
    stalledInterval: opts.stalledInterval ?? DEFAULT_STALLED_MS,
    maxStalledCount: MAX_STALLED,
  });
  worker.on('error', (e) => log(`worker: ${e.message}`));
  await worker.waitUntilReady();
  log(
    `worker: taking sweep chunks from ${prefix}:${QUEUE_NAME} on ${redactUrl(url)}, ${concurrency} at a time`,
  );
  return {
    worker,
    async close() {
      await worker.close();
      await Promise.allSettled([compute.close(), cache.close()]);
    },
  };
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}
