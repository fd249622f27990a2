// The indicator vocabulary: what exists, its arguments and outputs come from the engine's registry;
// this file only adds the phrases that name each one, the customary default periods and oversold/overbought
// levels. How questions refer to a function (its title) is the registry's.
// A registry function without an English entry is still known by its own name ("vwma"), and an
// English entry whose function the registry lacks is ignored.

import type { ArgSpec, FunctionSpec } from '../../engine';
import { FUNCTIONS, getFunction } from '../../engine';
import type { Field } from '../../schema';
import { list } from './list';
import { PhraseTable } from './phrases';

interface English {
  readonly names: readonly string[];
  /** Customary parameters when the request gives none (nl-conventions.md for macd, bb, stoch, rsi). */
  readonly defaults?: readonly number[];
  /** Oversold / overbought levels. */
  readonly levels?: readonly [number, number];
  readonly outputs?: Readonly<Record<string, readonly string[]>>;
}

export const ENGLISH: Readonly<Record<string, English>> = {
  sma: {
    names: list(
      'sma|simple moving average|moving average|ma|dma|simple ma|simple average|average|' +
        'moving avg|mov avg|avg|day moving average',
    ),
  },
  ema: {
    names: list(
      'ema|exponential moving average|exponential average|exp moving average|exponential ma|' + 'exp ma',
    ),
  },
  wma: {
    names: list(
      'wma|weighted moving average|weighted average|linearly weighted moving average|' +
        'linear weighted moving average|weighted ma|lwma',
    ),
  },
  rma: {
    names: list(
      'rma|wilder moving average|wilders moving average|smoothed moving average|smma|' + 'wilder average',
    ),
  },
  hma: {
    names: ['hma', 'hull moving average', 'hull ma', 'hull average', 'hull'],
  },
  vwma: {
    names: ['vwma', 'volume weighted moving average', 'volume weighted average', 'volume weighted ma'],
  },
  rsi: {
    names: ['rsi', 'relative strength index', 'relative strength indicator', 'relative strength'],
    defaults: [14],
    levels: [30, 70],
  },
  roc: {
    names: ['roc', 'rate of change'],
  },
  mom: {
    names: ['mom', 'momentum'],
  },
  cci: {
    names: ['cci', 'commodity channel index'],
    defaults: [20],
    levels: [-100, 100],
  },
  mfi: {
    names: ['mfi', 'money flow index', 'money flow'],
    defaults: [14],
    levels: [20, 80],
  },
  willr: {
    names: ['willr', 'williams %r', 'williams r', 'williams percent r', 'williams', '%r', 'percent r'],
    defaults: [14],
    levels: [-80, -20],
  },
  macd: {
    names: ['macd', 'moving average convergence divergence'],
    defaults: [12, 26, 9],
    outputs: {
      macd: ['macd line'],
      signal: list('signal line|signal|trigger line|macd signal|macd signal line|signal line of the macd'),
      hist: ['histogram', 'macd histogram', 'hist', 'macd hist'],
    },
  },
  stoch: {
    names: ['stoch', 'stochastic', 'stochastic oscillator', 'slow stochastic', 'full stochastic'],
    defaults: [14, 3, 3],
    levels: [20, 80],
    outputs: {
      k: ['%k', 'k line', '%k line', 'percent k', 'stochastic %k', 'stoch %k', 'fast stochastic'],
      d: [
        '%d',
        'd line',
        '%d line',
        'percent d',
        'stochastic %d',
        'stoch %d',
        'signal line of the stochastic',
      ],
    },
  },
  bb: {
    names: ['bb', 'bbands', 'bollinger band', 'bollinger'],
    defaults: [20, 2],
    outputs: {
      upper: list(
        'upper band|upper bollinger band|bollinger upper band|upper bollinger|top band|upper bb|' +
          'bb upper|top bollinger band|upper bbands|bb high|high band',
      ),
      lower: list(
        'lower band|lower bollinger band|bollinger lower band|lower bollinger|bottom band|' +
          'lower bb|bb lower|bottom bollinger band|lower bbands|bb low|low band',
      ),
      mid: list(
        'middle band|mid band|middle bollinger band|bollinger middle band|bollinger mid band|' +
          'basis|basis line|middle line|mid line|center line|centre line|middle bb|bb middle|' +
          'center band|centre band|mid bollinger band|bollinger basis|mid bb|bb mid|bb basis|bb middle band|' +
          'middle bollinger|mid bollinger|bb midline|midline',
      ),
    },
  },
  atr: {
    names: ['atr', 'average true range'],
    defaults: [14],
  },
  tr: {
    names: ['tr', 'true range'],
  },
  stdev: {
    names: ['stdev', 'standard deviation', 'std', 'stddev', 'std dev'],
  },
  adx: {
    names: ['adx', 'average directional index', 'average directional movement index', 'directional index'],
    defaults: [14],
  },
  obv: {
    names: ['obv', 'on balance volume'],
  },
  vwap: {
    names: ['vwap', 'volume weighted average price'],
  },
  highest: {
    names: ['highest'],
  },
  lowest: {
    names: ['lowest'],
  },
  change: {
    names: ['change'],
  },
  keltner: {
    names: list('keltner|keltner channel|keltner band|keltner envelope|kc'),
    defaults: [20, 2],
    outputs: {
      upper: list(
        'upper keltner|upper keltner band|upper keltner channel|keltner upper|keltner upper band|' +
          'keltner upper channel|keltner top|top keltner band|keltner high',
      ),
      lower: list(
        'lower keltner|lower keltner band|lower keltner channel|keltner lower|keltner lower band|' +
          'keltner lower channel|keltner bottom|bottom keltner band|keltner low',
      ),
      mid: list(
        'keltner mid|keltner middle|keltner middle line|keltner midline|keltner basis|middle keltner|' +
          'keltner center line|keltner centre line|keltner ema|mid keltner',
      ),
    },
  },
  donchian: {
    names: list('donchian|donchian channel|donchian band|donchian breakout'),
    defaults: [20],
    outputs: {
      upper: list(
        'upper donchian|upper donchian channel|upper donchian band|donchian upper|donchian upper band|' +
          'donchian upper channel|donchian high|donchian top|top donchian',
      ),
      lower: list(
        'lower donchian|lower donchian channel|lower donchian band|donchian lower|donchian lower band|' +
          'donchian lower channel|donchian low|donchian bottom|bottom donchian',
      ),
      mid: list(
        'donchian mid|donchian middle|donchian middle line|donchian midline|donchian basis|' +
          'middle donchian|donchian center line|donchian centre line|mid donchian',
      ),
    },
  },
  supertrend: {
    names: list('supertrend|super trend|supertrend indicator|super trend indicator'),
    defaults: [10, 3],
    outputs: {
      supertrend: list('supertrend line|super trend line|supertrend stop|supertrend value'),
      direction: list('supertrend direction|super trend direction|supertrend dir|supertrend trend'),
    },
  },
  dmi: {
    names: list(
      'dmi|directional movement index|directional movement|directional movement indicator|' +
        'directional indicator|directional movement system',
    ),
    defaults: [14],
    outputs: {
      // "+DI" and "-DI" are one word each (tokens.ts); '- di' matches "- DI" typed apart.
      plus_di: list(
        '+di|+dmi|+ di|di +|plus di|positive di|positive directional indicator|plus directional indicator|' +
          'positive directional index|plus directional index|+ dmi|plus dmi|di plus',
      ),
      minus_di: list(
        '-di|-dmi|- di|minus di|negative di|negative directional indicator|minus directional indicator|' +
          'negative directional index|minus directional index|minus dmi|di minus',
      ),
      adx: list('dmi adx|adx line'),
    },
  },
  sar: {
    names: list(
      'sar|psar|parabolic sar|parabolic|parabolic stop and reverse|parabolic stop|parabolic sar stop',
    ),
    defaults: [0.02, 0.2],
  },
  ichimoku: {
    names: list('ichimoku|ichimoku cloud|ichimoku kinko hyo|ichimoku indicator|kumo|cloud'),
    defaults: [9, 26, 52],
    outputs: {
      tenkan: list('tenkan|tenkan sen|conversion line|ichimoku conversion line|turning line|tenkansen'),
      kijun: list('kijun|kijun sen|base line|ichimoku base line|standard line|kijunsen'),
      senkou_a: list('senkou a|senkou span a|leading span a|span a|lead line 1|leading line 1'),
      senkou_b: list('senkou b|senkou span b|leading span b|span b|lead line 2|leading line 2'),
      chikou: list('chikou|chikou span|lagging span|lagging line|chikou line'),
    },
  },
};

