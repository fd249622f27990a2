// The portfolio part on the model's wire: percent weights, null for unstated, read back to the internal
// spec exactly; a model that proposes a portfolio gets it validated and stated like any strategy.
import { describe, expect, it } from 'vitest';
import { describe as describeSpec, type StrategySpec, validateSpec } from '../../schema';
import { offlineDouble, scriptedModel } from './testkit';
import { understandWithModel } from './understand-model';
import { fromModelSpec, modelSpecJsonSchema, toModelSpec } from './wire';

const SPEC: StrategySpec = {
  version: 1,
  name: 'Golden cross basket',
  market: { source: 'yahoo', symbol: 'AAPL' },
  settings: {},
  inputs: [],
  indicators: [
    { id: 'fast', fn: 'sma', args: [{ field: 'close' }, { value: 50 }] },
    { id: 'slow', fn: 'sma', args: [{ field: 'close' }, { value: 200 }] },
    { id: 'rsi14', fn: 'rsi', args: [{ field: 'close' }, { value: 14 }] },
  ],
  rules: [
    { when: { op: 'crossover', a: { indicator: 'fast' }, b: { indicator: 'slow' } }, action: 'buy' },
    { when: { op: 'crossunder', a: { indicator: 'fast' }, b: { indicator: 'slow' } }, action: 'sell' },
  ],
  risk: {},
  portfolio: {
    markets: ['AAPL', 'MSFT', 'NVDA'],
    allocation: { weights: [0.5, 0.3, 0.2] },
    maxPositions: 2,
    rankBy: 'rsi14',
    rebalance: 'monthly',
  },
};

describe('the portfolio on the wire', () => {
  it('is percent weights in the model form and reads back to the same spec', () => {
    const w = toModelSpec(SPEC);
    expect(w.portfolio).toEqual({
      markets: ['AAPL', 'MSFT', 'NVDA'],
      weightsPercent: [50, 30, 20],
      maxPositions: 2,
      rankBy: 'rsi14',
      rebalance: 'monthly',
    });
    const back = fromModelSpec(w);
    expect(back.issues).toEqual([]);
    expect(validateSpec(back.spec)).toEqual({ ok: true, spec: SPEC });
    // one market: null, and null reads as no portfolio
    const one = toModelSpec({ ...SPEC, portfolio: undefined });
    expect(one.portfolio).toBeNull();
    expect((fromModelSpec(one).spec as StrategySpec).portfolio).toBeUndefined();
    // equal weight is weightsPercent null, the other fields kept
    const eq = fromModelSpec({ ...w, portfolio: { ...(w.portfolio as object), weightsPercent: null } });
    expect((eq.spec as StrategySpec).portfolio).toEqual({
      markets: ['AAPL', 'MSFT', 'NVDA'],
      maxPositions: 2,
      rankBy: 'rsi14',
      rebalance: 'monthly',
    });
  });

  it('names a wrong field with the one to use', () => {
    const w = toModelSpec(SPEC);
    const bad = fromModelSpec({
      ...w,
      portfolio: { markets: ['AAPL', 'MSFT'], allocation: 'equal', weightsPercent: [0.5, 'x'] },
    });
    expect(bad.issues).toEqual([
      {
        path: 'portfolio.allocation',
        message: 'use portfolio.weightsPercent (percent numbers), or null for equal weight',
      },
      {
        path: 'portfolio.weightsPercent',
        message: 'percent numbers from 0 to 100, one per market: [50, 30, 20]',
      },
    ]);
  });

  it('is in the strict schema (nullable, every key required) and left out of the compact one', () => {
    const strict = modelSpecJsonSchema() as {
      properties: Record<string, { anyOf?: { properties?: object }[] }>;
      required: string[];
    };
    expect(strict.required).toContain('portfolio');
    const obj = strict.properties.portfolio.anyOf?.find((x) => x.properties);
    expect(Object.keys(obj?.properties ?? {}).sort()).toEqual([
      'markets',
      'maxPositions',
      'rankBy',
      'rebalance',
      'weightsPercent',
    ]);
    const compact = modelSpecJsonSchema({ compact: true }) as { properties: Record<string, unknown> };
    expect(compact.properties.portfolio).toBeUndefined();
  });

  it('a model proposing a portfolio gets it validated and stated on the card', async () => {
    const model = scriptedModel([{ calls: [{ tool: 'propose_strategy', input: toModelSpec(SPEC) }] }]);
    const u = await understandWithModel({ text: 'golden cross on AAPL, MSFT, NVDA 50/30/20' }, model, {
      fallback: offlineDouble(),
    });
    if (!u.ok) throw new Error(u.question);
    expect(u.spec).toEqual(SPEC);
    expect(u.market).toBe(describeSpec(SPEC).market);
    expect(u.market).toMatch(/^AAPL, MSFT and NVDA in one account with shared cash: weights AAPL 50%/);
  });
});
