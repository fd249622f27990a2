// simulate()'s input checks, each at both sides of its boundary: the last value accepted and the first
// refused, with the whole message (the checker reports these earlier; the engine must still refuse them).
import { describe, expect, it } from 'vitest';
import { flat, pct, rule, settings } from './sim-testkit';
import { simulate } from './simulate';
import type { OrderRule, PositionTest, Settings } from './types';
import { MAX_PYRAMIDING } from './types';

const b = flat([10, 11, 12]);
const n = 3;
const prices = (k = n) => new Float64Array(k).fill(10);
const buy = (extra: Partial<OrderRule> = {}): OrderRule => ({ ...rule('buy', n, [0]), ...extra });
const ok =
  (rules: OrderRule[], s: Partial<Settings> = {}) =>
  () =>
    simulate(b, rules, settings(s));
const refused = (rules: OrderRule[], s: Partial<Settings>, message: string) => {
  expect(ok(rules, s)).toThrow(RangeError);
  expect(ok(rules, s)).toThrow(message);
};
const test = (extra: Partial<PositionTest> = {}): PositionTest => ({
  join: 'and',
  mask: null,
  slots: Int32Array.of(0),
  ops: Int32Array.of(0),
  values: Float64Array.of(1),
  ...extra,
});

describe('simulate refuses bars', () => {
  it('whose columns differ in length from close, naming the column', () => {
    for (const k of ['open', 'high', 'low', 'time', 'volume'] as const) {
      const short = { ...b, [k]: b[k].subarray(0, 2) };
      expect(() => simulate(short, [], settings())).toThrow(`bars.${k} has 2 values, close has 3`);
    }
  });
});

describe('simulate refuses settings', () => {
  it('capital: positive and finite', () => {
    expect(ok([], { capital: 1e-9 })).not.toThrow();
    for (const capital of [0, -1, Number.POSITIVE_INFINITY, Number.NaN])
      refused([], { capital }, 'capital must be a positive number');
  });

  it('fee and slippage: fractions in [0, 1)', () => {
    for (const k of ['fee', 'slippage'] as const) {
      expect(ok([], { [k]: 0 })).not.toThrow();
      expect(ok([], { [k]: 0.999 })).not.toThrow();
      for (const v of [-1e-9, 1, Number.NaN]) refused([], { [k]: v }, `${k} must be a fraction in [0, 1)`);
    }
  });

  it('pyramiding: a whole number from 1 to the limit', () => {
    for (const p of [1, MAX_PYRAMIDING]) expect(ok([], { pyramiding: p })).not.toThrow();
    for (const p of [0, MAX_PYRAMIDING + 1, 1.5])
      refused([], { pyramiding: p }, `pyramiding must be a whole number of entries from 1 to 1000; got ${p}`);
  });

  it('stop loss, take profit and trailing stop: above 0 and below 10', () => {
    for (const k of ['stopLoss', 'takeProfit', 'trailingStop'] as const) {
      expect(ok([], { [k]: 1e-9 })).not.toThrow();
      expect(ok([], { [k]: 9.99 })).not.toThrow();
      for (const v of [0, 10, Number.NaN]) refused([], { [k]: v }, `${k} must be a positive fraction`);
    }
  });

  it('commission: 0 or more, finite', () => {
    expect(ok([], { commission: 0 })).not.toThrow();
    for (const c of [-0.01, Number.POSITIVE_INFINITY, Number.NaN])
      refused([], { commission: c }, 'commission must be a cash amount of 0 or more per fill');
  });

  it('exitAfter: a whole number of bars from 1', () => {
    expect(ok([], { exitAfter: 1 })).not.toThrow();
    for (const v of [0, 1.5])
      refused([], { exitAfter: v }, `exitAfter must be a whole number of bars from 1; got ${v}`);
  });
});

