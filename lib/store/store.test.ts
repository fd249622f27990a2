import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from './connection';
import { StoreError } from './index';
import { MIGRATIONS, migrate } from './migrations';
import { openStore, tables } from './server';
import { steppingClock, tempDir, tempStore } from './test-utils';

const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(__dirname, 'fixtures', 'hold-db.ts');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('openStore and migrations', () => {
  it('creates the folder and file, applies migrations once, and keeps data across reopen', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'nested', 'deeper', 'db.duckdb');
    const first = await openStore({ path, now: steppingClock() });
    expect(existsSync(path)).toBe(true);
    const applied = await first.migrations();
    expect(applied.map((m) => [m.id, m.name])).toEqual(MIGRATIONS.map((m) => [m.id, m.name]));
    const s = await first.strategies.create({ name: 'Keep me', kind: 'hand', source: 'buy when true' });
    await first.close();

    const second = await openStore({ path });
    const again = await second.migrations();
    expect(again).toEqual(applied); // same rows, same applied_at: nothing re-ran
    expect((await second.strategies.get(s.id))?.name).toBe('Keep me');
    // Running the runner again by hand applies nothing either.
    await second.close();
    const conn = await Connection.open(path);
    expect(await migrate(conn)).toEqual([]);
    await conn.close();
  });

  it('defaults to BACKTALK_DB', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const saved = process.env.BACKTALK_DB;
    process.env.BACKTALK_DB = join(tmp.dir, 'env.duckdb');
    try {
      const store = await openStore();
      expect(store.path).toBe(process.env.BACKTALK_DB);
      await store.close();
      expect(existsSync(join(tmp.dir, 'env.duckdb'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.BACKTALK_DB;
      else process.env.BACKTALK_DB = saved;
    }
  });

  it("opens independent ':memory:' stores", async () => {
    const a = await openStore({ path: ':memory:' });
    const b = await openStore({ path: ':memory:' });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    await a.strategies.create({ name: 'only in a', kind: 'chat', source: '' });
    expect(await a.strategies.list()).toHaveLength(1);
    expect(await b.strategies.list()).toHaveLength(0);
  });

  it('refuses a second open of the same file in one process, and reopens after close', async () => {
    const t = await tempStore();
    await expect(openStore({ path: t.path })).rejects.toMatchObject({ code: 'already-open' });
    await t.store.close();
    const again = await openStore({ path: t.path });
    await again.close();
    await t.cleanup();
  });

  it('fails calls after close with a clear error; close is idempotent', async () => {
    const t = await tempStore();
    cleanups.push(t.cleanup);
    const pending = t.store.strategies.list(); // queued before close: still served
    await Promise.all([t.store.close(), t.store.close()]);
    await expect(pending).resolves.toEqual([]);
    const err = await t.store.strategies.list().catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('closed');
  });

  it('rolls a failing migration back and reports it; refuses a database from a newer version', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const conn = await Connection.open(join(tmp.dir, 'm.duckdb'));
    cleanups.push(() => conn.close());
    // The first migration alone, and a second one of the test's own.
    const v1 = MIGRATIONS.slice(0, 1);
    const bad = [...v1, { id: 2, name: 'broken', sql: 'CREATE TABLE half (a INTEGER); SELECT * FROM nope' }];
    const err = await migrate(conn, bad).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('migration-failed');
    expect(err.message).toContain("migration 2 'broken'");
    expect(String(err.cause?.message)).toMatch(/nope/);
    const tablesLeft = await conn.objects<{ n: number }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'half'",
    );
    expect(tablesLeft[0].n).toBe(0);
    expect((await conn.objects('SELECT id FROM _migrations')).map((r) => r.id)).toEqual([1]);

    const good = [...v1, { id: 2, name: 'second', sql: 'CREATE TABLE extra (a INTEGER)' }];
    expect(await migrate(conn, good)).toEqual([2]);
    // Code that only knows migration 1 must not touch this database.
    const newer = await migrate(conn, v1).catch((e) => e);
    expect(newer.code).toBe('migration-failed');
    expect(newer.message).toContain("migration 2 'second'");
    const renamed = await migrate(conn, [...v1, { id: 2, name: 'other', sql: '' }]).catch((e) => e);
    expect(renamed.message).toMatch(/'second' in the database .* but 'other' in the code/);
  });
});

