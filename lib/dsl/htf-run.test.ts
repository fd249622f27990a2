// The whole pipeline (runProgram) on a strategy with a weekly filter — "buy when the close crosses above
// its 50-day average, only when the weekly close is above its 20-week average" — against a reference
// written with plain loops: weeks grouped by their Monday, each seen from the next week's first bar.
import { describe, expect, it } from 'vitest';
import { tradeList } from '../engine';
import { runProgram } from './run';
import { randomBars, rng } from './testkit';

const DAY = 86_400_000;
const SOURCE = `strategy("weekly filter")
fast = sma(close, 50)
weekly_up = htf("1w", close) > htf("1w", sma(close, 20))
if crossover(close, fast) and weekly_up:
    buy(market, 100%)
if crossunder(close, fast):
    sell(market, 100%)
`;

/** Weekday bars with random holidays (a stock's calendar), from Monday 4 January 2021. */
function stockDays(n: number) {
  const b = randomBars(n, 23);
  const r = rng(5);
  const time = new Float64Array(n);
  let t = Date.UTC(2021, 0, 4);
  for (let i = 0; i < n; i++) {
    while ([0, 6].includes(new Date(t).getUTCDay()) || r() < 0.04) t += DAY;
    time[i] = t;
    t += DAY;
  }
  return { ...b, time };
}

function smaLoop(x: readonly number[], n: number): number[] {
  return x.map((_, i) => {
    if (i < n - 1) return Number.NaN;
    let s = 0;
    for (let j = i - n + 1; j <= i; j++) s += x[j];
    return s / n;
  });
}

describe('runProgram with htf: a weekly trend filter', () => {
  it('signals exactly where the reference loops do, and trades on them', () => {
    const bars = stockDays(1500);
    const close = [...bars.close];
    // Weeks by their Monday: 1970-01-05 is day 4 of the epoch.
    const week = [...bars.time].map((t) => Math.floor((t / DAY - 4) / 7));
    const weekClose: number[] = [];
    const weekOf: number[] = [];
    week.forEach((w, i) => {
      if (i === 0 || w !== week[i - 1]) weekClose.push(close[i]);
      else weekClose[weekClose.length - 1] = close[i];
      weekOf.push(weekClose.length - 1);
    });
    const weekSma = smaLoop(weekClose, 20);
    const fast = smaLoop(close, 50);
    const want = close.map((c, i) => {
      const cross = i > 0 && c > fast[i] && close[i - 1] <= fast[i - 1];
      const seen = weekOf[i] - 1; // the last week that has closed: no weekday bar ends its week
      return cross && seen >= 0 && weekClose[seen] > weekSma[seen] ? 1 : 0;
    });

    const r = runProgram(SOURCE, bars);
    if (!r.ok) throw new Error(r.report);
    expect([...r.eval.rules[0].when]).toEqual(want);
    const signals = want.reduce<number>((a, b) => a + b, 0);
    expect(signals).toBeGreaterThan(4);
    // Some crossovers are filtered out by the weekly trend, or the filter would test nothing.
    const crosses = close.filter((c, i) => i > 0 && c > fast[i] && close[i - 1] <= fast[i - 1]).length;
    expect(crosses).toBeGreaterThan(signals);
    // Every entry fills at the open after a signal bar (fill="open").
    const trades = tradeList(r.sim.trades);
    expect(trades.length).toBeGreaterThan(2);
    for (const t of trades) expect(want[t.entryBar - 1], `entry at bar ${t.entryBar}`).toBe(1);
    // The warm-up waits for the 20-week average: 20 weeks of 5 bars less holidays, then the week after.
    expect(r.eval.warmup).toBe(weekOf.indexOf(20));
  });
});
