// What the store keeps for runs and schedules that meet faults: runs interrupted by a dead process,
// a schedule's failure streak and its pause, the migration that allows both, and bounded cron text.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from './connection';
import { StoreError, type Strategy } from './index';
import { MIGRATIONS, migrate } from './migrations';
import { openStore } from './server';
import { T0, type TempStore, tempDir, tempStore } from './test-utils';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ t: TempStore; s: Strategy }> {
  const t = await tempStore();
  cleanups.push(t.cleanup);
  const s = await t.store.strategies.create({ name: 'S', kind: 'hand', source: 'v1' });
  return { t, s };
}

describe('interrupted runs', () => {
  it("marks the 'running' runs started before a time as interrupted, and only those", async () => {
    const { t, s } = await setup();
    const base = { strategyId: s.id, version: 1, trigger: 'schedule' as const };
    const dead1 = await t.store.runs.start({ ...base, attempt: 2, startedAt: T0 - 3000 });
    const dead2 = await t.store.runs.start({ ...base, trigger: 'manual', startedAt: T0 - 2000 });
    const live = await t.store.runs.start({ ...base, startedAt: T0 });
    const done = await t.store.runs.insert({
      ...base,
      status: 'failed',
      error: 'boom',
      startedAt: T0 - 5000,
    });

    const marked = await t.store.runs.interruptStale(T0, 'interrupted: the process stopped');
    expect(marked.map((r) => [r.id, r.status, r.attempt, r.trigger])).toEqual([
      [dead1.id, 'interrupted', 2, 'schedule'],
      [dead2.id, 'interrupted', 1, 'manual'],
    ]);
    expect(marked[0].error).toBe('interrupted: the process stopped');
    expect(marked[0].finishedAt).toBeGreaterThan(marked[0].startedAt);
    expect((await t.store.runs.get(live.id))!.status).toBe('running');
    expect((await t.store.runs.get(done.id))!.status).toBe('failed');
    // Nothing left to mark; an interrupted run cannot be finished later.
    expect(await t.store.runs.interruptStale(T0, 'again')).toEqual([]);
    await expect(t.store.runs.finish(dead1.id, { stats: {} })).rejects.toMatchObject({
      message: `run '${dead1.id}' is already 'interrupted'`,
    });
    expect((await t.store.runs.interruptStale(T0 + 1, 'x')).map((r) => r.id)).toEqual([live.id]);
    await expect(t.store.runs.interruptStale(Number.NaN, 'x')).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('migrates a version-1 database: runs are kept and may then be interrupted', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'v1.duckdb');
    const conn = await Connection.open(path);
    await migrate(conn, MIGRATIONS.slice(0, 1));
    const ts = new Date(T0);
    await conn.execute(
      `INSERT INTO schedules VALUES ('sc1', 'st1', '0 * * * *', 'UTC', 'hourly', true, $1, NULL, NULL)`,
      [ts],
    );
    await conn.execute(
      `INSERT INTO runs (id, strategy_id, version, schedule_id, trigger, status, started_at)
       VALUES ('r1', 'st1', 1, 'sc1', 'schedule', 'running', $1), ('r2', 'st1', 1, NULL, 'manual', 'ok', $1)`,
      [ts],
    );
    // Before the migration the database itself refuses the new status.
    await expect(conn.execute(`UPDATE runs SET status = 'interrupted' WHERE id = 'r1'`)).rejects.toThrow(
      /CHECK constraint/i,
    );
    await conn.close();

    const store = await openStore({ path });
    cleanups.push(() => store.close());
    expect((await store.migrations()).map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    const [r] = await store.runs.interruptStale(Date.now(), 'interrupted');
    expect(r).toMatchObject({ id: 'r1', status: 'interrupted', scheduleId: 'sc1', seq: 1 });
    // Newest first; same start time, so the later row (r2) leads.
    expect((await store.runs.list('st1')).map((x) => [x.id, x.status])).toEqual([
      ['r2', 'ok'],
      ['r1', 'interrupted'],
    ]);
    expect(await store.schedules.get('sc1')).toMatchObject({
      failures: 0,
      lastFailureAt: null,
      pausedReason: null,
    });
    // The sequence goes on after the rebuilt table's rows.
    const s = await store.strategies.create({ name: 'S', kind: 'hand', source: 'v1' });
    const next = await store.runs.start({ strategyId: s.id, version: 1, trigger: 'manual' });
    expect(next.seq).toBe(3);
  });

  it('migrates a version-2 database: its versions count as without errors and the newest one runs', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'v2.duckdb');
    const conn = await Connection.open(path);
    await migrate(conn, MIGRATIONS.slice(0, 2));
    const ts = new Date(T0);
    await conn.execute(`INSERT INTO strategies VALUES ('st1', 'S', 'hand', $1, $1, 2, NULL)`, [ts]);
    await conn.execute(
      `INSERT INTO strategy_versions (strategy_id, version, source, params, created_at)
       VALUES ('st1', 1, 'a1', '{}', $1), ('st1', 2, 'a2', '{}', $1)`,
      [ts],
    );
    await conn.close();
    const store = await openStore({ path });
    cleanups.push(() => store.close());
    expect((await store.strategies.listVersions('st1')).map((v) => v.errors)).toEqual([0, 0]);
    expect((await store.strategies.runnableVersion('st1'))?.version).toBe(2);
  });
});

