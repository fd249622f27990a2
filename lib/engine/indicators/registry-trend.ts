// Registry entries of the channel and trend-following indicators: keltner, donchian, supertrend, dmi,
// sar, ichimoku.
import { donchian, ichimoku, keltner } from './channels';
import { define, number, period, SRC } from './registry-define';
import type { FunctionSpec } from './spec';
import { sar, supertrend } from './trailing';
import { dmi } from './trend';

const N = period('n', 'number of bars');
const HLC = ['high', 'low', 'close'] as const;
const MULT = number('mult', 'width in multiples of the average range', 0.1, 10);

export const TREND: readonly FunctionSpec[] = [
  define({
    name: 'keltner',
    title: 'Keltner channels',
    category: 'volatility',
    summary: 'Keltner channels: EMA middle line and bands mult times the EMA of true range away.',
    reference: 'TradingView ta.kc (true range on), TA-Lib EMA and TRANGE',
    args: [SRC, N, MULT],
    fields: HLC,
    outputs: ['mid', 'upper', 'lower'],
    warmup: (c) => c[1],
    run: (a, b) => keltner(a.s(0), b.high, b.low, b.close, a.n(1), a.n(2)),
  }),
  define({
    name: 'donchian',
    title: 'Donchian channels',
    category: 'volatility',
    summary:
      'Donchian channels: highest high and lowest low of the last n bars (current included), and their mean.',
    reference: 'TradingView Donchian Channels',
    args: [N],
    fields: ['high', 'low'],
    outputs: ['mid', 'upper', 'lower'],
    warmup: (c) => c[0] - 1,
    run: (a, b) => donchian(b.high, b.low, a.n(0)),
  }),
  define({
    name: 'supertrend',
    title: 'SuperTrend',
    category: 'trend',
    overlay: true,
    summary:
      'SuperTrend: a trailing line mult ATRs from hl2 that flips on a close through it; direction is 1 up, -1 down.',
    reference: 'TradingView ta.supertrend with TA-Lib ATR; direction +1 = uptrend (Pine: -1)',
    args: [period('n', 'ATR period'), MULT],
    fields: HLC,
    outputs: ['supertrend', 'direction'],
    warmup: (c) => c[0],
    run: (a, b) => supertrend(b.high, b.low, b.close, a.n(0), a.n(1)),
  }),
  define({
    name: 'dmi',
    title: 'DMI (+DI / -DI)',
    category: 'trend',
    summary: 'Directional movement: +DI and -DI (0..100, direction) and ADX (trend strength).',
    reference: 'TA-Lib PLUS_DI, MINUS_DI and ADX (Wilder smoothing, TA-Lib seeding)',
    args: [N],
    fields: HLC,
    outputs: ['plus_di', 'minus_di', 'adx'],
    warmup: (c) => 2 * c[0] - 1,
    run: (a, b) => dmi(b.high, b.low, b.close, a.n(0)),
  }),
  define({
    name: 'sar',
    title: 'Parabolic SAR',
    category: 'trend',
    overlay: true,
    summary:
      'Parabolic SAR: a stop that trails price and accelerates with each new extreme (e.g. sar(0.02, 0.2)).',
    reference: 'TA-Lib SAR',
    args: [
      number('accel', 'acceleration factor: the start and the step', 0.001, 1),
      number('max', 'largest acceleration factor', 0.001, 1),
    ],
    fields: ['high', 'low'],
    warmup: () => 1,
    run: (a, b) => sar(b.high, b.low, a.n(0), a.n(1)),
  }),
  define({
    name: 'ichimoku',
    title: 'Ichimoku',
    category: 'trend',
    overlay: true,
    summary:
      'Ichimoku: tenkan, kijun, the cloud (senkou A/B) as drawn over each bar (disp - 1 bars back), chikou = close.',
    reference:
      'TradingView Ichimoku Cloud; spans shifted disp - 1 bars forward, chikou not shifted back (no look-ahead)',
    args: [
      period('conv', 'conversion line (tenkan) period'),
      period('base', 'base line (kijun) period'),
      period('span', 'leading span B period'),
      period('disp', 'displacement of the cloud', 26),
    ],
    fields: HLC,
    outputs: ['tenkan', 'kijun', 'senkou_a', 'senkou_b', 'chikou'],
    warmup: (c) => Math.max(c[0], c[1], c[2]) + c[3] - 2,
    run: (a, b) => ichimoku(b.high, b.low, b.close, a.n(0), a.n(1), a.n(2), a.n(3)),
  }),
];
