// Resting limit and stop entries, brackets at prices, exits after N bars, position state, risk sizing and
// the fixed commission: hand-computed cases of lib/engine/README.md's rules ("Orders", "Position state").
import { describe, expect, it } from 'vitest';
import { bars, flat, pct, rule, settings } from './sim-testkit';
import { simulate } from './simulate';
import { tradeList } from './trades';
import type { OrderRule, PositionState } from './types';
import { POS_AVG_PRICE, POS_BARS_SINCE_ENTRY, POS_OPEN_PROFIT, POS_SIZE } from './types';

const fields = (t: ReturnType<typeof tradeList>[number]) =>
  [t.side, t.entryBar, t.entryPrice, t.exitBar, t.exitPrice, t.exitReason] as const;
const at = (n: number, v: number) => new Float64Array(n).fill(v);

describe('limit and stop entries', () => {
  // Bars: [open, high, low, close]
  const b = bars([
    [100, 101, 99, 100], // 0: signal
    [100, 100.5, 99.5, 100], // 1: low 99.5 > 98, no fill
    [99, 99, 97, 98], // 2: low 97 ≤ 98: fills at 98
    [98, 99, 97, 98],
    [95, 96, 94, 95], // 4
  ]);

  it('a buy limit fills at its price when the bar trades through it, not before', () => {
    const buy: OrderRule = { ...rule('buy', 5, [0]), limit: at(5, 98) };
    const [t] = tradeList(simulate(b, [buy], settings()).trades);
    expect(fields(t)).toEqual(['long', 2, 98, 4, 95, 'open']);
  });

  it('a buy limit fills at the open when the bar opens below it (the better price)', () => {
    const buy: OrderRule = { ...rule('buy', 5, [2]), limit: at(5, 97) };
    // Placed at bar 2's close; bar 3's low 97 touches it: 97. Placed at 3 for 96: bar 4 opens at 95.
    expect(fields(tradeList(simulate(b, [buy], settings()).trades)[0])).toEqual([
      'long',
      3,
      97,
      4,
      95,
      'open',
    ]);
    const gap: OrderRule = { ...rule('buy', 5, [3]), limit: at(5, 96) };
    expect(tradeList(simulate(b, [gap], settings()).trades)[0].entryPrice).toBe(95);
  });

  it('a limit fill takes no slippage; a stop fill does', () => {
    const buy: OrderRule = { ...rule('buy', 5, [0]), limit: at(5, 98) };
    expect(tradeList(simulate(b, [buy], settings({ slippage: 0.01 })).trades)[0].entryPrice).toBe(98);
    // A sell-side stop (short) at 96: bar 4 opens at 95, below it: the open, then slippage 1% lower.
    const short: OrderRule = { ...rule('short', 5, [0]), stop: at(5, 96) };
    const [t] = tradeList(simulate(b, [short], settings({ slippage: 0.01 })).trades);
    expect(t.entryBar).toBe(4);
    expect(t.entryPrice).toBeCloseTo(95 * 0.99, 12);
  });

  it('a buy stop fills at its price when the high reaches it, at the open when the bar gaps above', () => {
    const up = bars([
      [10, 10, 10, 10],
      [10, 10.4, 9.9, 10.2], // 1: high 10.4 < 10.5
      [10.3, 10.8, 10.2, 10.7], // 2: high 10.8 ≥ 10.5: 10.5
      [11, 11.2, 10.9, 11], // 3: opens at 11 > 10.9: 11
      [11, 11, 11, 11],
    ]);
    const a: OrderRule = { ...rule('buy', 5, [0]), stop: at(5, 10.5) };
    expect(tradeList(simulate(up, [a], settings()).trades)[0].entryPrice).toBe(10.5);
    const g: OrderRule = { ...rule('buy', 5, [2]), stop: at(5, 10.9) };
    expect(tradeList(simulate(up, [g], settings()).trades)[0].entryPrice).toBe(11);
  });

  it('cancel_after=N: the order may fill on the N bars after its signal bar only', () => {
    const one: OrderRule = { ...rule('buy', 5, [0]), limit: at(5, 98), cancelAfter: 1 };
    expect(simulate(b, [one], settings()).trades.count).toBe(0);
    const two: OrderRule = { ...rule('buy', 5, [0]), limit: at(5, 98), cancelAfter: 2 };
    expect(tradeList(simulate(b, [two], settings()).trades)[0].entryBar).toBe(2);
  });

  it('a new signal replaces the resting order of its rule (price and expiry)', () => {
    const px = Float64Array.from([98, 90, 90, 90, 90]);
    const buy: OrderRule = { ...rule('buy', 5, [0, 1]), limit: px };
    // The 98 order of bar 0 is replaced at bar 1's close by a 90 order, which never fills.
    expect(simulate(b, [buy], settings()).trades.count).toBe(0);
  });

  it('a limit that triggers while the position is full is ignored and gone', () => {
    const market = rule('buy', 5, [0], pct(0.5));
    const limit: OrderRule = { ...rule('buy', 5, [0], pct(0.5)), limit: at(5, 98) };
    const one = simulate(b, [market, limit], settings());
    expect(one.trades.count).toBe(1);
    const two = simulate(b, [market, limit], settings({ pyramiding: 2 }));
    expect(tradeList(two.trades).map((t) => [t.entryBar, t.entryPrice])).toEqual([
      [1, 100],
      [2, 98],
    ]);
  });
});

