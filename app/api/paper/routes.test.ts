// The paper routes called directly with Requests over a real DuckDB file, with the server's paper
// manager running replayed synthetic bars (BACKTALK_REPLAY_MS=0) so a run fills in while we watch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_LIVE_BARS } from '../../../jobs/paper-feeds';
import { loadSource } from '../../../lib/data/server';
import { EXAMPLES } from '../../../lib/examples';
import { onPaperUpdate, startPaper } from '../../../server/paper';
import { closeServices, getDataLoader, getStore } from '../../../server/services';
import * as eqRoute from './[id]/equity/route';
import * as evRoute from './[id]/events/route';
import * as oneRoute from './[id]/route';
import * as listRoute from './route';

let dir: string;
const saved = { db: process.env.BACKTALK_DB, ms: process.env.BACKTALK_REPLAY_MS };
const MARKET = 'synthetic:7:400:1d';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backtalk-paper-api-'));
  process.env.BACKTALK_DB = join(dir, 'api.duckdb');
  process.env.BACKTALK_REPLAY_MS = '0';
});

afterAll(async () => {
  await closeServices();
  for (const [k, v] of [
    ['BACKTALK_DB', saved.db],
    ['BACKTALK_REPLAY_MS', saved.ms],
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  rmSync(dir, { recursive: true, force: true });
});

const BASE = 'http://localhost/api/paper';
const req = (path: string, method = 'GET', body?: unknown) =>
  new Request(`${BASE}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
// biome-ignore lint/suspicious/noExplicitAny: answers are JSON, checked field by field below
type Json = Record<string, any>;
async function call(res: Promise<Response>): Promise<{ status: number; body: Json }> {
  const r = await res;
  return { status: r.status, body: await r.json() };
}

describe('paper API', () => {
  let strategyId = '';
  let runId = '';

  it('refuses bad input with 400s that say what is wrong', async () => {
    const store = await getStore();
    const s = await store.strategies.create({
      name: 'Paper test',
      kind: 'hand',
      source: EXAMPLES[0].source,
      params: {},
    });
    strategyId = s.id;
    const cases: [unknown, RegExp][] = [
      ['not json', /JSON/i],
      [{}, /strategyId/],
      [{ strategyId: 'bad id!' }, /strategyId.*not a strategy id/],
      [{ strategyId, extra: 1 }, /extra/],
      [{ strategyId }, /names no market/],
      [{ strategyId, market: 'nope:1' }, /source|nope/i],
      [{ strategyId, market: `replay:${MARKET}`, timeframe: '7q' }, /unknown timeframe '7q'/],
      [{ strategyId, market: 'x'.repeat(600) }, /market/],
    ];
    for (const [body, msg] of cases) {
      const { status, body: out } = await call(listRoute.POST(req('', 'POST', body)));
      expect(status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(out.error).toMatch(msg);
    }
    expect((await call(listRoute.POST(req('', 'POST', { strategyId: 'aaaaaaaaaaaa' })))).status).toBe(404);
    expect((await call(oneRoute.GET(req('/bad!'), ctx('bad!')))).status).toBe(400);
    expect((await call(evRoute.GET(req('/x?limit=0'), ctx('aaaaaaaaaaaa')))).status).toBe(404);
  });

  it('deploys on a replayed market: trades from the last bars, runs, and lists its account', async () => {
    const bars = (await loadSource(MARKET)).bars;
    const { status, body } = await call(
      listRoute.POST(req('', 'POST', { strategyId, market: `replay:${MARKET}`, timeframe: '1d' })),
    );
    expect(status).toBe(201);
    runId = body.run.run.id;
    const live = Math.min(REPLAY_LIVE_BARS, bars.time.length / 2);
    expect(body.run.run).toMatchObject({ status: 'running', tradeFrom: bars.time[bars.time.length - live] });
    const steps: number[] = [];
    const off = onPaperUpdate((u) => steps.push(u.events.length));
    await startPaper(await getDataLoader(), () => {}, { scanMs: 1000 });
    const store = await getStore();
    for (let i = 0; i < 300; i++) {
      const run = await store.paper.get(runId);
      if (run?.lastBarTime === bars.time[bars.time.length - 1]) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    off();
    expect(steps.length).toBe(live + 1); // the history at once, then each live bar
    const list = await call(listRoute.GET());
    const one = list.body.runs.find((r: Json) => r.run.id === runId);
    expect(one.run.lastBarTime).toBe(bars.time[bars.time.length - 1]);
    expect(one.account.price).toBe(bars.close[bars.close.length - 1]);
    expect(one.pnl).toBeCloseTo(one.account.equity - one.account.capital, 9);
    expect(list.body.prices).toContainEqual({
      market: `replay:${MARKET}`,
      price: bars.close[bars.close.length - 1],
      time: bars.time[bars.time.length - 1],
    });
    // The equity recomputed over the stored bars ends at the runner's account; it starts at the deploy bar.
    const eq = await call(eqRoute.GET(req(`/${runId}/equity?points=50`), ctx(runId)));
    expect(eq.body.equity.length).toBeLessThanOrEqual(51);
    expect(eq.body.time[0]).toBe(one.run.tradeFrom);
    expect(eq.body.equity.at(-1)).toBeCloseTo(one.account.equity, 6);
    // P&L today: daily bars, so the change over the last bar.
    const full = await call(eqRoute.GET(req(`/${runId}/equity?points=2000`), ctx(runId)));
    expect(one.pnlToday).toBeCloseTo(one.account.equity - full.body.equity.at(-2), 6);
    // Events page by seq.
    const page1 = await call(evRoute.GET(req(`/${runId}/events?limit=2`), ctx(runId)));
    expect(page1.body.events.map((e: Json) => e.seq)).toEqual([1, 2]);
    const page2 = await call(evRoute.GET(req(`/${runId}/events?after=2&limit=1000`), ctx(runId)));
    expect(page2.body.events[0]?.seq).toBe(3);
    const signals = [...page1.body.events, ...page2.body.events].filter((e: Json) => e.kind === 'signal');
    expect(one.lastSignal?.seq ?? null).toBe(signals.at(-1)?.seq ?? null);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(page1.body.events.length + page2.body.events.length);
  });

  it('pauses, resumes and stops; a stopped run stays stopped', async () => {
    const act = (action: unknown) => call(oneRoute.POST(req(`/${runId}`, 'POST', { action }), ctx(runId)));
    const bad = await act('explode');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/action/);
    expect((await act('pause')).body.run.run.status).toBe('paused');
    expect((await act('resume')).body.run.run.status).toBe('running');
    expect((await act('stop')).body.run.run.status).toBe('stopped');
    const again = await act('resume');
    expect(again.status).toBe(409);
    expect(again.body.hint).toMatch(/start a new one/);
  });
});
