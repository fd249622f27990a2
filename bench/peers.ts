// Adapters for the npm peers. Each adapter converts the bars to the peer's input shape once (not
// timed), returns the timed call, and says how to read the result for the cross-check. Streaming
// peers (trading-signals) are fed bar by bar, collecting each result: that is how they are used.
import { IndicatorsSync } from '@ixjb94/indicators';
import * as its from 'indicatorts';
import * as ti from 'technicalindicators';
import * as ts from 'trading-signals';
import type { Bars } from '../lib/engine';

export const PEERS = ['@ixjb94/indicators', 'indicatorts', 'trading-signals', 'technicalindicators'] as const;
export type Peer = (typeof PEERS)[number];

/** The parameters every implementation is run with. */
export const P = {
  ma: 20,
  rsi: 14,
  roc: 10,
  mom: 10,
  cci: 20,
  mfi: 14,
  willr: 14,
  macd: [12, 26, 9],
  bb: 20,
  bbMult: 2,
  stoch: [14, 3, 3],
  atr: 14,
  stdev: 20,
  adx: 14,
  window: 20,
  change: 1,
  keltner: [20, 2],
  donchian: 20,
  supertrend: [10, 3],
  dmi: 14,
  sar: [0.02, 0.2],
  ichimoku: [9, 26, 52, 26],
} as const;

interface Candle {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The bars as plain arrays and as candle objects, built once per bar set. */
export interface Cols {
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
  readonly candles: Candle[];
}

export function toCols(b: Bars): Cols {
  const candles: Candle[] = new Array(b.close.length);
  for (let i = 0; i < b.close.length; i++) {
    candles[i] = { open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i] };
  }
  const arr = (a: Float64Array) => Array.from(a);
  return {
    open: arr(b.open),
    high: arr(b.high),
    low: arr(b.low),
    close: arr(b.close),
    volume: arr(b.volume),
    candles,
  };
}

export interface PeerCase {
  /** The timed call; it returns the peer's complete result. */
  readonly run: (c: Cols) => unknown;
  /** The series compared with ours (its end aligned with ours), read from the result; not timed. */
  readonly read: (r: unknown) => ArrayLike<number>;
  /** Which of our outputs it is compared with (tuples), default 0. */
  readonly output?: number;
  /** Multiplier applied before comparing (a fraction against our percent). */
  readonly scale?: number;
  /** A known difference of convention, printed with the check. */
  readonly note?: string;
}

type Case = Partial<Record<Peer, PeerCase>>;

const ix = new IndicatorsSync();
const arr = (r: unknown) => r as number[];
const at = (j: number) => (r: unknown) => (r as number[][])[j];
const field = (k: string) => (r: unknown) => (r as Record<string, number>[]).map((o) => o[k]);
const prop = (k: string) => (r: unknown) => (r as Record<string, number[]>)[k];

interface Streaming<I, R> {
  update(input: I, replace: boolean): R | null;
}

function stream<I>(ind: Streaming<I, number>, xs: readonly I[]): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = ind.update(xs[i], false) ?? Number.NaN;
  return out;
}

/** Streams a peer with object results into one array per field. */
function streamFields<I, R extends object>(
  ind: Streaming<I, R>,
  xs: readonly I[],
  keys: readonly (keyof R)[],
) {
  const outs = keys.map(() => new Float64Array(xs.length));
  for (let i = 0; i < xs.length; i++) {
    const r = ind.update(xs[i], false);
    for (let k = 0; k < keys.length; k++) outs[k][i] = r === null ? Number.NaN : (r[keys[k]] as number);
  }
  return outs;
}

const n = P.ma;
const SEEDED_FIRST = 'seeded with the first value, not an SMA (converges)';
const NOT_ANCHORED = 'not anchored per UTC day';
const ROUNDED = 'output rounded to 2 decimals';
const OBV_ZERO = 'starts at 0, TA-Lib at the first volume: a constant offset';

