// Orders at prices, exits at prices and after N bars, sizing by risk and the fixed commission in the
// schema: each spec validates, compiles to the program a trader would write by hand (same trades on
// seeded bars), lifts back to itself, and is stated back in plain words with its assumptions.
import { expect, describe as group, it } from 'vitest';
import { runProgram } from '../dsl';
import { compile } from './compile';
import { describe } from './describe';
import { diffSpecs } from './diff';
import { lift } from './lift';
import { normalize } from './normalize';
import type { StrategySpec } from './spec';
import { cmp, F, I, ind, over, rule, seededBars, spec, tradesOf, V } from './testkit';
import { validateSpec } from './validate';

const bars = seededBars(1500, 11);
const ATR = ind('atr14', 'atr', [V(14)]);
const HH = ind('hh20', 'highest', [F('high'), V(20)]);
const FAST = ind('fast', 'sma', [F('close'), V(10)]);
const SLOW = ind('slow', 'sma', [F('close'), V(30)]);

interface Case {
  readonly name: string;
  readonly spec: StrategySpec;
  /** The program as a trader would write it (same trades as the compiled spec). */
  readonly hand: string;
  /** Sentences the card must contain. */
  readonly says: readonly string[];
}

const CASES: Case[] = [
  {
    name: 'a buy stop at the 20-bar high with a stop 2 ATR under the entry',
    spec: spec({
      indicators: [SLOW, HH, ATR],
      rules: [
        {
          ...rule('buy', cmp('>', F('close'), I('slow'))),
          order: { type: 'stop', price: { from: I('hh20') } },
        },
      ],
      risk: { stopLossAt: { from: { position: 'avg_price' }, add: { times: -2, of: I('atr14') } } },
    }),
    hand: `slow = sma(close, 30)
if close > slow:
    buy(stop=highest(high, 20), size=100%)
stop_loss(price=position_avg_price - 2 * atr(14))
`,
    says: [
      'Buy with 100% of equity when the close is above the 30-bar SMA of the close, with a stop order at the highest high of the last 20 bars.',
      'Exit with a stop loss at 2 × ATR(14) below the entry price, set when the entry fills.',
      'a stop order rests until it fills (a new signal of its rule replaces it); say "cancel after N bars" to limit it',
    ],
  },
  {
    name: 'a limit 1% below the close for 5 bars, a target 3 ATR above, out after 10 bars',
    spec: spec({
      indicators: [FAST, SLOW, ATR],
      rules: [
        {
          ...rule('buy', over(I('fast'), I('slow'))),
          order: { type: 'limit', price: { from: F('close'), percent: -0.01 }, cancelAfter: 5 },
        },
      ],
      risk: {
        takeProfitAt: { from: { position: 'avg_price' }, add: { times: 3, of: I('atr14') } },
        exitAfter: 10,
      },
    }),
    hand: `fast = sma(close, 10)
slow = sma(close, 30)
if crossover(fast, slow):
    buy(limit=close * 0.99, cancel_after=5)
take_profit(price=position_avg_price + 3 * atr(14))
exit(after=10)
`,
    says: [
      'Buy with 100% of equity when the 10-bar SMA of the close crosses above the 30-bar SMA of the close, with a limit order at 1% below the close (cancelled after 5 bars if not filled).',
      'Exit with a take profit at 3 × ATR(14) above the entry price, set when the entry fills.',
      'Close the position 10 bars after the entry bar.',
    ],
  },
  {
    name: 'risk 1% per trade on a 2% stop, $1 commission per fill',
    spec: spec({
      indicators: [FAST, SLOW],
      settings: { commission: 1 },
      rules: [
        rule('buy', over(I('fast'), I('slow')), { risk: 0.01 }),
        rule('sell', over(I('slow'), I('fast'))),
      ],
      risk: { stopLoss: 0.02 },
    }),
    hand: `strategy("Test", commission=1)
fast = sma(close, 10)
slow = sma(close, 30)
if crossover(fast, slow):
    buy(market, size=risk(1%))
if crossover(slow, fast):
    sell(market, 100%)
stop_loss(2%)
`,
    says: [
      'Buy with a size that loses 1% of equity if the stop is hit when the 10-bar SMA of the close crosses above the 30-bar SMA of the close.',
      'Exit with a 2% stop loss below the entry price.',
    ],
  },
];