/** What a phrase names: a function, maybe one of its outputs, and for highest/lowest the field read. */
export interface IndName {
  readonly fn: string;
  readonly output?: string;
  readonly field?: Field;
  /** "moving average"/"average": an adjective ("exponential") may choose the kind. */
  readonly generic?: boolean;
}

/** Registry functions a request can name: numeric indicators (not events, not math). */
export const INDICATOR_SPECS: readonly FunctionSpec[] = FUNCTIONS.filter(
  (f) => f.returns === 'number' && f.category !== 'math',
);

export const isMovingAverage = (fn: string): boolean => getFunction(fn)?.category === 'moving average';

function buildNames(): PhraseTable<IndName> {
  const t = new PhraseTable<IndName>();
  for (const f of INDICATOR_SPECS) {
    const e = ENGLISH[f.name];
    t.add(f.name, { fn: f.name });
    for (const n of e?.names ?? [])
      t.add(n, {
        fn: f.name,
        ...(f.name === 'sma' && n !== 'sma' && n !== 'simple moving average' && { generic: true }),
      });
    for (const o of f.outputs.length > 1 ? f.outputs : [])
      for (const n of e?.outputs?.[o] ?? []) t.add(n, { fn: f.name, output: o });
  }
  // "the highest high", "the lowest close": which field the window reads ("price": the extreme one).
  const extremes: readonly [string, Field, Field][] = [
    ['high', 'high', 'low'],
    ['low', 'high', 'low'],
    ['close', 'close', 'close'],
    ['closing price', 'close', 'close'],
    ['price', 'high', 'low'],
    ['open', 'open', 'open'],
    ['volume', 'volume', 'volume'],
  ];
  for (const [p, hi, lo] of extremes) {
    if (getFunction('highest') && p !== 'low') t.add(`highest ${p}`, { fn: 'highest', field: hi });
    if (getFunction('lowest') && p !== 'high') t.add(`lowest ${p}`, { fn: 'lowest', field: lo });
  }
  return t;
}