describe('simulate refuses rules', () => {
  it('with a size that is not positive and finite', () => {
    expect(ok([buy({ size: pct(1e-6) })])).not.toThrow();
    for (const v of [0, Number.POSITIVE_INFINITY, Number.NaN])
      refused([buy({ size: pct(v) })], {}, 'a buy rule has a non-positive size');
  });

  it('with prices of the wrong length, or prices on an exit', () => {
    for (const k of ['limit', 'stop', 'stopLossAt', 'takeProfitAt'] as const) {
      expect(ok([buy({ [k]: prices() })])).not.toThrow();
      // A price function is read bar by bar: it has no length to check.
      expect(ok([buy({ [k]: () => 10 })])).not.toThrow();
      refused([buy({ [k]: prices(2) })], {}, `the ${k} prices of a buy rule have 2 values for 3 bars`);
      refused(
        [{ ...rule('sell', n, [1]), [k]: prices() }],
        {},
        `${k} is for entries (buy, short); a sell rule has one`,
      );
    }
    expect(ok([{ ...rule('short', n, [0]), limit: prices() }])).not.toThrow();
  });

  it('with both a limit and a stop', () => {
    refused([buy({ limit: prices(), stop: prices() })], {}, 'a buy rule has both a limit and a stop price');
  });

  it('with cancelAfter not a whole number from 1, or without a resting order', () => {
    expect(ok([buy({ limit: prices(), cancelAfter: 1 })])).not.toThrow();
    expect(ok([buy({ stop: prices(), cancelAfter: 2 })])).not.toThrow();
    const msg = 'cancelAfter is a whole number of bars from 1, for a limit or stop order';
    for (const v of [0, 1.5]) refused([buy({ limit: prices(), cancelAfter: v })], {}, msg);
    refused([buy({ cancelAfter: 1 })], {}, msg);
  });

  it('with a position test whose parts do not match', () => {
    expect(ok([buy({ also: test() })])).not.toThrow();
    expect(ok([buy({ also: test({ mask: new Uint8Array(n) }) })])).not.toThrow();
    // A function is its own test: nothing to check.
    expect(ok([buy({ also: () => true })])).not.toThrow();
    const parts = 'the position test of a buy rule has mismatched slots, ops, values or mask';
    refused([buy({ also: test({ slots: Int32Array.of(0, 1) }) })], {}, parts);
    refused([buy({ also: test({ ops: Int32Array.of(0, 1) }) })], {}, parts);
    refused([buy({ also: test({ values: Float64Array.of(1, 2) }) })], {}, parts);
    refused([buy({ also: test({ mask: new Uint8Array(2) }) })], {}, parts);
    const bad = 'the position test of a buy rule has a bad slot or operator';
    for (const slot of [0, 3])
      expect(ok([buy({ also: test({ slots: Int32Array.of(slot) }) })])).not.toThrow();
    for (const op of [0, 5]) expect(ok([buy({ also: test({ ops: Int32Array.of(op) }) })])).not.toThrow();
    for (const slot of [-1, 4]) refused([buy({ also: test({ slots: Int32Array.of(slot) }) })], {}, bad);
    for (const op of [-1, 6]) refused([buy({ also: test({ ops: Int32Array.of(op) }) })], {}, bad);
  });

  it('sized by risk: entries only, up to all of equity, with a stop', () => {
    const risk = (value: number) => ({ kind: 'risk', value }) as const;
    const stop = { stopLossAt: prices() };
    expect(ok([buy({ size: risk(1), ...stop })])).not.toThrow();
    expect(ok([buy({ size: risk(0.01) })], { stopLoss: 0.02 })).not.toThrow();
    expect(ok([buy({ size: risk(0.01) })], { trailingStop: 0.02 })).not.toThrow();
    refused([buy({ size: risk(1.01), ...stop })], {}, 'a risk size is a fraction of equity up to 1');
    refused(
      [{ ...rule('sell', n, [1]), size: risk(0.5) }],
      {},
      'a sell rule cannot be sized by risk: only entries can',
    );
    refused([buy({ size: risk(0.01) })], {}, 'a buy rule sized by risk needs a stop loss or a trailing stop');
  });
});
