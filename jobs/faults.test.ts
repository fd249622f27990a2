// Issue 9's scheduler attacks, reproduced: a failing every-second schedule that wrote 2.3 rows/s and
// never paused; compile errors retried three times with the cause cut to its first line; Redis paused
// for a few seconds leaving the run lock held (every later tick skipped); kill -9 during a run leaving it
// 'running' forever and "Run now" skipped. Private redis-server processes; a real DuckDB file.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LoadedData, synthetic } from '../lib/data';
import { freePort, hasRedisServer, RedisProcess, testNamespace, until } from '../lib/data/redis-test-utils';
import { type Cache, createCache, lockKey } from '../lib/data/server';
import { outcomeOf, runProgram } from '../lib/dsl';
import { EXAMPLES } from '../lib/examples';
import type { Store } from '../lib/store';
import { openStore } from '../lib/store/server';
import { Scheduler, type SchedulerOptions } from './scheduler';

const canRun = hasRedisServer();
if (!canRun) console.warn('jobs/faults.test.ts: skipping the Redis cases — redis-server is not on the PATH');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loaded: LoadedData = {
  bars: synthetic({ seed: 2, bars: 300 }),
  source: 'synthetic:2:300:1d',
  symbol: 'SYNTH',
  timeframe: '1d',
  issues: [],
};

let dbPath: string;
let store: Store | null;
let strategyId: string;
const cleanup: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'bt-faults-')), 'jobs.duckdb');
  store = await openStore({ path: dbPath });
  strategyId = (
    await store.strategies.create({ name: 'SMA cross', kind: 'hand', source: EXAMPLES[0].source })
  ).id;
});

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
  await store?.close();
});

async function memoryCache(): Promise<Cache> {
  const c = await createCache({ url: '', log: () => {} });
  cleanup.push(() => c.close());
  return c;
}

function scheduler(
  opts: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'cache' | 'load'>,
  logs: string[],
) {
  const s = new Scheduler({ store: store!, log: (m) => logs.push(m), minIntervalSeconds: 1, ...opts });
  cleanup.push(() => s.stop());
  return s;
}

const runsOf = async () => (await store!.runs.list(strategyId, { limit: 1000 })).reverse(); // oldest first