describe('brackets at prices, one per entry', () => {
  const b = bars([
    [100, 100, 100, 100], // 0: signal
    [100, 101, 96, 100], // 1: market entry at 100; the low 96 reaches a 97 stop on the entry bar
    [100, 104, 99, 103],
    [103, 106, 98, 104],
    [104, 104, 104, 104],
  ]);

  it('a market entry fills at the open and its stop is checked on that same bar', () => {
    const buy: OrderRule = { ...rule('buy', 5, [0]), stopLossAt: at(5, 97) };
    expect(fields(tradeList(simulate(b, [buy], settings()).trades)[0])).toEqual([
      'long',
      1,
      100,
      1,
      97,
      'stop loss',
    ]);
  });

  it('when stop and target are both inside one bar, the stop wins', () => {
    const c = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 104, 99, 103],
      [103, 106, 98, 104], // 3: spans 98..106
      [104, 104, 104, 104],
    ]);
    const target: OrderRule = { ...rule('buy', 5, [0]), stopLossAt: at(5, 95), takeProfitAt: at(5, 105) };
    expect(fields(tradeList(simulate(c, [target], settings()).trades)[0])).toEqual([
      'long',
      1,
      100,
      3,
      105,
      'take profit',
    ]);
    const both: OrderRule = { ...rule('buy', 5, [0]), stopLossAt: at(5, 98.5), takeProfitAt: at(5, 105) };
    expect(fields(tradeList(simulate(c, [both], settings()).trades)[0])).toEqual([
      'long',
      1,
      100,
      3,
      98.5,
      'stop loss',
    ]);
  });

  it('the level is the expression at the last closed bar, with the fill price as the average, fixed', () => {
    // stop = position_avg_price − 2 × x, x = 1.5 at bar 0 (the signal bar, the last closed one at bar
    // 1's open) then 0.1: the stop is 100 − 3 = 97, not 99.8, and stays there.
    const x = Float64Array.from([1.5, 0.1, 0.1, 0.1, 0.1]);
    const seen: number[] = [];
    const stopLossAt = (t: number, s: PositionState) => {
      seen.push(t, s[POS_AVG_PRICE]);
      return s[POS_AVG_PRICE] - 2 * x[t];
    };
    const buy: OrderRule = { ...rule('buy', 5, [0]), stopLossAt };
    const [t] = tradeList(simulate(b, [buy], settings({ slippage: 0.01 })).trades);
    expect(seen).toEqual([0, 101]);
    // 101 − 3 = 98; the low 96 of the entry bar reaches it; the stop fill takes 1% slippage.
    expect([t.exitBar, t.exitReason]).toEqual([1, 'stop loss']);
    expect(t.exitPrice).toBeCloseTo(98 * 0.99, 12);
  });

  it('a level that is na is not set; one already beyond the fill is reached at once, at the open', () => {
    const na: OrderRule = { ...rule('buy', 5, [0]), stopLossAt: at(5, Number.NaN) };
    expect(tradeList(simulate(b, [na], settings()).trades)[0].exitReason).toBe('open');
    // A long filled at 100 with its stop at 100.5: out at that open (backtesting.py's min(open, sl)).
    const above: OrderRule = { ...rule('buy', 5, [0]), stopLossAt: at(5, 100.5) };
    expect(fields(tradeList(simulate(b, [above], settings()).trades)[0])).toEqual([
      'long',
      1,
      100,
      1,
      100,
      'stop loss',
    ]);
    // Sized by risk, such an entry has nothing to size on: it is not placed.
    const risky: OrderRule = { ...above, size: { kind: 'risk', value: 0.01 } };
    expect(simulate(b, [risky], settings()).trades.count).toBe(0);
  });

  it("a limit entry's bracket is checked from the next bar, not on its fill bar", () => {
    const c = bars([
      [100, 100, 100, 100],
      [100, 100, 95, 96], // 1: the 97 limit fills; the low 95 is under the 96 stop, but after? unknown
      [96, 97, 95.5, 96], // 2: the low 95.5 reaches the stop 96
      [96, 96, 96, 96],
    ]);
    const buy: OrderRule = { ...rule('buy', 4, [0]), limit: at(4, 97), stopLossAt: at(4, 96) };
    expect(fields(tradeList(simulate(c, [buy], settings()).trades)[0])).toEqual([
      'long',
      1,
      97,
      2,
      96,
      'stop loss',
    ]);
  });

  it("a stop entry's target inside its fill bar fills there when its stop is not inside it", () => {
    const c = bars([
      [100, 100, 100, 100],
      [100, 106, 99.5, 105], // 1: the 102 stop entry fills; high 106 ≥ 105 target; low 99.5 > 99 stop
      [105, 105, 105, 105],
    ]);
    const go = (sl: number) =>
      tradeList(
        simulate(
          c,
          [{ ...rule('buy', 3, [0]), stop: at(3, 102), stopLossAt: at(3, sl), takeProfitAt: at(3, 105) }],
          settings(),
        ).trades,
      )[0];
    expect(fields(go(99))).toEqual(['long', 1, 102, 1, 105, 'take profit']);
    // With the stop at 99.6 inside the bar too, the order is unknown: both wait for the next bar.
    expect(fields(go(99.6))).toEqual(['long', 1, 102, 2, 105, 'take profit']);
  });
});

