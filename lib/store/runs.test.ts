import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunResult, Strategy } from './index';
import { T0, type TempStore, tempStore } from './test-utils';

let t: TempStore;
let s: Strategy;
beforeEach(async () => {
  t = await tempStore();
  s = await t.store.strategies.create({ name: 'S', kind: 'hand', source: 'v1' });
});
afterEach(async () => {
  await t.cleanup();
});

function stats(ret: number, sharpe: number, dd: number, trades: number, equity: number) {
  return {
    Start: '2024-01-01T00:00:00.000Z',
    'Return [%]': ret,
    'Sharpe Ratio': sharpe,
    'Max. Drawdown [%]': dd,
    '# Trades': trades,
    'Equity Final [$]': equity,
    'Win Rate [%]': 50,
  };
}

describe('runs', () => {
  it('starts, finishes and reads a run; figures come from the stats by name', async () => {
    const r = await t.store.runs.start({
      strategyId: s.id,
      version: 1,
      trigger: 'manual',
      dataFrom: 5,
      dataTo: 9,
    });
    expect(r).toMatchObject({
      strategyId: s.id,
      version: 1,
      trigger: 'manual',
      status: 'running',
      attempt: 1,
      scheduleId: null,
      startedAt: T0 + 1000,
      finishedAt: null,
      dataFrom: 5,
      dataTo: 9,
    });
    const trades = [{ entryBar: 3, exitBar: 7, pnl: 12.5, reason: 'signal' }];
    const done = await t.store.runs.finish(r.id, {
      stats: stats(12.5, 1.25, -7.5, 4, 11250),
      trades,
      signal: 'enter',
      bars: 2500,
    });
    expect(done).toMatchObject({
      status: 'ok',
      finishedAt: T0 + 2000,
      returnPct: 12.5,
      sharpe: 1.25,
      maxDrawdownPct: -7.5,
      tradeCount: 4,
      equityFinal: 11250,
      signal: 'enter',
      bars: 2500,
      dataFrom: 5,
    });
    expect(done).not.toHaveProperty('trades'); // summaries leave out the bulky parts
    const got = await t.store.runs.get(r.id);
    expect(got?.stats).toEqual(stats(12.5, 1.25, -7.5, 4, 11250));
    expect(got?.trades).toEqual(trades);
    expect(got?.equity).toBeNull();
    expect(await t.store.runs.get('nosuchrun000')).toBeNull();
  });

  it('round-trips the equity curve bit for bit', async () => {
    const n = 10_000;
    const equity = new Float64Array(n);
    const time = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      equity[i] = 10_000 * Math.exp(Math.sin(i / 37) / 3) + i / 7;
      time[i] = T0 + i * 86_400_000;
    }
    const special = [
      Number.NaN,
      -0,
      5e-324,
      Number.MAX_VALUE,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0.1,
    ];
    equity.set(special, 100);
    const r = await t.store.runs.start({
      strategyId: s.id,
      version: 1,
      trigger: 'schedule',
      scheduleId: 'sched0000001',
    });
    await t.store.runs.finish(r.id, { stats: {}, equity, equityTime: time });
    const got = await t.store.runs.get(r.id);
    expect(got?.equity).toBeInstanceOf(Float64Array);
    expect(got?.equity?.length).toBe(n);
    // Compare the raw bytes: NaN payloads and -0 must survive too.
    const a = new Uint8Array(got!.equity!.buffer);
    const b = new Uint8Array(equity.buffer);
    let firstDiff = -1;
    for (let i = 0; i < b.length && firstDiff < 0; i++) if (a[i] !== b[i]) firstDiff = i;
    expect(a.length).toBe(b.length);
    expect(firstDiff).toBe(-1);
    expect(Object.is(got!.equity![101], -0)).toBe(true);
    let sameTime = got?.equityTime?.length === n;
    for (let i = 0; i < n && sameTime; i++) sameTime = got!.equityTime![i] === time[i];
    expect(sameTime).toBe(true);
    expect(got?.scheduleId).toBe('sched0000001');
  });

  it('marks failures, refuses to finish twice, records skipped runs at once', async () => {
    const r = await t.store.runs.start({ strategyId: s.id, version: 1, trigger: 'schedule', attempt: 2 });
    const failed = await t.store.runs.markFailed(r.id, new Error('data source timed out', { cause: 'net' }));
    expect(failed).toMatchObject({ status: 'failed', error: 'data source timed out', attempt: 2 });
    await expect(t.store.runs.finish(r.id, { stats: {} })).rejects.toMatchObject({
      code: 'bad-input',
      message: `run '${r.id}' is already 'failed'`,
    });
    await expect(t.store.runs.markFailed('nosuchrun000', 'x')).rejects.toMatchObject({ code: 'not-found' });
    const long = await t.store.runs.start({ strategyId: s.id, version: 1, trigger: 'manual' });
    const cut = await t.store.runs.markFailed(long.id, 'e'.repeat(20_000));
    expect(cut.error).toHaveLength(8000);
    expect(cut.error?.endsWith('…')).toBe(true);
    const skipped = await t.store.runs.insert({
      strategyId: s.id,
      version: 1,
      trigger: 'catch-up',
      status: 'skipped',
      error: 'market closed',
    });
    expect(skipped).toMatchObject({
      status: 'skipped',
      trigger: 'catch-up',
      error: 'market closed',
      returnPct: null,
    });
    expect(skipped.finishedAt).toBeTypeOf('number');
  });

  it('stores non-finite figures as NULL and lets explicit figures override the stats', async () => {
    const r = await t.store.runs.start({ strategyId: s.id, version: 1, trigger: 'manual' });
    const result: RunResult = {
      stats: { ...stats(1, Number.NaN, -2, 0, 100), 'Return [%]': Number.POSITIVE_INFINITY },
      figures: { equityFinal: 123.5 },
    };
    const done = await t.store.runs.finish(r.id, result);
    expect(done).toMatchObject({
      returnPct: null,
      sharpe: null,
      maxDrawdownPct: -2,
      tradeCount: 0,
      equityFinal: 123.5,
    });
    expect((await t.store.runs.get(r.id))?.stats?.['Sharpe Ratio']).toBeNull(); // JSON has no NaN
  });

  it('validates references and inputs', async () => {
    await expect(
      t.store.runs.start({ strategyId: s.id, version: 2, trigger: 'manual' }),
    ).rejects.toMatchObject({
      code: 'not-found',
      message: `strategy '${s.id}' has no version 2`,
    });
    await expect(
      t.store.runs.start({ strategyId: s.id, version: 1, trigger: 'cron' as 'manual' }),
    ).rejects.toMatchObject({ code: 'bad-input' });
    const r = await t.store.runs.start({ strategyId: s.id, version: 1, trigger: 'manual' });
    await expect(
      t.store.runs.finish(r.id, { stats: {}, equity: new Float64Array(3), equityTime: new Float64Array(2) }),
    ).rejects.toMatchObject({ message: 'equity has 3 points but equityTime has 2' });
    await expect(t.store.runs.finish(r.id, { stats: {}, equity: [1, 2] as never })).rejects.toMatchObject({
      message: 'equity must be a Float64Array',
    });
    await expect(t.store.runs.finish(r.id, { stats: {}, signal: 'buy' as 'enter' })).rejects.toMatchObject({
      code: 'bad-input',
    });
    expect((await t.store.runs.get(r.id))?.status).toBe('running'); // nothing half-written
  });

  it('lists newest first with a limit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await t.store.runs.start({ strategyId: s.id, version: 1, trigger: 'manual' })).id);
    // Same start time as the newest: insertion order breaks the tie.
    const tie = await t.store.runs.start({
      strategyId: s.id,
      version: 1,
      trigger: 'manual',
      startedAt: T0 + 5000,
    });
    expect((await t.store.runs.list(s.id)).map((r) => r.id)).toEqual([tie.id, ...ids.reverse()]);
    expect((await t.store.runs.list(s.id, { limit: 2 })).map((r) => r.id)).toEqual([tie.id, ids[0]]);
    await expect(t.store.runs.list(s.id, { limit: 0 })).rejects.toMatchObject({ code: 'bad-input' });
    expect(await t.store.runs.list('other0000000')).toEqual([]);
  });

  it('history: each run with the change from the previous successful run (LAG), latestTwo', async () => {
    const ok = async (r: [number, number, number, number, number], signal: 'enter' | 'exit' | 'hold') => {
      const run = await t.store.runs.start({ strategyId: s.id, version: 1, trigger: 'schedule' });
      await t.store.runs.finish(run.id, { stats: stats(...r), signal });
      return run.id;
    };
    const fail = async () => {
      const run = await t.store.runs.start({ strategyId: s.id, version: 1, trigger: 'schedule' });
      await t.store.runs.markFailed(run.id, 'boom');
      return run.id;
    };
    const r1 = await ok([10, 1.0, -5, 4, 11000], 'hold');
    const r2 = await fail();
    const r3 = await ok([12.5, 0.8, -7.5, 6, 11250], 'enter');
    const r4 = await t.store.runs.insert({
      strategyId: s.id,
      version: 1,
      trigger: 'manual',
      status: 'skipped',
    });
    const r5 = await ok([9, 1.25, -4, 5, 10900], 'exit');
    const other = await t.store.strategies.create({ name: 'O', kind: 'hand', source: '' });
    const o1 = await t.store.runs.start({ strategyId: other.id, version: 1, trigger: 'manual' });
    await t.store.runs.finish(o1.id, { stats: stats(99, 9, -9, 9, 99) }); // must not leak into S's history

    const h = await t.store.runs.history(s.id);
    expect(h.map((r) => [r.id, r.status, r.previousRunId])).toEqual([
      [r1, 'ok', null],
      [r2, 'failed', null],
      [r3, 'ok', r1],
      [r4.id, 'skipped', null],
      [r5, 'ok', r3],
    ]);
    expect(h[0]).toMatchObject({
      returnPct: 10,
      returnPctChange: null,
      sharpeChange: null,
      previousSignal: null,
    });
    expect(h[1]).toMatchObject({ error: 'boom', returnPct: null, returnPctChange: null });
    // r3 − r1, by hand: 12.5−10, 0.8−1.0, −7.5−(−5), 6−4, 11250−11000.
    expect(h[2].returnPctChange).toBe(2.5);
    expect(h[2].sharpeChange).toBeCloseTo(-0.2, 12);
    expect(h[2]).toMatchObject({ maxDrawdownPctChange: -2.5, tradeCountChange: 2, equityFinalChange: 250 });
    expect(h[2].previousSignal).toBe('hold');
    // r5 − r3: 9−12.5, 1.25−0.8, −4−(−7.5), 5−6, 10900−11250.
    expect(h[4].returnPctChange).toBe(-3.5);
    expect(h[4].sharpeChange).toBeCloseTo(0.45, 12);
    expect(h[4]).toMatchObject({
      maxDrawdownPctChange: 3.5,
      tradeCountChange: -1,
      equityFinalChange: -350,
      previousSignal: 'enter',
      signal: 'exit',
    });
    // A limit keeps the most recent runs, and LAG still sees the earlier ones.
    const last2 = await t.store.runs.history(s.id, { limit: 2 });
    expect(last2.map((r) => r.id)).toEqual([r4.id, r5]);
    expect(last2[1].previousRunId).toBe(r3);

    const two = await t.store.runs.latestTwo(s.id);
    expect(two.map((r) => r.id)).toEqual([r5, r3]);
    expect(two[0]).toMatchObject({ signal: 'exit', returnPct: 9 });
    expect(await t.store.runs.latestTwo(other.id)).toHaveLength(1);
  });
});
