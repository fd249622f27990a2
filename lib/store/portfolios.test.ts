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

const MARKETS = [{ source: 'synthetic:1:500:1d' }, { source: 'synthetic:2:500:1d' }];
const SRC = 'strategy("p")\nbuy(crossover(sma(close, 10), sma(close, 30)))\n';

async function rejects(p: Promise<unknown>, message: RegExp, code = 'bad-input'): Promise<StoreError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StoreError);
  expect((e as StoreError).code).toBe(code);
  expect((e as StoreError).message).toMatch(message);
  return e as StoreError;
}

describe('portfolios', () => {
  it('creates a portfolio with version 1 and reads the whole definition back', async () => {
    const p = await t.store.portfolios.create({
      name: '  Tech  ',
      source: SRC,
      markets: [
        { source: 'yahoo:AAPL', weight: 0.5 },
        { source: 'yahoo:SAP.DE', weight: 0.25, rate: 'yahoo:EURUSD=X' },
      ],
      allocation: { weighting: 'weights', maxPositions: 1, rankBy: 'momentum', rebalance: 'monthly' },
      currency: 'usd',
      params: { fast: 10 },
      range: { timeframe: '1d', from: '2020-01-01', to: '2021-12-31' },
      note: 'first',
    });
    expect(p).toMatchObject({ name: 'Tech', headVersion: 1, deletedAt: null, createdAt: T0 });
    const got = await t.store.portfolios.get(p.id);
    expect(got).toEqual(p);
    expect(got?.head).toEqual({
      portfolioId: p.id,
      version: 1,
      source: SRC,
      strategyId: null,
      strategyVersion: null,
      markets: [
        { source: 'yahoo:AAPL', weight: 0.5, rate: null },
        { source: 'yahoo:SAP.DE', weight: 0.25, rate: 'yahoo:EURUSD=X' },
      ],
      allocation: { weighting: 'weights', maxPositions: 1, rankBy: 'momentum', rebalance: 'monthly' },
      currency: 'USD',
      params: { fast: 10 },
      range: { timeframe: '1d', from: '2020-01-01', to: '2021-12-31' },
      note: 'first',
      createdAt: T0,
    });
    expect(await t.store.portfolios.get('nosuchid0000')).toBeNull();
  });

  it('defaults to equal weight, no cap, no rebalancing, USD', async () => {
    const p = await t.store.portfolios.create({ name: 'P', source: SRC, markets: MARKETS });
    expect(p.head.allocation).toEqual({
      weighting: 'equal',
      maxPositions: null,
      rankBy: null,
      rebalance: 'none',
    });
    expect(p.head.currency).toBe('USD');
    expect(p.head.range).toBeNull();
  });

  it('appends versions, never overwriting, and lists the head newest first', async () => {
    const a = await t.store.portfolios.create({ name: 'A', source: SRC, markets: MARKETS });
    const b = await t.store.portfolios.create({ name: 'B', source: SRC, markets: MARKETS.slice(0, 1) });
    const v2 = await t.store.portfolios.saveVersion(a.id, {
      source: SRC,
      markets: [...MARKETS, { source: 'synthetic:3:500:1d' }],
      note: 'third market',
    });
    expect(v2).toBe(2);
    const list = await t.store.portfolios.list();
    expect(list.map((p) => [p.name, p.headVersion, p.head.markets.length])).toEqual([
      ['A', 2, 3],
      ['B', 1, 1],
    ]);
    expect((await t.store.portfolios.getVersion(a.id, 1))?.markets).toHaveLength(2);
    expect((await t.store.portfolios.listVersions(a.id)).map((v) => [v.version, v.note])).toEqual([
      [2, 'third market'],
      [1, null],
    ]);
    expect(await t.store.portfolios.getVersion(a.id, 3)).toBeNull();
    expect(b.headVersion).toBe(1);
  });

  it('renames and soft-deletes; a deleted portfolio leaves the list and takes no versions', async () => {
    const a = await t.store.portfolios.create({ name: 'A', source: SRC, markets: MARKETS });
    expect((await t.store.portfolios.rename(a.id, 'A2')).name).toBe('A2');
    expect(await t.store.portfolios.softDelete(a.id)).toBe(true);
    expect(await t.store.portfolios.softDelete(a.id)).toBe(false);
    expect(await t.store.portfolios.list()).toEqual([]);
    expect((await t.store.portfolios.get(a.id))?.deletedAt).not.toBeNull();
    await rejects(
      t.store.portfolios.saveVersion(a.id, { source: SRC, markets: MARKETS }),
      /not found/,
      'not-found',
    );
    await rejects(t.store.portfolios.softDelete('nosuchid0000'), /not found/, 'not-found');
  });

  it('references a strategy (its runnable version, or a pinned one) that must exist', async () => {
    const s = await t.store.strategies.create({ name: 'S', kind: 'hand', source: SRC });
    const p = await t.store.portfolios.create({ name: 'P', strategyId: s.id, markets: MARKETS });
    expect(p.head).toMatchObject({ source: null, strategyId: s.id, strategyVersion: null });
    const pinned = await t.store.portfolios.create({
      name: 'Q',
      strategyId: s.id,
      strategyVersion: 1,
      markets: MARKETS,
    });
    expect(pinned.head.strategyVersion).toBe(1);
    await rejects(
      t.store.portfolios.create({ name: 'R', strategyId: s.id, strategyVersion: 2, markets: MARKETS }),
      /has no version 2/,
    );
    await rejects(
      t.store.portfolios.create({ name: 'R', strategyId: 'nosuchid0000', markets: MARKETS }),
      /not found/,
    );
    await t.store.strategies.softDelete(s.id);
    await rejects(t.store.portfolios.create({ name: 'R', strategyId: s.id, markets: MARKETS }), /not found/);
  });

  it('refuses bad definitions with what is wrong and how to fix it, storing nothing', async () => {
    const base = { name: 'P', source: SRC, markets: MARKETS };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, source: undefined }, /needs a program/],
      [{ ...base, strategyId: 'abc' }, /either source or strategyId/],
      [{ ...base, markets: [] }, /at least one/],
      [{ ...base, markets: 'yahoo:AAPL' }, /must be a list/],
      [{ ...base, markets: [{ source: 'a' }, { source: 'a' }] }, /listed twice/],
      [{ ...base, markets: [{ source: '' }] }, /markets\[0\]\.source must not be empty/],
      [{ ...base, markets: [{ source: 'a', weight: 2 }] }, /weight must be a number from 0 to 1/],
      [{ ...base, allocation: { weighting: 'weights' } }, /has no weight/],
      [
        {
          ...base,
          markets: [
            { source: 'a', weight: 0.7 },
            { source: 'b', weight: 0.5 },
          ],
          allocation: { weighting: 'weights' },
        },
        /add up to 120%/,
      ],
      [
        { ...base, allocation: { weighting: 'random' } },
        /allocation\.weighting must be one of 'equal', 'weights'/,
      ],
      [{ ...base, allocation: { maxPositions: 3 } }, /maxPositions must be a whole number from 1 to 2/],
      [{ ...base, allocation: { rankBy: 'a b' } }, /is not a series name/],
      [{ ...base, allocation: { rebalance: 'daily' } }, /rebalance must be one of 'none', 'weekly'/],
      [{ ...base, currency: 'US Dollar' }, /not a currency code/],
      [{ ...base, range: { from: '2020-13-45x' } }, /YYYY-MM-DD/],
      [{ ...base, range: { from: '2021-01-01', to: '2020-01-01' } }, /after range\.to/],
      [{ ...base, name: '   ' }, /name must not be empty/],
    ];
    for (const [input, message] of cases) {
      const e = await rejects(t.store.portfolios.create(input as never), message);
      expect(e.message.length).toBeLessThan(300);
    }
    const many = Array.from({ length: 101 }, (_, i) => ({ source: `synthetic:${i + 1}` }));
    await rejects(t.store.portfolios.create({ ...base, markets: many }), /at most 100 markets/);
    expect(await t.store.portfolios.list()).toEqual([]);
  });
});