describe('exit(after=N)', () => {
  it('closes each entry N bars after its entry bar, at that bar’s open (or close)', () => {
    const b = bars([
      [10, 10, 10, 10],
      [11, 11, 11, 11.5],
      [12, 12, 12, 12.5],
      [13, 13, 13, 13.5],
      [14, 14, 14, 14.5],
    ]);
    const open = tradeList(simulate(b, [rule('buy', 5, [0])], settings({ exitAfter: 2 })).trades);
    expect(fields(open[0])).toEqual(['long', 1, 11, 3, 13, 'time']);
    const close = tradeList(
      simulate(b, [rule('buy', 5, [0])], settings({ exitAfter: 2, fill: 'close' })).trades,
    );
    expect(fields(close[0])).toEqual(['long', 0, 10, 2, 12.5, 'time']);
  });
});

describe('position state, read by conditions at the close', () => {
  it('gives size, average price, bars since entry and open profit as the simulation stood at each close', () => {
    const b = flat([10, 10, 12, 12, 15, 15, 15]);
    // Conditions are pure: the simulator may ask one more than once on a bar; the answer is per bar.
    const seen: number[][] = [];
    const watch = (t: number, s: PositionState) => {
      seen[t] = [t, s[POS_SIZE], s[POS_AVG_PRICE], s[POS_BARS_SINCE_ENTRY], s[POS_OPEN_PROFIT]];
      return false;
    };
    // Two 25% entries (pyramiding 2) at bars 1 (10) and 3 (12); a probe on every bar.
    const probe: OrderRule = { ...rule('exit', 7, [0, 1, 2, 3, 4, 5, 6]), also: watch };
    simulate(b, [rule('buy', 7, [0, 2], pct(0.25)), probe], settings({ pyramiding: 2 }));
    // Bar 3: 250 units at 10 and (10000 × 0.25 = 2500 at equity 10500 → 2625 / 12) 218.75 at 12.
    const avg = (250 * 10 + 218.75 * 12) / 468.75;
    expect(seen).toEqual([
      [0, 0, Number.NaN, Number.NaN, 0],
      [1, 250, 10, 0, 0],
      [2, 250, 10, 1, 12 / 10 - 1],
      [3, 468.75, avg, 2, 12 / avg - 1],
      [4, 468.75, avg, 3, 15 / avg - 1],
      [5, 468.75, avg, 4, 15 / avg - 1],
    ]);
  });

  it('a condition on bar t sees the fills of bar t, never those it triggers', () => {
    // "buy when flat" on every bar: the buy of bar 0 fills at bar 1's open; at bar 1's close the
    // condition sees the position and holds no more. The sell of bar 3 fills at 4; bar 4 buys again.
    const b = flat([10, 10, 10, 10, 10, 10, 10]);
    const flatNow = (_: number, s: PositionState) => s[POS_SIZE] === 0;
    const buy: OrderRule = { ...rule('buy', 7, [0, 1, 2, 3, 4, 5, 6]), also: flatNow };
    const sim = simulate(b, [buy, rule('sell', 7, [3])], settings());
    expect(tradeList(sim.trades).map((t) => [t.entryBar, t.exitBar])).toEqual([
      [1, 4],
      [5, 6],
    ]);
  });
});

