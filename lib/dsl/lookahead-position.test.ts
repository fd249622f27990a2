// No look-ahead for programs that read the position state and trade with orders at prices, as a property
// (the companion of lookahead.test.ts): running on the first k bars gives exactly the same equity and
// closed trades up to k as running on all bars. A condition that saw a fill it triggers, a bracket
// evaluated on a later bar or a resting order that peeked at the bar it fills on would break it.
import { describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import { tradeList } from '../engine';
import { runProgram } from './run';
import { randomBars, rng } from './testkit';

function prefix(b: Bars, k: number): Bars {
  const cut = (a: Float64Array) => a.subarray(0, k);
  return {
    time: cut(b.time),
    open: cut(b.open),
    high: cut(b.high),
    low: cut(b.low),
    close: cut(b.close),
    volume: cut(b.volume),
  };
}

function randomProgram(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const lines = [
    `strategy("random", fill="${pick(['open', 'close'])}", units="${pick(['whole', 'fractional'])}", ` +
      `fee=${pick(['0', '0.1%'])}, commission=${pick(['0', '1'])}, pyramiding=${int(1, 3)})`,
    `f = ema(close, ${int(3, 10)})`,
    `s = sma(close, ${int(12, 30)})`,
    `a = atr(${int(5, 20)})`,
  ];
  const position = () =>
    pick([
      'position_size == 0',
      'position_size > 0',
      'position_size < 0',
      `bars_since_entry >= ${int(1, 10)}`,
      `open_profit > ${int(1, 5)}%`,
      `open_profit < -${int(1, 5)}%`,
      'close > position_avg_price',
      `abs(position_size) * close < ${int(2000, 9000)}`,
    ]);
  const market = () => pick(['close > f', 'close < f', 'crossover(f, s)', 'crossunder(f, s)', 'high > s[1]']);
  const condition = () => {
    const c = r();
    if (c < 0.35) return `${market()} and ${position()}`;
    if (c < 0.55) return `${market()} or ${position()}`;
    if (c < 0.7) return `not (${position()})`;
    return market();
  };
  const risk = r() < 0.4;
  const price = (side: number) =>
    pick([
      `close * ${side > 0 ? 0.99 : 1.01}`,
      `close ${side > 0 ? '-' : '+'} a`,
      `highest(high, 5)`,
      `lowest(low, 5)`,
      `iff(position_size == 0, close, close * ${side > 0 ? 0.98 : 1.02})`,
    ]);
  for (let i = int(2, 4); i > 0; i--) {
    const action = pick(['buy', 'buy', 'short', 'sell', 'cover', 'exit']);
    lines.push(`if ${condition()}:`);
    if (action === 'exit') lines.push('    exit()');
    else if (action === 'buy' || action === 'short') {
      const side = action === 'buy' ? 1 : -1;
      const size = risk ? 'size=risk(1%)' : pick(['size=100%', 'size=50%', 'units=3']);
      const how = pick(['market, ', `limit=${price(side)}, `, `stop=${price(-side)}, `]);
      const wait = how.startsWith('market') || r() < 0.5 ? '' : `, cancel_after=${int(1, 4)}`;
      lines.push(`    ${action}(${how}${size}${wait})`);
    } else lines.push(`    ${action}(market, ${pick(['100%', '50%'])})`);
  }
  if (risk || r() < 0.5) lines.push(`stop_loss(price=position_avg_price - ${int(1, 3)} * a)`);
  else if (r() < 0.3) lines.push(`stop_loss(${int(1, 8)}%)`);
  if (r() < 0.4) lines.push(`take_profit(price=close + ${int(1, 4)} * a)`);
  if (r() < 0.3) lines.push(`trailing_stop(${int(1, 8)}%)`);
  if (r() < 0.4) lines.push(`exit(after=${int(1, 12)})`);
  return `${lines.join('\n')}\n`;
}

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
        const part = runProgram(source, prefix(bars, k));
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
