// htf(TF, EXPR) in the language: hand-computed weeks through the whole pipeline, the checker's and the
// run's diagnostics, the chart timeframe, the residual split and the cost estimate.
import { describe, expect, it } from 'vitest';
import type { Bars } from '../engine';
import { holidayWeeks } from '../engine/indicators/test-helpers';
import { checkSource } from './checker';
import { compile, isEvalFailure } from './compiler';
import { RESAMPLE_SERIES } from './cost';
import type { Diagnostic } from './diagnostics';
import { runProgram } from './run';
import { randomBars } from './testkit';

const N = Number.NaN;
const STOCK = holidayWeeks();
const EXIT = 'if close > open:\n    buy(market)\nif close < open:\n    sell(market)\n';

/** The named series of a program (bindings) run on `bars`; throws with the report when it fails. */
function seriesOf(src: string, bars: Bars, timeframe?: string): Record<string, number[]> {
  const r = runProgram(src + EXIT, bars, { timeframe });
  if (!r.ok) throw new Error(r.report);
  return Object.fromEntries(Object.entries(r.eval.series).map(([k, v]) => [k, [...v.values]]));
}

function errors(src: string): Diagnostic[] {
  return checkSource(src).diagnostics.filter((d) => d.severity === 'error');
}

function runErrors(src: string, bars: Bars, timeframe?: string): Diagnostic[] {
  const { checked, diagnostics } = checkSource(src + EXIT);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const r = compile(checked).evaluate(bars, {}, undefined, { timeframe });
  return isEvalFailure(r) ? r.diagnostics : [];
}

describe('htf on four weeks of daily stock bars (a holiday, a missing day, an unfinished week)', () => {
  // Weekly by hand (test-helpers holidayWeeks): close 12.5 16.5 21.5 24.5; a week shows from the next
  // week's first bar, the unfinished fourth week never.
  it('shows each week on the bars of the next, whether the chart timeframe is given or inferred', () => {
    const want = [N, N, N, N, 12.5, 12.5, 12.5, 12.5, 16.5, 16.5, 16.5, 16.5, 16.5, 21.5, 21.5];
    expect(seriesOf('w = htf("1w", close)\n', STOCK, '1d').w).toEqual(want);
    expect(seriesOf('w = htf("1w", close)\n', STOCK).w).toEqual(want);
    expect(seriesOf('w = htf("1w", close)\n', STOCK, 'auto').w).toEqual(want);
  });

  it('evaluates indicators, conditions, volume and bar_index on the weekly bars', () => {
    const s = seriesOf(
      [
        'a = htf("1w", sma(close, 2))',
        'up = htf("1w", close < high - 3)',
        'v = htf("1w", volume)',
        'k = htf("1w", bar_index)',
        'h = htf("1W", high)',
        '',
      ].join('\n'),
      STOCK,
    );
    // sma(2) of 12.5 16.5 21.5 = na, 14.5, 19; close < high - 3: 12.5<12 no, 16.5<17 yes, 21.5<22 yes.
    expect(s.a).toEqual([N, N, N, N, N, N, N, N, 14.5, 14.5, 14.5, 14.5, 14.5, 19, 19]);
    expect(s.up).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(s.v).toEqual([N, N, N, N, 1000, 1000, 1000, 1000, 100, 100, 100, 100, 100, 15, 15]);
    expect(s.k).toEqual([N, N, N, N, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]);
    expect(s.h).toEqual([N, N, N, N, 15, 15, 15, 15, 20, 20, 20, 20, 20, 25, 25]);
  });

  it('re-evaluates a binding on the weekly bars (Pine’s request.security), leaving it daily on the chart', () => {
    const s = seriesOf('spread = high - low\nws = htf("1w", spread)\n', STOCK);
    expect(s.spread).toEqual([3, 5, 5, 2, 3, 5, 5, 2, 2, 3, 3, 5, 2, 4, 2]);
    expect(s.ws).toEqual([N, N, N, N, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8]);
  });

  it('a month that has not ended is never seen; the chart’s own timeframe is the expression itself', () => {
    const s = seriesOf('m = htf("1M", close)\nd = htf("1d", close)\n', STOCK);
    expect(s.m.every(Number.isNaN)).toBe(true);
    expect(s.d).toEqual([...STOCK.close]);
  });

  it('sets the warm-up to the first bar where a weekly value is defined', () => {
    const r = runProgram(
      `a = htf("1w", sma(close, 2))\nif close > a:\n    buy(market)\n    sell(market)\n`,
      STOCK,
    );
    expect(r.ok && r.eval.warmup).toBe(8);
  });
});

