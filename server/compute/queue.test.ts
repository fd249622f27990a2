// A sweep spread over worker processes through BullMQ on a private redis-server: real `npm run worker`
// processes (child processes), one killed with SIGKILL while it holds a chunk; the merged result equals
// lib/engine's single-process sweep bit for bit. Also: cancel removes the chunks not taken, no workers
// ends in a bounded timeout, the bars bound, and the stats codec. Every wait is bounded.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthetic } from '../../lib/data';
import {
  freePort,
  hasRedisServer,
  RedisProcess,
  testNamespace,
  until,
} from '../../lib/data/redis-test-utils';
import { type Bars, gridRange, type ParamGrid, type Params, type SweepResult } from '../../lib/engine';
import { EXAMPLES } from '../../lib/examples';
import type { ComputeError } from './errors';
import { chunkError, decodeStats, encodeStats, QUEUE_NAME, queueSweep } from './queue';
import { startQueueWorker } from './queue-worker';
import { expectSameSweep, singleSweep } from './sweep-test-utils';

const canRun = hasRedisServer();
if (!canRun) console.warn('queue.test.ts: skipping the Redis cases — redis-server is not on the PATH');

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = EXAMPLES.find((e) => e.id === 'sma-cross')?.source ?? '';
// 10 × 19 = 190 combinations, 153 with fast < slow.
const GRID: ParamGrid = { fast: gridRange(3, 30, 3), slow: gridRange(10, 100, 5) };
const below = (p: Params) => p.fast < p.slow;
const bars = synthetic({ seed: 5, bars: 3000 });

const single = (b: Bars): SweepResult => singleSweep(SOURCE, b, GRID, below);

interface Proc {
  child: ChildProcess;
  out: string[];
}