export const INDICATOR_NAMES: PhraseTable<IndName> = buildNames();

/** The constant (period/number) arguments of a function, in registry order. */
export function constArgs(fn: string): readonly ArgSpec[] {
  return getFunction(fn)?.args.filter((a) => a.kind !== 'series') ?? [];
}

/** Does the function read a source series first (sma(close, n)) rather than the bar's fields (atr(n))? */
export const takesSource = (fn: string): boolean => getFunction(fn)?.args[0]?.kind === 'series';

/** Customary parameters: the English table's, else the registry's own defaults, else none. */
export function defaultParams(fn: string): readonly (number | undefined)[] {
  const given = ENGLISH[fn]?.defaults;
  return constArgs(fn).map((a, k) => given?.[k] ?? a.default);
}

export const levelsOf = (fn: string): readonly [number, number] | undefined => ENGLISH[fn]?.levels;

/** How questions refer to a function: the registry's title ("Wilder's moving average (RMA)"). */
export const titleOf = (fn: string): string => getFunction(fn)?.title ?? fn;

/** The title without its abbreviation, as said in a sentence ("the 20-day Wilder's moving average"). */
export const plainTitleOf = (fn: string): string => titleOf(fn).replace(/ \(.*\)$/, '');

/** "SMA, EMA, ..., VWAP": every indicator the language has, for questions. */
export function knownIndicators(): string {
  const names = INDICATOR_SPECS.filter((f) => f.name !== 'lowest').map((f) =>
    f.name === 'highest' ? 'highest high / lowest low of the last N bars' : titleOf(f.name),
  );
  return names.join(', ');
}