group('orders, price exits, risk sizing and commission in the schema', () => {
  for (const c of CASES)
    it(c.name, () => {
      const v = validateSpec(c.spec);
      if (!v.ok) throw new Error(JSON.stringify(v.issues));
      const program = compile(c.spec);
      const back = lift(program, { market: c.spec.market });
      if (!back.ok) throw new Error(`${program}\n${back.reasons.join('\n')}`);
      expect(back.spec).toEqual(normalize(c.spec));
      expect(compile(back.spec)).toBe(program);
      const got = runProgram(program, bars);
      const want = runProgram(c.hand, bars);
      const trades = tradesOf(want);
      expect(trades.entryBar.length, c.name).toBeGreaterThanOrEqual(3);
      expect(tradesOf(got)).toEqual(trades);
      const d = describe(c.spec);
      const all = [...d.summary, d.settings, ...d.assumptions];
      for (const s of c.says) expect(all, s).toContain(s);
    });

  it('writes the orders the way a trader reads them', () => {
    expect(compile(CASES[1].spec)).toContain('buy(limit=close * (1 - 1%), cancel_after=5)');
    expect(compile(CASES[0].spec)).toContain('    buy(stop=hh20)\n');
    expect(compile(CASES[0].spec)).toContain('stop_loss(price=position_avg_price - 2 * atr14)');
    expect(compile(CASES[2].spec)).toContain('strategy("Test", commission=1)');
    expect(compile(CASES[2].spec)).toContain('buy(market, size=risk(1%))');
  });

  it('states the commission among the settings and diffs the new fields', () => {
    expect(describe(CASES[2].spec).settings).toContain('$1 commission per fill');
    const a = CASES[1].spec;
    const b: StrategySpec = {
      ...a,
      settings: { commission: 2.5 },
      risk: { ...a.risk, exitAfter: 20, takeProfitAt: undefined, takeProfit: 0.1 },
    };
    expect(diffSpecs(a, b)).toEqual(
      expect.arrayContaining([
        'commission per fill none → $2.50',
        'take profit at 3 × ATR(14) above the entry price → none',
        'exit after 10 bars → 20 bars',
      ]),
    );
  });

  const issue = (s: StrategySpec) => {
    const v = validateSpec(s);
    return v.ok ? [] : v.issues.map((i) => `${i.path}: ${i.message}`);
  };
  const base = CASES[2].spec;

  it('sizing by risk requires a stop, and says so', () => {
    expect(issue({ ...base, risk: {} })).toEqual([
      'rules[0].size: sizing by risk needs a stop to size on: add risk.stopLoss (e.g. 0.02) or risk.stopLossAt (e.g. 2 ATR under the entry), or a risk.trailingStop',
    ]);
    expect(issue({ ...base, risk: { trailingStop: 0.05 } })).toEqual([]);
    // A stop at a price counts; this one reads an indicator the spec lacks, which is the only issue.
    expect(issue({ ...base, risk: { stopLossAt: CASES[0].spec.risk.stopLossAt } })).toEqual([
      "risk.stopLossAt.add.of: unknown indicator 'atr14'; the indicators are 'fast', 'slow'",
    ]);
    const exitRisk = { ...base, rules: [base.rules[0], { ...base.rules[1], size: { risk: 0.01 } }] };
    expect(issue(exitRisk)[0]).toMatch(/^rules\[1\]\.size: a size by risk sizes an entry on its stop/);
  });

  it('refuses orders on exits, entry prices before an entry, both forms of a stop, empty moves', () => {
    const sell = { ...base.rules[1], order: { type: 'limit' as const, price: { from: F('close') } } };
    expect(issue({ ...base, rules: [base.rules[0], sell] })[0]).toMatch(
      /^rules\[1\]\.order: only entries \(buy, short\) rest at a price/,
    );
    const entryAt = {
      ...base.rules[0],
      order: { type: 'stop' as const, price: { from: { position: 'avg_price' as const } } },
    };
    expect(issue({ ...base, rules: [entryAt, base.rules[1]] })).toEqual([
      'rules[0].order.price.from: an entry order is placed before there is an entry price: measure it from a field or an indicator',
    ]);
    const both = { ...base, risk: { stopLoss: 0.02, stopLossAt: { from: F('low') } } };
    expect(issue(both)).toEqual([
      'risk.stopLossAt: give the stop as stopLoss (a percent) or stopLossAt (a price), not both',
    ]);
    const moved = {
      ...base,
      risk: { stopLossAt: { from: F('low'), percent: -0.01, add: { times: 1, of: F('close') } } },
    };
    expect(issue(moved)).toEqual(['risk.stopLossAt: move a price by percent or by add, not both: keep one']);
    const zero = { ...base, risk: { stopLossAt: { from: V(-3) } } };
    expect(issue(zero)).toEqual(['risk.stopLossAt.from: a price must be above 0, got -3']);
    const wait = {
      ...base.rules[0],
      order: { type: 'limit' as const, price: { from: F('close') }, cancelAfter: 0 },
    };
    expect(issue({ ...base, rules: [wait, base.rules[1]] })).toEqual([
      'rules[0].order.cancelAfter: must be at least 1',
    ]);
  });

  it('lift refuses what the schema cannot say, with the line', () => {
    const r = lift('if close > open:\n    buy(limit=close - 5)\nexit(after=3)\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons[0]).toMatch(/^line 2: a price moved by a constant \(close - 5\)/);
    const own = lift('if close > open:\n    buy(market, stop_loss=low[1])\nexit(after=3)\n');
    expect(own.ok).toBe(false);
  });
});
