import { describe, expect, it } from 'vitest';
import { bars, flat, pct, rule, settings } from './sim-testkit';
import { simulate } from './simulate';
import { tradeList } from './trades';

describe('simulate: fills and accounting', () => {
  it('fills a signal at the next open and charges the fee on both sides', () => {
    // Bars: opens 10, 11, 12, 13, 14; buy signal on bar 0 → fill at bar 1 open (11); sell signal on bar 2 → bar 3 open (13).
    const b = bars([
      [10, 10, 10, 10],
      [11, 11, 11, 11.5],
      [12, 12, 12, 12.5],
      [13, 13, 13, 13.5],
      [14, 14, 14, 14],
    ]);
    const n = 5;
    const sim = simulate(b, [rule('buy', n, [0]), rule('sell', n, [2])], settings({ fee: 0.01 }));
    // qty = 10000 / (11 × 1.01) = 900.09000900…; entry fee = qty × 11 × 0.01 = 99.0099…
    const qty = 10000 / (11 * 1.01);
    const [t] = tradeList(sim.trades);
    expect(t.quantity).toBeCloseTo(qty, 9);
    expect(t.entryBar).toBe(1);
    expect(t.entryPrice).toBe(11);
    expect(t.exitBar).toBe(3);
    expect(t.exitPrice).toBe(13);
    const fees = qty * 11 * 0.01 + qty * 13 * 0.01;
    expect(t.fees).toBeCloseTo(fees, 9);
    expect(t.pnl).toBeCloseTo(qty * 2 - fees, 9);
    // pl_pct = 13/11 − 1 − fees/(qty × 11)
    expect(t.returnPct).toBeCloseTo(13 / 11 - 1 - fees / (qty * 11), 12);
    // Equity: bar 0 and before entry = 10000; bar 1 = cash + qty × 11.5; after exit flat.
    expect(sim.equity[0]).toBe(10000);
    expect(sim.equity[1]).toBeCloseTo(10000 - qty * 11 * 0.01 + qty * 0.5, 9);
    expect(sim.equity[4]).toBeCloseTo(10000 + t.pnl, 9);
    expect(Array.from(sim.position)).toEqual([0, qty, qty, 0, 0]);
    expect(sim.trades.closed).toBe(1);
  });

  it("fill='close' fills at the signal bar's close", () => {
    const b = flat([10, 20, 40, 80]);
    const sim = simulate(b, [rule('buy', 4, [1]), rule('sell', 4, [2])], settings({ fill: 'close' }));
    const [t] = tradeList(sim.trades);
    expect([t.entryBar, t.entryPrice, t.exitBar, t.exitPrice]).toEqual([1, 20, 2, 40]);
    expect(sim.equity[3]).toBe(20000);
  });

  it('rounds down to whole units and keeps the rest in cash', () => {
    const b = flat([30, 30, 33, 33]);
    const sim = simulate(b, [rule('buy', 4, [0])], settings({ units: 'whole' }));
    // floor(10000 / 30) = 333 units; cash 10000 − 9990 = 10.
    expect(sim.position[1]).toBe(333);
    expect(sim.cash[1]).toBeCloseTo(10, 9);
    expect(sim.equity[3]).toBeCloseTo(10 + 333 * 33, 9);
  });

  it('applies slippage against the trader on entry and exit', () => {
    const b = flat([100, 100, 100, 100]);
    const sim = simulate(b, [rule('buy', 4, [0]), rule('sell', 4, [1])], settings({ slippage: 0.01 }));
    const [t] = tradeList(sim.trades);
    expect(t.entryPrice).toBeCloseTo(101, 12);
    expect(t.exitPrice).toBeCloseTo(99, 12);
    expect(t.pnl).toBeCloseTo((10000 / 101) * -2, 9);
  });

  it('sizes by percent of equity, units and cash, capped by buying power', () => {
    const b = flat([10, 10, 10, 10, 10]);
    const n = 5;
    const half = simulate(b, [rule('buy', n, [0], pct(0.5))], settings());
    expect(half.position[1]).toBeCloseTo(500, 9);
    const units = simulate(b, [rule('buy', n, [0], { kind: 'units', value: 7 })], settings());
    expect(units.position[1]).toBe(7);
    const cash = simulate(b, [rule('buy', n, [0], { kind: 'cash', value: 2500 })], settings());
    expect(cash.position[1]).toBeCloseTo(250, 9);
    // 5000 units cost 50,000 > 10,000: capped to what the cash buys, and counted.
    const big = simulate(b, [rule('buy', n, [0], { kind: 'units', value: 5000 })], settings());
    expect(big.position[1]).toBeCloseTo(1000, 9);
    expect(big.insufficientFunds).toBe(1);
    // A second 100% buy while long is ignored (one entry at a time), so nothing is short of funds;
    // allowed a second entry, it finds no buying power left.
    const twice = simulate(b, [rule('buy', n, [0, 1])], settings());
    expect(twice.position[3]).toBeCloseTo(1000, 9);
    expect(twice.insufficientFunds).toBe(0);
    const adding = simulate(b, [rule('buy', n, [0, 1])], settings({ pyramiding: 2 }));
    expect(adding.position[3]).toBeCloseTo(1000, 9);
    expect(adding.insufficientFunds).toBe(1);
    expect(adding.trades.count).toBe(1);
  });

  it('sells part of a position FIFO and splits the entry fee', () => {
    const b = flat([10, 10, 20, 20, 20, 20]);
    const n = 6;
    const rules = [
      rule('buy', n, [0], { kind: 'units', value: 100 }),
      rule('buy', n, [1], { kind: 'units', value: 100 }),
      rule('sell', n, [2], pct(0.75)),
    ];
    const sim = simulate(b, rules, settings({ fee: 0.001, pyramiding: 2 }));
    const trades = tradeList(sim.trades);
    // 150 units sold at 20: the first lot (100 @ 10) whole, then 50 of the second lot (@ 20).
    expect(trades.slice(0, 2).map((t) => [t.quantity, t.entryPrice, t.exitPrice, t.open])).toEqual([
      [100, 10, 20, false],
      [50, 20, 20, false],
    ]);
    expect(trades[1].fees).toBeCloseTo(50 * 20 * 0.001 * 2, 12);
    expect(trades[2]).toMatchObject({ quantity: 50, open: true, exitReason: 'open' });
    expect(sim.position[5]).toBe(50);
  });

  it('reverses a long into a short and never opens a short on sell', () => {
    const b = flat([10, 10, 8, 8, 8]);
    const n = 5;
    const sellOnly = simulate(b, [rule('sell', n, [0])], settings());
    expect(sellOnly.trades.count).toBe(0);
    const sim = simulate(b, [rule('buy', n, [0]), rule('short', n, [1])], settings());
    const t = tradeList(sim.trades);
    expect(t[0]).toMatchObject({ side: 'long', entryBar: 1, exitBar: 2, exitPrice: 8 });
    expect(t[1]).toMatchObject({ side: 'short', entryBar: 2, entryPrice: 8, open: true });
    // Equity after the long lost 20%: 8000, all of it shorted.
    expect(sim.position[2]).toBeCloseTo(-1000, 9);
    expect(sim.equity[4]).toBeCloseTo(8000, 9);
  });

  it('never fills a signal on the last bar and marks an open trade to market', () => {
    const b = flat([10, 12, 15]);
    const sim = simulate(b, [rule('buy', 3, [0]), rule('sell', 3, [2])], settings());
    expect(sim.trades.closed).toBe(0);
    expect(sim.trades.count).toBe(1);
    expect(sim.equity[2]).toBeCloseTo((10000 / 12) * 15, 9);
  });

  it('stops trading when equity reaches zero', () => {
    const b = flat([10, 10, 25, 30]);
    const sim = simulate(b, [rule('short', 4, [0])], settings());
    expect(sim.bankruptAt).toBe(2);
    expect(Array.from(sim.equity)).toEqual([10000, 10000, 0, 0]);
    expect(tradeList(sim.trades)[0].exitReason).toBe('bankrupt');
  });
});