describe('portfolio runs', () => {
  const stats = {
    'Return [%]': 12.5,
    'Sharpe Ratio': 0.8,
    'Max. Drawdown [%]': -7.25,
    '# Trades': 9,
    'Equity Final [$]': 112_500,
    Start: '2020-01-01T00:00:00.000Z',
  };

  it('records runs with their figures and lists them newest first; the overview has each latest run', async () => {
    const a = await t.store.portfolios.create({ name: 'A', source: SRC, markets: MARKETS });
    const b = await t.store.portfolios.create({ name: 'B', source: SRC, markets: MARKETS });
    const r1 = await t.store.portfolioRuns.record({
      portfolioId: a.id,
      version: 1,
      trigger: 'manual',
      status: 'ok',
      startedAt: T0 + 10_000,
      finishedAt: T0 + 11_000,
      markets: 2,
      bars: 500,
      stats,
    });
    expect(r1).toMatchObject({
      returnPct: 12.5,
      sharpe: 0.8,
      maxDrawdownPct: -7.25,
      tradeCount: 9,
      equityFinal: 112_500,
      stats,
    });
    const r2 = await t.store.portfolioRuns.record({
      portfolioId: a.id,
      version: 1,
      trigger: 'manual',
      status: 'failed',
      error: 'x'.repeat(9000),
      startedAt: T0 + 20_000,
      finishedAt: T0 + 20_500,
      markets: 2,
    });
    expect(r2.error).toHaveLength(8000);
    expect(r2.returnPct).toBeNull();
    expect((await t.store.portfolioRuns.list(a.id)).map((r) => r.id)).toEqual([r2.id, r1.id]);
    expect(await t.store.portfolioRuns.list(b.id)).toEqual([]);
    const o = await t.store.portfolioRuns.overview();
    expect(o.map((x) => [x.name, x.run?.id ?? null])).toEqual([
      ['A', r2.id],
      ['B', null],
    ]);
    await t.store.portfolios.softDelete(a.id);
    expect((await t.store.portfolioRuns.overview()).map((x) => x.name)).toEqual(['B']);
  });

  it('refuses a bad run record', async () => {
    const base = {
      portfolioId: 'p1',
      version: 1,
      trigger: 'manual',
      status: 'ok',
      startedAt: T0,
      finishedAt: T0,
      markets: 1,
    } as const;
    await rejects(
      t.store.portfolioRuns.record({ ...base, status: 'running' as never }),
      /status must be one of 'ok', 'failed'/,
    );
    await rejects(
      t.store.portfolioRuns.record({ ...base, version: 0 }),
      /version must be a whole number from 1/,
    );
  });
});
