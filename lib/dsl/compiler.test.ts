// The compiler against naive loops on small bars: masks, nesting, history, iff, na, tuples, memoization.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bars, SeriesCache } from '../engine';
import { bb, getFunction, macd, rsi, sma } from '../engine';
import { checkSource } from './checker';
import type { EvalResult } from './compiler';
import { compile, isEvalFailure } from './compiler';
import { formatDiagnostics } from './print';
import { randomBars, SAMPLES } from './testkit';

const bars = randomBars(300, 5);
const N = bars.close.length;

function run(src: string, params?: Record<string, number>, cache?: SeriesCache, b: Bars = bars): EvalResult {
  const { checked, diagnostics } = checkSource(src);
  if (!checked.ok) throw new Error(formatDiagnostics(src, diagnostics));
  const r = compile(checked).evaluate(b, params, cache);
  if (isEvalFailure(r)) throw new Error(formatDiagnostics(src, r.diagnostics));
  return r;
}

const mask = (f: (t: number) => boolean) => Uint8Array.from({ length: N }, (_, t) => (f(t) ? 1 : 0));
const { open, high, low, close } = bars;

afterEach(() => vi.restoreAllMocks());

describe('masks', () => {
  it('if close > open: buy(...) is the loop close[t] > open[t]', () => {
    const r = run('if close > open:\n    buy(market, 100%)\nsell(market)\n');
    expect(r.rules[0]).toEqual({
      kind: 'buy',
      size: { kind: 'percent', value: 1 },
      when: mask((t) => close[t] > open[t]),
    });
    expect(r.rules[1].when).toEqual(mask(() => true));
  });

  it('nested if/elif/else AND their conditions and negate the earlier branches', () => {
    const src = [
      'if close > open:',
      '    buy(market)',
      '    if high - close < close - low:',
      '        buy(market, 50%)',
      'elif close < open[1]:',
      '    sell(market)',
      'else:',
      '    exit()',
      '',
    ].join('\n');
    const r = run(src);
    const up = (t: number) => close[t] > open[t];
    const strong = (t: number) => high[t] - close[t] < close[t] - low[t];
    const down = (t: number) => t >= 1 && close[t] < open[t - 1];
    expect(r.rules.map((x) => x.kind)).toEqual(['buy', 'buy', 'sell', 'exit']);
    expect(r.rules[0].when).toEqual(mask(up));
    expect(r.rules[1].when).toEqual(mask((t) => up(t) && strong(t)));
    expect(r.rules[1].size).toEqual({ kind: 'percent', value: 0.5 });
    expect(r.rules[2].when).toEqual(mask((t) => !up(t) && down(t)));
    expect(r.rules[3].when).toEqual(mask((t) => !up(t) && !down(t)));
    for (let t = 0; t < N; t++) expect(r.rules[0].when[t] + r.rules[2].when[t] + r.rules[3].when[t]).toBe(1);
  });

  it('reads history: x[n] is n bars ago, na (so false) before the start', () => {
    const r = run(
      'k = input(2)\nif close[k] > close and (close > open)[1]:\n    buy(market)\nsell(market)\n',
    );
    expect(r.rules[0].when).toEqual(
      mask((t) => t >= 2 && close[t - 2] > close[t] && close[t - 1] > open[t - 1]),
    );
    const r3 = run('k = input(2)\nif close[k] > close:\n    buy(market)\nsell(market)\n', { k: 3 });
    expect(r3.rules[0].when).toEqual(mask((t) => t >= 3 && close[t - 3] > close[t]));
  });

  it('compares conditions with == and !=', () => {
    const r = run(
      'if (close > open) == (high - close > 0.5):\n    buy(market)\nif (close > open) != true:\n    sell(market)\n',
    );
    expect(r.rules[0].when).toEqual(mask((t) => close[t] > open[t] === high[t] - close[t] > 0.5));
    expect(r.rules[1].when).toEqual(mask((t) => !(close[t] > open[t])));
  });

  it('treats constant conditions as all or nothing', () => {
    const r = run('if 1 < 2:\n    buy(market)\nif false or 2 > 3:\n    sell(market)\n');
    expect(r.rules[0].when).toEqual(mask(() => true));
    expect(r.rules[1].when).toEqual(mask(() => false));
  });
});

