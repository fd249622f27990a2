// Checks of the model's strategy against the request's words, with the real offline reader and the
// chat's real answer reading (a "yes" to the question is worked into the request and read again).
import { describe, expect, it } from 'vitest';
import type { StrategySpec } from '../../schema';
import { answerIn, openQuestion, understandOffline } from '../offline';
import type { Understanding } from '../types';
import { inventedExit, mentionsExit, numbersIn, unitSlips, unusualValue } from './checks';
import { EXAMPLE_SPEC } from './prompt';
import { edit } from './testkit';

const withRisk = (risk: StrategySpec['risk'], settings: StrategySpec['settings'] = {}) =>
  edit(EXAMPLE_SPEC, (s) => {
    s.risk = risk;
    s.settings = settings;
  });

/** The request after the user answers `reply` to question `q` (what the chat sends the model next). */
function answered(request: string, q: Understanding, reply: string): string | undefined {
  const open = openQuestion(request, q);
  return open && answerIn(open, reply);
}

describe('numbersIn', () => {
  it('reads percents, percent words and basis points as percents, other numbers as bare', () => {
    expect(
      numbersIn('0.075% fee, 5bps slip, 10 percent, stop 3 %, rsi 14').map((n) => [n.value, n.unit]),
    ).toEqual([
      [0.075, true],
      [0.05, true],
      [10, true],
      [3, true],
      [14, false],
    ]);
  });
});

describe('unitSlips: a fraction where the request says a percent goes back to the model', () => {
  const text = 'Buy AAPL on the golden cross, sell on the death cross, 5% stop loss, 0.1% fee';

  it('names the field, the request words and the number to write', () => {
    // The model wrote stopLossPercent 0.05 and feePercent 0.001 (fractions): 0.05% and 0.001%.
    expect(unitSlips(withRisk({ stopLoss: 0.0005 }, { fee: 0.00001 }), text)).toEqual([
      'settings.feePercent: 0.001 means 0.001%, but the request says "0.1%": write 0.1 (percent fields take percent numbers)',
      'risk.stopLossPercent: 0.05 means 0.05%, but the request says "5%": write 5 (percent fields take percent numbers)',
    ]);
  });

  it('passes what the request says, values it does not mention, and unchanged pending values', () => {
    expect(unitSlips(withRisk({ stopLoss: 0.05 }, { fee: 0.001 }), text)).toEqual([]);
    expect(unitSlips(withRisk({ stopLoss: 0.0003 }), 'golden cross on AAPL')).toEqual([]);
    const pending = withRisk({ stopLoss: 0.0005 });
    expect(unitSlips(pending, 'name it "x", 5% stop earlier', pending)).toEqual([]);
  });
});

describe('unusualValue: a value outside the usual ranges is a question quoting it', () => {
  it('a 600% target the request did not state: "did you mean 6%?", and "yes" fixes the request', () => {
    const text = 'buy AAPL when rsi < 30, sell when rsi > 70, tp 6';
    const q = unusualValue(withRisk({ takeProfit: 6 }), text);
    expect(q).toMatchObject({
      ok: false,
      source: 'model',
      question:
        'The take profit came out as 600%, far above the usual (at most 500%). Did you mean 6%? Reply yes, or give the take profit you mean.',
      ask: { kind: 'yes-no', phrases: ['6'], choices: ['6 percent'] },
    });
    if (!q) return;
    const next = answered(text, q, 'yes');
    expect(next).toBe('buy AAPL when rsi < 30, sell when rsi > 70, tp 6 percent');
    // Another value in reply is not taken for the one offered (the chat then reads it with the request).
    for (const reply of ['8%', '60%', 'no']) expect(answered(text, q, reply)).toBeUndefined();
    // Read again, 6% is what the request says; 600% again is asked again.
    expect(unusualValue(withRisk({ takeProfit: 0.06 }), next ?? '')).toBeUndefined();
    expect(unusualValue(withRisk({ takeProfit: 6 }), next ?? '')).toBeDefined();
  });

  it('a 5% fee from "5 bps": did you mean 0.05%?', () => {
    const q = unusualValue(withRisk({}, { fee: 0.05 }), 'golden cross on SPY, 5 bps per side');
    expect(q?.ok === false && q.question).toBe(
      'The fee came out as 5%, far above the usual (at most 1%). Did you mean 0.05%? Reply yes, or give the fee you mean.',
    );
  });

  it('a value the request does state is confirmed once: "yes" keeps it, and it is not asked again', () => {
    const text = 'golden cross on AAPL with a take profit of 600%';
    const q = unusualValue(withRisk({ takeProfit: 6 }), text);
    expect(q?.ok === false && answered(text, q, '60%')).toBeUndefined();
    expect(q?.ok === false && q.question).toBe(
      'A take profit of 600% is far above the usual (at most 500%). Is 600% what you mean? Reply yes to keep it, or give the take profit you mean.',
    );
    if (!q) return;
    const next = answered(text, q, 'yes') ?? '';
    expect(next).toBe('golden cross on AAPL with a take profit of 600%, as intended');
    expect(unusualValue(withRisk({ takeProfit: 6 }), next)).toBeUndefined();
  });

  it('the other limits: a stop or trailing stop above 50%, slippage above 1%; usual values pass', () => {
    const what = (spec: StrategySpec) => {
      const q = unusualValue(spec, 'golden cross on AAPL');
      return q?.ok === false ? q.unclear : [];
    };
    expect(what(withRisk({ stopLoss: 0.6 }))).toEqual(['stop loss 60%']);
    expect(what(withRisk({ trailingStop: 0.55 }))).toEqual(['trailing stop 55%']);
    expect(what(withRisk({}, { slippage: 0.02 }))).toEqual(['slippage 2%']);
    expect(
      what(withRisk({ stopLoss: 0.5, takeProfit: 5, trailingStop: 0.5 }, { fee: 0.01, slippage: 0.01 })),
    ).toEqual([]);
    // A value already on the card (the pending strategy's) is not asked again on a revision.
    const pending = withRisk({ stopLoss: 0.6 });
    expect(
      unusualValue(
        edit(pending, (s) => (s.name = 'x')),
        'rename it x',
        pending,
      ),
    ).toBeUndefined();
  });
});