describe('schedule failure streaks', () => {
  it('counts failures in a row, pauses at the limit with the reason, and clears on success or resume', async () => {
    const { t, s } = await setup();
    const sc = await t.store.schedules.create({ strategyId: s.id, cron: '0 * * * *', nextRunAt: T0 });
    const fail = (at: number, error = 'exchange unavailable') =>
      t.store.schedules.recordOutcome(sc.id, { ok: false, at, error, pauseAfter: 3 });

    expect(await fail(T0 + 1)).toMatchObject({ failures: 1, lastFailureAt: T0 + 1, enabled: true });
    expect(await t.store.schedules.recordOutcome(sc.id, { ok: true })).toMatchObject({
      failures: 0,
      lastFailureAt: null,
    });
    await fail(T0 + 2);
    await fail(T0 + 3);
    const paused = await fail(T0 + 4, 'data source down\n  caused by: ECONNREFUSED');
    expect(paused).toMatchObject({
      failures: 3,
      enabled: false,
      nextRunAt: null,
      pausedReason: 'Paused after 3 failures in a row: data source down\n  caused by: ECONNREFUSED',
    });
    // A tick that raced the pause records itself but gives it no next run.
    expect(
      await t.store.schedules.setTick(sc.id, { lastTickAt: T0 + 4, nextRunAt: T0 + 3_600_000 }),
    ).toMatchObject({
      lastTickAt: T0 + 4,
      nextRunAt: null,
    });
    // Further failures (e.g. "Run now" on the paused schedule) do not rewrite the reason.
    expect(await fail(T0 + 5, 'other')).toMatchObject({ failures: 4, pausedReason: paused!.pausedReason });

    // Editing a paused schedule keeps it paused with its reason; resuming starts afresh.
    expect(await t.store.schedules.update(sc.id, { label: 'x', enabled: false })).toMatchObject({
      failures: 4,
      pausedReason: paused!.pausedReason,
    });
    // The scheduler may also pause with a reason of its own.
    expect(
      await t.store.schedules.update(sc.id, { enabled: false, pausedReason: 'Paused: too often' }),
    ).toMatchObject({ enabled: false, pausedReason: 'Paused: too often' });
    expect(await t.store.schedules.update(sc.id, { enabled: true })).toMatchObject({
      enabled: true,
      failures: 0,
      lastFailureAt: null,
      pausedReason: null,
    });
    // Patching `enabled: true` on an enabled schedule keeps its streak.
    await fail(T0 + 6);
    expect(await t.store.schedules.update(sc.id, { enabled: true, label: 'y' })).toMatchObject({
      failures: 1,
    });

    expect(await t.store.schedules.recordOutcome('nosuchsched0', { ok: true })).toBeNull();
    await expect(
      t.store.schedules.recordOutcome(sc.id, { ok: false, at: T0, error: 'x', pauseAfter: 0 }),
    ).rejects.toMatchObject({ code: 'bad-input' });
    // A long cause is cut in the reason.
    const long = await t.store.schedules.recordOutcome(sc.id, {
      ok: false,
      at: T0 + 7,
      error: 'e'.repeat(5000),
      pauseAfter: 2,
    });
    expect(long!.pausedReason).toBe(`Paused after 2 failures in a row: ${'e'.repeat(499)}…`);
  });
});

describe('cron text in the store', () => {
  it('refuses the expression that froze the server, naming the field, without expanding it', async () => {
    const { t, s } = await setup();
    const err = await t.store.schedules
      .create({ strategyId: s.id, cron: '1-99999999/1 * * * *' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'bad-input' });
    expect(err.message).toBe(
      "'1-99999999/1 * * * *' is not a valid cron expression: minute field '1-99999999/1': '99999999' is out of range (0-59)",
    );
    const sc = await t.store.schedules.create({ strategyId: s.id, cron: '0 * * * *' });
    await expect(t.store.schedules.update(sc.id, { cron: '* 0-23/9999 * * *' })).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringContaining('hour field'),
    });
  });
});