describe('transactions and the queue', () => {
  it('rolls back everything done through db inside a failing transaction', async () => {
    const t = await tempStore();
    cleanups.push(t.cleanup);
    const err = await t.store
      .transaction(async () => {
        await t.store.db
          .insert(tables.conversations)
          .values({ id: 'c1', title: 'x', createdAt: 1, updatedAt: 1 });
        expect(await t.store.conversations.get('c1')).not.toBeNull(); // visible inside
        throw new Error('boom');
      })
      .catch((e) => e);
    expect(err.message).toBe('boom');
    expect(await t.store.conversations.get('c1')).toBeNull();
  });

  it('serializes many parallel calls: concurrent saveVersion yields distinct consecutive versions', async () => {
    const t = await tempStore();
    cleanups.push(t.cleanup);
    const s = await t.store.strategies.create({ name: 'busy', kind: 'hand', source: 'v1' });
    const N = 40;
    const saved = await Promise.all(
      Array.from({ length: N }, (_, i) => t.store.strategies.saveVersion(s.id, { source: `v${i + 2}` })),
    );
    expect([...saved].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 2));
    const versions = await t.store.strategies.listVersions(s.id);
    expect(versions).toHaveLength(N + 1);
    expect((await t.store.strategies.get(s.id))?.headVersion).toBe(N + 1);
    // Each call's source landed in the version number it was given.
    for (let i = 0; i < N; i++)
      expect((await t.store.strategies.getVersion(s.id, saved[i]))?.source).toBe(`v${i + 2}`);
  });

  it('never interleaves transactions: read-modify-write under contention loses no update', async () => {
    const t = await tempStore();
    cleanups.push(t.cleanup);
    const { db } = t.store;
    await db.execute(sql`CREATE TABLE counter (n INTEGER)`);
    await db.execute(sql`INSERT INTO counter VALUES (0)`);
    const bump = () =>
      t.store.transaction(async () => {
        const [row] = await db.execute<{ n: number }>(sql`SELECT n FROM counter`);
        await new Promise((r) => setTimeout(r, 1)); // yield mid-transaction
        await db.execute(sql`UPDATE counter SET n = ${row.n + 1}`);
      });
    await Promise.all([
      ...Array.from({ length: 25 }, bump),
      ...Array.from({ length: 25 }, () => t.store.strategies.list()), // unrelated traffic in between
    ]);
    expect((await db.execute<{ n: number }>(sql`SELECT n FROM counter`))[0].n).toBe(25);
  });

  it('joins nested transactions into the outer one', async () => {
    const t = await tempStore();
    cleanups.push(t.cleanup);
    await t.store
      .transaction(async () => {
        await t.store.conversations.create({ title: 'inner' }); // repository call inside
        await t.store.transaction(async () => {
          await t.store.conversations.create({ title: 'nested' });
        });
        throw new Error('undo all');
      })
      .catch(() => undefined);
    expect(await t.store.conversations.list()).toEqual([]);
  });
});