function startWorker(entry: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const take = (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return { child, out };
}

const ready = (p: Proc) => p.out.some((l) => l.includes('taking sweep chunks'));

describe('stats codec', () => {
  it('keeps NaN, ±Infinity and -0 that JSON would lose, and every finite double exactly', () => {
    const stats = [
      { a: Number.NaN, b: Infinity, c: -Infinity, d: -0, e: 0, f: 0.1 + 0.2, g: 5e-324, S: 'x' },
    ];
    const back = decodeStats(encodeStats(stats as never)) as unknown as Record<string, unknown>[];
    for (const k of Object.keys(stats[0]))
      expect(Object.is(back[0][k], (stats[0] as Record<string, unknown>)[k]), k).toBe(true);
  });
});

describe('a failed chunk, as the coordinator reads it', () => {
  it("keeps the worker's code, and makes a chunk whose workers kept dying a crash (retried once)", () => {
    const timeout = chunkError('[timeout] the run took longer than 30 s');
    expect([timeout.code, timeout.message]).toEqual(['timeout', 'the run took longer than 30 s']);
    expect(chunkError('job stalled more than allowable limit').code).toBe('crashed');
    expect(chunkError('[bogus] x').code).toBe('failed');
    expect(chunkError('Error: something else').message).toBe('Error: something else');
  });
});

describe.skipIf(!canRun)('queued sweep over worker processes (private redis-server)', () => {
  let server: RedisProcess;
  let url: string;
  const procs: Proc[] = [];

  beforeAll(async () => {
    const port = await freePort();
    server = await RedisProcess.start(port);
    url = `redis://127.0.0.1:${port}`;
  }, 20_000);

  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGKILL');
    await server?.stop();
  });

  it('a worker killed with SIGKILL mid-chunk: its chunk is run again elsewhere; same result as one process', async () => {
    const prefix = testNamespace();
    // Short locks so the dead worker's chunk comes back within ~2.5 s (the defaults are 30 s + 15 s).
    const env = {
      REDIS_URL: url,
      BACKTALK_QUEUE_PREFIX: prefix,
      BACKTALK_QUEUE_LOCK_MS: '2000',
      BACKTALK_QUEUE_STALLED_MS: '500',
      BACKTALK_QUEUE_CONCURRENCY: '1',
    };
    // The real `npm run worker` entry, and one whose chunks wait 20 s first (it is killed while waiting).
    const real = startWorker('server/compute/queue-main.ts', env);
    const slow = startWorker('server/compute/fixtures/slow-queue-worker.ts', {
      ...env,
      BACKTALK_TEST_CHUNK_DELAY_MS: '20000',
    });
    procs.push(real, slow);
    await until(() => ready(real) && ready(slow), 30_000, 'both workers to connect');

    const logs: string[] = [];
    const progress: number[] = [];
    const started = performance.now();
    const run = queueSweep(SOURCE, bars, GRID, {
      url,
      prefix,
      chunks: 16,
      constraint: below,
      timeoutMs: 45_000,
      log: (m) => logs.push(m),
      onProgress: (done, total) => {
        expect(total).toBe(16);
        progress.push(done);
      },
    });
    run.catch(() => {}); // awaited below; not unhandled while the test waits for the kill
    await until(
      () => slow.out.some((l) => l.startsWith('chunk ')),
      20_000,
      'the slow worker to take a chunk',
    );
    const taken = slow.out.find((l) => l.startsWith('chunk '));
    slow.child.kill('SIGKILL');
    const result = await run;
    const ms = performance.now() - started;

    expectSameSweep(result, single(bars));
    expect(progress).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // The chunk the killed worker held came back through BullMQ's stalled check.
    expect(
      logs.some((l) => l.includes('stalled')),
      `${taken}: ${logs.join(' | ')}`,
    ).toBe(true);
    expect(ms).toBeLessThan(45_000);
  }, 90_000);

  it("a program error fails the sweep with the worker's message (not retried)", async () => {
    const prefix = testNamespace();
    const w = startWorker('server/compute/queue-main.ts', { REDIS_URL: url, BACKTALK_QUEUE_PREFIX: prefix });
    procs.push(w);
    await until(() => ready(w), 30_000, 'the worker to connect');
    const err = (await queueSweep(SOURCE.replace('sma(close, fast)', 'nosuch(close, fast)'), bars, GRID, {
      url,
      prefix,
      chunks: 2,
      timeoutMs: 30_000,
    }).catch((e) => e)) as ComputeError;
    expect(err.name).toBe('ComputeError');
    expect(err.code).toBe('failed');
    expect(err.message).toMatch(/nosuch/);
    // `npm run worker` stops on SIGTERM: it finishes what it holds, disconnects and exits 0.
    const exited = new Promise<number | null>((resolve) => w.child.once('exit', (code) => resolve(code)));
    w.child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise((r) => setTimeout(() => r('still running'), 20_000)),
    ]);
    expect(code).toBe(0);
    expect(w.out.some((l) => l.includes('stopping'))).toBe(true);
  }, 60_000);

  it('cancel removes the chunks no worker has taken', async () => {
    const prefix = testNamespace();
    const queue = new Queue(QUEUE_NAME, { connection: { url }, prefix });
    try {
      const ac = new AbortController();
      const run = queueSweep(SOURCE, bars, GRID, {
        url,
        prefix,
        chunks: 6,
        signal: ac.signal,
        timeoutMs: 20_000,
      });
      const settled = run.catch((e) => e as ComputeError);
      await until(async () => (await queue.getWaitingCount()) === 6, 10_000, 'six waiting chunks');
      ac.abort();
      const err = await settled;
      expect((err as ComputeError).code).toBe('cancelled');
      expect(await queue.getWaitingCount()).toBe(0);
    } finally {
      await queue.close();
    }
  }, 30_000);

  it('with no worker, gives up after its time limit and says how to start one', async () => {
    const t = performance.now();
    const err = (await queueSweep(SOURCE, bars, GRID, {
      url,
      prefix: testNamespace(),
      timeoutMs: 1500,
    }).catch((e) => e)) as ComputeError;
    expect(err.code).toBe('timeout');
    expect(err.hint).toMatch(/npm run worker/);
    expect(performance.now() - t).toBeLessThan(10_000);
  }, 20_000);

  it('refuses bars over the bound before anything is enqueued', async () => {
    const err = (await queueSweep(SOURCE, bars, GRID, {
      url,
      prefix: testNamespace(),
      maxBars: 1000,
      timeoutMs: 5000,
    }).catch((e) => e)) as ComputeError;
    expect(err.message).toMatch(/at most 1000 bars; this one has 3000/);
    expect(err.hint).toMatch(/BACKTALK_QUEUE_MAX_BARS/);
  }, 20_000);

  it("a worker refuses jobs that are not sweep chunks, or that name bars outside the sweeps' keys", async () => {
    const prefix = testNamespace();
    const connection = { url, maxRetriesPerRequest: null };
    const worker = await startQueueWorker({ url, prefix, concurrency: 1, log: () => {} });
    const queue = new Queue(QUEUE_NAME, { connection, prefix });
    const events = new QueueEvents(QUEUE_NAME, { connection, prefix });
    try {
      await events.waitUntilReady();
      const chunk = {
        v: 1,
        sweep: 'x',
        bars: { source: 'synthetic:1', symbol: 'SYNTH', timeframe: '1d' },
        source: SOURCE,
        start: 0,
        combos: [{ fast: 5, slow: 20 }],
      };
      const reasons: string[] = [];
      for (const data of [{ v: 1, combos: 'all' }, chunk]) {
        const job = await queue.add('chunk', data);
        reasons.push(await job.waitUntilFinished(events, 10_000).then(String, (e: Error) => e.message));
      }
      expect(reasons[0]).toMatch(/^\[failed\] not a sweep chunk/);
      expect(reasons[1]).toBe("[failed] a chunk names bars outside the sweeps' keys");
    } finally {
      await Promise.allSettled([events.close(), queue.close(), worker.close()]);
    }
  }, 30_000);

  it('says clearly when Redis does not answer', async () => {
    const port = await freePort();
    const err = (await queueSweep(SOURCE, bars, GRID, {
      url: `redis://127.0.0.1:${port}`,
      timeoutMs: 5000,
    }).catch((e) => e)) as ComputeError;
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/needs Redis/);
  }, 20_000);
});
