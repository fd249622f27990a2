// The portfolios route handlers called directly with Requests, over a real DuckDB file in a temp folder,
// running on synthetic markets (no network). A run's figures are checked against lib/portfolio run on
// the same bars loaded apart from the server, and against the account's own identities.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSource } from '../../../lib/data/server';
import { compileProgram, portfolioFigures, portfolioInputs, simulatePortfolio } from '../../../lib/portfolio';
import { closeServices } from '../../../server/services';
import * as oneRoute from './[id]/route';
import * as runRoute from './[id]/run/route';
import * as listRoute from './route';

let dir: string;
const saved = { db: process.env.BACKTALK_DB, redis: process.env.REDIS_URL };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backtalk-portfolios-'));
  process.env.BACKTALK_DB = join(dir, 'api.duckdb');
  delete process.env.REDIS_URL;
});

afterAll(async () => {
  await closeServices();
  for (const [k, v] of [
    ['BACKTALK_DB', saved.db],
    ['REDIS_URL', saved.redis],
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  rmSync(dir, { recursive: true, force: true });
});

const BASE = 'http://localhost/api/portfolios';
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
  expect(r.headers.get('content-type')).toContain('application/json');
  return { status: r.status, body: await r.json() };
}

const SOURCE = `strategy("Fast cross", capital=100000, fee=0.1%)
fast = sma(close, 10)
slow = sma(close, 30)
momentum = roc(close, 20)
if crossover(fast, slow):
    buy(market, 100%)
if crossunder(fast, slow):
    sell(market, 100%)
`;
// Different lengths, so the union clock has days where only some markets trade.
const SPECS = ['synthetic:1:600:1d', 'synthetic:2:450:1d', 'synthetic:3:700:1d'];
const BODY = {
  name: 'Three synthetic',
  source: SOURCE,
  markets: SPECS.map((source) => ({ source })),
  allocation: { weighting: 'equal', maxPositions: 2, rankBy: 'momentum' },
};

describe('portfolios API', () => {
  let id = '';

  it('starts empty and creates a portfolio', async () => {
    expect(await call(listRoute.GET())).toEqual({ status: 200, body: { portfolios: [] } });
    const { status, body } = await call(listRoute.POST(req('', 'POST', BODY)));
    expect(status).toBe(201);
    expect(body.portfolio).toMatchObject({ name: 'Three synthetic', headVersion: 1 });
    expect(body.portfolio.head.allocation).toEqual({
      weighting: 'equal',
      maxPositions: 2,
      rankBy: 'momentum',
      rebalance: 'none',
    });
    id = body.portfolio.id;
    const list = await call(listRoute.GET());
    expect(list.body.portfolios.map((p: Json) => [p.name, p.head.markets.length])).toEqual([
      ['Three synthetic', 3],
    ]);
  });

  it('answers bad input with 400 and says what is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /JSON/i],
      [{ ...BODY, markets: [] }, /markets.*at least one market/],
      [{ ...BODY, name: '' }, /name.*must not be empty/],
      [{ ...BODY, source: undefined }, /either source or strategyId/],
      [{ ...BODY, strategyId: 'abc' }, /either source or strategyId/],
      [{ ...BODY, extra: 1 }, /extra/],
      [{ ...BODY, markets: [{ source: 'nowhere:x' }] }, /markets\[0\]\.source/],
      [{ ...BODY, markets: [{ source: 'csv:../../etc/passwd' }] }, /markets\[0\]\.source/],
      [{ ...BODY, allocation: { maxPositions: 4 } }, /maxPositions must be a whole number from 1 to 3/],
      [{ ...BODY, allocation: { rebalance: 'daily' } }, /rebalance/],
      [
        {
          ...BODY,
          markets: SPECS.map((source) => ({ source, weight: 0.5 })),
          allocation: { weighting: 'weights' },
        },
        /weights add up to 150%/,
      ],
      [{ ...BODY, allocation: { weighting: 'weights' } }, /has no weight/],
      [{ ...BODY, currency: 'dollars!' }, /not a currency code/],
      [{ ...BODY, range: { from: '1 May' } }, /YYYY-MM-DD/],
    ];
    for (const [body, message] of cases) {
      const res = await call(listRoute.POST(req('', 'POST', body)));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    const big = await call(listRoute.POST(req('', 'POST', { ...BODY, source: 'x'.repeat(300 * 1024) })));
    expect(big.status).toBe(413);
    expect((await call(listRoute.GET())).body.portfolios).toHaveLength(1);
  });

  it('saves a new version (and renames) with PUT, keeping the old one', async () => {
    const { status, body } = await call(
      oneRoute.PUT(
        req(`/${id}`, 'PUT', {
          ...BODY,
          name: 'Three, weighted',
          markets: SPECS.map((source, i) => ({ source, weight: [0.5, 0.3, 0.2][i] })),
          allocation: { weighting: 'weights', rebalance: 'monthly' },
          note: 'fixed weights',
        }),
        ctx(id),
      ),
    );
    expect(status).toBe(201);
    expect(body.version).toBe(2);
    expect(body.portfolio).toMatchObject({ name: 'Three, weighted', headVersion: 2 });
    const got = await call(oneRoute.GET(req(`/${id}`), ctx(id)));
    expect(got.body.versions.map((v: Json) => [v.version, v.note])).toEqual([
      [2, 'fixed weights'],
      [1, null],
    ]);
    const bad = await call(oneRoute.PUT(req(`/${id}`, 'PUT', { ...BODY, markets: 'x' }), ctx(id)));
    expect(bad.status).toBe(400);
    expect((await call(oneRoute.GET(req('/nosuchid0000'), ctx('nosuchid0000')))).status).toBe(404);
    expect((await call(oneRoute.GET(req('/..'), ctx('../x')))).status).toBe(400);
  });

  it('runs a version: figures equal lib/portfolio run directly on the same bars', async () => {
    const { status, body } = await call(runRoute.POST(req(`/${id}/run`, 'POST', { version: 1 }), ctx(id)));
    expect(status, JSON.stringify(body)).toBe(200);
    const run = body.run;
    expect(body.portfolio).toMatchObject({ id, version: 1 });

    const markets = await Promise.all(
      SPECS.map(async (s) => ({ symbol: s, bars: (await loadSource(s)).bars })),
    );
    const { inputs, settings, warmup } = portfolioInputs(compileProgram(SOURCE), markets, {
      maxPositions: 2,
      rankBy: 'momentum',
    });
    const r = simulatePortfolio(inputs, settings);
    const f = portfolioFigures(inputs, r, settings.capital, { warmupBars: warmup });

    expect(run.title).toBe('Fast cross');
    expect(run.markets.map((m: Json) => [m.symbol, m.bars])).toEqual([
      [SPECS[0], 600],
      [SPECS[1], 450],
      [SPECS[2], 700],
    ]);
    // The union clock is the longest market's here (all end on the same day).
    expect(run.bars).toBe(700);
    expect(run.time).toHaveLength(700);
    expect(run.stats['Return [%]']).toBeCloseTo(f.stats['Return [%]'], 9);
    expect(run.stats['# Trades']).toBe(f.stats['# Trades']);
    expect(run.stats['# Trades']).toBeGreaterThan(5);
    expect(run.stats['Equity Final [$]']).toBeCloseTo(r.equity[699], 6);
    expect(run.perMarket.map((m: Json) => m['# Trades'])).toEqual(f.markets.map((m) => m['# Trades']));
    for (const [k, m] of f.markets.entries()) expect(run.perMarket[k]['P&L']).toBeCloseTo(m['P&L'], 6);
    expect(run.correlation[0][1]).toBeCloseTo(f.correlation[0][1], 12);
    expect(run.correlation[1][0]).toBe(run.correlation[0][1]);
    // The account's identities: equity = cash + the markets' values; exposure = invested / equity; at
    // most 2 positions at once; no leverage.
    for (let t = 0; t < run.time.length; t++) {
      const invested = run.value.reduce((s: number, v: number[]) => s + v[t], 0);
      expect(run.cash[t] + invested).toBeCloseTo(run.equity[t], 6);
      expect(run.exposure[t]).toBeCloseTo(invested / run.equity[t], 9);
      expect(run.value.filter((v: number[]) => v[t] !== 0).length).toBeLessThanOrEqual(2);
      expect(run.cash[t]).toBeGreaterThanOrEqual(-1e-6);
    }
    expect(run.rates).toEqual([]);
    expect(run.currency).toBe('USD');
  });

  it('runs the head (fixed weights) by default', async () => {
    const { status, body } = await call(runRoute.POST(req(`/${id}/run`, 'POST'), ctx(id)));
    expect(status).toBe(200);
    expect(body.portfolio.version).toBe(2);
    expect(body.run.markets).toHaveLength(3);
  });

  it('says why a run cannot go: an unknown version, a market that does not load, a program error', async () => {
    const v9 = await call(runRoute.POST(req(`/${id}/run`, 'POST', { version: 9 }), ctx(id)));
    expect(v9.status).toBe(404);
    expect(v9.body.error).toMatch(/no version 9/);
    expect((await call(runRoute.POST(req(`/${id}/run`, 'POST', { version: 'x' }), ctx(id)))).status).toBe(
      400,
    );

    const make = async (body: Json) => (await call(listRoute.POST(req('', 'POST', body)))).body.portfolio.id;
    const missing = await make({
      ...BODY,
      markets: [{ source: SPECS[0] }, { source: 'csv:no-such-file.csv' }],
    });
    const m = await call(runRoute.POST(req(`/${missing}/run`, 'POST'), ctx(missing)));
    expect(m.status).toBe(400);
    expect(m.body.error).toMatch(/1 of 2 markets did not load: csv:no-such-file\.csv/);

    const rank = await make({ ...BODY, allocation: { maxPositions: 1, rankBy: 'momentun' } });
    const rk = await call(runRoute.POST(req(`/${rank}/run`, 'POST'), ctx(rank)));
    expect(rk.status).toBe(400);
    expect(rk.body.error).toMatch(/no numeric series 'momentun'.*did you mean 'momentum'/);

    const broken = await make({ ...BODY, source: 'buy(market, 100%) if nonsense(' });
    const b = await call(runRoute.POST(req(`/${broken}/run`, 'POST'), ctx(broken)));
    expect(b.status).toBe(400);
    expect(b.body.error).toMatch(/the program has errors/);
  });

  it('keeps every run as history: figures of the ones that ran, the reason of the ones that failed', async () => {
    const { status, body } = await call(runRoute.GET(req(`/${id}/run`), ctx(id)));
    expect(status).toBe(200);
    expect(body.runs.map((r: Json) => [r.version, r.status, r.trigger])).toEqual([
      [2, 'ok', 'manual'],
      [1, 'ok', 'manual'],
    ]);
    const first = body.runs[1];
    expect(first.markets).toBe(3);
    expect(first.bars).toBe(700);
    expect(first.returnPct).toBe(first.stats['Return [%]']);
    expect(first.tradeCount).toBe(first.stats['# Trades']);
    const o = await (await import('../../../server/services')).getStore();
    const failed = (await o.portfolioRuns.overview()).filter((x) => x.run?.status === 'failed');
    const errors = failed.map((x) => x.run?.error ?? '');
    expect(errors).toHaveLength(3);
    for (const start of [
      '1 of 2 markets did not load',
      "the program has no numeric series 'momentun'",
      'the program has errors',
    ])
      expect(
        errors.some((e) => e.startsWith(start)),
        start,
      ).toBe(true);
    expect((await call(runRoute.GET(req(`/${id}/run?limit=0`), ctx(id)))).status).toBe(400);
  });

  it('deletes: the portfolio leaves the list and answers 404', async () => {
    const { status } = await call(oneRoute.DELETE(req(`/${id}`, 'DELETE'), ctx(id)));
    expect(status).toBe(200);
    expect((await call(oneRoute.GET(req(`/${id}`), ctx(id)))).status).toBe(404);
    expect((await call(runRoute.POST(req(`/${id}/run`, 'POST'), ctx(id)))).status).toBe(404);
    const names = (await call(listRoute.GET())).body.portfolios.map((p: Json) => p.name);
    expect(names).not.toContain('Three, weighted');
  });
});
