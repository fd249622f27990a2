// A condition on higher-timeframe bars (op 'htf'): compiles to htf("1w", ...), lifts back, reads on the
// card in weeks, trades like the hand-written program, and refuses htf inside htf.
import { expect, describe as group, it } from 'vitest';
import { runProgram } from '../dsl';
import { compile } from './compile';
import { describe } from './describe';
import { lift } from './lift';
import { normalize } from './normalize';
import type { Condition } from './spec';
import { cmp, F, I, ind, over, rule, seededBars, spec, tradesOf, under, V } from './testkit';
import { validateSpec } from './validate';

const weeklyUp: Condition = { op: 'htf', timeframe: '1w', arg: cmp('>', F('close'), I('s20')) };
const s = spec({
  indicators: [
    ind('f', 'sma', [F('close'), V(10)]),
    ind('sl', 'sma', [F('close'), V(30)]),
    ind('s20', 'sma', [F('close'), V(20)]),
  ],
  rules: [
    rule('buy', { op: 'and', args: [over(I('f'), I('sl')), weeklyUp] }),
    rule('sell', under(I('f'), I('sl'))),
  ],
});

group('htf conditions in the schema', () => {
  it('compiles to htf("1w", close > s20) and lifts back to the same spec', () => {
    const src = compile(s);
    expect(src).toContain('if crossover(f, sl) and htf("1w", close > s20):');
    const back = lift(src);
    if (!back.ok) throw new Error(back.reasons.join('\n'));
    expect(back.spec).toEqual(normalize({ ...s, name: back.spec.name }));
  });

  it('lifts "1W" to the canonical "1w"', () => {
    const back = lift('s = sma(close, 20)\nif htf("1W", close > s):\n    buy(market)\nstop_loss(5%)\n');
    expect(back.ok && back.spec.rules[0].when).toEqual({
      op: 'htf',
      timeframe: '1w',
      arg: cmp('>', F('close'), I('s')),
    });
  });

  it('trades like the hand-written program on daily bars', () => {
    const bars = seededBars(1500, 7);
    const hand =
      'f = sma(close, 10)\nsl = sma(close, 30)\nweekly_up = htf("1w", close) > htf("1w", sma(close, 20))\n' +
      'if crossover(f, sl) and weekly_up:\n    buy(market)\nif crossunder(f, sl):\n    sell(market)\n';
    const want = tradesOf(runProgram(hand, bars, { timeframe: '1d' }));
    const got = tradesOf(runProgram(compile(s), bars, { timeframe: '1d' }));
    expect(got).toEqual(want);
    // and the filter matters: without it there are more entries
    const plain = tradesOf(
      runProgram(compile({ ...s, rules: [rule('buy', over(I('f'), I('sl'))), s.rules[1]] }), bars, {
        timeframe: '1d',
      }),
    );
    expect(Object.values(plain)[0].length).toBeGreaterThan(Object.values(want)[0].length);
  });

  it('says on the card that the periods count weeks and the week must have closed', () => {
    expect(describe(s).summary[0]).toBe(
      'Buy with 100% of equity when the 10-bar SMA of the close crosses above the 30-bar SMA of the close and the close is above the 20-week SMA of the close (weekly bars, seen once each week has closed).',
    );
  });

  it('refuses htf inside htf', () => {
    const nested = spec({
      indicators: [],
      rules: [rule('buy', { op: 'htf', timeframe: '1M', arg: weeklyUp })],
    });
    const v = validateSpec({ ...nested, indicators: s.indicators });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues.map((i) => i.message).join()).toMatch(/htf inside another htf/);
  });
});
