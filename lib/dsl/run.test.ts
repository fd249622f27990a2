// runProgram end to end: source to statistics, failures as printed diagnostics, and the parity program.
import { describe, expect, it } from 'vitest';
import { expectParityFigures } from '../../testing/parity';
import { computeStats, simulate } from '../engine';
import { runProgram } from './run';
import { randomBars, readGoog } from './testkit';

const CROSS = `strategy("cross", fee=0.1%)
fast = input(10, min=2, max=50)
f = sma(close, fast)
s = sma(close, 30)
if crossover(f, s):
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
`;

describe('runProgram', () => {
  const bars = randomBars(800, 21);

  it('gives the same backtest as simulating the compiled rules by hand', () => {
    const r = runProgram(CROSS, bars, { params: { fast: 12 } });
    if (!r.ok) throw new Error(r.report);
    expect(r.compiled.title).toBe('cross');
    const sim = simulate(bars, r.eval.rules, r.eval.settings);
    expect(r.sim.equity).toEqual(sim.equity);
    expect(r.stats).toEqual(computeStats(bars, sim, { warmupBars: 29 }));
    expect(r.eval.warmup).toBe(29);
    expect(r.stats['# Trades']).toBeGreaterThan(0);
  });

  it('holds one entry at a time unless strategy(pyramiding=N) allows N', () => {
    // The condition holds on every bar: each bar signals a 25% buy (filled at the next open).
    const body = 'if close > 0:\n    buy(market, 25%)\n';
    const entries = (src: string) => {
      const r = runProgram(src, bars);
      if (!r.ok) throw new Error(r.report);
      return Array.from(r.sim.trades.entryBar.subarray(0, r.sim.trades.count));
    };
    expect(entries(body)).toEqual([1]);
    expect(entries(`strategy("p", pyramiding=1)\n${body}`)).toEqual([1]);
    expect(entries(`strategy("p", pyramiding=3)\n${body}`)).toEqual([1, 2, 3]);
  });

  it('returns the diagnostics, printed with the file name, instead of throwing', () => {
    const r = runProgram('f = smaa(close, 10)\n', bars, { fileName: 'bad.bt' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => d.code)).toContain('unknown-function');
    expect(r.report).toContain('--> bad.bt:1:5');
    const p = runProgram(CROSS, bars, { params: { fast: 99 } });
    expect(!p.ok && p.diagnostics.map((d) => d.code)).toEqual(['bad-param']);
  });
});

describe('parity: SmaCross on GOOG (../shared/spec/parity.md)', () => {
  it('reproduces every figure of backtesting.py 0.6.6 through the language', () => {
    const src = `strategy("SmaCross", capital=10000, fee=0.2%, units="whole")
fast = input(10)
slow = input(20)
f = sma(close, fast)
s = sma(close, slow)
if crossover(f, s):
    cover(market, 100%)
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
    short(market, 100%)
`;
    const r = runProgram(src, readGoog());
    if (!r.ok) throw new Error(r.report);
    expect(r.eval.warmup).toBe(19);
    expect(r.stats['# Trades']).toBe(93);
    expectParityFigures(r.stats);
  });
});
