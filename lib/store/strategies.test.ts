import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from './index';
import { T0, type TempStore, tempStore } from './test-utils';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(async () => {
  await t.cleanup();
});

const DATA = { source: 'synthetic:1:2500:1d', symbol: 'SYN', timeframe: '1d', from: 1_000, to: 2_000 };

describe('strategies', () => {
  it('creates a strategy with version 1 and reads it back', async () => {
    const s = await t.store.strategies.create({
      name: '  SMA cross  ',
      kind: 'chat',
      source: 'fast = sma(close, 10)',
      spec: { entry: 'cross', nested: [1, { a: null }] },
      params: { fast: 10, slow: 30 },
      data: DATA,
      note: 'first',
    });
    expect(s.id).toMatch(/^[a-z2-9]{12}$/);
    expect(s).toMatchObject({
      name: 'SMA cross',
      kind: 'chat',
      headVersion: 1,
      deletedAt: null,
      createdAt: T0,
    });
    const got = await t.store.strategies.get(s.id);
    expect(got).toEqual(s);
    expect(got?.head).toEqual({
      strategyId: s.id,
      version: 1,
      source: 'fast = sma(close, 10)',
      spec: { entry: 'cross', nested: [1, { a: null }] },
      params: { fast: 10, slow: 30 },
      data: DATA,
      note: 'first',
      createdAt: T0,
      errors: 0,
    });
    expect(await t.store.strategies.get('nosuchid0000')).toBeNull();
  });

  it('lists live strategies with head info, most recently updated first', async () => {
    const a = await t.store.strategies.create({ name: 'A', kind: 'hand', source: 'a1' });
    const b = await t.store.strategies.create({ name: 'B', kind: 'hand', source: 'b1', data: DATA });
    await t.store.strategies.saveVersion(a.id, { source: 'a2', note: 'tweak', params: { n: 2 } });
    const list = await t.store.strategies.list();
    expect(list.map((s) => [s.name, s.headVersion])).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
    expect(list[0].head).toEqual({
      version: 2,
      note: 'tweak',
      data: null,
      params: { n: 2 },
      createdAt: T0 + 2000,
    });
    expect(list[1].head.data).toEqual(DATA);
    expect(list[0]).not.toHaveProperty('head.source'); // the list stays light
    expect(b.id).not.toBe(a.id);
  });

  it('appends versions and never overwrites earlier ones', async () => {
    const s = await t.store.strategies.create({ name: 'V', kind: 'hand', source: 'one', params: { x: 1 } });
    expect(await t.store.strategies.saveVersion(s.id, { source: 'two', params: { x: 2 } })).toBe(2);
    expect(await t.store.strategies.saveVersion(s.id, { source: 'three' })).toBe(3);
    const v1 = await t.store.strategies.getVersion(s.id, 1);
    expect(v1).toMatchObject({ version: 1, source: 'one', params: { x: 1 } });
    expect(await t.store.strategies.getVersion(s.id, 3)).toMatchObject({ source: 'three', params: {} });
    expect(await t.store.strategies.getVersion(s.id, 4)).toBeNull();
    expect(await t.store.strategies.getVersion(s.id, 0)).toBeNull();
    expect((await t.store.strategies.listVersions(s.id)).map((v) => [v.version, v.source])).toEqual([
      [3, 'three'],
      [2, 'two'],
      [1, 'one'],
    ]);
    const detail = await t.store.strategies.get(s.id);
    expect(detail?.headVersion).toBe(3);
    expect(detail?.head.source).toBe('three');
    expect(detail?.updatedAt).toBe(T0 + 2000);
  });

  it('renames, and rejects bad names', async () => {
    const s = await t.store.strategies.create({ name: 'Old', kind: 'hand', source: '' });
    const r = await t.store.strategies.rename(s.id, 'New');
    expect(r).toMatchObject({ id: s.id, name: 'New', updatedAt: T0 + 1000 });
    expect((await t.store.strategies.get(s.id))?.name).toBe('New');
    await expect(t.store.strategies.rename(s.id, '   ')).rejects.toMatchObject({ code: 'bad-input' });
    await expect(t.store.strategies.rename(s.id, 'x'.repeat(201))).rejects.toMatchObject({
      code: 'too-large',
      message: 'name is 201 characters long (at most 200)',
    });
    await expect(t.store.strategies.rename('nosuchid0000', 'X')).rejects.toMatchObject({
      code: 'not-found',
      message: "strategy 'nosuchid0000' not found",
    });
  });

  it('duplicates the head version into a new strategy', async () => {
    const s = await t.store.strategies.create({ name: 'Orig', kind: 'chat', source: 'one', spec: { k: 1 } });
    await t.store.strategies.saveVersion(s.id, {
      source: 'two',
      params: { p: 5 },
      data: DATA,
      spec: { k: 2 },
    });
    const d = await t.store.strategies.duplicate(s.id);
    expect(d.id).not.toBe(s.id);
    expect(d).toMatchObject({ name: 'Orig (copy)', kind: 'chat', headVersion: 1 });
    expect(d.head).toMatchObject({
      version: 1,
      source: 'two',
      params: { p: 5 },
      data: DATA,
      spec: { k: 2 },
      note: "copied from 'Orig' v2",
    });
    expect(await t.store.strategies.get(d.id)).toEqual(d);
    const named = await t.store.strategies.duplicate(s.id, 'Fork');
    expect(named.name).toBe('Fork');
    expect((await t.store.strategies.listVersions(s.id)).length).toBe(2); // original untouched
    const long = await t.store.strategies.create({ name: 'y'.repeat(200), kind: 'hand', source: '' });
    expect((await t.store.strategies.duplicate(long.id)).name).toHaveLength(200);
  });

  it('soft-deletes: hidden from list, kept for get, schedules disabled, restorable', async () => {
    const keep = await t.store.strategies.create({ name: 'Keep', kind: 'hand', source: '' });
    const gone = await t.store.strategies.create({ name: 'Gone', kind: 'hand', source: '' });
    const sched = await t.store.schedules.create({ strategyId: gone.id, cron: '0 * * * *' });
    expect(await t.store.strategies.softDelete(gone.id)).toBe(true);
    expect(await t.store.strategies.softDelete(gone.id)).toBe(false);
    expect((await t.store.strategies.list()).map((s) => s.id)).toEqual([keep.id]);
    const g = await t.store.strategies.get(gone.id);
    expect(g?.deletedAt).toBeTypeOf('number');
    expect((await t.store.schedules.get(sched.id))?.enabled).toBe(false);
    await expect(t.store.strategies.saveVersion(gone.id, { source: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(t.store.strategies.rename(gone.id, 'x')).rejects.toMatchObject({ code: 'not-found' });
    await expect(t.store.strategies.duplicate(gone.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(t.store.schedules.create({ strategyId: gone.id, cron: '* * * * *' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(t.store.strategies.softDelete('nosuchid0000')).rejects.toMatchObject({ code: 'not-found' });
    expect(await t.store.strategies.restore(gone.id)).toBe(true);
    expect(await t.store.strategies.restore(gone.id)).toBe(false);
    expect((await t.store.strategies.list()).map((s) => s.name).sort()).toEqual(['Gone', 'Keep']);
  });

  it('validates inputs with clear errors', async () => {
    const create = t.store.strategies.create;
    await expect(create({ name: 'n', kind: 'robot' as 'hand', source: '' })).rejects.toMatchObject({
      code: 'bad-input',
      message: "kind must be one of 'chat', 'hand', got 'robot'",
    });
    const big = 'é'.repeat(32 * 1024 + 1); // 64 KiB + 2 bytes in UTF-8, though fewer characters
    await expect(create({ name: 'n', kind: 'hand', source: big })).rejects.toMatchObject({
      code: 'too-large',
      message: `strategy source is ${64 * 1024 + 2} bytes (at most 65536)`,
    });
    await expect(create({ name: 'n', kind: 'hand', source: 'x'.repeat(64 * 1024) })).resolves.toBeTruthy();
    await expect(create({ name: 'n', kind: 'hand', source: '', params: [1] as never })).rejects.toMatchObject(
      {
        code: 'bad-input',
      },
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    await expect(create({ name: 'n', kind: 'hand', source: '', spec: deep as never })).rejects.toMatchObject({
      message: 'spec is nested more than 64 levels deep',
    });
    await expect(
      create({ name: 'n', kind: 'hand', source: '', spec: { s: 'x'.repeat(256 * 1024) } }),
    ).rejects.toMatchObject({ code: 'too-large' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { up: 1 };
    (cyclic.self as Record<string, unknown>).loop = cyclic;
    const err = await create({ name: 'n', kind: 'hand', source: '', params: cyclic as never }).catch(
      (e) => e,
    );
    // The depth bound catches the cycle before JSON.stringify would.
    expect(err).toBeInstanceOf(StoreError);
    await expect(
      create({ name: 'n', kind: 'hand', source: '', data: { ...DATA, from: 5, to: 1 } }),
    ).rejects.toMatchObject({ message: 'data.from (5) is after data.to (1)' });
    await expect(
      create({ name: 'n', kind: 'hand', source: '', data: { ...DATA, from: 1.5 } }),
    ).rejects.toMatchObject({ code: 'bad-input' });
    await expect(
      create({ name: 'n', kind: 'hand', source: '', params: { n: 10n } as never }),
    ).rejects.toMatchObject({ message: 'params cannot be stored as JSON' });
    expect(await t.store.strategies.list()).toHaveLength(1); // only the valid one got in
  });

  describe('versions with errors', () => {
    const GOOD = 'f = sma(close, 10)\nif crossover(close, f):\n    buy(market, 100%)\n';
    // Two errors by hand: an unknown function, and a string where sma wants a constant period.
    const BROKEN = 'x = nosuch(close)\ny = sma(close, "a")\n';

    it('counts the errors of each saved version and runs the newest one without errors', async () => {
      const s = await t.store.strategies.create({ name: 'S', kind: 'hand', source: GOOD });
      expect(s.head.errors).toBe(0);
      expect((await t.store.strategies.runnableVersion(s.id))?.version).toBe(1);
      const v2 = await t.store.strategies.saveVersion(s.id, { source: BROKEN });
      expect(v2).toBe(2);
      expect((await t.store.strategies.get(s.id))?.headVersion).toBe(2);
      expect((await t.store.strategies.getVersion(s.id, 2))?.errors).toBe(2);
      // The broken head is kept but v1 is what runs.
      expect((await t.store.strategies.runnableVersion(s.id))?.source).toBe(GOOD);
      await t.store.strategies.saveVersion(s.id, { source: 'buy when' });
      expect((await t.store.strategies.runnableVersion(s.id))?.version).toBe(1);
      await t.store.strategies.saveVersion(s.id, { source: `${GOOD}// fixed\n` });
      expect((await t.store.strategies.runnableVersion(s.id))?.version).toBe(4);
      expect((await t.store.strategies.listVersions(s.id)).map((v) => [v.version, v.errors])).toEqual([
        [4, 0],
        [3, 1],
        [2, 2],
        [1, 0],
      ]);
    });

    it('runs the head when no version is free of errors, and a copy keeps the count', async () => {
      const s = await t.store.strategies.create({ name: 'S', kind: 'hand', source: BROKEN });
      await t.store.strategies.saveVersion(s.id, { source: 'a1' });
      const run = await t.store.strategies.runnableVersion(s.id);
      expect([run?.version, run?.errors]).toEqual([2, 1]);
      const copy = await t.store.strategies.duplicate(s.id);
      expect(copy.head.errors).toBe(1);
      expect(await t.store.strategies.runnableVersion('nosuchid0000')).toBeNull();
    });
  });
});
