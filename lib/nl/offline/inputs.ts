// Adjustable inputs for periods and thresholds: names, titles and slider ranges that make sense for
// the indicator (RSI levels 0..100, periods from half to twice the value, ...).
import type { ArgSpec } from '../../engine';
import type { Input } from '../../schema';
import type { Opnd } from './ir';
import { isMovingAverage, titleOf } from './lexicon';

/** Natural ranges of bounded oscillators (thresholds slide over these). */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  rsi: [0, 100],
  mfi: [0, 100],
  stoch: [0, 100],
  adx: [0, 100],
  willr: [-100, 0],
  cci: [-300, 300],
};

const PRICE_LIKE = new Set(['sma', 'ema', 'wma', 'rma', 'hma', 'vwma', 'bb', 'highest', 'lowest', 'vwap']);

const decimals = (v: number) => {
  const s = String(v);
  const dot = s.indexOf('.');
  return dot < 0 || s.includes('e') ? 0 : s.length - dot - 1;
};
const round = (v: number, d: number) => Number(v.toFixed(Math.min(10, d)));

/** A slider for a period or number argument of a function. */
export function paramInput(name: string, title: string, v: number, a: ArgSpec): Input {
  const lo = a.min ?? Number.NEGATIVE_INFINITY;
  const hi = a.max ?? Number.POSITIVE_INFINITY;
  if (a.kind === 'period') {
    const min = Math.max(lo, v <= 4 ? 1 : Math.floor(v / 2));
    const max = Math.min(hi, Math.max(v * 2, v + 10));
    return { name, value: v, min: Math.min(min, v), max: Math.max(max, v), step: 1, title };
  }
  const d = Math.max(1, decimals(v));
  const step = round(10 ** -d, d);
  const min = Math.max(lo, round(Math.min(v / 2, v - 1), d));
  const max = Math.min(hi, round(Math.max(v * 2, v + 1), d));
  return { name, value: v, min: Math.min(min, v), max: Math.max(max, v), step, title };
}

/** A slider for a threshold the series `a` is compared with. */
export function thresholdInput(name: string, title: string, v: number, a: Opnd): Input {
  const d = decimals(v);
  const fine = round(10 ** -d, d);
  const r = a.k === 'ind' ? RANGES[a.fn] : undefined;
  if (r) {
    const step = d ? fine : a.k === 'ind' && a.fn === 'cci' && v % 5 === 0 ? 5 : 1;
    return { name, value: v, min: Math.min(r[0], v), max: Math.max(r[1], v), step, title };
  }
  const mag = Math.abs(v);
  const step = d ? fine : mag >= 1000 ? 10 ** (Math.floor(Math.log10(mag)) - 2) : 1;
  const priceLike = a.k === 'field' || (a.k === 'ind' && PRICE_LIKE.has(a.fn));
  const min = priceLike && v > 0 ? 0 : v - 2 * mag;
  return { name, value: v, min: round(min, 12), max: round(v + 2 * mag, 12), step, title };
}

/** The base of names for a series: 'rsi', 'macd', 'price', 'volume'. */
export function seriesBase(a: Opnd): string {
  if (a.k === 'field') return a.field === 'close' ? 'price' : a.field;
  if (a.k === 'ind') return isMovingAverage(a.fn) ? 'ma' : a.fn;
  return 'level';
}

/** Title of a threshold: "RSI buy level", "price sell level". */
export function thresholdTitle(a: Opnd, action: string): string {
  const what =
    a.k === 'field' ? (a.field === 'close' ? 'price' : a.field) : a.k === 'ind' ? titleOf(a.fn) : 'level';
  return `${what} ${action} level`.slice(0, 64);
}

/** Title of a parameter: "RSI period", "MACD fast period", "Bollinger width (std devs)". */
export function paramTitle(base: string, fn: string, a: ArgSpec): string {
  if (fn === 'highest' || fn === 'lowest') return `${base.replace(/_/g, ' ')} lookback`;
  const who =
    base === 'fast' ? 'fast MA' : base === 'slow' ? 'slow MA' : isMovingAverage(fn) ? 'MA' : titleOf(fn);
  if (a.name === 'n') return `${who} period`;
  if (a.name === 'mult') return `${who} width (std devs)`;
  return `${who} ${a.name.replace(/_/g, ' ')}${a.kind === 'period' && !/period/.test(a.name) ? ' period' : ''}`;
}