export const PEER_CASES: Record<string, Case> = {
  sma: {
    '@ixjb94/indicators': { run: (c) => ix.sma(c.close, n), read: arr },
    indicatorts: { run: (c) => its.sma(c.close, { period: n }), read: arr },
    'trading-signals': { run: (c) => stream(new ts.SMA(n), c.close), read: arr },
    technicalindicators: { run: (c) => ti.sma({ period: n, values: c.close }), read: arr },
  },
  ema: {
    '@ixjb94/indicators': { run: (c) => ix.ema(c.close, n), read: arr, note: SEEDED_FIRST },
    indicatorts: { run: (c) => its.ema(c.close, { period: n }), read: arr, note: SEEDED_FIRST },
    'trading-signals': { run: (c) => stream(new ts.EMA(n), c.close), read: arr, note: SEEDED_FIRST },
    technicalindicators: { run: (c) => ti.ema({ period: n, values: c.close }), read: arr },
  },
  wma: {
    '@ixjb94/indicators': { run: (c) => ix.wma(c.close, n), read: arr },
    'trading-signals': { run: (c) => stream(new ts.WMA(n), c.close), read: arr },
    technicalindicators: { run: (c) => ti.wma({ period: n, values: c.close }), read: arr },
  },
  rma: {
    '@ixjb94/indicators': { run: (c) => ix.wilders(c.close, n), read: arr },
    indicatorts: { run: (c) => its.rma(c.close, { period: n }), read: arr, note: SEEDED_FIRST },
    'trading-signals': { run: (c) => stream(new ts.WSMA(n), c.close), read: arr, note: 'WSMA' },
    technicalindicators: { run: (c) => ti.wema({ period: n, values: c.close }), read: arr, note: 'wema' },
  },
  hma: {
    '@ixjb94/indicators': { run: (c) => ix.hma(c.close, n), read: arr },
    'trading-signals': { run: (c) => stream(new ts.HMA(n), c.close), read: arr },
  },
  vwma: {
    '@ixjb94/indicators': { run: (c) => ix.vwma(c.close, c.volume, n), read: arr },
    indicatorts: { run: (c) => its.vwma(c.close, c.volume, { period: n }), read: arr },
    'trading-signals': { run: (c) => stream(new ts.VWMA(n), c.candles), read: arr },
  },
  rsi: {
    '@ixjb94/indicators': { run: (c) => ix.rsi(c.close, P.rsi), read: arr },
    indicatorts: { run: (c) => its.rsi(c.close, { period: P.rsi }), read: arr },
    'trading-signals': { run: (c) => stream(new ts.RSI(P.rsi), c.close), read: arr },
    technicalindicators: { run: (c) => ti.rsi({ period: P.rsi, values: c.close }), read: arr, note: ROUNDED },
  },
  roc: {
    '@ixjb94/indicators': {
      run: (c) => ix.roc(c.close, P.roc),
      read: arr,
      scale: 100,
      note: 'a fraction (×100 for the check)',
    },
    indicatorts: { run: (c) => its.roc(c.close, { period: P.roc }), read: arr },
    'trading-signals': {
      run: (c) => stream(new ts.ROC(P.roc), c.close),
      read: arr,
      scale: 100,
      note: 'a fraction (×100 for the check)',
    },
    technicalindicators: { run: (c) => ti.roc({ period: P.roc, values: c.close }), read: arr },
  },
  mom: {
    '@ixjb94/indicators': { run: (c) => ix.mom(c.close, P.mom), read: arr },
    indicatorts: { run: (c) => its.changes(P.mom, c.close), read: arr, note: 'helper changes()' },
    'trading-signals': { run: (c) => stream(new ts.MOM(P.mom), c.close), read: arr },
  },
  cci: {
    '@ixjb94/indicators': { run: (c) => ix.cci(c.high, c.low, c.close, P.cci), read: arr },
    indicatorts: {
      run: (c) => its.cci(c.high, c.low, c.close, { period: P.cci }),
      read: arr,
      note: "mean deviation is sma(|tp − sma(tp)|), each bar's distance from its own mean",
    },
    'trading-signals': { run: (c) => stream(new ts.CCI(P.cci), c.candles), read: arr },
    technicalindicators: {
      run: (c) => ti.cci({ period: P.cci, high: c.high, low: c.low, close: c.close }),
      read: arr,
    },
  },
  mfi: {
    '@ixjb94/indicators': { run: (c) => ix.mfi(c.high, c.low, c.close, c.volume, P.mfi), read: arr },
    indicatorts: {
      run: (c) => its.mfi(c.high, c.low, c.close, c.volume, { period: P.mfi }),
      read: arr,
      note: 'a flow counts as up or down by the change of the money flow, not of the typical price',
    },
    'trading-signals': { run: (c) => stream(new ts.MFI(P.mfi), c.candles), read: arr },
    technicalindicators: {
      run: (c) => ti.mfi({ period: P.mfi, high: c.high, low: c.low, close: c.close, volume: c.volume }),
      read: arr,
      note: ROUNDED,
    },
  },
  willr: {
    '@ixjb94/indicators': { run: (c) => ix.willr(c.high, c.low, c.close, P.willr), read: arr },
    indicatorts: { run: (c) => its.willr(c.high, c.low, c.close, { period: P.willr }), read: arr },
    'trading-signals': { run: (c) => stream(new ts.WilliamsR(P.willr), c.candles), read: arr },
    technicalindicators: {
      run: (c) => ti.williamsr({ period: P.willr, high: c.high, low: c.low, close: c.close }),
      read: arr,
    },
  },
  macd: {
    '@ixjb94/indicators': { run: (c) => ix.macd(c.close, ...P.macd), read: at(0) },
    indicatorts: {
      run: (c) => its.macd(c.close, { fast: P.macd[0], slow: P.macd[1], signal: P.macd[2] }),
      read: prop('macdLine'),
    },
    'trading-signals': {
      run: (c) =>
        streamFields(
          new ts.MACD(new ts.EMA(P.macd[0]), new ts.EMA(P.macd[1]), new ts.EMA(P.macd[2])),
          c.close,
          ['macd', 'signal', 'histogram'],
        ),
      read: at(0),
    },
    technicalindicators: {
      run: (c) =>
        ti.macd({
          values: c.close,
          fastPeriod: P.macd[0],
          slowPeriod: P.macd[1],
          signalPeriod: P.macd[2],
          SimpleMAOscillator: false,
          SimpleMASignal: false,
        }),
      read: field('MACD'),
    },
  },
  bb: {
    '@ixjb94/indicators': { run: (c) => ix.bbands(c.close, P.bb, P.bbMult), read: at(2), output: 1 },
    indicatorts: { run: (c) => its.bb(c.close, { period: P.bb }), read: prop('upper'), output: 1 },
    'trading-signals': {
      run: (c) => streamFields(new ts.BollingerBands(P.bb, P.bbMult), c.close, ['middle', 'upper', 'lower']),
      read: at(1),
      output: 1,
    },
    technicalindicators: {
      run: (c) => ti.bollingerbands({ period: P.bb, stdDev: P.bbMult, values: c.close }),
      read: field('upper'),
      output: 1,
    },
  },
  stoch: {
    '@ixjb94/indicators': { run: (c) => ix.stoch(c.high, c.low, c.close, ...P.stoch), read: at(0) },
    indicatorts: {
      run: (c) => its.stoch(c.high, c.low, c.close, { kPeriod: P.stoch[0], dPeriod: P.stoch[2] }),
      read: prop('d'),
      note: 'k is fast %K: its d is compared with our k',
    },
    'trading-signals': {
      run: (c) =>
        streamFields(
          new ts.StochasticOscillator({
            kPeriod: P.stoch[0],
            kSlowingPeriod: P.stoch[1],
            dPeriod: P.stoch[2],
          }),
          c.candles,
          ['stochK', 'stochD'],
        ),
      read: at(0),
    },
    technicalindicators: {
      run: (c) =>
        ti.stochastic({
          period: P.stoch[0],
          signalPeriod: P.stoch[2],
          high: c.high,
          low: c.low,
          close: c.close,
        }),
      read: field('d'),
      note: 'k is fast %K: its d is compared with our k',
    },
  },
  atr: {
    '@ixjb94/indicators': { run: (c) => ix.atr(c.high, c.low, c.close, P.atr), read: arr },
    indicatorts: {
      run: (c) => its.atr(c.high, c.low, c.close, { period: P.atr }),
      read: prop('atrLine'),
      note: "an SMA of the true range, not Wilder's smoothing",
    },
    'trading-signals': { run: (c) => stream(new ts.ATR(P.atr), c.candles), read: arr },
    technicalindicators: {
      run: (c) => ti.atr({ period: P.atr, high: c.high, low: c.low, close: c.close }),
      read: arr,
    },
  },
  tr: {
    '@ixjb94/indicators': { run: (c) => ix.tr(c.high, c.low, c.close), read: arr },
    indicatorts: { run: (c) => its.tr(c.high, c.low, c.close), read: arr },
    'trading-signals': { run: (c) => stream(new ts.TR(), c.candles), read: arr },
    technicalindicators: {
      run: (c) => ti.truerange({ high: c.high, low: c.low, close: c.close }),
      read: arr,
    },
  },
  stdev: {
    '@ixjb94/indicators': { run: (c) => ix.stddev(c.close, P.stdev), read: arr },
    indicatorts: { run: (c) => its.mstd(c.close, { period: P.stdev }), read: arr },
    technicalindicators: { run: (c) => ti.sd({ period: P.stdev, values: c.close }), read: arr },
  },
  adx: {
    '@ixjb94/indicators': { run: (c) => ix.adx(c.high, c.low, P.adx), read: arr },
    'trading-signals': { run: (c) => stream(new ts.ADX(P.adx), c.candles), read: arr },
    technicalindicators: {
      run: (c) => ti.adx({ period: P.adx, high: c.high, low: c.low, close: c.close }),
      read: field('adx'),
    },
  },
  obv: {
    '@ixjb94/indicators': { run: (c) => ix.obv(c.close, c.volume), read: arr, note: OBV_ZERO },
    indicatorts: { run: (c) => its.obv(c.close, c.volume), read: arr, note: OBV_ZERO },
    'trading-signals': { run: (c) => stream(new ts.OBV(2), c.candles), read: arr, note: OBV_ZERO },
    technicalindicators: {
      run: (c) => ti.obv({ close: c.close, volume: c.volume }),
      read: arr,
      note: OBV_ZERO,
    },
  },
  vwap: {
    '@ixjb94/indicators': {
      run: (c) => ix.vwap(c.high, c.low, c.close, c.volume, n),
      read: arr,
      note: `${NOT_ANCHORED}: rolling ${n} bars`,
    },
    indicatorts: {
      run: (c) => its.vwap(c.close, c.volume, { period: n }),
      read: arr,
      note: `${NOT_ANCHORED}: rolling ${n} bars of close`,
    },
    'trading-signals': {
      run: (c) => stream(new ts.VWAP(), c.candles),
      read: arr,
      note: `${NOT_ANCHORED}: cumulative from bar 0`,
    },
    technicalindicators: {
      run: (c) => ti.vwap({ high: c.high, low: c.low, close: c.close, volume: c.volume }),
      read: arr,
      note: `${NOT_ANCHORED}: cumulative from bar 0`,
    },
  },
  highest: {
    '@ixjb94/indicators': { run: (c) => ix.max(c.close, P.window), read: arr },
    indicatorts: { run: (c) => its.mmax(c.close, { period: P.window }), read: arr },
    technicalindicators: { run: (c) => ti.highest({ period: P.window, values: c.close }), read: arr },
  },
  lowest: {
    '@ixjb94/indicators': { run: (c) => ix.min(c.close, P.window), read: arr },
    indicatorts: { run: (c) => its.mmin(c.close, { period: P.window }), read: arr },
    technicalindicators: { run: (c) => ti.lowest({ period: P.window, values: c.close }), read: arr },
  },
  change: {
    '@ixjb94/indicators': { run: (c) => ix.mom(c.close, P.change), read: arr, note: 'mom(1)' },
    indicatorts: { run: (c) => its.changes(P.change, c.close), read: arr, note: 'helper changes()' },
    'trading-signals': { run: (c) => stream(new ts.MOM(P.change), c.close), read: arr, note: 'MOM(1)' },
  },
};
