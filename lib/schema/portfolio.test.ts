// The portfolio part of a spec: validation with fixable messages, compile/lift round trip (the part is a
// data choice passed to lift like the market), the card's wording and the diff.
import { expect, describe as group, it } from 'vitest';
import { compile, describe, diffSpecs, lift, normalize, StrategySpecJsonSchema, validateSpec } from '.';
import type { StrategySpec } from './spec';
import { F, I, ind, over, P, rule, spec, under, V } from './testkit';

const golden = (portfolio: StrategySpec['portfolio'], extra: Partial<StrategySpec> = {}): StrategySpec =>
  spec({
    name: 'Golden cross',
    market: { source: 'yahoo', symbol: 'AAPL' },
    inputs: [{ name: 'rsi_len', value: 14, min: 2, max: 50, step: 1 }],
    indicators: [
      ind('fast', 'sma', [F('close'), V(50)]),
      ind('slow', 'sma', [F('close'), V(200)]),
      ind('rsi_line', 'rsi', [F('close'), P('rsi_len')]),
    ],
    rules: [rule('buy', over(I('fast'), I('slow'))), rule('sell', under(I('fast'), I('slow')))],
    portfolio,
    ...extra,
  });

const messages = (x: unknown) => {
  const v = validateSpec(x);
  return v.ok ? [] : v.issues.map((i) => `${i.path}: ${i.message}`);
};

group('portfolio spec', () => {
  const full = golden({
    markets: ['AAPL', 'MSFT', 'NVDA'],
    allocation: { weights: [0.5, 0.3, 0.2] },
    maxPositions: 2,
    rankBy: 'rsi_line',
    rebalance: 'monthly',
  });

  it('validates a full portfolio and keeps it through compile and lift', () => {
    expect(messages(full)).toEqual([]);
    const src = compile(full);
    // the program is the same as without the portfolio: the markets are a data choice
    expect(src).toBe(compile({ ...full, portfolio: undefined }));
    // the ranking series is bound even though no rule reads it
    expect(src).toMatch(/rsi_line = rsi\(close, rsi_len\)/);
    const back = lift(src, { market: full.market, portfolio: full.portfolio });
    if (!back.ok) throw new Error(back.reasons.join('\n'));
    expect(back.spec).toEqual(normalize(full));
    expect(compile(back.spec)).toBe(src);
    expect(back.spec.portfolio).toEqual(full.portfolio);
  });

  it('states the markets, weights, slots, ranking and rebalancing on the card', () => {
    const d = describe(full);
    expect(d.market).toBe(
      'AAPL, MSFT and NVDA in one account with shared cash: weights AAPL 50%, MSFT 30%, NVDA 20%, ' +
        'at most 2 positions at once (when more markets signal, the highest RSI(14) is bought first), ' +
        'rebalanced monthly; daily bars, the whole available history',
    );
    expect(d.assumptions).not.toContain('no rebalancing: positions keep their size until they close');
  });

  it('lists the unstated portfolio choices among the assumptions', () => {
    const d = describe(golden({ markets: ['AAPL', 'MSFT', 'NVDA'], maxPositions: 2 }));
    expect(d.market).toMatch(/^AAPL, MSFT and NVDA in one account with shared cash: equal weight, at most 2/);
    expect(d.assumptions).toEqual(
      expect.arrayContaining([
        'equal weight: each entry buys 1/2 of the equity',
        'when more markets signal than positions are free, the first in the list is bought',
        'no rebalancing: positions keep their size until they close',
      ]),
    );
    const open = describe(golden({ markets: ['AAPL', 'MSFT'] }));
    expect(open.assumptions).toContain('equal weight: each entry buys 1/2 of the equity');
    expect(open.assumptions).toContain('up to one position in each market at once');
  });

  it('names each mistake with how to fix it', () => {
    const pf = { markets: ['AAPL', 'MSFT', 'NVDA'] };
    expect(messages(golden({ ...pf, markets: ['MSFT', 'AAPL'] }))).toEqual([
      "market.symbol: market.symbol must be the first of portfolio.markets ('MSFT')",
    ]);
    expect(messages(golden({ ...pf, allocation: { weights: [0.5, 0.5] } }))).toEqual([
      'portfolio.allocation.weights: 2 weights for 3 markets: give one per market',
    ]);
    expect(messages(golden({ ...pf, allocation: { weights: [0.5, 0.4, 0.3] } }))).toEqual([
      'portfolio.allocation.weights: the weights add up to 120%: at most 100% (no leverage)',
    ]);
    expect(messages(golden({ ...pf, maxPositions: 4 }))).toEqual([
      'portfolio.maxPositions: at most 3 positions can be open with 3 markets',
    ]);
    expect(messages(golden({ ...pf, rankBy: 'momentum' }))).toEqual([
      "portfolio.rankBy: 'momentum' is not an indicator id: rank by one of the indicators",
    ]);
    expect(messages(golden({ markets: ['AAPL', 'MSFT', 'AAPL'] }))).toEqual([
      "portfolio.markets[2]: 'AAPL' is listed twice: name each market once",
    ]);
    expect(messages(golden(pf, { risk: { stopLoss: 0.05 } }))).toEqual([
      'risk: a portfolio has no stops, targets or timed exits yet: remove them, or leave out the portfolio to run one market',
    ]);
    expect(messages(golden(pf, { market: { source: 'synthetic' } })).join('\n')).toMatch(
      /a portfolio needs named markets/,
    );
    expect(messages(golden({ markets: ['AAPL'] })).join('\n')).toMatch(/portfolio\.markets/);
  });

  it('says what changed in the portfolio', () => {
    const a = golden({ markets: ['AAPL', 'MSFT'] });
    const b = golden({ markets: ['AAPL', 'MSFT'], maxPositions: 1 });
    expect(diffSpecs(a, b)).toEqual([
      'portfolio AAPL and MSFT in one account with shared cash: equal weight → AAPL and MSFT in one account with shared cash: equal weight, at most 1 position at once',
    ]);
    expect(diffSpecs(a, { ...a, portfolio: undefined })).toEqual([
      'portfolio AAPL and MSFT in one account with shared cash: equal weight → one market',
    ]);
  });

  it('is in the model tool schema, optional', () => {
    const props = (StrategySpecJsonSchema as { properties: Record<string, unknown>; required: string[] })
      .properties;
    expect(Object.keys(props)).toContain('portfolio');
    expect((StrategySpecJsonSchema as { required: string[] }).required).not.toContain('portfolio');
  });
});
