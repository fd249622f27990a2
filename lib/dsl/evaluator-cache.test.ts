// The evaluator's shared cache (the one a parameter sweep hands to every run): what it keeps and under
// which keys, expressions too long to key, higher timeframes, and the internal guard against reading the
// position as a whole series. Keys and values are written out by hand from the bars below.
import { describe, expect, it } from 'vitest';
import type { Bars, SeriesCache } from '../engine';
import type { Expr } from './ast';
import { checkSource } from './checker';
import type { EvalResult } from './compiler';
import { compile, isEvalFailure } from './compiler';
import { Evaluator } from './evaluator';
import { formatDiagnostics } from './print';

const NaN_ = Number.NaN;
const DAY = 86_400_000;
/** 17 daily bars, weekends included, from Monday 1 January 2024: weeks end on bars 6 and 13 (Sundays). */
const close = [10, 12, 11, 13, 12, 14, 16, 15, 17, 16, 18, 20, 19, 21, 20, 22, 24];
const bars: Bars = {
  time: Float64Array.from(close, (_, i) => Date.UTC(2024, 0, 1) + i * DAY),
  open: Float64Array.from(close, (c) => c - 1),
  high: Float64Array.from(close, (c) => c + 2),
  low: Float64Array.from(close, (c) => c - 2),
  close: Float64Array.from(close),
  volume: Float64Array.from(close, (_, i) => 100 * (i + 1)),
};

function evaluate(src: string, cache?: SeriesCache, b: Bars = bars): EvalResult {
  const { checked, diagnostics } = checkSource(`${src}\nif close > 0:\n    buy(market)\n`);
  if (!checked.ok) throw new Error(formatDiagnostics(src, diagnostics));
  const r = compile(checked).evaluate(b, {}, cache);
  if (isEvalFailure(r)) throw new Error(formatDiagnostics(src, r.diagnostics));
  return r;
}

const series = (r: EvalResult, name: string): number[] => Array.from(r.series[name].values);
/** Trailing mean of the last n values, NaN before n values (reference loop). */
const smaRef = (x: readonly number[], n: number): number[] =>
  x.map((_, i) => (i < n - 1 ? NaN_ : x.slice(i - n + 1, i + 1).reduce((a, b) => a + b, 0) / n));
/**
 * Lines naming `close + 1 + ... + 1` (`count` ones) one step at a time (an expression nests 64 deep at
 * most): `x1 = close + 1`, `x2 = x1 + 1`, ...; a name is keyed by what it holds, `+(+(close,1),1)`, ...
 */
const ones = (x: string, count: number, from = 'close'): string =>
  Array.from({ length: count }, (_, i) => `${x}${i + 1} = ${i === 0 ? from : `${x}${i}`} + 1`).join('\n');

describe('the shared cache', () => {
  it('holds each kernel and built-in result under a key naming what it computed', () => {
    const cache: SeriesCache = new Map();
    evaluate(
      [
        'a = hl2',
        'b = hlc3',
        'c = ohlc4',
        'd = bar_index',
        'r = change(close)',
        's = sma(close + open, 2)',
        't = sma(s, 3)',
        '[m, g, h] = macd(close, 1, 22, 69)',
        'w = htf("1w", sma(close, 2))',
        'v = sma(htf("1w", close), 2)',
      ].join('\n'),
      cache,
    );
    expect([...cache.keys()].sort()).toEqual(
      [
        'dsl:hl2',
        'dsl:hlc3',
        'dsl:ohlc4',
        'dsl:bar_index',
        // The length left out takes its default, 1.
        'dsl:change(close,1)',
        'dsl:sma(+(close,open),2)',
        // A name is keyed by the expression it holds, so `sma(s, 3)` shares its entry with the same call
        // written out in full.
        'dsl:sma(sma(+(close,open),2),3)',
        'dsl:macd(close,1,22,69)',
        // The weekly bars (as seen from a daily chart) and what was computed on them, apart from the
        // daily results.
        'dsl:htf-bars:1w@1d',
        'dsl:htf:1w@1d:sma(close,2)',
        // A call on a weekly series is keyed by the timeframe and what was computed on it.
        'dsl:sma(htf:1w(close),2)',
      ].sort(),
    );
  });

  it('is shared between a name and the expression it holds, and between equal calls of two programs', () => {
    const cache: SeriesCache = new Map();
    const a = evaluate('s = sma(close + open, 2)\nt = sma(s, 3)', cache);
    const size = cache.size;
    const b = evaluate('t = sma(sma(close + open, 2), 3)', cache);
    expect(cache.size).toBe(size);
    expect(b.series.t.values).toBe(a.series.t.values);
    const sum = close.map((c) => c + c - 1);
    const want = smaRef(smaRef(sum, 2), 3);
    expect(series(b, 't').map((x) => +x.toFixed(9))).toEqual(want.map((x) => +x.toFixed(9)));
  });

  it('keeps what others put in a cache it has not seen before', () => {
    const cache: SeriesCache = new Map([['mine', 42]]);
    evaluate('a = sma(close, 2)', cache);
    expect(cache.get('mine')).toBe(42);
    expect(cache.has('dsl:sma(close,2)')).toBe(true);
  });

  it('keeps the same call on the chart and on weekly bars apart', () => {
    const src = 'a = sma(close, 2)\nw = htf("1w", sma(close, 2))';
    const cache: SeriesCache = new Map();
    for (const r of [evaluate(src, cache), evaluate(src, cache), evaluate(src)]) {
      expect(series(r, 'a')).toEqual(smaRef(close, 2));
      // Weekly closes 16 (bar 6) and 21 (bar 13); their 2-week mean is seen from the Sunday that ends
      // the second week.
      expect(series(r, 'w')).toEqual([...Array(13).fill(NaN_), 18.5, 18.5, 18.5, 18.5]);
    }
    expect(cache.has('dsl:sma(close,2)')).toBe(true);
  });
});

