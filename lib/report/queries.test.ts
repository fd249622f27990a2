// The report queries against a real DuckDB file; expected changes are worked out by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Strategy } from '../store';
import { type TempStore, tempStore } from '../store/test-utils';
import { latestEquities, loadRunReport, previousOkRun } from './load';
import { reportOverview, runsTable } from './queries';

let t: TempStore;
let a: Strategy;
let ids: Record<string, string>;

const stats = (ret: number, sharpe: number, dd: number, trades: number, equity: number) => ({
  'Return [%]': ret,
  'Sharpe Ratio': sharpe,
  'Max. Drawdown [%]': dd,
  '# Trades': trades,
  'Equity Final [$]': equity,
});

async function ok(
  strategyId: string,
  s: ReturnType<typeof stats>,
  signal: 'enter' | 'exit' | 'hold',
  equity?: number[],
): Promise<string> {
  const run = await t.store.runs.start({ strategyId, version: 1, trigger: 'schedule' });
  await t.store.runs.finish(run.id, {
    stats: s,
    signal,
    bars: 100,
    equity: equity ? Float64Array.from(equity) : null,
    equityTime: equity ? Float64Array.from(equity, (_, i) => i * 1000) : null,
  });
  return run.id;
}

beforeEach(async () => {
  t = await tempStore();
  a = await t.store.strategies.create({ name: 'A', kind: 'hand', source: 'a' });
  const b = await t.store.strategies.create({ name: 'B', kind: 'hand', source: 'b' });
  const c = await t.store.strategies.create({ name: 'C', kind: 'hand', source: 'c' });
  await t.store.strategies.create({ name: 'D (nothing)', kind: 'hand', source: 'd' });
  const e = await t.store.strategies.create({ name: 'E (deleted)', kind: 'hand', source: 'e' });
  await t.store.schedules.create({ strategyId: a.id, cron: '0 * * * *', label: 'every hour' });
  await t.store.schedules.create({ strategyId: c.id, cron: '0 0 * * *', label: 'daily', enabled: false });
  const r1 = await ok(a.id, stats(10, 1.0, -5, 4, 11_000), 'hold', [10_000, 10_500, 11_000]);
  const r2 = await t.store.runs.start({ strategyId: a.id, version: 1, trigger: 'schedule' });
  await t.store.runs.markFailed(r2.id, 'boom');
  const b1 = await ok(b.id, stats(99, 9, -9, 9, 99), 'exit');
  const r3 = await ok(a.id, stats(12.5, 0.8, -7.5, 6, 11_250), 'enter', [10_000, 9_000, 11_250, 11_250]);
  const r4 = await t.store.runs.insert({
    strategyId: a.id,
    version: 1,
    trigger: 'schedule',
    status: 'skipped',
    error: 'skipped: still going',
  });
  await ok(e.id, stats(1, 1, -1, 1, 1), 'hold');
  await t.store.strategies.softDelete(e.id);
  ids = { b: b.id, c: c.id, r1, r2: r2.id, r3, r4: r4.id, b1 };
});

afterEach(async () => {
  await t.cleanup();
});

describe('reportOverview', () => {
  it('lists strategies with a schedule or a run, not deleted ones, most recently run first', async () => {
    const rows = await reportOverview(t.store.db);
    expect(rows.map((r) => r.name)).toEqual(['A', 'B', 'C']);
  });

  it("gives the latest run, the latest successful run's figures and their change (LAG)", async () => {
    const [row] = await reportOverview(t.store.db, a.id);
    expect(row).toMatchObject({
      strategyId: a.id,
      runCount: 4,
      failedCount: 1,
      scheduleCount: 1,
      enabledCount: 1,
      latestRunId: ids.r4,
      latestStatus: 'skipped',
      latestError: 'skipped: still going',
      okRunId: ids.r3,
      signal: 'enter',
      returnPct: 12.5,
      sharpe: 0.8,
      maxDrawdownPct: -7.5,
      tradeCount: 6,
    });
    // r3 − r1 by hand: 12.5 − 10, 0.8 − 1.0, −7.5 − (−5); the failed run in between is not compared.
    expect(row.returnPctChange).toBe(2.5);
    expect(row.sharpeChange).toBeCloseTo(-0.2, 12);
    expect(row.maxDrawdownPctChange).toBe(-2.5);
  });

  it('has nulls where there is nothing to compare or no run at all', async () => {
    const [b] = await reportOverview(t.store.db, ids.b);
    expect(b).toMatchObject({
      runCount: 1,
      scheduleCount: 0,
      signal: 'exit',
      returnPct: 99,
      returnPctChange: null,
    });
    const [c] = await reportOverview(t.store.db, ids.c);
    expect(c).toMatchObject({
      runCount: 0,
      failedCount: 0,
      scheduleCount: 1,
      enabledCount: 0,
      latestRunId: null,
      latestStatus: null,
      okRunId: null,
      returnPct: null,
    });
  });
});

