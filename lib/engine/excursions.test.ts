// MAE and MFE against hand-computed trades and against a reference loop that lists, for each trade, the
// prices the README's convention says it lived through (excursions.ts header).
import { describe, expect, it } from 'vitest';
import { excursionCash, tradeExcursions } from './excursions';
import { bars, rule, settings } from './sim-testkit';
import { simulate } from './simulate';
import { EXIT_SIGNAL, EXIT_TIME, type Trades } from './trades';
import type { Bars, Settings } from './types';

// Bar 1 opens at 100 (a long entered on bar 0's signal fills there); bar 3 dips to 95 and peaks at 110;
// bar 4 opens at 97 (the exit on bar 3's signal) and then falls to 90, after the trade.
const B = bars([
  [100, 101, 99, 100],
  [100, 104, 98, 103],
  [103, 108, 101, 107],
  [107, 110, 95, 96],
  [97, 99, 90, 92],
]);

function run(rules: Parameters<typeof simulate>[1], s: Settings, b: Bars = B) {
  const sim = simulate(b, rules, s);
  return { trades: sim.trades, ...tradeExcursions(b, sim.trades, s) };
}

describe('tradeExcursions by hand', () => {
  it('a long from the open of bar 1 to the open of bar 4: up to 110 (+10%), down to 95 (−5%)', () => {
    const r = run([rule('buy', 5, [0]), rule('sell', 5, [3])], settings());
    expect(r.trades.count).toBe(1);
    expect(r.trades.exitPrice[0]).toBe(97);
    expect(r.mfe[0]).toBeCloseTo(0.1, 12);
    expect(r.mae[0]).toBeCloseTo(-0.05, 12);
    // 10,000 at 100: 100 units; 10% of 10,000 and 5% of it in cash.
    expect(excursionCash(r.trades, 0, r.mfe[0])).toBeCloseTo(1000, 9);
    expect(excursionCash(r.trades, 0, r.mae[0])).toBeCloseTo(-500, 9);
  });

  it('the same bars short: the dip is favourable (+5%), the peak adverse (−10%)', () => {
    const r = run([rule('short', 5, [0]), rule('cover', 5, [3])], settings());
    expect(r.mfe[0]).toBeCloseTo(0.05, 12);
    expect(r.mae[0]).toBeCloseTo(-0.1, 12);
  });

  it('a stop inside bar 3 counts that bar up to the stop only: its open 107, not its high 110', () => {
    // Stop 4% under 100 = 96: bar 3 opens at 107 and trades down through 96.
    const r = run([rule('buy', 5, [0])], settings({ stopLoss: 0.04 }));
    expect(r.trades.exitBar[0]).toBe(3);
    expect(r.trades.exitPrice[0]).toBeCloseTo(96, 12);
    expect(r.mfe[0]).toBeCloseTo(0.08, 12); // bar 2's high 108
    expect(r.mae[0]).toBeCloseTo(-0.04, 12); // the stop itself
  });

  it('fill at the close: the entry bar counts from its close on, the exit bar up to its close', () => {
    // Buy at bar 0's close (100, equal to its open: not taken for an open fill), sell at bar 2's close 107.
    const r = run([rule('buy', 5, [0]), rule('sell', 5, [2])], settings({ fill: 'close' }));
    expect(r.trades.entryPrice[0]).toBe(100);
    expect(r.trades.exitPrice[0]).toBe(107);
    expect(r.mfe[0]).toBeCloseTo(0.08, 12); // bar 2's high 108; bar 0's high 101 came before the fill
    expect(r.mae[0]).toBeCloseTo(-0.02, 12); // bar 1's low 98; bar 0's low 99 before the fill
  });

  it('a trade still open is marked through the last bar, its high and low included', () => {
    const r = run([rule('buy', 5, [2])], settings());
    expect(r.trades.open[0]).toBe(1);
    // In at bar 3's open 107; bars 3 and 4 reach 110 and 90.
    expect(r.mfe[0]).toBeCloseTo(110 / 107 - 1, 12);
    expect(r.mae[0]).toBeCloseTo(90 / 107 - 1, 12);
  });
});