describe('keys too long to build', () => {
  it('a key of 512 characters is kept, one of 513 is not: that call is computed on its own', () => {
    // sma(close + 1 ... + 1 + c, 2) with 98 ones: 'sma(' + '+(' × 99 + 'close' + ',1)' × 98 + ',' + c + ')'
    // + ',2)' = 4 + 198 + 5 + 294 + 2 + 3 = 506 characters and the constant's: 1.125 -> 511, 1.0625 -> 512,
    // 1.03125 -> 513.
    const at = (c: string) => `sma(x98 + ${c}, 2)`;
    const key = (c: string) => `sma(${'+('.repeat(99)}close${',1)'.repeat(98)},${c}),2)`;
    expect(key('1.0625').length).toBe(512);
    const cache: SeriesCache = new Map();
    const r = evaluate(
      `${ones('x', 98)}\na = ${at('1.125')}\nb = ${at('1.0625')}\nc = ${at('1.03125')}`,
      cache,
    );
    expect([...cache.keys()].filter((k) => k.startsWith('dsl:sma')).sort()).toEqual([
      `dsl:${key('1.0625')}`,
      `dsl:${key('1.125')}`,
    ]);
    const want = (c: number) => smaRef(close, 2).map((x) => x + 98 + c);
    expect(series(r, 'a')).toEqual(want(1.125));
    expect(series(r, 'b')).toEqual(want(1.0625));
    expect(series(r, 'c')).toEqual(want(1.03125));
  });

  it('expressions too long to key are never mixed up with each other, in calls or by name', () => {
    // p is close + 120 and q is open + 120 (close + 119): the same shape, told apart only at the start.
    const cache: SeriesCache = new Map();
    const src = [
      ones('p', 120),
      ones('q', 120, 'open'),
      'p = p120',
      'q = q120',
      'x = sma(p, 2)',
      'y = sma(q, 2)',
      'u = p * 2',
      'v = q * 2',
      '[m1, s1, h1] = macd(p, 2, 3, 2)',
      '[m2, s2, h2] = macd(q, 3, 4, 2)',
      'e = m1 * 1',
      'f = m2 * 1',
    ].join('\n');
    for (const r of [evaluate(src, cache), evaluate(src)]) {
      expect(series(r, 'x')).toEqual(smaRef(close, 2).map((x) => x + 120));
      expect(series(r, 'y')).toEqual(smaRef(close, 2).map((x) => x + 119));
      expect(series(r, 'u')).toEqual(close.map((c) => 2 * (c + 120)));
      expect(series(r, 'v')).toEqual(close.map((c) => 2 * (c + 119)));
      // Each output name times one is that output, and the two MACDs (other periods) differ.
      expect(series(r, 'e')).toEqual(series(r, 'm1'));
      expect(series(r, 'f')).toEqual(series(r, 'm2'));
      expect(series(r, 'f')).not.toEqual(series(r, 'e'));
    }
    expect([...cache.keys()].filter((k) => k.length > 4 + 512)).toEqual([]);
  });

  it('count in the warm-up of the rules that use them', () => {
    const { checked } = checkSource(`${ones('p', 120)}\nif sma(p120, 5) > 0:\n    buy(market)\n`);
    const r = compile(checked).evaluate(bars, {});
    if (isEvalFailure(r)) throw new Error('expected a result');
    expect(r.warmup).toBe(4);
  });
});

describe('htf', () => {
  it('a week is seen from its last daily bar (the Sunday), with or without a cache', () => {
    const cache: SeriesCache = new Map();
    for (const r of [evaluate('w = htf("1w", close)', cache), evaluate('w = htf("1w", close)')]) {
      expect(series(r, 'w')).toEqual([...Array(6).fill(NaN_), 16, 16, 16, 16, 16, 16, 16, 21, 21, 21, 21]);
    }
  });

  it("on a single bar (no spacing to read the chart's timeframe from) keys its weekly bars by '?'", () => {
    const cache: SeriesCache = new Map();
    const one: Bars = Object.fromEntries(Object.entries(bars).map(([k, v]) => [k, v.subarray(0, 1)])) as Bars;
    // The one week has not closed: nothing is seen yet.
    expect(series(evaluate('w = htf("1w", close)', cache, one), 'w')).toEqual([NaN_]);
    expect([...cache.keys()]).toEqual(['dsl:htf-bars:1w@?']);
  });

  it('on the chart timeframe is the expression itself', () => {
    const r = evaluate('d = htf("1d", sma(close, 2))\nu = htf("1d", close > open)');
    expect(series(r, 'd')).toEqual(smaRef(close, 2));
    expect(series(r, 'u')).toEqual(close.map(() => 1));
  });
});

describe('the position state', () => {
  it('is never evaluated as a whole series: asking for it is an internal error', () => {
    const { checked } = checkSource(
      'if position_size > 0:\n    sell(market)\nif close > 0:\n    buy(market)\n',
    );
    if (!checked.ok) throw new Error('expected a checked program');
    const node = [...checked.types.keys()].find(
      (e): e is Expr & { kind: 'Name' } => e.kind === 'Name' && e.name === 'position_size',
    );
    if (!node) throw new Error('no position_size node');
    const ev = new Evaluator(checked, bars, new Map());
    expect(() => ev.value(node)).toThrow('internal: position_size evaluated as a whole series');
  });
});
