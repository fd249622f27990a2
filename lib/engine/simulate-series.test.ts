// simulate()'s cash and position series, expanded from the bars where fills happened: their values on
// every bar, against fills worked out by hand and the identity equity = cash + position × close.
import { describe, expect, it } from 'vitest';
import { flat, rule, settings } from './sim-testkit';
import { simulate } from './simulate';

describe('simulate: cash and position on every bar', () => {
  it('hold between fills and change on the bars of fills (whole units)', () => {
    // Buy on bar 0 → bar 1's open 30: floor(10000 / 30) = 333 units, cash 10. Sell on bar 2 → bar 3's
    // open 33: cash 10 + 333 × 33 = 10999. Buy on bar 4 → bar 5's open 40: 274 units, cash 39.
    const b = flat([30, 30, 33, 33, 40, 40]);
    const rules = [rule('buy', 6, [0, 4]), rule('sell', 6, [2])];
    const sim = simulate(b, rules, settings({ units: 'whole' }));
    expect(Array.from(sim.position)).toEqual([0, 333, 333, 0, 0, 274]);
    expect(Array.from(sim.cash, (c) => +c.toFixed(9))).toEqual([10000, 10, 10, 10999, 10999, 39]);
    // Read twice: the same series.
    expect(sim.cash).toBe(sim.cash);
    expect(sim.position).toBe(sim.position);
  });

  it('add up to the equity until a bankruptcy, and are 0 from its bar on', () => {
    // Short 1000 units at 10 on bar 1; at bar 2's close (25) equity is 10000 - 15000 < 0: bankrupt.
    const b = flat([10, 10, 25, 30]);
    const sim = simulate(b, [rule('short', 4, [0])], settings());
    expect(sim.bankruptAt).toBe(2);
    expect(Array.from(sim.position)).toEqual([0, -1000, 0, 0]);
    expect(Array.from(sim.cash)).toEqual([10000, 20000, 0, 0]);
    for (let t = 0; t < 2; t++) expect(sim.cash[t] + sim.position[t] * b.close[t]).toBe(sim.equity[t]);
  });

  it('start from the capital before the first fill', () => {
    const sim = simulate(flat([5, 5, 5]), [], settings({ capital: 1234 }));
    expect(Array.from(sim.cash)).toEqual([1234, 1234, 1234]);
    expect(Array.from(sim.position)).toEqual([0, 0, 0]);
  });
});
