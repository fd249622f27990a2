// A portfolio strategy in the chat: read from one sentence (or from "all of them" after the market
// question), stated on the card, and previewed as one account over its markets. The preview's account is
// checked against the single-market engine: weights 100%/0% make the portfolio one market traded alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, synthetic } from '../data';
import { type Cache, createCache } from '../data/server';
import { runProgram } from '../dsl';
import type { Understanding } from '../nl';
import { compile, describe as describeSpec, type StrategySpec } from '../schema';
import { type TempStore, tempStore } from '../store/test-utils';
import { PREVIEW_FIGURES, preview } from './confirm';
import { startTurn } from './turn';

let db: TempStore;
let cache: Cache;
let n = 0;
const newId = () => `pf${process.pid}-${Date.now()}-${++n}`;

beforeAll(async () => {
  db = await tempStore();
  cache = await createCache({ url: 'redis://127.0.0.1:6379', namespace: `pf-${process.pid}`, log: () => {} });
});
afterAll(async () => {
  await cache?.close();
  await db?.cleanup();
});

async function turn(conversationId: string, text: string): Promise<Understanding> {
  const t = await startTurn(
    { conversationId, text },
    { store: db.store, session: cache, understand: { offline: true }, log: () => {} },
  );
  const reader = t.stream.getReader();
  let u: Understanding | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const part = value as { type: string; data?: Understanding };
    if (part.type === 'data-understanding') u = part.data;
  }
  await t.saved;
  if (!u) throw new Error('the stream carried no understanding');
  return u;
}

const SEEDS: Record<string, number> = { AAPL: 3, MSFT: 5, NVDA: 7 };
/** Each symbol its own synthetic series; the ones in `down` cannot be loaded. */
const loader =
  (down: readonly string[] = [], seen: string[] = []) =>
  async (req: { source: string }) => {
    seen.push(req.source);
    const sym = req.source.split(':').pop() ?? '';
    if (down.includes(sym) || (down.includes('*') && !req.source.startsWith('synthetic:')))
      throw new DataError('exchange-unavailable', `${sym} is unreachable`);
    const seed = req.source.startsWith('synthetic:') ? Number(req.source.split(':')[1]) : SEEDS[sym];
    return { bars: synthetic({ seed, bars: 1500, timeframe: '1d' }), issues: [] } as never;
  };

