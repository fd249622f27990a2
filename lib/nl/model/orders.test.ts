// Issue 11 on the model path: recorded model answers (the model's form, as a model writes it) with
// resting orders, stops and targets at prices, exits after N bars, sizing by risk and a fixed commission
// go through fromModelSpec and validateSpec to the expected schema, and compile to a clean .bt program.
import { describe, expect, it } from 'vitest';
import { checkSource, hasErrors } from '../../dsl';
import type { StrategySpec } from '../../schema';
import { offlineDouble, scriptedModel } from './testkit';
import { understandWithModel } from './understand-model';
import { fromModelSpec, modelSpecJsonSchema, toModelSpec } from './wire';

const propose = (input: unknown) => ({ calls: [{ tool: 'propose_strategy', input }] });
const market = (symbol: string) => ({
  source: 'yahoo',
  symbol,
  exchange: null,
  timeframe: null,
  from: null,
  to: null,
  lastYears: null,
});
const settings = (o: Record<string, unknown> = {}) => ({
  capital: null,
  feePercent: null,
  slippagePercent: null,
  fill: null,
  units: null,
  pyramiding: null,
  commission: null,
  ...o,
});
const risk = (o: Record<string, unknown> = {}) => ({
  stopLossPercent: null,
  takeProfitPercent: null,
  trailingStopPercent: null,
  stopLossAt: null,
  takeProfitAt: null,
  exitAfter: null,
  ...o,
});
const rule = (when: unknown, action: string, o: Record<string, unknown> = {}) => ({
  when,
  action,
  sizePercent: null,
  sizeUnits: null,
  sizeCash: null,
  sizeRisk: null,
  order: null,
  ...o,
});
const ind = (id: string, fn: string, args: unknown[], offset: number | null = null) => ({
  id,
  fn,
  args,
  output: null,
  offset,
});
const close = { field: 'close', offset: null };

/** "Buy AAPL on a break of the 20-day high with a stop 2 ATR under the entry", as recorded. */
const BREAKOUT = {
  name: '20-day high breakout, 2 ATR stop',
  market: market('AAPL'),
  settings: settings(),
  inputs: [],
  indicators: [
    ind('hi20', 'highest', [{ field: 'high', offset: null }, { value: 20 }], 1),
    ind('atr14', 'atr', [{ value: 14 }]),
  ],
  rules: [rule({ op: 'crossover', a: close, b: { indicator: 'hi20', offset: null } }, 'buy')],
  risk: risk({
    stopLossAt: {
      from: { position: 'avg_price' },
      percent: null,
      add: { times: -2, of: { indicator: 'atr14', offset: null } },
    },
  }),
};

/** "Buy SPY with a limit order 1% below the close when RSI(14) is under 30, cancel after 5 bars; exit after 10 bars". */
const PULLBACK = {
  name: 'RSI pullback limit',
  market: market('SPY'),
  settings: settings(),
  inputs: [],
  indicators: [ind('rsi14', 'rsi', [close, { value: 14 }])],
  rules: [
    rule({ op: '<', a: { indicator: 'rsi14', offset: null }, b: { value: 30 } }, 'buy', {
      order: { type: 'limit', price: { from: close, percent: -1, add: null }, cancelAfter: 5 },
    }),
  ],
  risk: risk({ exitAfter: 10 }),
};

/** "Risk 1% per trade with a 2% stop and a 4% target, $1 commission, golden cross on MSFT". */
const RISKED = {
  name: 'Golden cross, 1% risk',
  market: market('MSFT'),
  settings: settings({ commission: 1 }),
  inputs: [],
  indicators: [ind('fast', 'sma', [close, { value: 50 }]), ind('slow', 'sma', [close, { value: 200 }])],
  rules: [
    rule(
      { op: 'crossover', a: { indicator: 'fast', offset: null }, b: { indicator: 'slow', offset: null } },
      'buy',
      { sizeRisk: 1 },
    ),
  ],
  risk: risk({ stopLossPercent: 2, takeProfitPercent: 4 }),
};

const base = (name: string, symbol: string) => ({
  version: 1 as const,
  name,
  market: { source: 'yahoo' as const, symbol },
  inputs: [],
});