describe('value conversion at the driver boundary', () => {
  it('returns plain JS: safe BIGINT as number, TIMESTAMP as epoch ms, BLOB as Uint8Array, JSON parsed', async () => {
    const store = await openStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    const rows = await store.db.execute(sql`
      SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS big,
             TIMESTAMP '2024-03-01 12:34:56.789' AS ts, ${new Date(Date.UTC(2020, 0, 2))}::TIMESTAMP AS bound,
             '\\x00\\xFF'::BLOB AS bytes, ${new Uint8Array([1, 2, 3])}::BLOB AS bound_bytes,
             '{"a":[1,"x",null]}'::JSON AS j, '"123"'::JSON AS jstr, [1::BIGINT, 2::BIGINT] AS list,
             NULL::INTEGER AS nothing`);
    expect(rows).toEqual([
      {
        small: 42,
        big: 9007199254740993n, // not a safe integer: stays a bigint rather than losing precision
        ts: Date.UTC(2024, 2, 1, 12, 34, 56, 789),
        bound: Date.UTC(2020, 0, 2),
        bytes: new Uint8Array([0, 255]),
        bound_bytes: new Uint8Array([1, 2, 3]),
        j: { a: [1, 'x', null] },
        jstr: '123', // a JSON string stays a string (parsed once, not twice)
        list: [1, 2],
        nothing: null,
      },
    ]);
    expect(Object.getPrototypeOf(rows[0].bytes)).toBe(Uint8Array.prototype);
  });

  it('rejects parameters DuckDB cannot take, with a clear error', async () => {
    const store = await openStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    // Through db, drizzle wraps it in a DrizzleQueryError whose cause is the StoreError.
    const err = await store.db.execute(sql`SELECT ${{ a: 1 } as unknown as string} AS x`).catch((e) => e);
    expect(err).toBeInstanceOf(DrizzleQueryError);
    expect(err.cause).toBeInstanceOf(StoreError);
    expect(err.cause.message).toContain('query parameter $1 is object');
  });

  it('wraps DuckDB errors with the statement and keeps the cause', async () => {
    const store = await openStore({ path: ':memory:' });
    cleanups.push(() => store.close());
    const err = (await store.db.execute(sql`SELECT * FROM no_such_table`).catch((e) => e)).cause;
    expect(err.code).toBe('query-failed');
    expect(err.message).toContain('no_such_table');
    expect(err.message).toContain('(in: SELECT * FROM no_such_table)');
    expect(err.cause).toBeInstanceOf(Error);
    // Repositories hand back the StoreError itself.
    await store.close();
    await expect(store.strategies.list()).rejects.toMatchObject({ name: 'StoreError', code: 'closed' });
  });
});

describe('database in use by another process', () => {
  function child(mode: 'hold' | 'try', path: string): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', FIXTURE, mode, path], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  function firstLine(proc: ChildProcess): Promise<string> {
    return new Promise((resolveLine, reject) => {
      let out = '';
      let err = '';
      proc.stdout!.on('data', (d) => {
        out += d;
        const nl = out.indexOf('\n');
        if (nl >= 0) resolveLine(out.slice(0, nl));
      });
      proc.stderr!.on('data', (d) => {
        err += d;
      });
      proc.on('exit', (code) => reject(new Error(`child exited with ${code} before answering: ${err}`)));
    });
  }

  function exited(proc: ChildProcess): Promise<number | null> {
    return new Promise((r) =>
      proc.exitCode !== null ? r(proc.exitCode) : proc.on('exit', (code) => r(code)),
    );
  }

  it('fails with a clear message, keeping the cause, when another process holds the file', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'held.duckdb');
    const holder = child('hold', path);
    try {
      expect(await firstLine(holder)).toBe('ready');
      const err = await openStore({ path }).catch((e) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err.code).toBe('db-in-use');
      expect(err.message).toBe(
        `the database ${path} is in use by another Backtalk process (the app?) — stop it or point BACKTALK_DB elsewhere`,
      );
      expect(err.hint).toBe(`the process holding it has PID ${holder.pid}`);
      expect(err.cause).toBeInstanceOf(Error);
      expect(err.cause.message).toMatch(/lock/i);
    } finally {
      holder.stdin!.end(); // the child closes its store and exits
      await exited(holder);
    }
    // Once the holder is gone the file opens normally.
    const store = await openStore({ path });
    await store.close();
  }, 60_000);

  it('gives the same error to a child process when this process holds the file', async () => {
    const t = await tempStore();
    cleanups.push(t.cleanup);
    const proc = child('try', t.path);
    const answer = JSON.parse(await firstLine(proc));
    await exited(proc);
    expect(answer).toMatchObject({
      opened: false,
      isStoreError: true,
      code: 'db-in-use',
      message: `the database ${t.path} is in use by another Backtalk process (the app?) — stop it or point BACKTALK_DB elsewhere`,
    });
    expect(answer.cause).toMatch(/Could not set lock/);
  }, 60_000);
});