describe('values', () => {
  it('computes built-in series, arithmetic and iff like the loop', () => {
    const r = run(
      'a = hl2\nb = ohlc4 - hlc3\nc = iff(close > open, high, low * 2)\nd = bar_index % 7\ne = close / 0\nif a > c:\n    buy(market)\nsell(market)\n',
    );
    const s = (n: string) => Array.from(r.series[n].values);
    expect(s('a')).toEqual(Array.from({ length: N }, (_, t) => (high[t] + low[t]) / 2));
    const b = s('b');
    for (let t = 0; t < N; t++) {
      expect(b[t]).toBeCloseTo(
        (open[t] + high[t] + low[t] + close[t]) / 4 - (high[t] + low[t] + close[t]) / 3,
        12,
      );
    }
    expect(s('c')).toEqual(Array.from({ length: N }, (_, t) => (close[t] > open[t] ? high[t] : low[t] * 2)));
    expect(s('d')).toEqual(Array.from({ length: N }, (_, t) => t % 7));
    expect(s('e').every(Number.isNaN)).toBe(true);
    expect(r.series.c.kind).toBe('number');
    expect(r.series.a.pane).toBe('price');
  });

  it('propagates na through arithmetic; comparisons with na and if na are false', () => {
    const r = run(
      'x = close + na\nif x > 0 or close > na:\n    buy(market)\nif na:\n    sell(market)\nelse:\n    exit()\n',
    );
    expect(Array.from(r.series.x.values).every(Number.isNaN)).toBe(true);
    expect(r.rules[0].when).toEqual(mask(() => false));
    expect(r.rules[1].when).toEqual(mask(() => false));
    expect(r.rules[2].when).toEqual(mask(() => true));
  });

  it('destructures tuples into the kernel outputs', () => {
    const r = run(
      '[m, s, h] = macd(close, 12, 26, 9)\nif crossover(m, s):\n    buy(market)\nif h < 0:\n    sell(market)\n',
    );
    const [m, s, h] = macd(close, 12, 26, 9);
    expect(r.series.m.values).toEqual(m);
    expect(r.series.s.values).toEqual(s);
    expect(r.series.h.values).toEqual(h);
    expect(r.series.s).toMatchObject({ fn: 'macd', output: 'signal', pane: 'separate', kind: 'number' });
    expect(r.rules[1].when).toEqual(mask((t) => h[t] < 0));
    expect(r.rules[0].when).toEqual(mask((t) => t > 0 && m[t] > s[t] && m[t - 1] <= s[t - 1]));
  });

  it('passes keyword and default arguments to the kernel in the registry order', () => {
    const r = run(
      '[mid, up, lo] = bb(close, mult=3, n=10)\nd = change(close)\nif close > up:\n    buy(market)\nif crossunder(close, mid):\n    sell(market)\n',
    );
    const [mid, up] = bb(close, 10, 3);
    expect(r.series.mid.values).toEqual(mid);
    expect(r.series.up.values).toEqual(up);
    expect(Array.from(r.series.d.values).slice(1)).toEqual(
      Array.from({ length: N - 1 }, (_, i) => close[i + 1] - close[i]),
    );
  });
});

