// The evaluator on six hand-written bars: every operator, built-in series, history, iff, parameter
// problems found at run time and the cache, against values worked out by hand from the table below.
import { describe, expect, it } from 'vitest';
import type { Bars, SeriesCache } from '../engine';
import { checkSource } from './checker';
import type { EvalResult } from './compiler';
import { compile, isEvalFailure } from './compiler';
import { formatDiagnostics } from './print';

const NaN_ = Number.NaN;
const bars: Bars = {
  time: Float64Array.from([1, 2, 3, 4, 5, 6], (d) => Date.UTC(2024, 0, d)),
  open: Float64Array.from([10, 11, 12, 11, 10, 10]),
  high: Float64Array.from([12, 13, 13, 12, 11, 12]),
  low: Float64Array.from([9, 10, 11, 10, 9, 9]),
  close: Float64Array.from([11, 12, 11, 10, 10, 11]),
  volume: Float64Array.from([100, 200, 300, 400, 500, 600]),
};
// close > open:      1  1  0  0  0  1
// close > 10.5:      1  1  1  0  0  1
// close == open:     0  0  0  0  1  0

function evaluate(
  src: string,
  params?: Record<string, number>,
  cache?: SeriesCache,
  b: Bars = bars,
): EvalResult {
  const { checked, diagnostics } = checkSource(`${src}\nif close > 0:\n    buy(market)\n`);
  if (!checked.ok) throw new Error(formatDiagnostics(src, diagnostics));
  const r = compile(checked).evaluate(b, params, cache);
  if (isEvalFailure(r)) throw new Error(formatDiagnostics(src, r.diagnostics));
  return r;
}

/** The values of each named series, as plain arrays. */
function values(src: string, params?: Record<string, number>): Record<string, number[]> {
  const r = evaluate(src, params);
  return Object.fromEntries(Object.entries(r.series).map(([k, v]) => [k, Array.from(v.values)]));
}

describe('unary operators', () => {
  it('not flips a condition bar by bar, -x negates a series', () => {
    const v = values('up = close > open\ndown = not up\nneg = -close\nnn = not not up');
    expect(v.up).toEqual([1, 1, 0, 0, 0, 1]);
    expect(v.down).toEqual([0, 0, 1, 1, 1, 0]);
    expect(v.nn).toEqual([1, 1, 0, 0, 0, 1]);
    expect(v.neg).toEqual([-11, -12, -11, -10, -10, -11]);
  });
});

