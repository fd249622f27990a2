// One position at a time by default, entries as lots with their own stops and targets, and no dust
// trades: hand-computed cases (lib/engine/README.md, "The simulator's rules").
import { describe, expect, it } from 'vitest';
import { DUST } from './book';
import { bars, flat, pct, rule, settings } from './sim-testkit';
import { simulate } from './simulate';
import { tradeList } from './trades';

const fields = (t: ReturnType<typeof tradeList>[number]) =>
  [t.side, t.entryBar, t.entryPrice, t.exitBar, t.exitPrice, t.exitReason] as const;

describe('entries while a position is open', () => {
  it('ignores a 25% buy signalled on 5 consecutive bars after the first entry', () => {
    // Flat at 10: the first signal (bar 0) fills at bar 1's open: 2,500 / 10 = 250 units. The signals
    // of bars 1–4 find the position open and are ignored; the sell of bar 6 fills at bar 7.
    const b = flat([10, 10, 10, 10, 10, 10, 10, 10]);
    const sim = simulate(b, [rule('buy', 8, [0, 1, 2, 3, 4], pct(0.25)), rule('sell', 8, [6])], settings());
    const trades = tradeList(sim.trades);
    expect(trades.map((t) => [t.quantity, t.entryBar, t.exitBar, t.open])).toEqual([[250, 1, 7, false]]);
    expect(Array.from(sim.position)).toEqual([0, 250, 250, 250, 250, 250, 250, 0]);
    expect(sim.insufficientFunds).toBe(0);
  });

  it('ignores a short while short the same way', () => {
    const b = flat([10, 10, 10, 10, 10, 10]);
    const sim = simulate(b, [rule('short', 6, [0, 1, 2, 3], pct(0.25))], settings());
    expect(sim.trades.count).toBe(1);
    expect(Array.from(sim.position)).toEqual([0, -250, -250, -250, -250, -250]);
  });

  it('adds up to `pyramiding` entries: pyramiding=3 holds three 25% entries, 75% of equity', () => {
    const b = flat([10, 10, 10, 10, 10, 10, 10, 10]);
    const sim = simulate(
      b,
      [rule('buy', 8, [0, 1, 2, 3, 4], pct(0.25)), rule('sell', 8, [6])],
      settings({ pyramiding: 3 }),
    );
    const trades = tradeList(sim.trades);
    // Equity stays 10,000 on flat prices, so each entry is 2,500 / 10 = 250 units (bars 1, 2, 3); the
    // signals of bars 3 and 4 (filling at 4 and 5) are ignored. The sell closes the three lots.
    expect(trades.map((t) => [t.quantity, t.entryBar, t.exitBar])).toEqual([
      [250, 1, 7],
      [250, 2, 7],
      [250, 3, 7],
    ]);
    expect(sim.position[5]).toBe(750);
    expect((sim.position[5] * b.close[5]) / sim.equity[5]).toBe(0.75);
  });

  it('sizes each added entry on the equity at its own fill', () => {
    // Fills at 10, 20, 20 (opens of bars 1–3). Equity: 10,000 → 2,500 buys 250; then 7,500 + 250 × 20 =
    // 12,500 → 3,125 buys 156.25; then 4,375 + 406.25 × 20 = 12,500 → 156.25 again.
    const b = flat([10, 10, 20, 20, 20]);
    const sim = simulate(b, [rule('buy', 5, [0, 1, 2, 3], pct(0.25))], settings({ pyramiding: 3 }));
    expect(tradeList(sim.trades).map((t) => [t.quantity, t.entryPrice])).toEqual([
      [250, 10],
      [156.25, 20],
      [156.25, 20],
    ]);
    expect(sim.cash[4]).toBe(1250);
  });

  it('reverses a pyramided long into one short', () => {
    const b = flat([10, 10, 10, 10, 10]);
    const sim = simulate(
      b,
      [rule('buy', 5, [0, 1], pct(0.25)), rule('short', 5, [2], pct(0.5))],
      settings({ pyramiding: 2 }),
    );
    const t = tradeList(sim.trades);
    expect(t.map((x) => [x.side, x.quantity, x.entryBar, x.exitBar, x.open])).toEqual([
      ['long', 250, 1, 3, false],
      ['long', 250, 2, 3, false],
      ['short', 500, 3, 4, true],
    ]);
  });

  it('rejects a pyramiding that is not a whole number of entries from 1 to 1000', () => {
    const b = flat([10, 10]);
    for (const p of [0, 1.5, -1, Number.NaN, 1001])
      expect(() => simulate(b, [], settings({ pyramiding: p }))).toThrow(/pyramiding must be a whole number/);
  });
});

