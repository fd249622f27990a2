// The language's orders at prices, position state and risk sizing, compiled: the split of conditions
// into masks and residual closures, the closures' scalar rules against the series operations, and runs
// that must equal the same strategy written against the engine API.
import { describe, expect, it } from 'vitest';
import type { OrderRule } from '../engine';
import { atr, DEFAULT_SETTINGS, POS_AVG_PRICE, POS_SIZE, passes, simulate, tradeList } from '../engine';
import { checkSource } from './checker';
import { compile, type EvalResult, isEvalFailure } from './compiler';
import { outcomeOf, runProgram } from './run';
import { randomBars, rng } from './testkit';

const bars = randomBars(400, 5);

function evaluate(src: string): EvalResult {
  const { checked, diagnostics } = checkSource(src);
  if (!checked.ok) throw new Error(JSON.stringify(diagnostics));
  const ev = compile(checked).evaluate(bars);
  if (isEvalFailure(ev)) throw new Error(JSON.stringify(ev.diagnostics));
  return ev;
}

/** Whether a rule's position condition holds (a closure, or a PositionTest the simulator reads). */
function holds(r: OrderRule, t: number, s: Float64Array): boolean {
  const a = r.also;
  return a === undefined ? true : typeof a === 'function' ? a(t, s) : passes(a, t, s);
}

const state = (size: number, avg = Number.NaN) => {
  const s = new Float64Array(4);
  s[POS_SIZE] = size;
  s[POS_AVG_PRICE] = avg;
  return s;
};

describe('conditions that read the position', () => {
  it('keep their position-free conjuncts as a mask and the rest as a closure', () => {
    const ev = evaluate(
      'f = sma(close, 5)\nif close > f and position_size == 0 and close > open:\n    buy(market)\nif close < f:\n    sell(market)\n',
    );
    const [buy, sell] = ev.rules;
    const want = Uint8Array.from(bars.close, (c, t) => {
      let s = 0;
      for (let i = t - 4; i <= t; i++) s += bars.close[i];
      return t >= 4 && c > s / 5 && c > bars.open[t] ? 1 : 0;
    });
    expect(Array.from(buy.when)).toEqual(Array.from(want));
    expect(holds(buy, 10, state(0))).toBe(true);
    expect(holds(buy, 10, state(5))).toBe(false);
    // A comparison of a position value with a constant is data the simulator reads, not a closure.
    expect(typeof buy.also).toBe('object');
    // A program that reads no position compiles exactly as before: three fields, no closure.
    expect(Object.keys(sell).sort()).toEqual(['kind', 'size', 'when']);
  });

  it('negate an elif’s earlier branch whole, and put an or with a position term whole in the closure', () => {
    const ev = evaluate(
      'if position_size > 0 and close > open:\n    sell(market)\nelif close < open or position_size < 0:\n    buy(market)\n',
    );
    const buy = ev.rules[1];
    expect(Array.from(buy.when).every((x) => x === 1)).toBe(true);
    const up = bars.close.findIndex((c, t) => c > bars.open[t]);
    const down = bars.close.findIndex((c, t) => c < bars.open[t]);
    // Long on an up bar: the first branch holds, so not the elif.
    expect(holds(buy, up, state(3))).toBe(false);
    expect(holds(buy, down, state(3))).toBe(true);
    expect(holds(buy, up, state(-3))).toBe(true);
    expect(holds(buy, up, state(0))).toBe(false);
  });

  it('follow the series rules on na, division by zero and != in their scalar closures', () => {
    const r = rng(9);
    const vals = [Number.NaN, 0, -1, 1, 2.5, 0, Number.NaN];
    const ops = ['<', '<=', '>', '>=', '==', '!='];
    const pick = (xs: readonly string[]) => xs[Math.floor(r() * xs.length)];
    const arith = ['+', '-', '*', '/', '%'];
    for (let i = 0; i < 60; i++) {
      const a = arith[Math.floor(r() * arith.length)];
      const c = ops[Math.floor(r() * ops.length)];
      // The same expression on position_size (a closure) and on a series holding the same value.
      const k = 1 + Math.floor(r() * 3);
      const src = (x: string) =>
        `strategy("t", pyramiding=1)\nif (${x} ${a} ${k}) ${c} (close ${a} close) or abs(${x}) ${c} 1:\n    buy(market)\n`;
      // And a chain of plain comparisons with constants (fused into one closure).
      const join = r() < 0.5 ? 'or' : 'and';
      const other = pick(ops);
      const chain = (x: string) =>
        `if (${x} ${c} ${k - 2} ${join} ${k} ${other} ${x}) and close > 0:\n    buy(market)\n`;
      const closure = evaluate(src('position_size')).rules[0];
      const fused = evaluate(chain('position_size')).rules[0];
      for (const v of vals) {
        const x = `(close * 0 + ${Number.isNaN(v) ? 'na' : `(${v})`})`;
        const series = evaluate(src(x)).rules[0];
        expect(holds(closure, 20, state(v)), `${src('x')} with x = ${v}`).toBe(series.when[20] === 1);
        const got = fused.when[20] === 1 && holds(fused, 20, state(v)) === true;
        expect(got, `${chain('x')} with x = ${v}`).toBe(evaluate(chain(x)).rules[0].when[20] === 1);
      }
    }
  });

  it('are run as the simulation walks: the same trades as the engine given the same closure', () => {
    const src =
      'f = sma(close, 8)\nif crossover(close, f) and position_size == 0:\n    buy(market, 50%)\nif bars_since_entry >= 7 or open_profit < -2%:\n    exit()\n';
    const r = runProgram(src, bars);
    if (!r.ok) throw new Error(r.report);
    const ev = evaluate(src);
    const hand: OrderRule[] = [
      {
        ...ev.rules[0],
        also: (_, s) => s[POS_SIZE] === 0,
      },
      {
        kind: 'exit',
        size: ev.rules[1].size,
        when: ev.rules[1].when,
        also: (_, s) => s[2] >= 7 || s[3] < -0.02,
      },
    ];
    const want = simulate(bars, hand, DEFAULT_SETTINGS);
    expect(tradeList(r.sim.trades)).toEqual(tradeList(want.trades));
    expect(r.sim.trades.count).toBeGreaterThan(5);
    // A run's outcome crosses threads as plain data: the closures stay behind.
    expect(() => structuredClone(outcomeOf(r))).not.toThrow();
  });
});

