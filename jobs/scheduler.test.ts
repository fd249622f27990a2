// The scheduler against a real DuckDB file and the real Redis on 127.0.0.1:6379.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LoadedData, synthetic } from '../lib/data';
import { until } from '../lib/data/redis-test-utils';
import { type Cache, createCache } from '../lib/data/server';
import { STAT_NAMES } from '../lib/engine';
import { EXAMPLES } from '../lib/examples';
import type { Store } from '../lib/store';
import { openStore } from '../lib/store/server';
import { latestSignal } from './run';
import { Scheduler } from './scheduler';

const REDIS = process.env.BACKTALK_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bars = synthetic({ seed: 2, bars: 400 });
const loaded: LoadedData = {
  bars,
  source: 'synthetic:2:400:1d',
  symbol: 'SYNTH',
  timeframe: '1d',
  issues: [],
};

let store: Store;
let caches: Cache[];
let namespace: string;
let strategyId: string;

async function cache(): Promise<Cache> {
  const c = await createCache({ url: REDIS, namespace, log: () => {} });
  caches.push(c);
  return c;
}

beforeEach(async () => {
  store = await openStore({ path: join(mkdtempSync(join(tmpdir(), 'bt-jobs-')), 'test.duckdb') });
  caches = [];
  namespace = `bt-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const s = await store.strategies.create({
    name: 'SMA cross',
    kind: 'hand',
    source: EXAMPLES[0].source,
    params: { fast: 10, slow: 30 },
    data: { source: 'synthetic:2:400:1d', symbol: 'SYNTH', timeframe: '1d' },
  });
  strategyId = s.id;
});

afterEach(async () => {
  for (const c of caches) await c.close();
  await store.close();
});

function scheduler(
  c: Cache,
  load: () => Promise<LoadedData>,
  extra: Partial<ConstructorParameters<typeof Scheduler>[0]> = {},
) {
  // Schedules every second (below the default one-minute minimum) and a short back-off keep these quick.
  return new Scheduler({
    store,
    cache: c,
    load,
    log: () => {},
    retry: { attempts: 1, baseMs: 100 },
    minIntervalSeconds: 1,
    ...extra,
  });
}

describe('scheduler', () => {
  it('fires a schedule with a seconds field and stores the run with every figure', async () => {
    const sched = await store.schedules.create({ strategyId, cron: '* * * * * *', label: 'every second' });
    const s = scheduler(await cache(), async () => loaded);
    await s.start();
    await sleep(2300);
    await s.stop();
    const runs = await store.runs.list(strategyId);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    const run = (await store.runs.get(runs.at(-1)!.id))!;
    expect(run).toMatchObject({
      status: 'ok',
      trigger: 'schedule',
      scheduleId: sched.id,
      version: 1,
      bars: 400,
    });
    expect(Object.keys(run.stats!).sort()).toEqual([...STAT_NAMES].sort());
    expect(run.tradeCount).toBe(run.stats!['# Trades']);
    expect(run.equity).toHaveLength(400);
    expect(run.equityTime![399]).toBe(bars.time[399]);
    expect(['enter', 'exit', 'hold']).toContain(run.signal);
    expect((await store.schedules.get(sched.id))!.lastTickAt).toBeGreaterThan(0);
  });

  it('skips and records a tick that finds the previous run still going', async () => {
    await store.schedules.create({ strategyId, cron: '* * * * * *' });
    let concurrent = 0;
    let maxConcurrent = 0;
    const slow = async () => {
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      await sleep(2200);
      concurrent--;
      return loaded;
    };
    const s = scheduler(await cache(), slow);
    await s.start();
    await sleep(3300);
    await s.stop();
    const runs = await store.runs.list(strategyId);
    const statuses = runs.map((r) => r.status);
    expect(statuses).toContain('ok');
    expect(statuses).toContain('skipped');
    expect(runs.find((r) => r.status === 'skipped')!.error).toMatch(/previous run .* still going/);
    expect(maxConcurrent).toBe(1);
  });

  it('stores a failed run with its error and succeeds on the next tick', async () => {
    await store.schedules.create({ strategyId, cron: '* * * * * *' });
    let calls = 0;
    const flaky = async () => {
      if (++calls === 1) throw new Error('exchange unavailable: connection reset');
      return loaded;
    };
    const s = scheduler(await cache(), flaky);
    await s.start();
    await sleep(2600);
    await s.stop();
    const runs = (await store.runs.list(strategyId)).reverse(); // oldest first
    expect(runs[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/exchange unavailable/) });
    expect(runs.slice(1).some((r) => r.status === 'ok')).toBe(true);
  });

  it('retries a failed run with backoff, a bounded number of times', async () => {
    const sched = await store.schedules.create({ strategyId, cron: '0 0 1 1 *' }); // not due in the test
    const s = scheduler(await cache(), async () => Promise.reject(new Error('boom')), {
      retry: { attempts: 3, baseMs: 100 },
    });
    await s.start();
    await s.runNow(sched);
    // Retries after 100 ms and 200 ms; then none (the third attempt is the last).
    const failed = async () => (await store.runs.list(strategyId)).filter((r) => r.status === 'failed');
    await until(async () => (await failed()).length === 3, 10_000, 'three failed attempts');
    await sleep(500);
    await s.stop();
    const runs = (await store.runs.list(strategyId)).reverse();
    expect(runs.map((r) => [r.status, r.attempt])).toEqual([
      ['failed', 1],
      ['failed', 2],
      ['failed', 3],
    ]);
  });

  it('runs each tick once when two instances share one Redis', async () => {
    await store.schedules.create({ strategyId, cron: '* * * * * *' });
    const ran: string[] = [];
    const a = scheduler(
      await cache(),
      async () => {
        ran.push('a');
        return loaded;
      },
      { instance: 'a' },
    );
    const b = scheduler(
      await cache(),
      async () => {
        ran.push('b');
        return loaded;
      },
      { instance: 'b' },
    );
    await Promise.all([a.start(), b.start()]);
    const started = Date.now();
    await sleep(4200);
    await Promise.all([a.stop(), b.stop()]);
    const seconds = Math.round((Date.now() - started) / 1000);
    const runs = await store.runs.list(strategyId);
    // One run per elapsed second (±1 at the edges), not two.
    expect(runs.length).toBeGreaterThanOrEqual(seconds - 1);
    expect(runs.length).toBeLessThanOrEqual(seconds + 1);
    expect(ran.length).toBe(runs.length);
  });

  it('after a restart, runs a schedule missed while down exactly once', async () => {
    const sched = await store.schedules.create({ strategyId, cron: '0 0 * * *' }); // daily at midnight
    const first = scheduler(await cache(), async () => loaded);
    await first.start();
    await first.stop();
    // The app was down over a run time.
    await store.schedules.setTick(sched.id, {
      lastTickAt: Date.now() - 86_400_000,
      nextRunAt: Date.now() - 60_000,
    });
    const again = scheduler(await cache(), async () => loaded);
    const other = scheduler(await cache(), async () => loaded); // a second instance restarting too
    await Promise.all([again.start(), other.start()]);
    await sleep(500);
    await Promise.all([again.stop(), other.stop()]);
    const runs = await store.runs.list(strategyId);
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([['catch-up', 'ok']]);
    // The next run time moved to the future: another restart does not run it again.
    expect((await store.schedules.get(sched.id))!.nextRunAt).toBeGreaterThan(Date.now());
    const third = scheduler(await cache(), async () => loaded);
    await third.start();
    await third.stop();
    expect(await store.runs.list(strategyId)).toHaveLength(1);
  });
});

describe('latestSignal', () => {
  it('reads the last bar: an entry beats an exit; nothing is hold', () => {
    const m = (v: number[]) => Uint8Array.from(v);
    const size = { kind: 'percent', value: 1 } as const;
    expect(
      latestSignal(
        [
          { kind: 'sell', size, when: m([0, 1]) },
          { kind: 'buy', size, when: m([0, 1]) },
        ],
        2,
      ),
    ).toBe('enter');
    expect(latestSignal([{ kind: 'exit', size, when: m([1, 1]) }], 2)).toBe('exit');
    expect(latestSignal([{ kind: 'buy', size, when: m([1, 0]) }], 2)).toBe('hold');
  });
});
