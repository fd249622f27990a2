// "Run now" through the API with issue 9's heavy program: 400 rsi lines on a million synthetic bars are
// refused by the work budget before they run, and the refusal is what the run records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manyRsi } from '../../../../../lib/dsl/testkit';
import { installCompute, PooledCompute } from '../../../../../server/compute';
import { closeServices, getStore } from '../../../../../server/services';
import { POST } from './route';

let dir: string;
let compute: PooledCompute;
const saved = { db: process.env.BACKTALK_DB, redis: process.env.REDIS_URL };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backtalk-run-now-'));
  process.env.BACKTALK_DB = join(dir, 'api.duckdb');
  delete process.env.REDIS_URL; // the one-off scheduler's lock in memory
  // As in the server: runs go to the process's worker pool, installed for the routes.
  compute = new PooledCompute({ workers: 1 });
  installCompute(compute);
});

afterAll(async () => {
  installCompute(undefined);
  await compute.close();
  await closeServices();
  for (const [k, v] of [
    ['BACKTALK_DB', saved.db],
    ['REDIS_URL', saved.redis],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/schedules/[id]/run', () => {
  it('refuses 400 rsi lines on 1M bars with the budget message, recorded as the failed run', async () => {
    const store = await getStore();
    const strategy = await store.strategies.create({
      name: 'many rsi',
      kind: 'hand',
      source: manyRsi(),
      params: {},
      data: { source: 'synthetic:1:1000000:1d', symbol: 'SYNTH', timeframe: '1d' },
    });
    const schedule = await store.schedules.create({
      strategyId: strategy.id,
      cron: '0 0 * * *',
      label: 'daily',
    });
    const res = await POST(
      new Request(`http://localhost/api/schedules/${schedule.id}/run`, { method: 'POST' }),
      {
        params: Promise.resolve({ id: schedule.id }),
      },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.finished).toBe(true);
    expect(body.run).toMatchObject({ status: 'failed', strategyId: strategy.id, bars: null });
    expect(body.run.error).toContain(
      'error[too-much-work]: this program would compute 406 series (400 indicator calls) over 1,000,000 bars',
    );
    expect(body.run.error).toContain('the budget is 50 M bar-calls, about 381 MB (BACKTALK_MAX_WORK)');
    expect(body.run.error).toContain('hint: use fewer bars (a date range or a larger timeframe');
  });
});