describe('a portfolio strategy in the chat', () => {
  it('reads "golden cross on AAPL, MSFT and NVDA, equal weight, at most 2 positions" and states it', async () => {
    const u = await turn(newId(), 'golden cross on AAPL, MSFT and NVDA, equal weight, at most 2 positions');
    if (!u.ok) throw new Error(u.question);
    expect(u.spec.market.symbol).toBe('AAPL');
    expect(u.spec.portfolio).toEqual({
      markets: ['AAPL', 'MSFT', 'NVDA'],
      allocation: 'equal',
      maxPositions: 2,
    });
    expect(u.market).toBe(
      'AAPL, MSFT and NVDA in one account with shared cash: equal weight, at most 2 positions at once; daily bars, the whole available history',
    );
    expect(u.assumptions).toContain(
      'when more markets signal than positions are free, the first in the list is bought',
    );
    expect(u.assumptions).not.toContain('100% of equity per entry');
  });

  it('asks one question about a bare list, and reads "all of them, equal weight" as the portfolio', async () => {
    const id = newId();
    const q = await turn(id, 'buy AAPL and MSFT when RSI < 30, sell when RSI > 70');
    expect(q.ok).toBe(false);
    if (q.ok) return;
    expect(q.question).toMatch(/together in one account .* or only one of them: AAPL or MSFT\?$/);
    const a = await turn(id, 'all of them, equal weight');
    if (!a.ok) throw new Error(a.question);
    expect(a.spec.portfolio).toEqual({ markets: ['AAPL', 'MSFT'], allocation: 'equal' });
    expect(a.program).toMatch(/rsi\(close/);
    // and "MSFT" still picks the one market
    const id2 = newId();
    await turn(id2, 'buy AAPL and MSFT when RSI < 30, sell when RSI > 70');
    const one = await turn(id2, 'MSFT');
    if (!one.ok) throw new Error(one.question);
    expect(one.spec.market.symbol).toBe('MSFT');
    expect(one.spec.portfolio).toBeUndefined();
  });
});

const crossSpec = (portfolio: StrategySpec['portfolio']): StrategySpec => ({
  version: 1,
  name: 'Cross',
  market: { source: 'yahoo', symbol: 'AAPL' },
  settings: {},
  inputs: [],
  indicators: [
    { id: 'fast', fn: 'sma', args: [{ field: 'close' }, { value: 10 }] },
    { id: 'slow', fn: 'sma', args: [{ field: 'close' }, { value: 30 }] },
  ],
  rules: [
    { when: { op: 'crossover', a: { indicator: 'fast' }, b: { indicator: 'slow' } }, action: 'buy' },
    { when: { op: 'crossunder', a: { indicator: 'fast' }, b: { indicator: 'slow' } }, action: 'sell' },
  ],
  risk: {},
  portfolio,
});

describe('the preview of a portfolio', () => {
  it('with weights 100%/0% is the first market traded alone (the single-market engine figures)', async () => {
    const seen: string[] = [];
    const spec = crossSpec({ markets: ['AAPL', 'MSFT'], allocation: { weights: [1, 0] } });
    const p = await preview(spec, loader([], seen));
    expect(seen.sort()).toEqual(['yahoo:AAPL', 'yahoo:MSFT']);
    const alone = runProgram(
      compile({ ...spec, portfolio: undefined }),
      synthetic({ seed: 3, bars: 1500, timeframe: '1d' }),
    );
    if (!alone.ok) throw new Error(alone.report);
    expect(alone.stats['# Trades']).toBeGreaterThan(5);
    expect(p.figures['Return [%]']).toBeCloseTo(alone.stats['Return [%]'] as number, 6);
    expect(p.figures['Max. Drawdown [%]']).toBeCloseTo(alone.stats['Max. Drawdown [%]'] as number, 6);
    expect(p.markets?.[0]).toMatchObject({ symbol: 'AAPL', trades: alone.stats['# Trades'] });
    expect(p.data).toBe('AAPL, MSFT 1d in one account');
    expect(Object.keys(p.figures)).toEqual([...PREVIEW_FIGURES]);
  });

  it('runs without a market that cannot be loaded, naming it in its row and in the note', async () => {
    const spec = crossSpec({ markets: ['AAPL', 'MSFT', 'NVDA'], maxPositions: 2 });
    const p = await preview(spec, loader(['MSFT']));
    expect(p.fallback).toBe('MSFT could not be loaded (MSFT is unreachable); the preview ran without it');
    expect(p.markets?.map((m) => m.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(p.markets?.[1]).toEqual({ symbol: 'MSFT', error: 'MSFT is unreachable' });
    expect(p.markets?.[0].trades).toBeGreaterThan(0);
    expect(p.markets?.[2].trades).toBeGreaterThan(0);
  });

  it('offline, runs on one synthetic series per market and says so', async () => {
    const spec = crossSpec({ markets: ['AAPL', 'MSFT', 'NVDA'] });
    const seen: string[] = [];
    const p = await preview(spec, loader(['*'], seen));
    expect(seen.filter((s) => s.startsWith('synthetic:')).sort()).toEqual([
      'synthetic:1:2500:1d',
      'synthetic:2:2500:1d',
      'synthetic:3:2500:1d',
    ]);
    expect(p.fallback).toMatch(/^none of the markets could be loaded .* one series per market$/);
    expect(p.data).toBe('synthetic daily bars for AAPL, MSFT, NVDA in one account');
    expect(p.figures['# Trades']).toBeGreaterThan(0);
  });

  it('states the card of the previewed spec like any other', () => {
    const d = describeSpec(crossSpec({ markets: ['AAPL', 'MSFT'], rebalance: 'weekly' }));
    expect(d.market).toMatch(
      /^AAPL and MSFT in one account with shared cash: equal weight, rebalanced weekly;/,
    );
  });
});
