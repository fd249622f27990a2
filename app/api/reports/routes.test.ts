import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../../lib/examples';
import { type ApiTestEnv, apiTestEnv } from '../../../lib/store/test-utils';
import { closeServices, getStore } from '../../../server/services';
import * as reportHtml from '../runs/[runId]/report.html/route';
import * as runGet from '../runs/[runId]/route';
import * as runsList from '../runs/route';
import * as scheduleOne from '../schedules/[id]/route';
import * as scheduleRun from '../schedules/[id]/run/route';
import * as preview from '../schedules/preview/route';
import * as schedules from '../schedules/route';
import * as runsCsv from './[strategyId]/runs.csv/route';
import * as runsJson from './[strategyId]/runs.json/route';

let env: ApiTestEnv;
let strategyId = '';

beforeAll(async () => {
  env = apiTestEnv('backtalk-reports-api-'); // REDIS_URL unset: the in-process cache holds the run locks
  const store = await getStore();
  const s = await store.strategies.create({
    name: 'SMA <cross> & co',
    kind: 'hand',
    source: EXAMPLES[0].source,
    params: { fast: 10, slow: 30 },
    data: { source: 'synthetic:3:400:1d', symbol: 'SYNTH', timeframe: '1d' },
  });
  strategyId = s.id;
});

afterAll(async () => {
  await closeServices();
  env.restore();
});