describe('a failing schedule', () => {
  it('backs off and is paused after 5 failures in a row, with the whole cause in the reason and the log', async () => {
    const sched = await store!.schedules.create({ strategyId, cron: '* * * * * *' });
    const logs: string[] = [];
    const down = () =>
      Promise.reject(
        new Error('cannot load yahoo:SPY', {
          cause: new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:443') }),
        }),
      );
    const s = scheduler(
      {
        cache: await memoryCache(),
        load: down,
        retry: { attempts: 3, baseMs: 200, capMs: 800 },
        pauseAfter: 5,
      },
      logs,
    );
    await s.start();
    await until(
      async () => !(await store!.schedules.get(sched.id))!.enabled,
      20_000,
      'the schedule to pause',
    );
    const paused = (await store!.schedules.get(sched.id))!;
    expect(paused).toMatchObject({ enabled: false, failures: 5, nextRunAt: null });
    expect(paused.pausedReason).toBe(
      'Paused after 5 failures in a row: cannot load yahoo:SPY\n' +
        '  caused by: TypeError: fetch failed\n' +
        '  caused by: connect ECONNREFUSED 127.0.0.1:443',
    );
    // Nothing runs once it is paused: the every-second ticks stop.
    await sleep(2500);
    const runs = await runsOf();
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    // Each run waited at least the back-off after the one before: 200, 400, then 800 (the cap).
    const gaps = runs.slice(1).map((r, i) => r.startedAt - runs[i].startedAt);
    const least = [200, 400, 800, 800];
    for (let i = 0; i < least.length; i++)
      expect(gaps[i], `gap ${i + 1}`).toBeGreaterThanOrEqual(least[i] - 20);
    expect(logs.join('\n')).toContain('caused by: connect ECONNREFUSED 127.0.0.1:443');
    expect(logs.at(-1)).toContain('Paused after 5 failures in a row');
  });

  it('does not retry a program that cannot compile, and logs its diagnostics whole', async () => {
    // Only broken versions: runs fall back to the newest version without errors, so none may exist.
    strategyId = (
      await store!.strategies.create({
        name: 'Broken',
        kind: 'hand',
        source: `${EXAMPLES[0].source}\nbuy when nonsense(close) > 1\n`,
      })
    ).id;
    const sched = await store!.schedules.create({ strategyId, cron: '* * * * * *' });
    const logs: string[] = [];
    const s = scheduler(
      {
        cache: await memoryCache(),
        load: async () => loaded,
        retry: { attempts: 3, baseMs: 50, capMs: 50 },
        pauseAfter: 2,
      },
      logs,
    );
    await s.start();
    await until(
      async () => !(await store!.schedules.get(sched.id))!.enabled,
      20_000,
      'the schedule to pause',
    );
    await sleep(1200);
    const runs = await runsOf();
    // One attempt per tick: never attempt 2 or 3.
    expect(runs.map((r) => [r.status, r.attempt])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    const reason = (await store!.schedules.get(sched.id))!.pausedReason!;
    expect(reason).toMatch(/^Paused after 2 failures in a row: the program does not compile:\n/);
    expect(reason).toContain('nonsense');
    const first = logs.find((l) => l.includes('run failed (attempt 1/3)'))!;
    expect(first).toContain('not retried: the strategy cannot run as saved');
    // The whole report, not its first line.
    expect(first.split('\n').length).toBeGreaterThan(3);
    expect(first).toContain('nonsense');
  });
  it('does not retry a run the work budget refuses: the same program on the same bars is refused again', async () => {
    const sched = await store!.schedules.create({ strategyId, cron: '* * * * * *' });
    const logs: string[] = [];
    let calls = 0;
    // A budget of 10 bar-calls: any program over 300 bars is over it.
    const run = async (source: string, bars: Parameters<typeof runProgram>[1]) => {
      calls++;
      return outcomeOf(runProgram(source, bars, { budget: { maxBarCalls: 10, setting: 'TEST_BUDGET' } }));
    };
    const s = scheduler(
      {
        cache: await memoryCache(),
        load: async () => loaded,
        run,
        retry: { attempts: 3, baseMs: 50, capMs: 50 },
        pauseAfter: 2,
      },
      logs,
    );
    await s.start();
    await until(
      async () => !(await store!.schedules.get(sched.id))!.enabled,
      20_000,
      'the schedule to pause',
    );
    await sleep(1200);
    const runs = await runsOf();
    expect(runs.map((r) => [r.status, r.attempt])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    expect(calls).toBe(2);
    expect(runs[0].error).toContain('TEST_BUDGET');
    const first = logs.find((l) => l.includes('run failed (attempt 1/3)'))!;
    expect(first).toContain('not retried: the strategy cannot run as saved');
  });
});

describe.skipIf(!canRun)('runs and locks that meet faults (private redis-server)', () => {
  async function redis() {
    const port = await freePort();
    const server = await RedisProcess.start(port);
    cleanup.push(async () => {
      await server.signal('SIGCONT');
      await server.stop();
    });
    const ns = testNamespace();
    const url = `redis://127.0.0.1:${port}`;
    const open = async (): Promise<Cache> => {
      const c = await createCache({ url, namespace: ns, log: () => {}, timeoutMs: 300, maxBackoffMs: 200 });
      cleanup.push(() => c.close());
      return c;
    };
    const admin = new Redis(port, '127.0.0.1');
    admin.on('error', () => {});
    cleanup.push(() => admin.quit());
    return { server, ns, url, open, admin };
  }

  it('pausing Redis for a few seconds does not leave the run lock held: ticks run again once it is back', async () => {
    const { server, open } = await redis();
    await store!.schedules.create({ strategyId, cron: '* * * * * *' });
    const cache = await open();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    const logs: string[] = [];
    const s = scheduler(
      {
        cache,
        load: async () => {
          if (++calls === 1) await gate; // the first run is still going when Redis freezes
          return loaded;
        },
        retry: { attempts: 1, baseMs: 100 },
      },
      logs,
    );
    await s.start();
    await until(() => calls === 1, 5000, 'the first run to start');
    await server.signal('SIGSTOP');
    // Ticks during the pause find Redis silent and carry on in memory; the run ends meanwhile.
    await until(() => cache.kind === 'memory', 5000, 'the cache to notice the pause');
    release();
    await sleep(1500);
    await server.signal('SIGCONT');
    await until(() => cache.kind === 'redis', 5000, 'the cache to use Redis again');
    const back = Date.now();
    // Before: the lock stayed in Redis for 15 minutes and every tick was recorded as skipped.
    await until(
      async () => (await runsOf()).some((r) => r.status === 'ok' && r.startedAt > back),
      10_000,
      'a tick after the pause to run',
    );
    await s.stop();
    const after = (await runsOf()).filter((r) => r.startedAt > back + 1500);
    expect(after.filter((r) => r.status === 'skipped')).toEqual([]);
  });

  it('kill -9 during a run: the next start marks it interrupted, releases its lock, retries it, and Run now works', async () => {
    const { ns, url, open, admin } = await redis();
    const sched = await store!.schedules.create({ strategyId, cron: '0 0 1 1 *' }); // never due in the test
    await store!.close();
    store = null;

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures/hang-run.ts'), dbPath, url, ns, sched.id],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((r) => child.once('exit', r));
    cleanup.push(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    await until(() => out.includes('running'), 20_000, `the child to start its run (output: ${out})`);
    const held = await admin.get(lockKey(`run:${sched.id}`, ns));
    expect(held).not.toBeNull();
    child.kill('SIGKILL');
    await exited;

    store = await openStore({ path: dbPath });
    const [left] = await store.runs.list(strategyId);
    expect(left).toMatchObject({ status: 'running', attempt: 1, trigger: 'manual' });

    const logs: string[] = [];
    const s = scheduler(
      {
        cache: await open(),
        load: async () => loaded,
        retry: { attempts: 3, baseMs: 2000 },
        bootedAt: Date.now(), // this scheduler is the restarted process
      },
      logs,
    );
    await s.start();
    expect(await store.runs.get(left.id)).toMatchObject({
      status: 'interrupted',
      error: expect.stringMatching(/^interrupted: the process running it stopped/),
    });
    expect(await admin.get(lockKey(`run:${sched.id}`, ns))).toBeNull();
    // The dead child's token named it (host:pid:nonce), which is how the lock was known to be orphaned.
    expect(held).toMatch(new RegExp(`:${child.pid}:[0-9a-f]+/`));
    expect(logs.join('\n')).toContain(`held by ${held!.split('/')[0]}, a process that is gone`);
    expect(logs.join('\n')).toContain(`run ${left.id} of schedule ${sched.id} was interrupted`);

    // Retried by the schedule's policy: attempt 2 of the same trigger.
    await until(async () => (await runsOf()).length === 2, 15_000, 'the retry');
    await until(async () => (await runsOf())[1].status !== 'running', 15_000, 'the retry to finish');
    expect((await runsOf())[1]).toMatchObject({ status: 'ok', attempt: 2, trigger: 'manual' });
    expect((await store.schedules.get(sched.id))!.failures).toBe(0);

    await s.runNow((await store.schedules.get(sched.id))!);
    expect((await runsOf()).map((r) => r.status)).toEqual(['interrupted', 'ok', 'ok']);
  });

  it('a short lock TTL holds for a long run: the heartbeat renews it, so a second instance skips', async () => {
    const { open, admin, ns } = await redis();
    const sched = await store!.schedules.create({ strategyId, cron: '0 0 1 1 *' });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const a = scheduler({ cache: await open(), load: () => gate.then(() => loaded), lockTtlMs: 300 }, []);
    const b = scheduler({ cache: await open(), load: async () => loaded, lockTtlMs: 300 }, []);
    const first = a.runNow(sched);
    await until(async () => (await runsOf()).length === 1, 5000, 'the first run to start');
    await sleep(1000); // over three TTLs
    // Held, but never for long: at most one TTL ahead (not 15 minutes), renewed while the run lives.
    const pttl = await admin.pttl(lockKey(`run:${sched.id}`, ns));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(300);
    await b.runNow(sched);
    release();
    await first;
    expect((await runsOf()).map((r) => [r.trigger, r.status])).toEqual([
      ['manual', 'ok'],
      ['manual', 'skipped'],
    ]);
    // Released at the end: the next run goes ahead.
    await b.runNow(sched);
    expect((await runsOf()).at(-1)!.status).toBe('ok');
  });
});