describe('simulate: stops and targets', () => {
  it('fills a stop loss at the stop price inside the bar', () => {
    // Entry at 100 (bar 1 open); stop 5% → 95; bar 2 low 94 touches it.
    const b = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [99, 99, 94, 96],
      [96, 96, 96, 96],
    ]);
    const sim = simulate(b, [rule('buy', 4, [0])], settings({ stopLoss: 0.05 }));
    const [t] = tradeList(sim.trades);
    expect(t).toMatchObject({ exitBar: 2, exitPrice: 95, exitReason: 'stop loss' });
  });

  it('fills at the open when a bar gaps through the stop', () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [90, 92, 88, 91],
    ]);
    const sim = simulate(b, [rule('buy', 3, [0])], settings({ stopLoss: 0.05 }));
    expect(tradeList(sim.trades)[0]).toMatchObject({ exitBar: 2, exitPrice: 90, exitReason: 'stop loss' });
  });

  it('checks the entry bar itself after an open fill', () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 100, 90, 95],
    ]);
    const sim = simulate(b, [rule('buy', 2, [0])], settings({ stopLoss: 0.05 }));
    expect(tradeList(sim.trades)[0]).toMatchObject({ exitBar: 1, exitPrice: 95 });
  });

  it('takes profit at the target; the stop wins when both are touched in one bar', () => {
    const up = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [101, 111, 100, 105],
    ]);
    const tp = simulate(up, [rule('buy', 3, [0])], settings({ takeProfit: 0.1 }));
    expect(tradeList(tp.trades)[0]).toMatchObject({ exitReason: 'take profit' });
    expect(tradeList(tp.trades)[0].exitPrice).toBeCloseTo(110, 9);
    const both = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 111, 94, 105],
    ]);
    const sim = simulate(both, [rule('buy', 3, [0])], settings({ takeProfit: 0.1, stopLoss: 0.05 }));
    expect(tradeList(sim.trades)[0]).toMatchObject({ exitPrice: 95, exitReason: 'stop loss' });
  });

  it('trails the best high since entry', () => {
    // Entry 100; highs 110, 120 raise the trail to 108 (10% below 120); bar 4 low 107 hits it.
    const b = bars([
      [100, 100, 100, 100],
      [100, 110, 100, 108],
      [108, 120, 107, 118],
      [118, 119, 109, 110],
      [110, 111, 107, 108],
    ]);
    const sim = simulate(b, [rule('buy', 5, [0])], settings({ trailingStop: 0.1 }));
    expect(tradeList(sim.trades)[0]).toMatchObject({
      exitBar: 4,
      exitPrice: 108,
      exitReason: 'trailing stop',
    });
  });

  it('mirrors stops and targets for shorts', () => {
    const b = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [101, 106, 100, 104],
    ]);
    const sim = simulate(b, [rule('short', 3, [0])], settings({ stopLoss: 0.05 }));
    const [t] = tradeList(sim.trades);
    expect(t).toMatchObject({ side: 'short', exitPrice: 105, exitReason: 'stop loss' });
    expect(t.pnl).toBeCloseTo(-100 * 5, 9);
    const down = bars([
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [99, 99, 89, 90],
    ]);
    const tp = simulate(down, [rule('short', 3, [0])], settings({ takeProfit: 0.1 }));
    expect(tradeList(tp.trades)[0]).toMatchObject({ exitPrice: 90, exitReason: 'take profit' });
  });
});

describe('simulate: input validation', () => {
  it('rejects mismatched lengths and bad settings with a clear message', () => {
    const b = flat([1, 2, 3]);
    expect(() => simulate(b, [rule('buy', 2, [0])], settings())).toThrow(/2 signals for 3 bars/);
    expect(() => simulate(b, [], settings({ capital: 0 }))).toThrow(/capital/);
    expect(() => simulate(b, [], settings({ fee: -1 }))).toThrow(/fee/);
    expect(() => simulate(b, [rule('buy', 3, [0], pct(0))], settings())).toThrow(/size/);
  });

  it('handles empty data', () => {
    const sim = simulate(flat([]), [], settings());
    expect(sim.equity.length).toBe(0);
    expect(sim.trades.count).toBe(0);
  });
});