describe('htf: the checker', () => {
  it.each([
    ['"weekly"', '1w'],
    ['"1wk"', '1w'],
    ['"W"', '1w'],
    ['"D"', '1d'],
    ['"daily"', '1d'],
    ['"1mo"', '1M'],
    ['"monthly"', '1M'],
    ['"240"', '4h'],
    ['"4 hours"', '4h'],
    ['"15min"', '15m'],
    ['"1dd"', '1d'],
  ])('htf(%s, …) is htf-timeframe with "did you mean %s"', (tf, best) => {
    const src = `x = htf(${tf}, close)\n`;
    const [d] = errors(src);
    expect(d.code).toBe('htf-timeframe');
    expect(d.message).toContain(`did you mean "${best}"?`);
    expect(d.span.offset).toBe(src.indexOf(tf));
    expect(d.span.length).toBe(tf.length);
  });

  it('accepts the data layer’s spellings (upper-case H/D/W) and names the list for unknown ones', () => {
    for (const tf of ['1w', '1W', '4H', '1d', '1M', '15m'])
      expect(errors(`x = htf("${tf}", close)\n`)).toEqual([]);
    const [d] = errors('x = htf("2w", close)\n');
    expect(d.message).toBe('unknown timeframe "2w"');
    expect(d.hint).toContain('1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M');
  });

  it.each([
    ['x = htf(1, close)\n', 'htf-timeframe', /must be a string/],
    ['x = htf("1w")\n', 'arity', /takes 2 arguments/],
    ['x = htf("1w", close, 3)\n', 'arity', /got 3/],
    ['x = htf("1w", expr=close)\n', 'unknown-keyword', /no keyword arguments/],
    ['x = htf("1w", macd(close, 12, 26, 9))\n', 'tuple-value', /returns 3 series/],
    ['x = htf("1w", "close")\n', 'not-numeric', /got a string/],
    ['x = htf("1w", htf("1d", close))\n', 'htf-nested', /cannot hold another htf/],
    ['w = htf("1d", close)\nx = htf("1w", w * 2)\n', 'htf-nested', /cannot hold another htf/],
    ['p = position_size\nx = htf("1w", p > 0)\n', 'position-state', /only known bar by bar/],
    ['htf = 1\n', 'rebinding', /built-in function/],
    ['x = hft("1w", close)\n', 'unknown-function', /did you mean 'htf'/],
    ['x = htf\n', 'unknown-name', /is a function: call it/],
    ['if htf("1w", close):\n    buy(market)\n', 'not-boolean', /got a number series/],
  ])('%j → %s', (src, code, message) => {
    const ds = errors(src);
    expect(ds.map((d) => d.code)).toContain(code);
    expect(ds.find((d) => d.code === code)!.message).toMatch(message);
  });

  it('types htf like its expression: a condition can guard an order, a number compare', () => {
    expect(errors(`if htf("1w", close > sma(close, 20)):\n    buy(market)\n`)).toEqual([]);
    expect(errors(`if htf("1w", close) > htf("1w", sma(close, 20)):\n    buy(market)\n`)).toEqual([]);
    expect(errors(`if crossover(close, htf("1w", close))[1]:\n    buy(market)\n`)).toEqual([]);
  });
});

