// Registry entries: volatility, trend, volume, window, events and math.
import { cross, crossover, crossunder, falling, rising } from '../series';
import { abs, exp, log, max, min, round, sqrt } from './math';
import { define, number, period, SRC, series } from './registry-define';
import type { FunctionSpec } from './spec';
import { adx } from './trend';
import { atr, bb, stdev, tr } from './volatility';
import { obv, vwap } from './volume';
import { change, highest, lowest } from './window';

const N = period('n', 'number of bars');
const HLC = ['high', 'low', 'close'] as const;
const A = series('a', 'first series');
const B = series('b', 'second series');
const X = series('x', 'input series');

function unary(name: string, summary: string, f: (x: Float64Array) => Float64Array): FunctionSpec {
  return define({
    name,
    category: 'math',
    summary,
    reference: 'element-wise; NaN in gives NaN out',
    args: [X],
    elementwise: true,
    warmup: () => 0,
    run: (a) => f(a.s(0)),
  });
}

function event(name: string, summary: string, f: (a: Float64Array, b: Float64Array) => Uint8Array) {
  return define({
    name,
    category: 'event',
    summary,
    reference: `Pine ta.${name}`,
    args: [A, B],
    returns: 'boolean',
    warmup: () => 1,
    run: (a) => f(a.s(0), a.s(1)),
  });
}

export const OTHERS: readonly FunctionSpec[] = [
  define({
    name: 'bb',
    title: 'Bollinger bands',
    category: 'volatility',
    summary: 'Bollinger Bands: SMA middle band and bands mult population standard deviations away.',
    reference: 'TA-Lib BBANDS (SMA, population standard deviation)',
    args: [SRC, N, number('mult', 'width in standard deviations', 0.1, 10)],
    outputs: ['mid', 'upper', 'lower'],
    warmup: (c) => c[1] - 1,
    run: (a) => bb(a.s(0), a.n(1), a.n(2)),
  }),
  define({
    name: 'atr',
    title: 'ATR',
    category: 'volatility',
    summary: 'Average true range with Wilder smoothing.',
    reference: 'TA-Lib ATR',
    args: [N],
    fields: HLC,
    warmup: (c) => c[0],
    run: (a, b) => atr(b.high, b.low, b.close, a.n(0)),
  }),
  define({
    name: 'tr',
    title: 'true range',
    category: 'volatility',
    summary: "True range: the bar's range extended to the previous close.",
    reference: 'TA-Lib TRANGE',
    args: [],
    fields: HLC,
    warmup: () => 1,
    run: (_a, b) => tr(b.high, b.low, b.close),
  }),
  define({
    name: 'stdev',
    title: 'standard deviation',
    category: 'volatility',
    summary: 'Population standard deviation of the last n values.',
    reference: 'TA-Lib STDDEV',
    args: [SRC, N],
    warmup: (c) => c[1] - 1,
    run: (a) => stdev(a.s(0), a.n(1)),
  }),
  define({
    name: 'adx',
    title: 'ADX',
    category: 'trend',
    summary: 'Average directional index (0..100): trend strength, regardless of direction.',
    reference: 'TA-Lib ADX (Wilder smoothing, TA-Lib seeding)',
    args: [N],
    fields: HLC,
    warmup: (c) => 2 * c[0] - 1,
    run: (a, b) => adx(b.high, b.low, b.close, a.n(0)),
  }),
  define({
    name: 'obv',
    title: 'on-balance volume',
    category: 'volume',
    summary: 'On-balance volume: cumulative volume signed by the close-to-close direction.',
    reference: 'TA-Lib OBV',
    args: [],
    fields: ['close', 'volume'],
    warmup: () => 0,
    run: (_a, b) => obv(b.close, b.volume),
  }),
  define({
    name: 'vwap',
    title: 'VWAP',
    category: 'volume',
    summary: 'Volume-weighted average price of hlc3, restarted each UTC day (hlc3 itself on daily bars).',
    reference: 'Pine ta.vwap (session anchor = UTC day)',
    args: [],
    fields: ['high', 'low', 'close', 'volume'],
    warmup: () => 0,
    run: (_a, b) => vwap(b.high, b.low, b.close, b.volume, b.time),
  }),
  define({
    name: 'highest',
    title: 'the highest high of the last N bars',
    category: 'window',
    summary: 'Highest value of the last n bars, the current one included.',
    reference: 'TA-Lib MAX / Pine ta.highest',
    args: [SRC, N],
    warmup: (c) => c[1] - 1,
    run: (a) => highest(a.s(0), a.n(1)),
  }),
  define({
    name: 'lowest',
    title: 'the lowest low of the last N bars',
    category: 'window',
    summary: 'Lowest value of the last n bars, the current one included.',
    reference: 'TA-Lib MIN / Pine ta.lowest',
    args: [SRC, N],
    warmup: (c) => c[1] - 1,
    run: (a) => lowest(a.s(0), a.n(1)),
  }),
  define({
    name: 'change',
    title: 'change over N bars',
    category: 'window',
    summary: 'Difference with n bars ago: src - src[n] (n defaults to 1).',
    reference: 'Pine ta.change',
    args: [SRC, period('n', 'number of bars back', 1)],
    warmup: (c) => c[1],
    run: (a) => change(a.s(0), a.n(1)),
  }),
  event('crossover', 'True on the bar where a crosses above b.', crossover),
  event('crossunder', 'True on the bar where a crosses below b.', crossunder),
  event('cross', 'True on the bar where a crosses b in either direction.', cross),
  define({
    name: 'rising',
    category: 'event',
    summary: 'True when src is above each of its previous n values.',
    reference: 'Pine ta.rising',
    args: [SRC, N],
    returns: 'boolean',
    warmup: (c) => c[1],
    run: (a) => rising(a.s(0), a.n(1)),
  }),
  define({
    name: 'falling',
    category: 'event',
    summary: 'True when src is below each of its previous n values.',
    reference: 'Pine ta.falling',
    args: [SRC, N],
    returns: 'boolean',
    warmup: (c) => c[1],
    run: (a) => falling(a.s(0), a.n(1)),
  }),
  unary('abs', 'Absolute value.', abs),
  define({
    name: 'min',
    category: 'math',
    summary: 'The smaller of a and b, bar by bar.',
    reference: 'element-wise; NaN in gives NaN out',
    args: [A, B],
    elementwise: true,
    warmup: () => 0,
    run: (a) => min(a.s(0), a.s(1)),
  }),
  define({
    name: 'max',
    category: 'math',
    summary: 'The larger of a and b, bar by bar.',
    reference: 'element-wise; NaN in gives NaN out',
    args: [A, B],
    elementwise: true,
    warmup: () => 0,
    run: (a) => max(a.s(0), a.s(1)),
  }),
  unary('sqrt', 'Square root (na for negative values).', sqrt),
  unary('log', 'Natural logarithm (na for values <= 0).', log),
  unary('exp', 'e raised to x (na on overflow).', exp),
  unary('round', 'Nearest integer, halves away from zero.', round),
];