describe("stops and targets on each entry's own price", () => {
  // Lot A fills at 100 (bar 1), lot B at 110 (bar 2), 25% each. Averaged, the entry would be ≈104.8
  // and a 5% stop ≈99.5: B would lose 9.5% and A 0.5%. Per lot, B stops at 104.5 and A at 95.
  const rows = [
    [100, 100, 100, 100],
    [100, 101, 99, 100],
    [110, 111, 109, 110],
    [108, 108, 104, 105],
    [100, 100, 94, 96],
  ];
  const buys = (n: number) => rule('buy', n, [0, 1], pct(0.25));

  it('exits each lot at exactly −5% from its own entry', () => {
    const sim = simulate(bars(rows), [buys(5)], settings({ pyramiding: 2, stopLoss: 0.05 }));
    const t = tradeList(sim.trades);
    expect(t.map(fields)).toEqual([
      ['long', 2, 110, 3, 104.5, 'stop loss'],
      ['long', 1, 100, 4, 95, 'stop loss'],
    ]);
    for (const x of t) expect(x.returnPct).toBeCloseTo(-0.05, 12);
  });

  it('fills a lot held before a gap at the open, and a lot filled at that open at its level', () => {
    // Bar 4 opens at 93, through A's 95: A was held before the bar, so it fills at 93.
    const gap = simulate(
      bars([...rows.slice(0, 4), [93, 96, 92, 95]]),
      [buys(5)],
      settings({ pyramiding: 2, stopLoss: 0.05 }),
    );
    expect(tradeList(gap.trades).map(fields)[1]).toEqual(['long', 1, 100, 4, 93, 'stop loss']);
    // B fills at bar 2's open (110) and the bar falls to 104: the open was its fill, not a gap, so B
    // stops at 104.5 within its entry bar.
    const entryBar = simulate(
      bars([rows[0], rows[1], [110, 111, 104, 105]]),
      [buys(3)],
      settings({ pyramiding: 2, stopLoss: 0.05 }),
    );
    expect(tradeList(entryBar.trades).map(fields)[0]).toEqual(['long', 2, 110, 2, 104.5, 'stop loss']);
  });

  it('takes each lot’s profit at +10% from its own entry', () => {
    // A (100) is held when bar 2 opens at 111, past its 110: it fills at that open. B fills at the same
    // open (111) and reaches its own 122.1 on bar 3.
    const b = bars([rows[0], rows[1], [111, 112, 109, 111], [115, 123, 114, 120]]);
    const sim = simulate(b, [buys(4)], settings({ pyramiding: 2, takeProfit: 0.1 }));
    const t = tradeList(sim.trades);
    expect(t.map((x) => [x.entryPrice, x.exitBar, x.exitReason])).toEqual([
      [100, 2, 'take profit'],
      [111, 3, 'take profit'],
    ]);
    expect(t[0].exitPrice).toBe(111);
    expect(t[1].exitPrice).toBeCloseTo(122.1, 12);
    expect(t[1].returnPct).toBeCloseTo(0.1, 12);
  });

  it('trails each lot from its own best price since its entry', () => {
    // A (100, bar 1) sees 125 on bar 1: its trail is 112.5. B (120, bar 2) sees at best 121: 108.9.
    // Bar 3's low 111 takes A only; bar 4's low 108 takes B. From the position's best (125) both
    // would have gone at 112.5 on bar 3.
    const b = bars([
      [100, 100, 100, 100],
      [100, 125, 99, 120],
      [120, 121, 114, 115],
      [115, 116, 111, 112],
      [110, 110, 108, 109],
    ]);
    const sim = simulate(b, [buys(5)], settings({ pyramiding: 2, trailingStop: 0.1 }));
    const t = tradeList(sim.trades);
    expect(t.map((x) => [x.entryPrice, x.exitBar, x.exitReason])).toEqual([
      [100, 3, 'trailing stop'],
      [120, 4, 'trailing stop'],
    ]);
    expect(t[0].exitPrice).toBeCloseTo(112.5, 12);
    expect(t[1].exitPrice).toBeCloseTo(108.9, 12);
  });

  it('keeps a partly sold lot’s own stop', () => {
    // Sell half on bar 1 (fills at bar 2): the rest of lot A keeps its stop at 95 and exits there.
    const sim = simulate(
      bars(rows),
      [rule('buy', 5, [0], pct(0.5)), rule('sell', 5, [1], pct(0.5))],
      settings({ stopLoss: 0.05 }),
    );
    expect(tradeList(sim.trades).map((x) => [x.quantity, x.exitPrice, x.exitReason])).toEqual([
      [25, 110, 'signal'],
      [25, 95, 'stop loss'],
    ]);
  });
});

