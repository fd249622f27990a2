// No look-ahead through htf, as a property: random programs reading higher timeframes, run on the
// first k bars, give exactly the series, signals, equity and closed trades the full run gives up to k —
// on crypto days (a Sunday bar ends its week), stock days (weekdays, holidays, missing days) and hours
// (every 4th bar ends its 4h bar), with the chart's timeframe given and inferred.
import { describe, expect, it } from 'vitest';
import { type Bars, barsView, tradeList } from '../engine';
import { chartTimeframe } from './htf';
import { runProgram } from './run';
import { randomBars, rng } from './testkit';

const DAY = 86_400_000;

/** randomBars restamped: every day, weekdays with random holidays, or every hour. */
function calendar(kind: 'crypto' | 'stock' | 'hours', n: number, seed: number): Bars {
  const b = randomBars(n, seed);
  const r = rng(seed + 1);
  const time = new Float64Array(n);
  let t = Date.UTC(2021, 0, 4); // a Monday
  for (let i = 0; i < n; i++) {
    if (kind === 'stock') {
      while ([0, 6].includes(new Date(t).getUTCDay()) || r() < 0.05) t += DAY;
    }
    time[i] = t;
    t += kind === 'hours' ? 3_600_000 : DAY;
  }
  return { ...b, time };
}

const FRAMES = {
  crypto: ['1d', '3d', '1w', '1M'],
  stock: ['1d', '1w', '1M'],
  hours: ['1h', '4h', '12h', '1d', '1w'],
};

function randomProgram(r: () => number, frames: readonly string[]): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const inner = () =>
    pick([
      'close',
      `sma(close, ${int(2, 8)})`,
      `ema(high, ${int(2, 8)})`,
      `highest(high, ${int(2, 5)})`,
      `rsi(close, ${int(2, 8)})`,
      'base',
      'volume',
      `atr(${int(2, 6)})`,
    ]);
  const lines = [
    `strategy("htf", fill="${pick(['open', 'close'])}")`,
    `base = ${pick(['hl2', 'close - open', `sma(close, ${int(2, 5)})`])}`,
  ];
  const count = int(1, 3);
  for (let i = 0; i < count; i++) {
    const tf = pick(frames);
    lines.push(
      r() < 0.3
        ? `h${i} = htf("${tf}", ${inner()} > ${inner()})`
        : `h${i} = htf("${tf}", ${inner()})${r() < 0.3 ? `[${int(1, 3)}]` : ''}`,
    );
  }
  const bool = (i: number) => lines[i + 2].includes(' > ');
  const cond = () => {
    const i = int(0, count - 1);
    if (bool(i)) return r() < 0.5 ? `h${i}` : `not h${i}`;
    return pick([
      `close > h${i}`,
      `crossover(close, h${i})`,
      `h${i} > h${i}[1]`,
      `crossunder(sma(close, 3), h${i})`,
    ]);
  };
  lines.push(`if ${cond()}${r() < 0.5 ? ` and ${cond()}` : ''}:`, '    buy(market, 50%)');
  lines.push(`if ${cond()}:`, '    sell(market)');
  if (r() < 0.4) lines.push(`if ${cond()} and position_size == 0:`, '    short(market, 30%)');
  lines.push(`if ${cond()}:`, '    cover(market)');
  return `${lines.join('\n')}\n`;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>, k: number) => {
  for (let i = 0; i < k; i++) if (!Object.is(a[i], b[i])) return `differs at bar ${i}: ${a[i]} vs ${b[i]}`;
  return 'same';
};

describe('no look-ahead through htf (property)', () => {
  it('every prefix gives what the full run gives up to it', () => {
    const r = rng(20261207);
    let prefixes = 0;
    let shown = 0;
    let skipped = 0;
    for (const kind of ['crypto', 'stock', 'hours'] as const) {
      const bars = calendar(kind, 400, kind.length);
      for (let p = 0; p < 12; p++) {
        const source = randomProgram(r, FRAMES[kind]);
        const timeframe = p % 2 === 0 ? (kind === 'hours' ? '1h' : '1d') : undefined;
        const full = runProgram(source, bars, { timeframe });
        if (!full.ok) throw new Error(`generated program does not run:\n${source}\n${full.report}`);
        const chart = chartTimeframe(bars.time, timeframe).tf?.label;
        for (const k of [1, 2, 9, 30, 101, 150, 222, 333, 399]) {
          // An inferred timeframe needs a few bars (2 at least; the first 100 gaps decide it): a prefix too
          // short to infer the full run's is a different chart, not a look-ahead.
          if (chartTimeframe(bars.time.subarray(0, k), timeframe).tf?.label !== chart) {
            skipped++;
            continue;
          }
          const part = runProgram(source, barsView(bars, 0, k), { timeframe });
          if (!part.ok) throw new Error(`${source}\n${part.report}`);
          prefixes++;
          for (const [name, s] of Object.entries(full.eval.series)) {
            const v = part.eval.series[name];
            expect(same(s.values, v?.values ?? [], k), `${name} (${kind}, k=${k}) in\n${source}`).toBe(
              'same',
            );
            if (name.startsWith('h')) shown += s.values.subarray(0, k).filter((x) => !Number.isNaN(x)).length;
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
    }
    expect(prefixes + skipped).toBe(3 * 12 * 9);
    expect(skipped).toBeLessThanOrEqual(3 * 6 * 2); // k = 1 (and maybe 2) of the inferred runs only
    // The higher values are there to compare (not all na): most prefix bars show one.
    expect(shown).toBeGreaterThan(10_000);
  });
});