// The expected internal specs, written by hand (fractions, no nulls).
const BREAKOUT_SPEC: StrategySpec = {
  ...base('20-day high breakout, 2 ATR stop', 'AAPL'),
  settings: {},
  indicators: [
    { id: 'hi20', fn: 'highest', args: [{ field: 'high' }, { value: 20 }], offset: 1 },
    { id: 'atr14', fn: 'atr', args: [{ value: 14 }] },
  ],
  rules: [{ when: { op: 'crossover', a: { field: 'close' }, b: { indicator: 'hi20' } }, action: 'buy' }],
  risk: { stopLossAt: { from: { position: 'avg_price' }, add: { times: -2, of: { indicator: 'atr14' } } } },
};
const PULLBACK_SPEC: StrategySpec = {
  ...base('RSI pullback limit', 'SPY'),
  settings: {},
  indicators: [{ id: 'rsi14', fn: 'rsi', args: [{ field: 'close' }, { value: 14 }] }],
  rules: [
    {
      when: { op: '<', a: { indicator: 'rsi14' }, b: { value: 30 } },
      action: 'buy',
      order: { type: 'limit', price: { from: { field: 'close' }, percent: -0.01 }, cancelAfter: 5 },
    },
  ],
  risk: { exitAfter: 10 },
};
const RISKED_SPEC: StrategySpec = {
  ...base('Golden cross, 1% risk', 'MSFT'),
  settings: { commission: 1 },
  indicators: [
    { id: 'fast', fn: 'sma', args: [{ field: 'close' }, { value: 50 }] },
    { id: 'slow', fn: 'sma', args: [{ field: 'close' }, { value: 200 }] },
  ],
  rules: [
    {
      when: { op: 'crossover', a: { indicator: 'fast' }, b: { indicator: 'slow' } },
      action: 'buy',
      size: { risk: 0.01 },
    },
  ],
  risk: { stopLoss: 0.02, takeProfit: 0.04 },
};

const CASES = [
  {
    text: 'buy AAPL on the 20-day high with a stop 2 ATR under the entry',
    wire: BREAKOUT,
    spec: BREAKOUT_SPEC,
    program: ['stop_loss(price=position_avg_price - 2 * atr14)'],
  },
  {
    text: 'buy SPY with a limit order 1% below the close when RSI(14) is under 30, cancel after 5 bars, exit after 10 bars',
    wire: PULLBACK,
    spec: PULLBACK_SPEC,
    program: ['limit=close * (1 - 1%)', 'cancel_after=5', 'exit(after=10)'],
  },
  {
    text: 'golden cross on MSFT, risk 1% per trade with a 2% stop and a 4% target, $1 commission',
    wire: RISKED,
    spec: RISKED_SPEC,
    program: ['risk(1%)', 'stop_loss(2%)', 'take_profit(4%)', 'commission=1'],
  },
];

describe('the model path: orders, exits at prices, exits after N bars, risk sizing, commission', () => {
  it.each(CASES)('$text', async ({ text, wire, spec, program }) => {
    const model = scriptedModel([propose(wire)]);
    const off = offlineDouble();
    const u = await understandWithModel({ text }, model, { fallback: off });
    expect(u.ok).toBe(true);
    if (!u.ok) return;
    expect(u.source).toBe('model');
    expect(u.spec).toEqual(spec);
    expect(hasErrors(checkSource(u.program).diagnostics)).toBe(false);
    for (const p of program) expect(u.program.replace(/\s+/g, ' ')).toContain(p);
    expect(model.doStreamCalls.length).toBe(1);
    // The model form round-trips: what the model is shown of the spec reads back to it (these answers
    // were recorded before the portfolio field, which strict mode now adds as null).
    expect(toModelSpec(spec)).toEqual({ ...wire, portfolio: null });
  });

  it('the recorded answers conform to the schema sent to the model', () => {
    const s = modelSpecJsonSchema() as { properties: Record<string, { properties?: object }> };
    for (const { wire } of CASES)
      for (const k of ['settings', 'risk'] as const)
        expect(Object.keys(s.properties[k].properties ?? {}).sort()).toEqual(Object.keys(wire[k]).sort());
  });

  it('sends a price move out of bounds and risk sizing without a stop back to the model, which repairs them', async () => {
    const bad = structuredClone(PULLBACK) as typeof PULLBACK;
    (bad.rules[0].order as unknown as { price: { percent: number } }).price.percent = -150;
    expect(fromModelSpec(bad).issues).toEqual([
      {
        path: 'rules[0].order.price.percent',
        message: 'must be between -99 and 1000 (a percent number: -1 means 1% below, 2 means 2% above)',
      },
    ]);
    const noStop = { ...RISKED, risk: risk({ takeProfitPercent: 4 }) };
    const model = scriptedModel([propose(bad), propose(noStop), propose(RISKED)]);
    const u = await understandWithModel({ text: CASES[2].text }, model, { fallback: offlineDouble() });
    expect(u.ok && u.spec).toEqual(RISKED_SPEC);
    expect(model.doStreamCalls.length).toBe(3);
    const second = JSON.stringify(model.doStreamCalls[1].prompt);
    expect(second).toContain('rules[0].order.price.percent');
    const third = JSON.stringify(model.doStreamCalls[2].prompt);
    expect(third).toMatch(/sizing by risk needs a stop/);
    expect(third).toContain('risk.stopLossPercent (e.g. 2)');
  });
});