describe('parameters, settings, warm-up', () => {
  const SRC = [
    'strategy("p", size=25%, fee=0.1%)',
    'fast = input(10, min=2, max=50)',
    'risk = input(5%, min=1%, max=20%)',
    'f = sma(close, fast)',
    'r = rsi(close, 14)',
    'if close > f and r < 70:',
    '    buy(market)',
    'if close < f:',
    '    sell(market, 100%)',
    'stop_loss(risk)',
    '',
  ].join('\n');

  it('uses inputs at their defaults, or the parameters given', () => {
    const d = run(SRC);
    expect(d.params).toEqual({ fast: 10, risk: 0.05 });
    expect(d.series.f.values).toEqual(sma(close, 10));
    expect(d.settings).toMatchObject({ fee: 0.001, stopLoss: 0.05 });
    expect(d.rules[0].size).toEqual({ kind: 'percent', value: 0.25 });
    expect(d.rules[1].size).toEqual({ kind: 'percent', value: 1 });
    const p = run(SRC, { fast: 20, risk: 0.1 });
    expect(p.series.f.values).toEqual(sma(close, 20));
    expect(p.settings.stopLoss).toBe(0.1);
    const rs = rsi(close, 14);
    const f20 = sma(close, 20);
    expect(p.rules[0].when).toEqual(mask((t) => close[t] > f20[t] && rs[t] < 70));
  });

  it('measures the warm-up on the indicators the rules use', () => {
    expect(run(SRC).warmup).toBe(14);
    expect(run(SRC, { fast: 30 }).warmup).toBe(29);
    expect(
      run(
        'hh = highest(high, 20)[1]\nunused = sma(close, 100)\nif close > hh:\n    buy(market)\nsell(market)\n',
      ).warmup,
    ).toBe(19);
    expect(run('if close > open:\n    buy(market)\nsell(market)\n').warmup).toBe(0);
  });

  it('reports values that only become invalid with the parameters given', () => {
    const { checked } = checkSource(
      'n = input(10)\nk = input(1)\nx = sma(close, n)[k]\nif close > x:\n    buy(market)\nsell(market)\n',
    );
    const c = compile(checked);
    const bad = c.evaluate(bars, { n: 0, k: -1 });
    expect(isEvalFailure(bad) && bad.diagnostics.map((d) => [d.code, d.span.line, d.span.col])).toEqual([
      ['arg-range', 3, 16],
      ['lookahead', 3, 19],
    ]);
    expect(isEvalFailure(c.evaluate(bars, { n: 12, k: 2 }))).toBe(false);
  });

  it('refuses to compile a program with errors', () => {
    expect(() => compile(checkSource('x = smaa(close, 3)\n').checked)).toThrow(/has errors/);
  });
});

describe('memoization', () => {
  it('computes each distinct call once per evaluation (structural keys, inputs substituted)', () => {
    const spy = vi.spyOn(getFunction('sma')!, 'compute');
    run(
      'n = input(10)\na = sma(close, 10)\nb = sma(close, n)\nc = sma(close, 5 + 5)\nd = sma(open, 10)\nif a + b > c + d:\n    buy(market)\nsell(market)\n',
    );
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('reuses a cache across evaluations on the same bars: a sweep computes each indicator once', () => {
    const spy = vi.spyOn(getFunction('sma')!, 'compute');
    const { checked } = checkSource(
      'fast = input(10)\nf = sma(close, fast)\ns = sma(close, 30)\nif crossover(f, s):\n    buy(market)\nif crossunder(f, s):\n    sell(market)\n',
    );
    const c = compile(checked);
    const cache: SeriesCache = new Map();
    const results = [5, 10, 5, 10, 20].map((fast) => c.evaluate(bars, { fast }, cache) as EvalResult);
    expect(spy).toHaveBeenCalledTimes(4); // sma 5, 10, 20 and the slow one
    expect(results[2].rules[0].when).toEqual(results[0].rules[0].when);
    const other = randomBars(N, 99);
    const r = c.evaluate(other, { fast: 5 }, cache) as EvalResult;
    expect(r.series.f.values).toEqual(sma(other.close, 5));
  });
});

describe('edge cases', () => {
  it('evaluates on 0, 1 and 3 bars without throwing: indicators are simply not defined yet', () => {
    for (const n of [0, 1, 3]) {
      const b = randomBars(n, 8);
      for (const src of SAMPLES) {
        const r = run(src, undefined, undefined, b);
        for (const rule of r.rules) expect(rule.when).toHaveLength(n);
      }
    }
  });

  it('rejects bars whose columns differ in length', () => {
    const b = { ...bars, open: bars.open.subarray(1) };
    const { checked } = checkSource('if close > open:\n    buy(market)\nsell(market)\n');
    expect(() => compile(checked).evaluate(b)).toThrow(/bars.open has 299 values/);
  });
});