describe('orders at prices and risk sizing', () => {
  it('compiles limit, cancel_after, price brackets, exit(after), risk sizing and commission', () => {
    const ev = evaluate(
      'strategy("t", commission=1.5)\nif close > open:\n    buy(limit=close * 0.99, size=risk(1%), cancel_after=3)\nstop_loss(price=position_avg_price - 2 * atr(14))\ntake_profit(price=high + 1)\nexit(after=12)\n',
    );
    const [buy] = ev.rules;
    expect(buy.size).toEqual({ kind: 'risk', value: 0.01 });
    expect(buy.cancelAfter).toBe(3);
    const limit = buy.limit as (t: number, s: Float64Array) => number;
    expect(Array.from(bars.close, (_, t) => limit(t, state(0)))).toEqual(
      Array.from(bars.close, (c) => c * 0.99),
    );
    const a = atr(bars.high, bars.low, bars.close, 14);
    const sl = buy.stopLossAt as (t: number, s: Float64Array) => number;
    expect(sl(30, state(1, 100))).toBe(100 - 2 * a[30]);
    const tp = buy.takeProfitAt as (t: number, s: Float64Array) => number;
    expect(Array.from(bars.high, (_, t) => tp(t, state(1, 100)))).toEqual(
      Array.from(bars.high, (h) => h + 1),
    );
    expect(ev.settings.exitAfter).toBe(12);
    expect(ev.settings.commission).toBe(1.5);
    // The warm-up counts the stop's atr(14).
    expect(ev.warmup).toBe(14);
  });

  it('gives each entry its own stop_loss=/take_profit= over the top-level ones (longs and shorts)', () => {
    const src =
      'f = sma(close, 5)\nif crossover(close, f):\n    buy(market, size=risk(1%), stop_loss=position_avg_price - 0.3 * atr(14))\nif crossunder(close, f):\n    short(market, size=risk(1%), stop_loss=position_avg_price + 0.3 * atr(14))\ntake_profit(price=position_avg_price * 1.5)\n';
    const ev = evaluate(src);
    const a = atr(bars.high, bars.low, bars.close, 14);
    const at = (p: unknown, t: number, avg: number) =>
      (p as (t: number, s: Float64Array) => number)(t, state(1, avg));
    expect(at(ev.rules[0].stopLossAt, 30, 100)).toBe(100 - 0.3 * a[30]);
    expect(at(ev.rules[1].stopLossAt, 30, 100)).toBe(100 + 0.3 * a[30]);
    expect(at(ev.rules[1].takeProfitAt, 30, 100)).toBe(150);
    const r = runProgram(src, bars);
    if (!r.ok) throw new Error(r.report);
    const shorts = tradeList(r.sim.trades).filter((t) => t.side === 'short' && t.exitReason === 'stop loss');
    expect(shorts.length).toBeGreaterThan(0);
    for (const t of shorts) expect(t.exitPrice).toBeGreaterThan(t.entryPrice);
  });

  it('runs "buy the 20-bar high with a stop 2 ATR under the entry, risk 1%": each stop loses 1%', () => {
    const src =
      'hi = highest(high, 20)\nif close > hi[1]:\n    buy(market, size=risk(1%))\nstop_loss(price=position_avg_price - 2 * atr(14))\nexit(after=10)\n';
    const r = runProgram(src, bars);
    if (!r.ok) throw new Error(r.report);
    const trades = tradeList(r.sim.trades);
    const stopped = trades.filter((t) => t.exitReason === 'stop loss');
    expect(trades.some((t) => t.exitReason === 'time')).toBe(true);
    expect(stopped.length).toBeGreaterThan(0);
    for (const t of stopped) {
      const before = t.entryBar > 0 ? r.sim.equity[t.entryBar - 1] : 10_000;
      // Filled at its level (no gap): the loss is 1% of the equity at the entry (flat before it).
      if (t.exitPrice !== bars.open[t.exitBar]) expect(t.pnl).toBeCloseTo(-0.01 * before, 6);
    }
  });
});
