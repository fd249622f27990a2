// Paper trading gives the backtest's answer: bars streamed one by one or in bursts, with restarts in
// between, yield exactly the fills (and the account) of one backtest over all the bars.
import { describe, expect, it } from 'vitest';
import { runProgram } from '../dsl';
import { randomBars, randomProgram, rng } from '../dsl/testkit';
import { type Bars, barsView } from '../engine';
import { replayFeed } from './feed';
import { type Fill, fillsOf } from './fills';
import { PaperSession } from './session';

function open(source: string, tradeFrom = Number.NEGATIVE_INFINITY): PaperSession {
  const o = PaperSession.open({ source, tradeFrom, timeframe: '1d' });
  if (!o.ok) throw new Error(o.report);
  return o.session;
}

const CROSS = `strategy("cross", fill="open", units="whole", capital=10000)
f = sma(close, 2)
s = sma(close, 3)
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
`;

/** Closes 10 10 10 9 8 9 11 12 11 9 8; opens = previous close + 0.5. */
function handBars(): Bars {
  const close = [10, 10, 10, 9, 8, 9, 11, 12, 11, 9, 8];
  const n = close.length;
  const time = Float64Array.from(close, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
  const c = Float64Array.from(close);
  const o = Float64Array.from(close, (_, i) => (i === 0 ? close[0] : close[i - 1] + 0.5));
  const high = Float64Array.from(close, (x, i) => Math.max(x, o[i]) + 0.25);
  const low = Float64Array.from(close, (x, i) => Math.min(x, o[i]) - 0.25);
  return { time, open: o, high, low, close: c, volume: new Float64Array(n).fill(1) };
}

describe('PaperSession', () => {
  it('fills a crossover at the next bar open, bar by bar, as computed by hand', async () => {
    // sma2:  -, 10, 10, 9.5, 8.5, 8.5, 10, 11.5, 11.5, 10, 8.5
    // sma3:  -, -, 10, 9.667, 9, 8.667, 9.333, 10.667, 11.333, 10.667, 9.333
    // crossover (f > s after f <= s) on bar 6 → buy at bar 7's open (11.5), 10000 / 11.5 → 869 units;
    // crossunder on bar 9 (10 < 10.667 after 11.5 > 11.333) → sell at bar 10's open (9.5).
    const bars = handBars();
    const s = open(CROSS);
    const seen: Fill[] = [];
    const signals: string[] = [];
    for await (const b of replayFeed(bars, { from: 0 })) {
      const step = s.step(b);
      seen.push(...step.fills);
      for (const sig of step.signals)
        signals.push(`${(sig.time - bars.time[0]) / 86_400_000}:${sig.kind}:${sig.order}`);
    }
    expect(signals).toEqual(['6:buy:market', '9:sell:market']);
    expect(
      seen.map((f) => [
        (f.time - bars.time[0]) / 86_400_000,
        f.action,
        f.side,
        f.quantity,
        f.price,
        f.reason,
      ]),
    ).toEqual([
      [7, 'entry', 1, 869, 11.5, 'entry'],
      [10, 'exit', 1, 869, 9.5, 'signal'],
    ]);
    const last = s.step(barsView(bars, 0, 0));
    expect(last.added).toBe(0);
    expect(last.account.equity).toBeCloseTo(10_000 + 869 * (9.5 - 11.5), 9);
    expect(last.account.position).toBe(0);
  });

  it('starts flat at the deploy time: earlier bars only warm up the indicators', () => {
    const bars = handBars();
    const s = open(CROSS, bars.time[8]);
    const step = s.step(bars);
    // The crossover of bar 6 is before the deploy time: no buy, so the crossunder has nothing to sell.
    expect(step.fills).toEqual([]);
    expect(step.account).toMatchObject({ cash: 10_000, equity: 10_000, position: 0 });
  });

  it('skips bars it has already processed and refuses to pass its bound', () => {
    const bars = handBars();
    const s = open(CROSS);
    expect(s.step(barsView(bars, 0, 5)).added).toBe(5);
    const again = s.step(barsView(bars, 3, 7));
    expect([again.added, again.skipped]).toEqual([2, 2]);
    const small = PaperSession.open({ source: CROSS, tradeFrom: 0, maxBars: 4 });
    if (!small.ok) throw new Error(small.report);
    expect(() => small.session.step(bars)).toThrow(/limit of 4 bars; stop it and start a new one/);
  });

  it('refuses a program with errors, with its diagnostics', () => {
    const o = PaperSession.open({ source: 'if crossover(close, sma(close, 5):\n    buy()\n', tradeFrom: 0 });
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.report).toMatch(/error/);
  });

  it('matches one backtest for random programs, split points, bursts and restarts', () => {
    const r = rng(2026);
    let compared = 0;
    for (let trial = 0; trial < 40; trial++) {
      const bars = randomBars(260, 100 + trial);
      const source = randomProgram(r);
      const n = bars.time.length;
      // From the beginning the reference is the backtest itself; from a split it is the same backtest
      // with no order placed before the split.
      const split = trial % 3 === 0 ? 0 : 30 + Math.floor(r() * 150);
      const tradeFrom = split === 0 ? Number.NEGATIVE_INFINITY : bars.time[split];
      const full = runProgram(source, bars, { timeframe: '1d' });
      if (!full.ok) throw new Error(full.report);
      // With a split, one session given every bar at once is the backtest; nothing fills before the split.
      const reference = split === 0 ? fillsOf(full.sim.trades) : open(source, tradeFrom).step(bars).fills;
      expect(reference.every((f) => f.time >= tradeFrom)).toBe(true);
      const warm = Math.max(1, Math.floor(r() * 40));
      let s = open(source, tradeFrom);
      s.step(barsView(bars, 0, warm));
      const got: Fill[] = [...s.allFills()];
      let processed = warm;
      while (processed < n) {
        if (r() < 0.1) {
          // A restart: a new session restored from the processed bars reports nothing twice.
          s = open(source, tradeFrom);
          s.restore(barsView(bars, 0, processed));
        }
        const k = Math.min(n, processed + 1 + Math.floor(r() * r() * 12));
        const step = s.step(barsView(bars, processed, k));
        got.push(...step.fills);
        if (split === 0) expect(step.account.equity).toBe(full.sim.equity[k - 1]);
        processed = k;
      }
      // A lot split by a partial exit sums its units in another order: equal to the last bits.
      const norm = (f: Fill) => ({ ...f, quantity: Number(f.quantity.toPrecision(12)) });
      expect(got.map(norm)).toEqual(reference.map(norm));
      compared += reference.length;
    }
    expect(compared).toBeGreaterThan(200);
  });
});