describe('sizing by risk and the fixed commission', () => {
  it('size=risk(1%): hitting the stop at its price loses 1% of equity, fees and slippage included', () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 94, 95], // the 95 stop fills
      [95, 95, 95, 95],
    ]);
    const buy: OrderRule = {
      ...rule('buy', 4, [0], { kind: 'risk', value: 0.01 }),
      stopLossAt: at(4, 95),
    };
    const s = settings({ fee: 0.001, commission: 2, slippage: 0.001 });
    const [t] = tradeList(simulate(b, [buy], s).trades);
    expect(t.exitReason).toBe('stop loss');
    expect(t.pnl).toBeCloseTo(-100, 9);
    // Per unit: (100.1 − 94.905) + 0.1% × (100.1 + 94.905); 100 − 2 × 2 to spend.
    expect(t.quantity).toBeCloseTo(96 / (100.1 - 95 * 0.999 + 0.001 * (100.1 + 95 * 0.999)), 9);
  });

  it('charges the fixed commission on every fill, entry and each entry closed', () => {
    const b = flat([10, 10, 10, 10]);
    const sim = simulate(b, [rule('buy', 4, [0]), rule('sell', 4, [1])], settings({ commission: 1.5 }));
    const [t] = tradeList(sim.trades);
    // 100% of 10,000 minus the commission buys 999.85 units.
    expect(t.quantity).toBeCloseTo(999.85, 9);
    expect(t.fees).toBeCloseTo(3, 12);
    expect(sim.equity[3]).toBeCloseTo(10_000 - 3, 9);
  });
});
