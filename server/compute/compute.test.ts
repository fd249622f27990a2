// The compute pool with real worker threads: runs leave the event loop free, the budget refuses before
// any worker is busy, and a worker that crashes, exhausts its heap or overruns its time is replaced with
// its run answered by an error. fixtures/faulty-worker.mjs injects those faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthetic } from '../../lib/data';
import { outcomeOf, runProgram } from '../../lib/dsl';
import { manyRsi } from '../../lib/dsl/testkit';
import { type ComputeError, InlineCompute, PooledCompute } from '.';

const LIGHT = 'if close > open:\n    buy(market)\nsell(market)\n';
const light = synthetic({ seed: 4, bars: 2000 });
const faulty = new URL('./fixtures/faulty-worker.mjs', import.meta.url);

/** Counts turns of the event loop until stopped: it only advances while the loop is free. */
function loopCounter() {
  let turns = 0;
  let on = true;
  const tick = () => {
    turns++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turns() {
      return turns;
    },
    stop: () => {
      on = false;
    },
  };
}

describe('PooledCompute', { timeout: 120_000 }, () => {
  let pool: PooledCompute;
  beforeAll(async () => {
    pool = new PooledCompute({ workers: 2 });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it('answers as the same run in this thread would', async () => {
    const bars = synthetic({ seed: 7, bars: 3000 });
    const src =
      'f = sma(close, 5)\nif crossover(close, f):\n    buy(market)\nif crossunder(close, f):\n    sell(market)\n';
    const here = outcomeOf(runProgram(src, bars));
    const there = await pool.runProgram(src, bars);
    expect(there).toEqual(here);
  });

  it('keeps the event loop turning while a heavy run computes, and a light run overtakes it', async () => {
    const heavyBars = synthetic({ seed: 5, bars: 500_000 });
    const heavySrc = manyRsi(12); // 18 series over 500k bars: within the default budget
    const done: string[] = [];
    const counter = loopCounter();
    const heavy = pool.runProgram(heavySrc, heavyBars).then((r) => {
      done.push('heavy');
      return r;
    });
    // The heavy run is on its way to a worker; a light one goes to the other worker.
    const lightRun = pool.runProgram(LIGHT, light).then((r) => {
      done.push('light');
      return { r, turns: counter.turns };
    });
    const [h, l] = await Promise.all([heavy, lightRun]);
    counter.stop();
    expect(h.ok && l.r.ok).toBe(true);
    expect(done).toEqual(['light', 'heavy']);
    // Run in this thread instead, the loop would not turn once until the heavy run returned.
    expect(counter.turns).toBeGreaterThan(l.turns);
    expect(l.turns).toBeGreaterThan(0);
  });

  it('refuses the 400-rsi program on 1M bars with the budget and the way under it', async () => {
    const bars = synthetic({ seed: 1, bars: 1_000_000 });
    const counter = loopCounter();
    const r = await pool.runProgram(manyRsi(), bars, { fileName: 'many.bt' });
    counter.stop();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-much-work']);
    expect(r.diagnostics[0].message).toContain(
      'the budget is 50 M bar-calls, about 381 MB (BACKTALK_MAX_WORK)',
    );
    expect(r.diagnostics[0].hint).toMatch(/^use fewer bars .* or fewer indicators/);
  });
});

// Replacing a worker means starting one (loading the code): slow on a busy machine, so more time.
describe('PooledCompute with faulty workers', { timeout: 120_000 }, () => {
  // One worker, so that each test also shows the replacement serving the next run. A second pool has a
  // short time limit for the run that never ends.
  let pool: PooledCompute;
  let hasty: PooledCompute;
  beforeAll(async () => {
    pool = new PooledCompute({ workers: 1, script: faulty, timeoutMs: 60_000, workerMb: 64 });
    hasty = new PooledCompute({ workers: 1, script: faulty, timeoutMs: 2000 });
    await Promise.all([pool.ready(), hasty.ready()]);
  });
  afterAll(() => Promise.all([pool.close(), hasty.close()]));

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => expect.fail('the run should have failed'),
      (e: ComputeError) => e,
    );

  it('answers a run whose worker crashed with an error, and runs the next one on a new worker', async () => {
    const e = await failure(pool.runProgram(`${LIGHT}# crash\n`, light));
    expect(e.code).toBe('crashed');
    expect(e.message).toMatch(/worker crashed \(injected fault\); it was restarted/);
    const next = await pool.runProgram(LIGHT, light);
    expect(next.ok).toBe(true);
  });

  it('stops a run that exhausts its worker heap (resourceLimits), answers it, and recovers', async () => {
    const e = await failure(pool.runProgram(`${LIGHT}# hog\n`, light));
    expect(e.code).toBe('out-of-memory');
    expect(e.message).toContain('the limit is 64 MB per worker, BACKTALK_WORKER_MB');
    expect((await pool.runProgram(LIGHT, light)).ok).toBe(true);
  });

  it('terminates a run past the time limit, answers it, and recovers', async () => {
    const e = await failure(hasty.runProgram(`${LIGHT}# spin\n`, light));
    expect(e.code).toBe('timeout');
    expect(e.message).toBe('the backtest took longer than 2 s (BACKTALK_RUN_TIMEOUT_MS) and was stopped');
    expect((await hasty.runProgram(LIGHT, light)).ok).toBe(true);
  });

  it('answers runs queued behind a crashed one on the replacement worker', async () => {
    const crash = failure(pool.runProgram(`${LIGHT}# crash\n`, light));
    const queued = [pool.runProgram(LIGHT, light), pool.runProgram(LIGHT, light)];
    expect((await crash).code).toBe('crashed');
    for (const r of await Promise.all(queued)) expect(r.ok).toBe(true);
  });
});

describe('PooledCompute whose workers cannot start', () => {
  it('says so to whoever waits, rather than leaving runs waiting', async () => {
    const p = new PooledCompute({ workers: 1, script: new URL('./fixtures/missing.mjs', import.meta.url) });
    try {
      await expect(p.ready()).rejects.toThrow(/^no compute worker: .*missing\.mjs/);
      const e = await p.runProgram(LIGHT, light).catch((x: ComputeError) => x);
      expect(e).toMatchObject({ name: 'ComputeError', code: 'unavailable' });
    } finally {
      await p.close();
    }
  });
});

describe('InlineCompute', () => {
  it('applies the same budget in this thread', async () => {
    const r = await new InlineCompute({ maxBarCalls: 1000 }).runProgram(LIGHT, light);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0].code).toBe('too-much-work');
  });
});