describe('inventedExit: the model may not supply an exit the request never gave', () => {
  const reader = (input: { text: string }) => understandOffline(input);
  const sells = EXAMPLE_SPEC; // a sell rule and a 3% stop

  it('an entry with no way out: the offline reader asks for the exit instead', () => {
    const text = 'Buy AAPL when RSI(14) drops below 30';
    const u = inventedExit(sells, { text }, reader);
    expect(u).toMatchObject({ ok: false, ask: { kind: 'exit', action: 'sell' } });
    expect(u?.ok === false && u.question).toMatch(/^When should the strategy sell\?/);
    // A spec without a way out is the validator's business, not this check's.
    const buyOnly = edit(sells, (s) => {
      s.rules = [s.rules[0]];
      s.risk = {};
    });
    expect(inventedExit(buyOnly, { text }, reader)).toBeUndefined();
  });

  it('keeps exits the request gives, in words the reader knows or not, and revisions', () => {
    for (const text of [
      'Buy AAPL when RSI(14) drops below 30, sell when it rises above 70',
      'Buy AAPL when RSI(14) drops below 30 with a 5% stop',
      'Buy AAPL when RSI(14) drops below 30, tp 8',
      'Buy AAPL when RSI(14) drops below 30 and dump it when RSI tops 70',
      'golden cross on SPY',
    ])
      expect(inventedExit(sells, { text }, reader)).toBeUndefined();
    expect(inventedExit(sells, { text: 'make it RSI 2', pending: sells }, reader)).toBeUndefined();
  });

  it('exit words come from the reader tables, without price fields or "breaks out"', () => {
    expect(mentionsExit('buy when close > sma 50')).toBe(false);
    expect(mentionsExit('buy when price breaks out above the 20 day high')).toBe(false);
    for (const t of [
      'go flat when rsi > 70',
      'sell on the cross back',
      'tp 6',
      'always in the market',
      'trail by 3%',
    ])
      expect(mentionsExit(t)).toBe(true);
  });
});

describe('issue 11 fields: risk sizing and price moves are checked like the other percents', () => {
  const limitAt = (percent: number) =>
    edit(EXAMPLE_SPEC, (s) => {
      s.rules[0] = { ...s.rules[0], order: { type: 'limit', price: { from: { field: 'close' }, percent } } };
      s.risk = { stopLoss: 0.02 };
    });

  it('a 1% move below written as -0.01 (a fraction) goes back, signed, with the number to write', () => {
    const text = 'limit order 1% below the close, 2% stop';
    expect(unitSlips(limitAt(-0.0001), text)).toEqual([
      'rules[0].order.price.percent: -0.01 means 0.01%, but the request says "1%": write -1 (percent fields take percent numbers)',
    ]);
    expect(unitSlips(limitAt(-0.01), text)).toEqual([]);
  });

  it('risk per trade: a fraction goes back, and risking over 10% of equity is asked about', () => {
    const risked = (risk: number) =>
      edit(EXAMPLE_SPEC, (s) => {
        s.rules[0] = { ...s.rules[0], size: { risk } };
        s.risk = { stopLoss: 0.02 };
      });
    expect(unitSlips(risked(0.0001), 'risk 1% per trade, 2% stop')).toEqual([
      'rules[0].sizeRisk: 0.01 means 0.01%, but the request says "1%": write 1 (percent fields take percent numbers)',
    ]);
    expect(unusualValue(risked(0.01), 'risk 1% per trade, 2% stop')).toBeUndefined();
    const q = unusualValue(risked(0.25), 'risk 25% per trade, 2% stop');
    expect(q?.ask).toEqual({ kind: 'yes-no', phrases: ['25%'], choices: ['25%, as intended'] });
  });
});
