import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../../lib/examples';
import { type ApiTestEnv, apiTestEnv } from '../../../lib/store/test-utils';
import { closeServices, getStore } from '../../../server/services';
import * as scheduleOne from './[id]/route';
import * as preview from './preview/route';
import * as schedules from './route';

let env: ApiTestEnv;
let strategyId = '';

beforeAll(async () => {
  env = apiTestEnv('backtalk-schedule-bounds-');
  const store = await getStore();
  strategyId = (await store.strategies.create({ name: 'S', kind: 'hand', source: EXAMPLES[0].source })).id;
});

afterAll(async () => {
  await closeServices();
  env.restore();
});

const req = (url: string, method = 'GET', body?: unknown) =>
  new Request(`http://localhost${url}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
async function call(res: Promise<Response>): Promise<{ status: number; body: any }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

const ATTACK = '1-99999999/1 * * * *';
const MINUTE = /minute field '1-99999999\/1': '99999999' is out of range \(0-59\)/;

describe('schedule text with bounded cost', () => {
  it('answers the exact attack URL with a 400 that names the minute field', async () => {
    const { status, body } = await call(
      preview.GET(req('/api/schedules/preview?cron=1-99999999/1+*+*+*+*'), undefined),
    );
    expect(status).toBe(400);
    expect(body.error).toMatch(MINUTE);
    expect(body.hint).toMatch(/minute 0-59/);
  });

  it('refuses it on create and edit too, leaving the schedule as it was', async () => {
    const created = await call(
      schedules.POST(req('/api/schedules', 'POST', { strategyId, cron: ATTACK }), undefined),
    );
    expect(created.status).toBe(400);
    expect(created.body.error).toMatch(MINUTE);
    const asPhrase = await call(
      schedules.POST(req('/api/schedules', 'POST', { strategyId, schedule: ATTACK }), undefined),
    );
    expect(asPhrase.status).toBe(400);
    expect(asPhrase.body.error).toMatch(MINUTE);

    const ok = await call(
      schedules.POST(req('/api/schedules', 'POST', { strategyId, schedule: 'every hour' }), undefined),
    );
    expect(ok.status).toBe(201);
    const id = ok.body.schedule.id;
    const edit = (body: unknown) =>
      call(
        scheduleOne.PATCH(req(`/api/schedules/${id}`, 'PATCH', body), { params: Promise.resolve({ id }) }),
      );
    const edited = await edit({ cron: ATTACK });
    expect(edited.status).toBe(400);
    expect(edited.body.error).toMatch(MINUTE);
    expect((await edit({ schedule: '0 0-23/99999999 * * *' })).body.error).toMatch(
      /hour field '0-23\/99999999': a step of '99999999' is larger than the field \(at most 24\)/,
    );
    expect((await (await getStore()).schedules.get(id))!.cron).toBe('0 * * * *');
  });

  it('keeps schedules at least a minute apart, unless BACKTALK_MIN_SCHEDULE_SECONDS says otherwise', async () => {
    const every = (schedule: string) =>
      call(preview.GET(req(`/api/schedules/preview?schedule=${encodeURIComponent(schedule)}`), undefined));
    const fast = await every('every 10 seconds');
    expect(fast.status).toBe(400);
    expect(fast.body.error).toBe(
      "'*/10 * * * * *' runs 10 seconds apart; a schedule may run at most once every 1 minute",
    );
    expect(fast.body.hint).toMatch(/every 15 minutes.*BACKTALK_MIN_SCHEDULE_SECONDS=60/);
    expect((await every('* * * * *')).status).toBe(200);
    process.env.BACKTALK_MIN_SCHEDULE_SECONDS = '5';
    try {
      expect((await every('every 10 seconds')).status).toBe(200);
      expect((await every('* * * * * *')).status).toBe(400);
      process.env.BACKTALK_MIN_SCHEDULE_SECONDS = 'often';
      const bad = await every('every hour');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/BACKTALK_MIN_SCHEDULE_SECONDS must be a whole number of seconds/);
    } finally {
      delete process.env.BACKTALK_MIN_SCHEDULE_SECONDS;
    }
  });
});