/** The convention, written as the list of prices each trade lived through. */
function reference(b: Bars, t: Trades, s: Settings) {
  const mae: number[] = [];
  const mfe: number[] = [];
  for (let i = 0; i < t.count; i++) {
    const side = t.side[i];
    const e = t.entryBar[i];
    const x = t.exitBar[i];
    const pe = t.entryPrice[i];
    const fillsAt = (p: number, raw: number) => p === raw || p === raw * (1 + side * s.slippage);
    const fromOpen = !(s.fill === 'close' && fillsAt(pe, b.close[e])) && fillsAt(pe, b.open[e]);
    const r = t.exitReason[i];
    const toClose = t.open[i] === 1 || (s.fill === 'close' && (r === EXIT_SIGNAL || r === EXIT_TIME));
    const prices = [pe, t.exitPrice[i]];
    for (let k = e; k <= x; k++) {
      const whole =
        (k > e && k < x) || (k === e && k === x ? fromOpen && toClose : k === e ? fromOpen : toClose);
      if (whole) prices.push(b.high[k], b.low[k]);
      else if (k === e && k !== x) prices.push(b.close[k]);
      else if (k === x && k !== e) prices.push(b.open[k]);
    }
    const moves = prices.map((p) => side * (p / pe - 1));
    mfe.push(Math.max(0, ...moves));
    mae.push(Math.min(0, ...moves));
  }
  return { mae, mfe };
}

function randomBars(n: number, seed: number): Bars {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const rows: number[][] = [];
  let c = 100;
  for (let i = 0; i < n; i++) {
    const o = c * (1 + (rnd() - 0.5) * 0.02);
    c = o * (1 + (rnd() - 0.5) * 0.04);
    rows.push([o, Math.max(o, c) * (1 + rnd() * 0.01), Math.min(o, c) * (1 - rnd() * 0.01), c]);
  }
  return bars(rows);
}

describe('tradeExcursions against the reference loop', () => {
  const n = 600;
  const b = randomBars(n, 11);
  const every = (k: number, off: number) =>
    Array.from({ length: n }, (_, i) => i).filter((i) => i % k === off);
  const cases: [string, Parameters<typeof simulate>[1], Settings][] = [
    [
      'long, fill at open, slippage',
      [rule('buy', n, every(17, 0)), rule('sell', n, every(17, 9))],
      settings({ slippage: 0.001 }),
    ],
    [
      'long and short, fill at close',
      [rule('buy', n, every(23, 0)), rule('short', n, every(23, 11))],
      settings({ fill: 'close' }),
    ],
    ['stops and targets', [rule('buy', n, every(13, 0))], settings({ stopLoss: 0.01, takeProfit: 0.015 })],
    [
      'trailing stop, short',
      [rule('short', n, every(19, 3))],
      settings({ trailingStop: 0.012, slippage: 0.0005 }),
    ],
    [
      'exit after 4 bars at the close',
      [rule('buy', n, every(7, 2))],
      settings({ exitAfter: 4, fill: 'close' }),
    ],
  ];
  for (const [name, rules, s] of cases) {
    it(name, () => {
      const r = run(rules, s, b);
      expect(r.trades.count).toBeGreaterThan(5);
      const want = reference(b, r.trades, s);
      for (let i = 0; i < r.trades.count; i++) {
        expect(r.mfe[i], `trade ${i} mfe`).toBeCloseTo(want.mfe[i], 12);
        expect(r.mae[i], `trade ${i} mae`).toBeCloseTo(want.mae[i], 12);
        // The trade's own result lies between them.
        const gross = r.trades.side[i] * (r.trades.exitPrice[i] / r.trades.entryPrice[i] - 1);
        expect(r.mfe[i]).toBeGreaterThanOrEqual(gross - 1e-12);
        expect(r.mae[i]).toBeLessThanOrEqual(gross + 1e-12);
      }
    });
  }
});
