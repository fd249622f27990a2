// No look-ahead for programs that read the position state and trade with orders at prices, as a property
// (the companion of lookahead.test.ts): running on the first k bars gives exactly the same equity and
// closed trades up to k as running on all bars. A condition that saw a fill it triggers, a bracket
// evaluated on a later bar or a resting order that peeked at the bar it fills on would break it.
import { describe, expect, it } from 'vitest';
import { barsView, tradeList } from '../engine';
import { runProgram } from './run';
import { randomBars, randomProgram, rng } from './testkit';

const same = (a: ArrayLike<number>, b: ArrayLike<number>, k: number) => {
  for (let i = 0; i < k; i++) if (!Object.is(a[i], b[i])) return `differs at bar ${i}: ${a[i]} vs ${b[i]}`;
  return 'same';
};

describe('no look-ahead with position state and orders at prices (property)', () => {
  it('gives identical equity and closed trades on every prefix', () => {
    const r = rng(20261207);
    const bars = randomBars(300, 17);
    let trades = 0;
    for (let p = 0; p < 100; p++) {
      const source = randomProgram(r);
      const full = runProgram(source, bars);
      if (!full.ok) throw new Error(`generated program does not run:\n${source}\n${full.report}`);
      trades += full.sim.trades.count;
      for (const k of [1, 2, 7, 30, 31, 64, 100, 171, 250, 299]) {
        const part = runProgram(source, barsView(bars, 0, k));
        if (!part.ok) throw new Error(part.report);
        expect(same(full.sim.equity, part.sim.equity, k), `equity in\n${source}`).toBe('same');
        const closedBefore = tradeList(full.sim.trades).filter((t) => !t.open && t.exitBar < k);
        const closed = tradeList(part.sim.trades).filter((t) => !t.open);
        expect(closed, `trades closed before bar ${k} in\n${source}`).toEqual(closedBefore);
      }
    }
    expect(trades).toBeGreaterThan(1000);
  });
});
