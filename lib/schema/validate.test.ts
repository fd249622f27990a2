import { describe, expect, it } from 'vitest';
import { EXAMPLE_SPECS } from './examples-testkit';
import type { Condition, StrategySpec } from './spec';
import { F, I, ind, over, P, rule, spec, under, V } from './testkit';
import { validateSpec } from './validate';

const good = spec({
  inputs: [{ name: 'n', value: 50, min: 5, max: 100, step: 5 }],
  indicators: [ind('fast', 'sma', [F('close'), P('n')]), ind('slow', 'sma', [F('close'), V(200)])],
  rules: [rule('buy', over(I('fast'), I('slow'))), rule('sell', under(I('fast'), I('slow')))],
});

/** Any shape at all: the tests edit specs into what a model might send. */
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped, to build invalid specs
type Loose = Record<string, any>;

/** The issues of `good` edited by f. */
function issues(f: (s: Loose) => void): { path: string; message: string }[] {
  const s = structuredClone(good) as Loose;
  f(s);
  const r = validateSpec(s);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

describe('validateSpec accepts', () => {
  it('valid specs unchanged', () => {
    expect(validateSpec(good)).toEqual({ ok: true, spec: good });
    for (const { spec: s } of EXAMPLE_SPECS) expect(validateSpec(s).ok).toBe(true);
  });

  it('a buy/short reversal with no other exit, and a default-able trailing argument', () => {
    const s = spec({
      indicators: [ind('c', 'change', [F('close')])],
      rules: [rule('buy', over(I('c'), V(0))), rule('short', under(I('c'), V(0)))],
    });
    expect(validateSpec(s).ok).toBe(true);
  });
});

describe('validateSpec cross-references', () => {
  it('unknown indicator and input, with suggestions', () => {
    expect(issues((s) => (s.rules[0].when.a = { indicator: 'fsat' }))).toEqual([
      {
        path: 'rules[0].when.a',
        message: "unknown indicator 'fsat' (did you mean 'fast'?); the indicators are 'fast', 'slow'",
      },
    ]);
    expect(issues((s) => (s.indicators[0].args[1] = { input: 'm' }))).toEqual([
      { path: 'indicators[0].args[1]', message: "unknown input 'm'; the inputs are 'n'" },
    ]);
  });

  it('tuple outputs', () => {
    const macd = (output?: string) =>
      ind('m', 'macd', [F('close'), V(12), V(26), V(9)], output ? { output } : {});
    expect(issues((s) => s.indicators.push(macd('upper')))).toEqual([
      {
        path: 'indicators[2].output',
        message: "macd returns several series: set output to one of 'macd', 'signal', 'hist', not 'upper'",
      },
    ]);
    expect(issues((s) => s.indicators.push(macd()))[0].message).toBe(
      "macd returns several series: set output to one of 'macd', 'signal', 'hist'",
    );
    expect(issues((s) => (s.indicators[1].output = 'signal'))).toEqual([
      { path: 'indicators[1].output', message: "sma returns one series: remove output 'signal'" },
    ]);
    expect(issues((s) => s.indicators.push({ ...macd('hist'), offset: 1 }))[0].message).toBe(
      'a macd output cannot take an offset here; put it where it is used: {"indicator": "m", "offset": 1}',
    );
  });

  it('arity, argument kinds and bounds from the registry', () => {
    expect(issues((s) => s.indicators[1].args.pop())).toEqual([
      { path: 'indicators[1].args', message: 'sma takes 2 argument(s), sma(src, n), got 1' },
    ]);
    expect(issues((s) => (s.indicators[1].args[1] = { value: 0 }))[0].message).toBe(
      "'n' of sma must be a whole number from 1 to 5000, got 0",
    );
    expect(issues((s) => (s.indicators[1].args[1] = { value: 2.5 }))[0].message).toBe(
      "'n' of sma must be a whole number from 1 to 5000, got 2.5",
    );
    expect(
      issues((s) => s.indicators.push(ind('b', 'bb', [F('close'), V(20), V(20)], { output: 'mid' })))[0]
        .message,
    ).toBe("'mult' of bb must be a number from 0.1 to 10, got 20");
    expect(issues((s) => (s.indicators[1].args[0] = { value: 5 }))[0].message).toBe(
      '\'src\' of sma must be a series: {"field": "close"} or {"indicator": "<id>"}',
    );
    expect(issues((s) => (s.indicators[1].args[1] = { field: 'close' }))[0].message).toBe(
      '\'n\' of sma is a constant: give {"value": n} or {"input": "<name>"}',
    );
    expect(issues((s) => (s.inputs[0].step = 2.5))[0].message).toBe(
      "input 'n' is the 'n' of sma: its value, min and max must each be a whole number from 1 to 5000, and its step whole",
    );
    expect(issues((s) => (s.rules[0].when = { op: 'rising', a: F('close'), n: V(0) }))[0]).toEqual({
      path: 'rules[0].when.n',
      message: "'n' of rising must be a whole number from 1 to 5000, got 0",
    });
    expect(issues((s) => (s.rules[0].when = { op: 'rising', a: V(3), n: V(2) }))[0].message).toMatch(
      /must be a series/,
    );
  });

  it('names: reserved, duplicated, cycles', () => {
    expect(issues((s) => (s.indicators[0].id = 'close'))[0]).toEqual({
      path: 'indicators[0].id',
      message: "'close' is a built-in series and cannot name an indicator; choose another, e.g. 'close_1'",
    });
    expect(issues((s) => (s.indicators[0].id = 'rsi'))[0].message).toMatch(/'rsi' is a built-in function/);
    expect(issues((s) => (s.indicators[0].id = 'market'))[0].message).toMatch(/'market' is a keyword/);
    expect(issues((s) => (s.inputs[0].name = 'stop_loss'))[0].message).toMatch(/'stop_loss' is a statement/);
    expect(issues((s) => (s.indicators[0].id = 'n'))[0]).toEqual({
      path: 'indicators[0].id',
      message: "'n' is already used by another input or indicator; names must be unique",
    });
    const cyc = issues((s) => {
      s.indicators[0].args[0] = { indicator: 'slow' };
      s.indicators[1].args[0] = { indicator: 'fast' };
    });
    expect(cyc).toEqual([
      {
        path: 'indicators[0].args',
        message: "indicators 'fast' → 'slow' → 'fast' read each other in a cycle",
      },
    ]);
    expect(issues((s) => (s.indicators[0].args[0] = { indicator: 'fast' }))[0].message).toBe(
      "indicator 'fast' cannot read itself",
    );
  });

  it('conditions: depth, size, constants on both sides', () => {
    let deep: Condition = over(I('fast'), I('slow'));
    for (let k = 0; k < 6; k++) deep = { op: 'not', arg: deep };
    expect(issues((s) => (s.rules[0].when = deep))).toEqual([
      { path: 'rules[0].when', message: 'conditions nest at most 6 levels deep; simplify this one' },
    ]);
    const wide: Condition = {
      op: 'or',
      args: Array.from({ length: 16 }, () => ({
        op: 'and' as const,
        args: [over(F('close'), V(1)), over(F('open'), V(1)), over(F('low'), V(1))],
      })),
    };
    expect(issues((s) => (s.rules[0].when = wide))[0].message).toBe(
      'a condition has at most 64 parts, this one has 65',
    );
    expect(issues((s) => (s.rules[0].when = { op: '>', a: V(1), b: P('n') }))).toEqual([
      {
        path: 'rules[0].when',
        message:
          "'>' compares two constants, so it is always true or always false; one side must be a field or an indicator",
      },
    ]);
  });

  it('the clarify rule: an entry and a way out', () => {
    expect(issues((s) => s.rules.pop())).toEqual([
      {
        path: 'rules',
        message:
          'positions are bought but never closed: add a "sell" or "exit" rule, or a stopLoss/takeProfit/trailingStop in risk',
      },
    ]);
    expect(validateSpec({ ...good, rules: [good.rules[0]], risk: { stopLoss: 0.05 } }).ok).toBe(true);
    expect(issues((s) => (s.rules = [{ ...s.rules[0], action: 'short' }]))[0].message).toBe(
      'short positions are never covered: add a "cover" or "exit" rule, or a stop in risk',
    );
    expect(issues((s) => (s.rules = [s.rules[1]]))[0].message).toBe(
      'there is no entry rule: add a rule with action "buy" (or "short") saying when to open a position',
    );
    expect(issues((s) => (s.rules[1] = { ...s.rules[1], action: 'exit', size: { percent: 1 } }))).toEqual([
      { path: 'rules[1].size', message: 'exit closes whatever is open and takes no size: remove size' },
    ]);
  });

  it('market', () => {
    const m = (market: unknown) => issues((s) => (s.market = market));
    expect(m({ source: 'yahoo' })).toEqual([
      { path: 'market.symbol', message: 'source "yahoo" needs a symbol' },
    ]);
    expect(m({ source: 'synthetic', symbol: 'AAPL' })[0].message).toMatch(/synthetic data has no symbol/);
    expect(m({ source: 'ccxt', symbol: 'BTCUSDT' })[0].message).toBe(
      "'BTCUSDT' is not a BASE/QUOTE pair such as BTC/USDT",
    );
    expect(m({ source: 'yahoo', symbol: 'BTC/USD' })[0].message).toMatch(/is not a Yahoo ticker/);
    expect(m({ source: 'yahoo', symbol: 'AAPL', exchange: 'nyse' })[0].path).toBe('market.exchange');
    expect(m({ source: 'csv', symbol: '../etc/passwd' })[0].message).toMatch(/no '\.\.'/);
    expect(m({ source: 'csv', symbol: '/etc/passwd' })[0].message).toMatch(/no leading '\/'/);
    expect(m({ source: 'synthetic', range: { from: '2021-02-30' } })).toEqual([
      { path: 'market.range.from', message: "'2021-02-30' is not a calendar date YYYY-MM-DD" },
    ]);
    expect(m({ source: 'synthetic', range: { from: '2021-01-01', to: '2020-01-01' } })[0].message).toBe(
      'from 2021-01-01 is after to 2020-01-01',
    );
  });

  it('pyramiding: a whole number of entries from 1 to 1000', () => {
    const p = (pyramiding: unknown) => issues((s) => (s.settings = { pyramiding }));
    expect(p(0)).toEqual([{ path: 'settings.pyramiding', message: 'must be at least 1' }]);
    expect(p(1001)).toEqual([{ path: 'settings.pyramiding', message: 'must be at most 1000' }]);
    expect(p(2.5)[0].message).toBe('a whole number of entries: 1 (one position at a time) or more');
    expect(validateSpec({ ...good, settings: { pyramiding: 3 } }).ok).toBe(true);
  });
});

describe('validateSpec shapes', () => {
  it('says what is wrong where, in words a model can act on', () => {
    expect(issues((s) => (s.settings.comission = 0.1))).toEqual([
      { path: 'settings', message: 'unknown key "comission": remove it' },
    ]);
    expect(issues((s) => (s.indicators[0].fn = 'smaa'))[0].message).toMatch(
      /^'smaa' is not allowed: did you mean 'sma'\? must be one of "sma", "ema"/,
    );
    expect(issues((s) => (s.indicators[0].fn = 'zigzag'))[0].message).toMatch(
      /^'zigzag' is not allowed: must be one of/,
    );
    expect(issues((s) => (s.rules[0].when.a = { field: 'closee' }))).toEqual([
      {
        path: 'rules[0].when.a.field',
        message: expect.stringMatching(/^'closee' is not allowed: did you mean 'close'\?/),
      },
    ]);
    expect(issues((s) => (s.rules[0].when.a = 'close'))[0]).toEqual({
      path: 'rules[0].when.a',
      message:
        'an operand is one of {"field": "close"}, {"indicator": "<id>"}, {"value": 30} or {"input": "<name>"}; field and indicator may add "offset": n',
    });
    expect(issues((s) => (s.rules[0].when.a = { value: 3, offset: 1 }))[0]).toEqual({
      path: 'rules[0].when.a',
      message: 'unknown key "offset": remove it',
    });
    expect(issues((s) => (s.rules[0].when.op = 'crossesover'))[0]).toEqual({
      path: 'rules[0].when.op',
      message:
        'op must be one of crossover, crossunder, cross, >, <, >=, <=, and, or, not, rising, falling, htf',
    });
    expect(issues((s) => (s.settings.fee = 0.5))).toEqual([
      { path: 'settings.fee', message: 'must be at most 0.1' },
    ]);
    expect(issues((s) => (s.rules = Array(21).fill(s.rules[0])))[0]).toEqual({
      path: 'rules',
      message: 'allows at most 20 item(s)',
    });
    expect(issues((s) => (s.rules[0].size = { percent: 50 }))[0]).toEqual({
      path: 'rules[0].size.percent',
      message: 'must be at most 1',
    });
    expect(issues((s) => (s.indicators[0].id = '2fast'))[0].message).toBe(
      'must start with a letter and use only letters, digits and _ (at most 64 characters)',
    );
    expect(issues((s) => (s.name = 'two\nlines'))).toEqual([
      { path: 'name', message: 'must be printable text on one line (no control characters)' },
    ]);
    expect(issues((s) => (s.version = 2))[0].path).toBe('version');
    expect(issues((s) => (s.rules[0].when.a = { field: 'close', offset: -1 }))[0]).toEqual({
      path: 'rules[0].when.a.offset',
      message: 'must be at least 0',
    });
  });

  it('never throws and stays cheap on hostile input', () => {
    for (const x of [null, undefined, 5, 'spec', [], {}, { version: 1 }])
      expect(validateSpec(x).ok).toBe(false);
    let deep: unknown = over(F('close'), V(1));
    for (let k = 0; k < 100_000; k++) deep = { op: 'not', arg: deep };
    const t0 = performance.now();
    const r = validateSpec({ ...good, rules: [{ when: deep, action: 'buy' }] });
    expect(r).toEqual({
      ok: false,
      issues: [{ path: '', message: 'the spec is nested too deeply (over 40 levels)' }],
    });
    expect(validateSpec({ ...good, inputs: new Array(1_000_000).fill(0) })).toEqual({
      ok: false,
      issues: [{ path: '', message: 'the spec is too large (an array or object with over 20000 entries)' }],
    });
    const wide = Array.from({ length: 300 }, () => Array(100).fill(0));
    expect(validateSpec({ ...good, inputs: wide })).toEqual({
      ok: false,
      issues: [{ path: '', message: 'the spec is too large (over 20000 values)' }],
    });
    expect(validateSpec({ ...good, name: 'x'.repeat(5000) }).ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
    const many = validateSpec({
      ...good,
      indicators: Array.from({ length: 20 }, (_, k) => ({ id: `i${k}`, fn: 'nope', args: [] })),
      rules: Array(20).fill({ when: { op: '?' }, action: 'x' }),
    });
    expect(many.ok === false && many.issues.length).toBe(50);
  });

  it('returns the parsed spec, not the input object', () => {
    const r = validateSpec(good) as { ok: true; spec: StrategySpec };
    expect(r.spec).not.toBe(good);
  });
});
