// Every kernel of the registry with the call of ours and of the plain-loop reference, on the same
// parameters as the peers (peers.ts: P).

import type { Bars } from '../lib/engine';
import * as E from '../lib/engine';
import { P } from './peers';
import * as R from './reference';

export type Output = Float64Array | readonly Float64Array[];

export interface Kernel {
  readonly name: string;
  /** The call as written in a strategy, for the table. */
  readonly label: string;
  readonly ours: (b: Bars) => Output;
  readonly ref: (b: Bars) => Output;
}

const { ma, macd: M, stoch: S, keltner: K, supertrend: ST, sar: SAR, ichimoku: ICH } = P;

export const KERNELS: readonly Kernel[] = [
  { name: 'sma', label: `sma(${ma})`, ours: (b) => E.sma(b.close, ma), ref: (b) => R.sma(b.close, ma) },
  { name: 'ema', label: `ema(${ma})`, ours: (b) => E.ema(b.close, ma), ref: (b) => R.ema(b.close, ma) },
  { name: 'wma', label: `wma(${ma})`, ours: (b) => E.wma(b.close, ma), ref: (b) => R.wma(b.close, ma) },
  { name: 'rma', label: `rma(${ma})`, ours: (b) => E.rma(b.close, ma), ref: (b) => R.rma(b.close, ma) },
  { name: 'hma', label: `hma(${ma})`, ours: (b) => E.hma(b.close, ma), ref: (b) => R.hma(b.close, ma) },
  {
    name: 'vwma',
    label: `vwma(${ma})`,
    ours: (b) => E.vwma(b.close, b.volume, ma),
    ref: (b) => R.vwma(b.close, b.volume, ma),
  },
  {
    name: 'rsi',
    label: `rsi(${P.rsi})`,
    ours: (b) => E.rsi(b.close, P.rsi),
    ref: (b) => R.rsi(b.close, P.rsi),
  },
  {
    name: 'roc',
    label: `roc(${P.roc})`,
    ours: (b) => E.roc(b.close, P.roc),
    ref: (b) => R.roc(b.close, P.roc),
  },
  {
    name: 'mom',
    label: `mom(${P.mom})`,
    ours: (b) => E.mom(b.close, P.mom),
    ref: (b) => R.mom(b.close, P.mom),
  },
  {
    name: 'cci',
    label: `cci(${P.cci})`,
    ours: (b) => E.cci(b.high, b.low, b.close, P.cci),
    ref: (b) => R.cci(b.high, b.low, b.close, P.cci),
  },
  {
    name: 'mfi',
    label: `mfi(${P.mfi})`,
    ours: (b) => E.mfi(b.high, b.low, b.close, b.volume, P.mfi),
    ref: (b) => R.mfi(b.high, b.low, b.close, b.volume, P.mfi),
  },
  {
    name: 'willr',
    label: `willr(${P.willr})`,
    ours: (b) => E.willr(b.high, b.low, b.close, P.willr),
    ref: (b) => R.willr(b.high, b.low, b.close, P.willr),
  },
  {
    name: 'macd',
    label: `macd(${M.join(',')})`,
    ours: (b) => E.macd(b.close, M[0], M[1], M[2]),
    ref: (b) => R.macd(b.close, M[0], M[1], M[2]),
  },
  {
    name: 'bb',
    label: `bb(${P.bb},${P.bbMult})`,
    ours: (b) => E.bb(b.close, P.bb, P.bbMult),
    ref: (b) => R.bb(b.close, P.bb, P.bbMult),
  },
  {
    name: 'stoch',
    label: `stoch(${S.join(',')})`,
    ours: (b) => E.stoch(b.high, b.low, b.close, S[0], S[1], S[2]),
    ref: (b) => R.stoch(b.high, b.low, b.close, S[0], S[1], S[2]),
  },
  {
    name: 'atr',
    label: `atr(${P.atr})`,
    ours: (b) => E.atr(b.high, b.low, b.close, P.atr),
    ref: (b) => R.atr(b.high, b.low, b.close, P.atr),
  },
  {
    name: 'tr',
    label: 'tr',
    ours: (b) => E.tr(b.high, b.low, b.close),
    ref: (b) => R.tr(b.high, b.low, b.close),
  },
  {
    name: 'stdev',
    label: `stdev(${P.stdev})`,
    ours: (b) => E.stdev(b.close, P.stdev),
    ref: (b) => R.stdev(b.close, P.stdev),
  },
  {
    name: 'adx',
    label: `adx(${P.adx})`,
    ours: (b) => E.adx(b.high, b.low, b.close, P.adx),
    ref: (b) => R.adx(b.high, b.low, b.close, P.adx),
  },
  { name: 'obv', label: 'obv', ours: (b) => E.obv(b.close, b.volume), ref: (b) => R.obv(b.close, b.volume) },
  {
    name: 'vwap',
    label: 'vwap',
    ours: (b) => E.vwap(b.high, b.low, b.close, b.volume, b.time),
    ref: (b) => R.vwap(b.high, b.low, b.close, b.volume, b.time),
  },
  {
    name: 'highest',
    label: `highest(${P.window})`,
    ours: (b) => E.highest(b.close, P.window),
    ref: (b) => R.highest(b.close, P.window),
  },
  {
    name: 'lowest',
    label: `lowest(${P.window})`,
    ours: (b) => E.lowest(b.close, P.window),
    ref: (b) => R.lowest(b.close, P.window),
  },
  {
    name: 'change',
    label: `change(${P.change})`,
    ours: (b) => E.change(b.close, P.change),
    ref: (b) => R.change(b.close, P.change),
  },
  {
    name: 'keltner',
    label: `keltner(${K.join(',')})`,
    ours: (b) => E.keltner(b.close, b.high, b.low, b.close, K[0], K[1]),
    ref: (b) => R.keltner(b.close, b.high, b.low, b.close, K[0], K[1]),
  },
  {
    name: 'donchian',
    label: `donchian(${P.donchian})`,
    ours: (b) => E.donchian(b.high, b.low, P.donchian),
    ref: (b) => R.donchian(b.high, b.low, P.donchian),
  },
  {
    name: 'supertrend',
    label: `supertrend(${ST.join(',')})`,
    ours: (b) => E.supertrend(b.high, b.low, b.close, ST[0], ST[1]),
    ref: (b) => R.supertrend(b.high, b.low, b.close, ST[0], ST[1]),
  },
  {
    name: 'dmi',
    label: `dmi(${P.dmi})`,
    ours: (b) => E.dmi(b.high, b.low, b.close, P.dmi),
    ref: (b) => R.dmi(b.high, b.low, b.close, P.dmi),
  },
  {
    name: 'sar',
    label: `sar(${SAR.join(',')})`,
    ours: (b) => E.sar(b.high, b.low, SAR[0], SAR[1]),
    ref: (b) => R.sar(b.high, b.low, SAR[0], SAR[1]),
  },
  {
    name: 'ichimoku',
    label: `ichimoku(${ICH.join(',')})`,
    ours: (b) => E.ichimoku(b.high, b.low, b.close, ICH[0], ICH[1], ICH[2], ICH[3]),
    ref: (b) => R.ichimoku(b.high, b.low, b.close, ICH[0], ICH[1], ICH[2], ICH[3]),
  },
];

/** Output j of a kernel's result (a plain series is output 0). */
export function output(o: Output, j = 0): Float64Array {
  return o instanceof Float64Array ? o : o[j];
}

/** The first `len` bars. */
export function sliceBars(b: Bars, len: number): Bars {
  return {
    time: b.time.subarray(0, len),
    open: b.open.subarray(0, len),
    high: b.high.subarray(0, len),
    low: b.low.subarray(0, len),
    close: b.close.subarray(0, len),
    volume: b.volume.subarray(0, len),
  };
}
