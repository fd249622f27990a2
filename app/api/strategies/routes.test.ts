// The strategies route handlers called directly with Requests, over a real DuckDB file in a temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../../lib/examples';
import { closeServices } from '../../../server/services';
import * as duplicateRoute from './[id]/duplicate/route';
import * as oneRoute from './[id]/route';
import * as versionRoute from './[id]/versions/[version]/route';
import * as versionsRoute from './[id]/versions/route';
import * as listRoute from './route';

let dir: string;
const saved = { db: process.env.BACKTALK_DB };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backtalk-api-'));
  process.env.BACKTALK_DB = join(dir, 'api.duckdb');
});

afterAll(async () => {
  await closeServices();
  if (saved.db === undefined) delete process.env.BACKTALK_DB;
  else process.env.BACKTALK_DB = saved.db;
  rmSync(dir, { recursive: true, force: true });
});

const BASE = 'http://localhost/api/strategies';
const req = (path: string, method = 'GET', body?: unknown) =>
  new Request(`${BASE}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON, checked field by field below
type Json = Record<string, any>;

async function call(res: Promise<Response>): Promise<{ status: number; body: Json }> {
  const r = await res;
  expect(r.headers.get('content-type')).toContain('application/json');
  return { status: r.status, body: await r.json() };
}

describe('strategies API', () => {
  let id = '';

  it('starts empty', async () => {
    expect(await call(listRoute.GET())).toEqual({ status: 200, body: { strategies: [] } });
  });

  it('creates a strategy from an example, named after it', async () => {
    const ex = EXAMPLES[0];
    const { status, body } = await call(listRoute.POST(req('', 'POST', { exampleId: ex.id })));
    expect(status).toBe(201);
    expect(body.strategy).toMatchObject({ name: ex.name, kind: 'hand', headVersion: 1 });
    expect(body.strategy.head.source).toBe(ex.source);
    id = body.strategy.id;
  });

  it('creates a blank strategy whose header carries its (escaped) name', async () => {
    const { status, body } = await call(listRoute.POST(req('', 'POST', { name: 'My "best"' })));
    expect(status).toBe(201);
    expect(body.strategy.head.source).toBe('strategy("My \\"best\\"", capital=10000, fee=0.1%)\n\n');
  });

  it('lists strategies with their head version, newest first', async () => {
    const { body } = await call(listRoute.GET());
    expect(body.strategies.map((s: { name: string }) => s.name)).toEqual(['My "best"', EXAMPLES[0].name]);
    expect(body.strategies[1].head.version).toBe(1);
    expect(body.strategies[1].head.source).toBeUndefined();
  });

  it('answers bad input with 400 and a hint', async () => {
    for (const body of [
      '{not json',
      '',
      { name: 'x'.repeat(201) },
      { exampleId: 'nope' },
      { source: 'x', exampleId: 'sma-cross' },
      { name: 'x', surprise: 1 },
      { name: 'x', data: { source: 'ftp:nowhere', symbol: 'X', timeframe: '1d' } },
    ]) {
      const r = await call(listRoute.POST(req('', 'POST', body)));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(typeof r.body.error).toBe('string');
      expect(r.body.hint, JSON.stringify(body)).toBeTruthy();
    }
    const unknown = await call(listRoute.POST(req('', 'POST', { exampleId: 'nope' })));
    expect(unknown.body.hint).toContain('sma-cross');
    const badSource = await call(
      listRoute.POST(
        req('', 'POST', { name: 'x', data: { source: 'ftp:nowhere', symbol: 'X', timeframe: '1d' } }),
      ),
    );
    expect(badSource.body.error).toContain('unknown data source');
  });

  it('refuses an oversized body with 413', async () => {
    const r = await call(listRoute.POST(req('', 'POST', { name: 'big', source: 'x'.repeat(300 * 1024) })));
    expect(r.status).toBe(413);
  });

  it('gets, renames and 404s by id', async () => {
    const got = await call(oneRoute.GET(req(`/${id}`), ctx({ id })));
    expect(got.status).toBe(200);
    expect(got.body.strategy.id).toBe(id);
    const renamed = await call(
      oneRoute.PATCH(req(`/${id}`, 'PATCH', { name: '  Crossover  ' }), ctx({ id })),
    );
    expect(renamed).toMatchObject({ status: 200, body: { strategy: { name: 'Crossover' } } });
    const missing = await call(oneRoute.GET(req('/zzzz'), ctx({ id: 'zzzz' })));
    expect(missing.status).toBe(404);
    expect(missing.body.hint).toBeTruthy();
    const badId = await call(oneRoute.GET(req('/a%2Fb'), ctx({ id: 'a/b' })));
    expect(badId.status).toBe(400);
    const badRename = await call(oneRoute.PATCH(req(`/${id}`, 'PATCH', { name: '' }), ctx({ id })));
    expect(badRename.status).toBe(400);
  });

  it('saves versions (never overwriting) and reads them back', async () => {
    const data = { source: 'synthetic:3:500:1h', symbol: 'SYNTH', timeframe: '1h', from: null, to: null };
    const first = await call(
      versionsRoute.POST(
        req(`/${id}/versions`, 'POST', {
          source: EXAMPLES[1].source,
          params: { length: 10 },
          data,
          note: 'rsi',
        }),
        ctx({ id }),
      ),
    );
    expect(first.status).toBe(201);
    expect(first.body.version).toBe(2);
    const second = await call(
      versionsRoute.POST(req(`/${id}/versions`, 'POST', { source: 'x = 1\n' }), ctx({ id })),
    );
    expect(second.body.version).toBe(3);

    const list = await call(versionsRoute.GET(req(`/${id}/versions`), ctx({ id })));
    expect(list.body.head).toBe(3);
    expect(list.body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(list.body.versions[1]).toMatchObject({
      note: 'rsi',
      params: { length: 10 },
      data: { timeframe: '1h' },
    });
    expect(list.body.versions[1].source).toBeUndefined();

    const v2 = await call(versionRoute.GET(req(`/${id}/versions/2`), ctx({ id, version: '2' })));
    expect(v2.body.version).toMatchObject({ version: 2, source: EXAMPLES[1].source, params: { length: 10 } });
    const v1 = await call(versionRoute.GET(req(`/${id}/versions/1`), ctx({ id, version: '1' })));
    expect(v1.body.version.source).toBe(EXAMPLES[0].source);
    const none = await call(versionRoute.GET(req(`/${id}/versions/9`), ctx({ id, version: '9' })));
    expect(none.status).toBe(404);
    const bad = await call(versionRoute.GET(req(`/${id}/versions/x`), ctx({ id, version: 'x' })));
    expect(bad.status).toBe(400);

    const head = await call(oneRoute.GET(req(`/${id}`), ctx({ id })));
    expect(head.body.strategy.head).toMatchObject({ version: 3, source: 'x = 1\n' });
  });

  it('rejects bad versions', async () => {
    for (const body of [
      { params: {} },
      { source: 'x', params: { a: 'b' } },
      { source: 'x', note: 'n'.repeat(2001) },
    ]) {
      const r = await call(versionsRoute.POST(req(`/${id}/versions`, 'POST', body), ctx({ id })));
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    const gone = await call(
      versionsRoute.POST(req('/zzzz/versions', 'POST', { source: 'x' }), ctx({ id: 'zzzz' })),
    );
    expect(gone.status).toBe(404);
  });

  it('duplicates with or without a name', async () => {
    const plain = await call(duplicateRoute.POST(req(`/${id}/duplicate`, 'POST'), ctx({ id })));
    expect(plain.status).toBe(201);
    expect(plain.body.strategy).toMatchObject({ name: 'Crossover (copy)', headVersion: 1 });
    expect(plain.body.strategy.head.source).toBe('x = 1\n');
    const named = await call(
      duplicateRoute.POST(req(`/${id}/duplicate`, 'POST', { name: 'Fork' }), ctx({ id })),
    );
    expect(named.body.strategy.name).toBe('Fork');
  });

  it('deletes: gone from the list, 404 afterwards', async () => {
    const del = await call(oneRoute.DELETE(req(`/${id}`, 'DELETE'), ctx({ id })));
    expect(del).toEqual({ status: 200, body: { deleted: true, id } });
    const again = await call(oneRoute.DELETE(req(`/${id}`, 'DELETE'), ctx({ id })));
    expect(again.status).toBe(404);
    const got = await call(oneRoute.GET(req(`/${id}`), ctx({ id })));
    expect(got.status).toBe(404);
    expect(got.body.error).toContain('deleted');
    const { body } = await call(listRoute.GET());
    expect(body.strategies.some((s: { id: string }) => s.id === id)).toBe(false);
    expect(body.strategies).toHaveLength(3);
  });
});
