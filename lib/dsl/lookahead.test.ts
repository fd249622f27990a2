// No look-ahead, as a property: for random strategies built from every registry function, running on
// the first k bars gives exactly the same series, signals, closed trades and equity up to k as running
// on all bars. Any kernel or operation that peeks at later bars breaks the equality.
import { describe, expect, it } from 'vitest';
import { barsView, FUNCTIONS, tradeList } from '../engine';
import { runProgram } from './run';
import { randomBars, rng } from './testkit';

const PRICES = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'];

/** A random, valid program: indicators from the registry, random conditions, actions and settings. */
function randomProgram(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const lines: string[] = [];
  const fill = pick(['open', 'close']);
  const units = pick(['whole', 'fractional']);
  lines.push(`strategy("random", fill="${fill}", units="${units}", fee=${pick(['0', '0.1%', '0.5%'])})`);
  const numeric: string[] = [...PRICES];
  const indicators = FUNCTIONS.filter((f) => f.category !== 'event' && f.category !== 'math');
  const count = int(1, 4);
  for (let i = 0; i < count; i++) {
    const f = pick(indicators);
    const args = f.args.map((a) => {
      if (a.kind === 'series') return pick(numeric);
      if (a.kind === 'period') return String(int(Math.max(1, a.min ?? 1), 30));
      // A multiplier from 0.5 to 3 where the bounds allow (bb, keltner); else inside them (sar's factors).
      const lo = Math.max(a.min ?? 0.5, 0.5);
      const hi = Math.min(a.max ?? 3, 3);
      if (lo <= hi) return String(Math.round((lo + r() * (hi - lo)) * 10) / 10);
      const [m, x] = [a.min ?? 0, a.max ?? 1];
      return String(Math.round((m + r() * (x - m)) * 1000) / 1000);
    });
    const name = `v${i}`;
    if (f.outputs.length > 1) {
      const names = f.outputs.map((_, j) => `${name}_${j}`);
      lines.push(`[${names.join(', ')}] = ${f.name}(${args.join(', ')})`);
      numeric.push(...names);
    } else {
      lines.push(`${name} = ${f.name}(${args.join(', ')})`);
      numeric.push(name);
    }
  }
  const operand = () => {
    const x = pick(numeric);
    return r() < 0.3 ? `${x}[${int(1, 5)}]` : x;
  };
  const condition = (depth: number): string => {
    const c = r();
    if (depth < 2 && c < 0.15) return `${condition(depth + 1)} and ${condition(depth + 1)}`;
    if (depth < 2 && c < 0.25) return `not (${condition(depth + 1)})`;
    if (c < 0.45) return `${pick(['crossover', 'crossunder', 'cross'])}(${operand()}, ${operand()})`;
    if (c < 0.55) return `${pick(['rising', 'falling'])}(${pick(numeric)}, ${int(1, 5)})`;
    return `${operand()} ${pick(['>', '<', '>=', '<='])} ${operand()}`;
  };
  const rules = int(2, 4);
  for (let i = 0; i < rules; i++) {
    const action = pick(['buy', 'sell', 'short', 'cover', 'exit']);
    const size = pick(['100%', '50%', 'units=3', 'cash=2000']);
    lines.push(`if ${condition(0)}:`);
    lines.push(action === 'exit' ? '    exit()' : `    ${action}(market, ${size})`);
  }
  if (r() < 0.4) lines.push(`stop_loss(${int(1, 10)}%)`);
  if (r() < 0.3) lines.push(`take_profit(${int(2, 20)}%)`);
  if (r() < 0.3) lines.push(`trailing_stop(${int(1, 10)}%)`);
  return `${lines.join('\n')}\n`;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>, k: number) => {
  for (let i = 0; i < k; i++) if (!Object.is(a[i], b[i])) return `differs at bar ${i}: ${a[i]} vs ${b[i]}`;
  return 'same';
};

describe('no look-ahead (property)', () => {
  it('gives identical results on every prefix, for many random strategies', () => {
    const r = rng(20261121);
    const bars = randomBars(360, 11);
    let programs = 0;
    let prefixes = 0;
    for (let p = 0; p < 150; p++) {
      const source = randomProgram(r);
      const full = runProgram(source, bars);
      if (!full.ok) throw new Error(`generated program does not run:\n${source}\n${full.report}`);
      programs++;
      for (const k of [1, 2, 5, 17, 40, 99, 100, 181, 250, 359]) {
        const part = runProgram(source, barsView(bars, 0, k));
        if (!part.ok) throw new Error(part.report);
        prefixes++;
        for (const [name, s] of Object.entries(full.eval.series)) {
          const v = part.eval.series[name];
          expect(same(s.values, v?.values ?? [], k), `${name} in\n${source}`).toBe('same');
        }
        full.eval.rules.forEach((rule, i) => {
          expect(same(rule.when, part.eval.rules[i].when, k), `rule ${i} in\n${source}`).toBe('same');
        });
        expect(same(full.sim.equity, part.sim.equity, k), `equity in\n${source}`).toBe('same');
        const closedBefore = tradeList(full.sim.trades).filter((t) => !t.open && t.exitBar < k);
        const closed = tradeList(part.sim.trades).filter((t) => !t.open);
        expect(closed, `trades closed before bar ${k} in\n${source}`).toEqual(closedBefore);
      }
    }
    expect(programs).toBe(150);
    expect(prefixes).toBe(1500);
  });
});