const req = (url: string, method = 'GET', body?: unknown) =>
  new Request(`http://localhost${url}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
async function call(res: Promise<Response>): Promise<{ status: number; body: any }> {
  const r = await res;
  expect(r.headers.get('content-type')).toContain('application/json');
  return { status: r.status, body: await r.json() };
}

const post = (body: unknown) => call(schedules.POST(req('/api/schedules', 'POST', body), undefined));

describe('schedules API', () => {
  let scheduleId = '';

  it('previews a schedule: wording, cron and the next three run times', async () => {
    const { status, body } = await call(
      preview.GET(
        req('/api/schedules/preview?schedule=weekdays%20at%2016:30&timezone=America/New_York'),
        undefined,
      ),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      cron: '30 16 * * 1-5',
      timezone: 'America/New_York',
      label: 'weekdays at 16:30 America/New_York',
    });
    expect(body.nextRuns).toHaveLength(3);
    for (const t of body.nextRuns) {
      const d = new Date(t);
      // 16:30 in New York is 20:30 or 21:30 UTC depending on daylight saving, on a weekday.
      expect([20, 21]).toContain(d.getUTCHours());
      expect(d.getUTCMinutes()).toBe(30);
      expect([1, 2, 3, 4, 5]).toContain(d.getUTCDay());
    }
  });

  it('creates a schedule from a phrase', async () => {
    const { status, body } = await post({ strategyId, schedule: 'every 6 hours', timezone: 'Tokyo' });
    expect(status).toBe(201);
    expect(body.schedule).toMatchObject({
      strategyId,
      cron: '0 */6 * * *',
      timezone: 'Asia/Tokyo',
      label: 'every 6 hours Asia/Tokyo',
      enabled: true,
    });
    expect(body.schedule.nextRuns).toHaveLength(3);
    expect(body.schedule.nextRunAt).toBe(body.schedule.nextRuns[0]);
    scheduleId = body.schedule.id;
  });

  it('creates one from a cron expression with seconds', async () => {
    const { status, body } = await post({ strategyId, cron: '30 */10 * * * *' });
    expect(status).toBe(201);
    expect(body.schedule).toMatchObject({
      cron: '30 */10 * * * *',
      timezone: 'UTC',
      label: 'cron 30 */10 * * * * UTC',
    });
    const [a, b] = body.schedule.nextRuns;
    expect(b - a).toBe(600_000);
    expect(new Date(a).getUTCSeconds()).toBe(30);
  });

  it.each([
    [(id: string) => ({ strategyId: id }), 400, /a schedule is needed/, /daily at 18:00/],
    [
      (id: string) => ({ strategyId: id, schedule: 'every fortnight' }),
      400,
      /cannot read the schedule 'every fortnight'/,
      /every 15 minutes/,
    ],
    [
      (id: string) => ({ strategyId: id, schedule: 'daily at 25:00' }),
      400,
      /not a time of day/,
      /cron expression/,
    ],
    [
      (id: string) => ({ strategyId: id, schedule: 'every hour', timezone: 'Mars/Olympus' }),
      400,
      /unknown time zone/,
      /IANA/,
    ],
    [
      (id: string) => ({ strategyId: id, cron: 'every hour' }),
      400,
      /'every hour' is not a cron expression/,
      /as schedule/,
    ],
    [(id: string) => ({ strategyId: id, cron: '61 * * * *' }), 400, /invalid cron expression/, /5 fields/],
    [
      (id: string) => ({ strategyId: id, cron: '*/10 * * * * *' }),
      400,
      /runs 10 seconds apart; a schedule may run at most once every 1 minute/,
      /every 15 minutes/,
    ],
    [
      (id: string) => ({ strategyId: id, schedule: 'every hour', cron: '0 * * * *' }),
      400,
      /either schedule or cron, not both/,
      /cron/,
    ],
    [
      (id: string) => ({ strategyId: id, schedule: 'every hour', colour: 'red' }),
      400,
      /Unrecognized key/,
      /strategyId/,
    ],
    [(_id: string) => ({ strategyId: 42, schedule: 'every hour' }), 400, /strategyId/, /strategyId/],
    [
      (id: string) => ({ strategyId: id, schedule: 'x'.repeat(201) }),
      400,
      /at most 200 characters/,
      /strategyId/,
    ],
    [
      (_id: string) => ({ strategyId: 'no-such-strategy', schedule: 'every hour' }),
      404,
      /not found/,
      /GET \/api\/strategies/,
    ],
    [
      (_id: string) => ({ strategyId: '../etc', schedule: 'every hour' }),
      400,
      /not a valid strategy id/,
      /reports/,
    ],
    [
      (id: string) => ({ strategyId: id, schedule: 'every 6 hours', timezone: 'Asia/Tokyo' }),
      409,
      /already runs/,
      /enable/,
    ],
  ])(
    'case %# is refused with %i, saying what is wrong and how to fix it',
    async (body, status, error, hint) => {
      const r = await post(body(strategyId));
      expect(r.status).toBe(status);
      expect(r.body.error).toMatch(error);
      expect(r.body.hint).toMatch(hint);
    },
  );

  it('refuses a body that is not JSON, empty, or too large', async () => {
    expect((await post('{nope')).body).toMatchObject({ error: 'the request body is not valid JSON' });
    expect((await post('')).status).toBe(400);
    const big = await post({ strategyId, schedule: 'every hour', pad: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
  });

  it('lists, gets, pauses, resumes and re-times a schedule', async () => {
    const list = await call(schedules.GET(req(`/api/schedules?strategyId=${strategyId}`), undefined));
    expect(list.body.schedules.map((s: { id: string }) => s.id)).toContain(scheduleId);
    const one = await call(scheduleOne.GET(req(`/api/schedules/${scheduleId}`), ctx({ id: scheduleId })));
    expect(one.body.schedule.label).toBe('every 6 hours Asia/Tokyo');

    const patch = (body: unknown) =>
      call(scheduleOne.PATCH(req(`/api/schedules/${scheduleId}`, 'PATCH', body), ctx({ id: scheduleId })));
    const paused = await patch({ enabled: false });
    expect(paused.body.schedule).toMatchObject({ enabled: false, nextRunAt: null, nextRuns: [] });
    const resumed = await patch({ enabled: true });
    expect(resumed.body.schedule.enabled).toBe(true);
    expect(resumed.body.schedule.nextRuns).toHaveLength(3);
    // A new zone alone re-reads the same cron in it.
    const moved = await patch({ timezone: 'Europe/London' });
    expect(moved.body.schedule).toMatchObject({ cron: '0 */6 * * *', timezone: 'Europe/London' });
    expect(moved.body.schedule.label).toBe('every 6 hours Europe/London');
    const retimed = await patch({ schedule: 'daily at 18:00' });
    expect(retimed.body.schedule).toMatchObject({ cron: '0 18 * * *', timezone: 'Europe/London' });

    expect((await patch({})).body.error).toBe('nothing to change');
    expect((await patch({ enabled: 'yes' })).status).toBe(400);
    expect((await patch({ schedule: 'sometimes' })).status).toBe(400);
    const missing = await call(
      scheduleOne.PATCH(req('/api/schedules/nope', 'PATCH', { enabled: true }), ctx({ id: 'nope' })),
    );
    expect(missing.status).toBe(404);
  });

  it('removes a schedule; removing it again is a 404', async () => {
    const del = () =>
      call(scheduleOne.DELETE(req(`/api/schedules/${scheduleId}`, 'DELETE'), ctx({ id: scheduleId })));
    expect(await del()).toEqual({ status: 200, body: { removed: scheduleId } });
    expect((await del()).status).toBe(404);
  });
});

describe('run now, runs and exports', () => {
  let scheduleId = '';
  let runId = '';

  it('runs a schedule now and returns the finished run', async () => {
    const created = await post({ strategyId, schedule: 'every monday at 09:00 London' });
    scheduleId = created.body.schedule.id;
    const { status, body } = await call(
      scheduleRun.POST(req(`/api/schedules/${scheduleId}/run`, 'POST'), ctx({ id: scheduleId })),
    );
    expect(status).toBe(200);
    expect(body.finished).toBe(true);
    expect(body.run).toMatchObject({ strategyId, scheduleId, trigger: 'manual', status: 'ok', bars: 400 });
    runId = body.run.id;
    // A second run, so the table has a change from the previous run.
    await scheduleRun.POST(req(`/api/schedules/${scheduleId}/run`, 'POST'), ctx({ id: scheduleId }));
    const missing = await call(scheduleRun.POST(req('/api/schedules/zzz/run', 'POST'), ctx({ id: 'zzz' })));
    expect(missing.status).toBe(404);
  });

  it('lists the runs newest first with the change from the previous successful run', async () => {
    const { status, body } = await call(
      runsList.GET(req(`/api/runs?strategyId=${strategyId}&limit=10`), undefined),
    );
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    const [second, first] = body.runs;
    expect(first.id).toBe(runId);
    expect(second.previousRunId).toBe(runId);
    // Same data, same program: the same figures, so every change is exactly zero.
    expect(second.returnPct).toBe(first.returnPct);
    expect(second.returnPctChange).toBe(0);
    expect((await call(runsList.GET(req('/api/runs'), undefined))).status).toBe(400);
    expect(
      (await call(runsList.GET(req(`/api/runs?strategyId=${strategyId}&limit=5000`), undefined))).body.error,
    ).toMatch(/limit must be a whole number from 1 to 1000/);
  });

  it('gets one run with its trades and, on request, its thinned equity curve', async () => {
    const { body } = await call(runGet.GET(req(`/api/runs/${runId}?equity=1&points=50`), ctx({ runId })));
    expect(body.run).toMatchObject({
      id: runId,
      status: 'ok',
      signal: expect.stringMatching(/enter|exit|hold/),
    });
    expect(body.run.trades.length).toBe(body.run.stats['# Trades'] + (body.run.trades.at(-1)?.open ? 1 : 0));
    expect(body.equity.length).toBe(400);
    expect(body.equity.points.length).toBeLessThanOrEqual(50);
    expect(body.strategy.name).toBe('SMA <cross> & co');
    const none = await call(runGet.GET(req('/api/runs/nosuchrun'), ctx({ runId: 'nosuchrun' })));
    expect(none.status).toBe(404);
  });

  it('exports the runs table as CSV', async () => {
    const res = await runsCsv.GET(req(`/api/reports/${strategyId}/runs.csv`), ctx({ strategyId }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="backtalk-sma-cross-co-runs-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].split(',').slice(0, 3)).toEqual(['run_id', 'started_at', 'finished_at']);
    expect(lines[2].startsWith(`${runId},`)).toBe(true);
    const missing = await runsCsv.GET(req('/api/reports/nope/runs.csv'), ctx({ strategyId: 'nope' }));
    expect(missing.status).toBe(404);
  });

  it('exports the runs table as JSON', async () => {
    const res = await runsJson.GET(
      req(`/api/reports/${strategyId}/runs.json?download=0`),
      ctx({ strategyId }),
    );
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename=".*\.json"$/);
    const doc = await res.json();
    expect(doc.strategy).toEqual({ id: strategyId, name: 'SMA <cross> & co' });
    expect(doc.total).toBe(2);
    expect(doc.runs[1]).toMatchObject({ id: runId, change: null });
    expect(doc.runs[0].change).toMatchObject({ returnPct: 0, tradeCount: 0 });
    expect(doc.runs[0].startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('downloads a self-contained HTML report with a server-rendered chart', async () => {
    const res = await reportHtml.GET(req(`/api/runs/${runId}/report.html`), ctx({ runId }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="backtalk-sma-cross-co-.*\.html"$/,
    );
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toMatch(/<figure class="chart" data-testid="report-chart"><svg/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('SMA &lt;cross&gt; &amp; co');
    expect(html).toContain('synthetic:3:400:1d');
    expect(html).toContain('crossover(f, s)'); // the program
    const bad = await call(reportHtml.GET(req('/api/runs/%3Cx%3E/report.html'), ctx({ runId: '<x>' })));
    expect(bad.status).toBe(400);
  });
});