describe('dust', () => {
  it('never makes a trade of the cash a capped order leaves behind', () => {
    // 25% buys on every bar with room for 100 entries, fee 0.2%: the fourth entry takes the last of the
    // cash (capped); the float residue it leaves (≈1.4e-13 units' worth) used to be bought on the next
    // bar as a fifth entry of 1.4e-13 units. It is dust: 4 entries, no more.
    const px = [11.01, 12.45, 11.94, 13.01, 12.45, 13.37, 14.75];
    const sim = simulate(
      flat(px),
      [rule('buy', 7, [0, 1, 2, 3, 4, 5], pct(0.25))],
      settings({ fee: 0.002, pyramiding: 100 }),
    );
    const t = tradeList(sim.trades);
    expect(t.map((x) => x.entryBar)).toEqual([1, 2, 3, 4]);
    expect(sim.insufficientFunds).toBe(3); // the 4th entry was capped; the 5th and 6th found no cash
    for (const x of t) expect(x.quantity * x.entryPrice).toBeGreaterThan(DUST * 10_000);
  });

  it('ignores an exit below DUST of the position and closes all within DUST of it', () => {
    const b = flat([10, 10, 10, 10, 10]);
    const units = (v: number) => ({ kind: 'units', value: v }) as const;
    const tiny = simulate(
      b,
      [rule('buy', 5, [0], units(100)), rule('sell', 5, [1], units(1e-10))],
      settings(),
    );
    expect(tiny.trades.closed).toBe(0);
    expect(tiny.position[4]).toBe(100);
    const almost = simulate(
      b,
      [rule('buy', 5, [0], units(100)), rule('sell', 5, [1], units(100 - 1e-8))],
      settings(),
    );
    expect(tradeList(almost.trades).map((x) => [x.quantity, x.open])).toEqual([[100, false]]);
    expect(almost.position[4]).toBe(0);
  });

  it('never leaves a sliver of a lot or takes one from the next lot', () => {
    // Lots of 0.1, 0.2 and 0.3 units; selling 0.1 + 0.2 (= 0.30000000000000004 in floating point)
    // closes the first two whole and leaves the third untouched, not short of 4e-17 units.
    const b = flat([10, 10, 10, 10, 10, 10]);
    const units = (v: number) => ({ kind: 'units', value: v }) as const;
    const sim = simulate(
      b,
      [
        rule('buy', 6, [0], units(0.1)),
        rule('buy', 6, [1], units(0.2)),
        rule('buy', 6, [2], units(0.3)),
        rule('sell', 6, [3], units(0.1 + 0.2)),
      ],
      settings({ pyramiding: 3 }),
    );
    expect(tradeList(sim.trades).map((x) => [x.quantity, x.open])).toEqual([
      [0.1, false],
      [0.2, false],
      [0.3, true],
    ]);
  });
});