describe('htf: against the chart’s timeframe (when the program runs)', () => {
  const src = 'x = htf("1h", close)\n';

  it('a lower timeframe is htf-lower, naming the inferred or given chart timeframe', () => {
    const [d] = runErrors(src, STOCK);
    expect(d.code).toBe('htf-lower');
    expect(d.message).toBe(
      'htf("1h", ...) asks for 1h bars, but the chart\'s bars are 1d (inferred from the spacing of the bars): a higher timeframe must be at least the chart\'s',
    );
    expect(d.span.offset).toBe(src.indexOf('"1h"'));
    const [g] = runErrors('x = htf("1d", close)\n', STOCK, '1w');
    expect(g.message).toContain("the chart's bars are 1w:");
    // Weeks straddle months: a weekly chart has no higher timeframe here (the data layer's rule).
    expect(g.hint).toBe('run the strategy on 1d bars or finer');
  });

  it('"1m" on daily bars reminds that a month is "1M"', () => {
    const [d] = runErrors('x = htf("1m", close)\n', STOCK);
    expect(d.hint).toMatch(/^"1m" is one minute, a month is "1M"; use "3d", "1w", "1M"/);
  });

  it('chart bars that straddle the buckets (3d bars into weeks) are htf-lower too', () => {
    const b = randomBars(40, 2);
    const threeDays = { ...b, time: b.time.map((_, i) => Date.UTC(2024, 0, 1) + i * 3 * 86_400_000) };
    const [d] = runErrors('x = htf("1w", close)\n', threeDays);
    expect(d.message).toBe(
      'htf("1w", ...) cannot be built from the chart\'s 3d bars: 1w is not a whole number of 3d bars',
    );
  });

  it('a given timeframe wins over the bars’ spacing: daily bars called hourly show a week on Monday', () => {
    // As hourly bars, no bar reaches its week's end: the same weeks as on a daily chart here.
    expect(runErrors('x = htf("1w", close)\n', STOCK, '1h')).toEqual([]);
    expect(seriesOf('w = htf("1w", close)\n', STOCK, '1h').w.slice(3, 5)).toEqual([N, 12.5]);
  });
});

describe('htf with the position state (residual split)', () => {
  it('trades exactly as the same rule without a redundant position guard', () => {
    const bars = randomBars(700, 5);
    const body = (guard: string) =>
      `wk = htf("1w", close > sma(close, 4))\nif crossover(close, sma(close, 10)) and wk${guard}:\n    buy(market)\nif crossunder(close, sma(close, 10)):\n    sell(market)\n`;
    const plain = runProgram(body(''), bars);
    const guarded = runProgram(body(' and position_size == 0'), bars);
    const either = runProgram(
      `wk = htf("1w", close > sma(close, 4))\nif (position_size == 0 or htf("1w", close) > 0) and crossover(close, sma(close, 10)) and wk:\n    buy(market)\nif crossunder(close, sma(close, 10)):\n    sell(market)\n`,
      bars,
    );
    if (!plain.ok || !guarded.ok || !either.ok) throw new Error('does not run');
    expect(plain.stats['# Trades']).toBeGreaterThan(3);
    expect(guarded.sim.trades).toEqual(plain.sim.trades);
    expect(either.sim.trades).toEqual(plain.sim.trades);
  });
});

describe('htf: the cost estimate', () => {
  const est = (src: string) => {
    const { checked } = checkSource(src + EXIT);
    return compile(checked).estimate(1000);
  };

  it('adds the resampled bars once per timeframe, and a binding again per timeframe it is read on', () => {
    const base = est('a = sma(close, 20)\nx = a\n').series;
    // htf("1w", a): its own series (1), the resampled bars (7), sma again on weekly bars (1).
    expect(est('a = sma(close, 20)\nx = htf("1w", a)\n').series).toBe(base + 1 + RESAMPLE_SERIES + 1);
    // A second weekly read of a shares the bars and the weekly sma: only its own series.
    expect(est('a = sma(close, 20)\nx = htf("1w", a)\ny = htf("1w", a)\n').series).toBe(
      base + 2 + RESAMPLE_SERIES + 1,
    );
    // Monthly too: its own bars and its own sma.
    expect(est('a = sma(close, 20)\nx = htf("1w", a)\ny = htf("1M", a)\n').series).toBe(
      base + 2 + 2 * (RESAMPLE_SERIES + 1),
    );
    // An indicator written inside htf is counted where it is written.
    expect(est('x = htf("1w", sma(close, 20))\n').series).toBe(base + 1 + RESAMPLE_SERIES);
  });
});