describe('== and != on numbers', () => {
  it('compare series with series and with constants, on either side', () => {
    const v = values(
      'e = close == open\nd = close != open\nc = close == 11\nk = 11 != close\nh = high - low == 3',
    );
    expect(v.e).toEqual([0, 0, 0, 0, 1, 0]);
    expect(v.d).toEqual([1, 1, 1, 1, 0, 1]);
    expect(v.c).toEqual([1, 0, 1, 0, 0, 1]);
    expect(v.k).toEqual([0, 1, 0, 1, 1, 0]);
    expect(v.h).toEqual([1, 1, 0, 0, 0, 1]);
  });

  it('are both false on bars where a side is na', () => {
    // close[1]: na 11 12 11 10 10 against close 11 12 11 10 10 11.
    const v = values('e = close[1] == close\nd = close[1] != close\nn = close != na');
    expect(v.e).toEqual([0, 0, 0, 0, 1, 0]);
    expect(v.d).toEqual([0, 1, 1, 1, 0, 1]);
    expect(v.n).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('== and != on conditions', () => {
  it('compare two conditions bar by bar', () => {
    const v = values('up = close > open\nhi = close > 10.5\ne = up == hi\nd = up != hi');
    expect(v.e).toEqual([1, 1, 0, 1, 1, 1]);
    expect(v.d).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('compare a condition with true or false, on either side', () => {
    const up = [1, 1, 0, 0, 0, 1];
    const down = [0, 0, 1, 1, 1, 0];
    const v = values(
      'up = close > open\na = up == true\nb = up == false\nc = up != true\nd = up != false\ne = true != up\nf = false == up',
    );
    expect([v.a, v.b, v.c, v.d, v.e, v.f]).toEqual([up, down, down, up, down, down]);
  });
});

describe('arithmetic and comparisons', () => {
  it('each operator gives its own result', () => {
    const v = values(
      [
        'a = close + open',
        's = close - open',
        'm = close * 2',
        'q = close / 2',
        'r = volume % 300',
        'lt = close < 11',
        'le = close <= 11',
        'gt = close > 11',
        'ge = close >= 11',
        'both = close > open and close > 10.5',
        'either = close > open or close == open',
      ].join('\n'),
    );
    expect(v.a).toEqual([21, 23, 23, 21, 20, 21]);
    expect(v.s).toEqual([1, 1, -1, -1, 0, 1]);
    expect(v.m).toEqual([22, 24, 22, 20, 20, 22]);
    expect(v.q).toEqual([5.5, 6, 5.5, 5, 5, 5.5]);
    expect(v.r).toEqual([100, 200, 0, 100, 200, 0]);
    expect(v.lt).toEqual([0, 0, 0, 1, 1, 0]);
    expect(v.le).toEqual([1, 0, 1, 1, 1, 1]);
    expect(v.gt).toEqual([0, 1, 0, 0, 0, 0]);
    expect(v.ge).toEqual([1, 1, 1, 0, 0, 1]);
    expect(v.both).toEqual([1, 1, 0, 0, 0, 1]);
    expect(v.either).toEqual([1, 1, 0, 0, 1, 1]);
  });

  it('a condition used as a number is 0 or 1', () => {
    const v = values('up = close > open\nx = iff(up, 1, 0) + 0\ny = close * iff(close > open, 1, 0)');
    expect(v.x).toEqual([1, 1, 0, 0, 0, 1]);
    expect(v.y).toEqual([11, 12, 0, 0, 0, 11]);
  });
});

describe('built-in series', () => {
  it('hl2, hlc3, ohlc4 and bar_index', () => {
    const v = values('a = hl2\nb = hlc3\nc = ohlc4\nd = bar_index\ne = volume + 0');
    expect(v.a).toEqual([10.5, 11.5, 12, 11, 10, 10.5]);
    expect(v.b).toEqual([32 / 3, 35 / 3, 35 / 3, 32 / 3, 10, 32 / 3]);
    expect(v.c).toEqual([42 / 4, 46 / 4, 47 / 4, 43 / 4, 40 / 4, 42 / 4]);
    expect(v.d).toEqual([0, 1, 2, 3, 4, 5]);
    expect(v.e).toEqual([100, 200, 300, 400, 500, 600]);
  });
});

describe('history', () => {
  it('x[k] reads k bars back: na (numbers) or false (conditions) before the first k bars', () => {
    const v = values('a = close[2]\nb = (close > open)[1]\nc = close[0]\nd = open[7]');
    expect(v.a).toEqual([NaN_, NaN_, 11, 12, 11, 10]);
    expect(v.b).toEqual([0, 1, 1, 0, 0, 0]);
    expect(v.c).toEqual([11, 12, 11, 10, 10, 11]);
    expect(v.d).toEqual([NaN_, NaN_, NaN_, NaN_, NaN_, NaN_]);
  });

  it('an index from an input is read with the run parameters', () => {
    expect(values('n = input(1)\na = close[n]', { n: 3 }).a).toEqual([NaN_, NaN_, NaN_, 11, 12, 11]);
    expect(values('n = input(1)\na = close[n]', { n: 0 }).a).toEqual([11, 12, 11, 10, 10, 11]);
  });

  it('a negative index from an input is refused at run time as look-ahead', () => {
    const { checked } = checkSource('n = input(1)\na = close[n]\nif a > 0:\n    buy(market)\n');
    const r = compile(checked).evaluate(bars, { n: -1 });
    expect(isEvalFailure(r) && r.diagnostics.map((d) => [d.code, d.span.col, d.message])).toEqual([
      ['lookahead', 11, 'history index -1 would read a future bar (with these parameters)'],
    ]);
  });
});

describe('iff', () => {
  it('picks per bar between numbers and between conditions', () => {
    const v = values(
      'up = close > open\nx = iff(up, close, open)\ny = iff(up, 1, low)\nz = iff(up, close == 11, close == 10)',
    );
    expect(v.x).toEqual([11, 12, 12, 11, 10, 11]);
    expect(v.y).toEqual([1, 1, 11, 10, 9, 1]);
    expect(v.z).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('a condition made constant by an input still gives a series of the branch it picks', () => {
    const src = 'n = input(1)\nx = iff(n > 1, close, 5)\nc = iff(n > 1, close > open, false)';
    const on = values(src, { n: 2 });
    const off = values(src, { n: 0 });
    expect(on.x).toEqual([11, 12, 11, 10, 10, 11]);
    expect(on.c).toEqual([1, 1, 0, 0, 0, 1]);
    expect(off.x).toEqual([5, 5, 5, 5, 5, 5]);
    expect(off.c).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('indicator calls', () => {
  it('compute the kernel with the run parameters, defaults filled in', () => {
    const v = values('n = input(2)\na = sma(close, n)\nb = highest(high, 3)', { n: 3 });
    expect(v.a).toEqual([NaN_, NaN_, 34 / 3, 11, 31 / 3, 31 / 3]);
    expect(v.b).toEqual([NaN_, NaN_, 13, 13, 13, 12]);
  });

  it('a length out of range with the run parameters is reported at each call, naming the function', () => {
    const src =
      'n = input(2)\na = sma(close, n)\nb = ema(close, n)\n[m, s, h] = macd(close, n, 26, 9)\nif a > b and m > 0:\n    buy(market)\n';
    const r = compile(checkSource(src).checked).evaluate(bars, { n: 0 });
    if (!isEvalFailure(r)) throw new Error('expected a failure');
    expect(r.diagnostics.map((d) => [d.code, d.span.line, d.span.col, d.message])).toEqual([
      ['arg-range', 2, 16, "'n' of sma must be a whole number from 1 to 5000, got 0 (with these parameters)"],
      ['arg-range', 3, 16, "'n' of ema must be a whole number from 1 to 5000, got 0 (with these parameters)"],
      [
        'arg-range',
        4,
        25,
        "'fast' of macd must be a whole number from 1 to 5000, got 0 (with these parameters)",
      ],
    ]);
  });

  it('two calls with the same arguments are computed once; different arguments are not mixed up', () => {
    const v = values('a = sma(close, 2)\nb = sma(close, 2)\nc = sma(close, 3)\nd = sma(open, 2)');
    expect(v.a).toEqual([NaN_, 11.5, 11.5, 10.5, 10, 10.5]);
    expect(v.b).toEqual(v.a);
    expect(v.c).toEqual([NaN_, NaN_, 34 / 3, 11, 31 / 3, 31 / 3]);
    expect(v.d).toEqual([NaN_, 10.5, 11.5, 11.5, 10.5, 10]);
  });

  it('inputs with different values give different keys: a cache shared by two runs is not confused', () => {
    const cache: SeriesCache = new Map();
    const src = 'n = input(2)\na = sma(close, n)';
    expect(Array.from(evaluate(src, { n: 2 }, cache).series.a.values)).toEqual([
      NaN_,
      11.5,
      11.5,
      10.5,
      10,
      10.5,
    ]);
    expect(Array.from(evaluate(src, { n: 3 }, cache).series.a.values)).toEqual([
      NaN_,
      NaN_,
      34 / 3,
      11,
      31 / 3,
      31 / 3,
    ]);
  });

  it('a cache handed over with other bars is cleared, not trusted', () => {
    const cache: SeriesCache = new Map();
    const src = 'a = sma(close, 2)\nb = hl2 + 0';
    evaluate(src, undefined, cache);
    const other: Bars = { ...bars, close: bars.close.map((x) => x * 2), high: bars.high.map((x) => x * 2) };
    const r = evaluate(src, undefined, cache, other);
    expect(Array.from(r.series.a.values)).toEqual([NaN_, 23, 23, 21, 20, 21]);
    expect(Array.from(r.series.b.values)).toEqual([16.5, 18, 18.5, 17, 15.5, 16.5]);
    // Back on the first bars: their values again, not the second run's.
    expect(Array.from(evaluate(src, undefined, cache).series.a.values)).toEqual([
      NaN_,
      11.5,
      11.5,
      10.5,
      10,
      10.5,
    ]);
  });

  it('an expression too long to key is still evaluated, each occurrence on its own', () => {
    // Names are keyed by their expressions, so each doubling doubles the key: from a6 on it is over 512 characters.
    const chain = Array.from({ length: 7 }, (_, i) => `a${i + 1} = a${i} + a${i}`).join('\n');
    const v = values(`a0 = close + 0\n${chain}\nb = a7 * 2\nc = sma(a7, 2)\nd = a7 - a6`);
    const close = [11, 12, 11, 10, 10, 11];
    expect(v.a7).toEqual(close.map((x) => x * 128));
    expect(v.b).toEqual(close.map((x) => x * 256));
    expect(v.c).toEqual([NaN_, 11.5, 11.5, 10.5, 10, 10.5].map((x) => x * 128));
    expect(v.d).toEqual(close.map((x) => x * 64));
  });

  it('built-in series kept in a shared cache are each their own', () => {
    const cache: SeriesCache = new Map();
    const r = evaluate('a = hl2\nb = hlc3\nc = ohlc4\nd = bar_index', undefined, cache);
    const v = (k: string) => Array.from(r.series[k].values);
    expect(v('a')).toEqual([10.5, 11.5, 12, 11, 10, 10.5]);
    expect(v('b')).toEqual([32 / 3, 35 / 3, 35 / 3, 32 / 3, 10, 32 / 3]);
    expect(v('c')).toEqual([42 / 4, 46 / 4, 47 / 4, 43 / 4, 40 / 4, 42 / 4]);
    expect(v('d')).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('each output of a tuple feeds its own calls', () => {
    const r = evaluate('[m, s, h] = macd(close, 2, 3, 2)\nx = sma(m, 2)\ny = sma(s, 2)\nz = sma(h, 2)');
    const avg2 = (src: ArrayLike<number>) =>
      Array.from(src, (_, t) => (t === 0 ? NaN_ : (src[t] + src[t - 1]) / 2));
    for (const [out, name] of [
      ['m', 'x'],
      ['s', 'y'],
      ['h', 'z'],
    ]) {
      expect(Array.from(r.series[name].values)).toEqual(avg2(r.series[out].values));
    }
    expect(r.series.x.values).not.toEqual(r.series.y.values);
  });

  it("a call on a named series is keyed by what the name holds with this run's inputs", () => {
    const cache: SeriesCache = new Map();
    const src = 'n = input(2)\na = sma(close, n)\nc = sma(a, 2)';
    const two = Array.from(evaluate(src, { n: 2 }, cache).series.c.values);
    const three = Array.from(evaluate(src, { n: 3 }, cache).series.c.values, (x) => +x.toFixed(12));
    expect(two).toEqual([NaN_, NaN_, 11.5, 11, 10.25, 10.25]);
    const round = (x: number) => +x.toFixed(12);
    expect(three).toEqual([NaN_, NaN_, NaN_, (34 / 3 + 11) / 2, (11 + 31 / 3) / 2, 31 / 3].map(round));
  });

  it('constants built from constants and inputs are known to calls and conditions', () => {
    const src = 'k = input(2)\nm = k + 1\nflag = k > 1\na = sma(close, m)\nc = iff(flag, close, open)';
    const on = values(src, { k: 2 });
    expect(on.a).toEqual([NaN_, NaN_, 34 / 3, 11, 31 / 3, 31 / 3]);
    expect(on.c).toEqual([11, 12, 11, 10, 10, 11]);
    const off = values(src, { k: 1 });
    expect(off.a).toEqual([NaN_, 11.5, 11.5, 10.5, 10, 10.5]);
    expect(off.c).toEqual([10, 11, 12, 11, 10, 10]);
  });
});