describe('runsTable', () => {
  it('is newest first with the change from the previous successful run, which LAG finds beyond the limit', async () => {
    const rows = await runsTable(t.store.db, a.id, 2);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [ids.r4, 'skipped'],
      [ids.r3, 'ok'],
    ]);
    expect(rows[0]).toMatchObject({
      total: 4,
      error: 'skipped: still going',
      previousRunId: null,
      returnPctChange: null,
    });
    expect(rows[1]).toMatchObject({
      total: 4,
      bars: 100,
      signal: 'enter',
      previousRunId: ids.r1, // outside the two rows asked for
      previousSignal: 'hold',
      returnPctChange: 2.5,
      maxDrawdownPctChange: -2.5,
      tradeCountChange: 2,
      equityFinalChange: 250,
    });
    const all = await runsTable(t.store.db, a.id, 1000);
    expect(all.map((r) => r.id)).toEqual([ids.r4, ids.r3, ids.r2, ids.r1]);
    expect(all[2]).toMatchObject({ status: 'failed', error: 'boom', previousRunId: null });
    expect(all[3].previousRunId).toBeNull();
  });

  it('is empty for a strategy without runs and refuses a bad limit', async () => {
    expect(await runsTable(t.store.db, ids.c)).toEqual([]);
    await expect(runsTable(t.store.db, a.id, 0)).rejects.toThrow(
      /limit must be a whole number from 1 to 1000/,
    );
    await expect(runsTable(t.store.db, a.id, 1001)).rejects.toThrow(RangeError);
  });
});

describe('loading a run report', () => {
  it('finds the successful run before a run, whatever its own status', async () => {
    expect(await previousOkRun(t.store, ids.r1)).toBeNull();
    expect((await previousOkRun(t.store, ids.r2))?.id).toBe(ids.r1);
    const p = await previousOkRun(t.store, ids.r3);
    expect(p).toMatchObject({ id: ids.r1, returnPct: 10, sharpe: 1, tradeCount: 4, equityFinal: 11_000 });
    expect(await previousOkRun(t.store, ids.b1)).toBeNull(); // other strategies' runs do not count
    expect(await previousOkRun(t.store, 'nosuchrun')).toBeNull();
  });

  it('loads the run with its strategy, version and previous run', async () => {
    const data = await loadRunReport(t.store, ids.r3);
    expect(data?.strategy.name).toBe('A');
    expect(data?.version?.source).toBe('a');
    expect(data?.previous?.id).toBe(ids.r1);
    expect(Array.from(data?.run.equity ?? [])).toEqual([10_000, 9_000, 11_250, 11_250]);
    expect(await loadRunReport(t.store, 'nosuchrun')).toBeNull();
  });

  it('gives the latest two successful equity curves', async () => {
    const { latest, previous } = await latestEquities(t.store, a.id);
    expect(latest).toMatchObject({ runId: ids.r3, version: 1 });
    expect(latest?.points).toEqual([
      [0, 10_000],
      [1000, 9_000],
      [2000, 11_250],
      [3000, 11_250],
    ]);
    expect(previous?.runId).toBe(ids.r1);
    expect(await latestEquities(t.store, ids.c)).toEqual({ latest: null, previous: null });
  });
});
