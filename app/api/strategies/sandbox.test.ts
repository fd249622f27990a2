// The strategies API and the scheduler behind it read `csv:` sources only from the data folder: a path
// outside it is refused when stored (400 saying what is allowed), and a row stored before this rule
// existed fails its scheduled run without the file's content reaching /api/runs.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../../lib/examples';
import { type ApiTestEnv, apiTestEnv } from '../../../lib/store/test-utils';
import { closeServices, getStore } from '../../../server/services';
import { requireShared } from '../../../testing/shared';
import * as runsRoute from '../runs/route';
import * as runNowRoute from '../schedules/[id]/run/route';
import * as versionsRoute from './[id]/versions/route';
import * as listRoute from './route';

// Fails with what to do when ../shared is missing (testing/shared.ts), never skips.
const GOOG = requireShared('data/GOOG.csv');
let env: ApiTestEnv;
let _tmp: string;
let dataDir: string;

beforeAll(() => {
  env = apiTestEnv('bt-sandbox-api-', { dataDir: true });
  ({ dir: _tmp, dataDir } = env);
  mkdirSync(dataDir);
  copyFileSync(GOOG, join(dataDir, 'GOOG.csv'));
});

afterAll(async () => {
  await closeServices();
  env.restore();
});

const post = (url: string, body: unknown) =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
const LEAK = /root:|:0:0:|\/bin\/(ba)?sh/;

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON, checked field by field below
async function call(res: Promise<Response>): Promise<{ status: number; body: Record<string, any> }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

describe('csv: sources through the API', () => {
  it('refuses to store a path outside the data folder, saying what is allowed', async () => {
    for (const source of [
      'csv:/etc/passwd',
      'csv:../../../etc/passwd',
      'csv:data/../../x.csv',
      'csv:/dev/zero',
    ]) {
      const data = { source, symbol: 'X', timeframe: '1d' };
      const created = await call(
        listRoute.POST(post('http://localhost/api/strategies', { name: 'x', data })),
      );
      expect(created.status, source).toBe(400);
      expect(created.body.error, source).toMatch(/data folder/);
      expect(created.body.hint, source).toMatch(/csv:NAME\.csv/);
    }
    const ok = await call(
      listRoute.POST(
        post('http://localhost/api/strategies', {
          name: 'ok',
          data: { source: 'csv:GOOG.csv', symbol: 'GOOG', timeframe: '1d' },
        }),
      ),
    );
    expect(ok.status).toBe(201);
    const id = ok.body.strategy.id as string;
    const version = await call(
      versionsRoute.POST(
        post(`http://localhost/api/strategies/${id}/versions`, {
          source: EXAMPLES[0].source,
          data: { source: 'csv:/etc/passwd', symbol: 'X', timeframe: '1d' },
        }),
        ctx({ id }),
      ),
    );
    expect(version.status).toBe(400);
    expect(version.body.error).toMatch(/data folder/);
  });

  it('a stored outside path fails its run without the file reaching /api/runs', async () => {
    // As a database written before the rule would hold it.
    const store = await getStore();
    const strategy = await store.strategies.create({
      name: 'legacy',
      kind: 'hand',
      source: EXAMPLES[0].source,
      params: {},
      data: { source: 'csv:/etc/passwd', symbol: 'passwd', timeframe: '1d' },
    });
    const schedule = await store.schedules.create({
      strategyId: strategy.id,
      cron: '0 0 * * *',
      label: 'daily',
    });
    const ran = await runNowRoute.POST(
      new Request(`http://localhost/api/schedules/${schedule.id}/run`, { method: 'POST' }),
      ctx({ id: schedule.id }),
    );
    expect(ran.status).toBe(200);
    const runs = await call(
      runsRoute.GET(new Request(`http://localhost/api/runs?strategyId=${strategy.id}`), undefined as never),
    );
    expect(runs.body.runs).toHaveLength(1);
    expect(runs.body.runs[0].status).toBe('failed');
    expect(runs.body.runs[0].error).toMatch(/outside the data folder/);
    expect(JSON.stringify(runs.body)).not.toMatch(LEAK);
  });
});
