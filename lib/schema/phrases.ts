// Plain-English names of operands and indicators for the confirmation text ("the 50-bar SMA of the
// close", "RSI(14)", "the upper Bollinger band (20, 2)"). A function the registry gains later still
// gets a phrase: its call, e.g. "kama(close, 10)".
import { getFunction } from '../engine';
import type { Field } from './consts';
import type { Indicator, Input, Operand, StrategySpec } from './spec';
import { groupDigits } from './text';

export class Phrases {
  private readonly indicators: Map<string, Indicator>;
  private readonly inputs: Map<string, Input>;

  constructor(spec: StrategySpec) {
    this.indicators = new Map(spec.indicators.map((i) => [i.id, i]));
    this.inputs = new Map(spec.inputs.map((i) => [i.name, i]));
  }

  /** A constant: a number, or an input shown with its title and current value. */
  constant(o: Operand): string {
    if ('value' in o) return groupDigits(o.value);
    if ('input' in o) {
      const inp = this.inputs.get(o.input);
      return inp ? `${inp.title ?? o.input} (${groupDigits(inp.value)})` : o.input;
    }
    return this.operand(o);
  }

  /** A parameter inside an indicator's name: just its value. */
  private param(o: Operand | undefined): string {
    if (!o) return '';
    if ('input' in o) return groupDigits(this.inputs.get(o.input)?.value ?? Number.NaN);
    return 'value' in o ? groupDigits(o.value) : this.operand(o);
  }

  operand(o: Operand): string {
    if ('field' in o) return fieldPhrase(o.field, o.offset ?? 0);
    if ('indicator' in o) return this.indicator(o.indicator, o.offset ?? 0);
    return this.constant(o);
  }

  indicator(id: string, extra = 0, depth = 0): string {
    const ind = this.indicators.get(id);
    // Past three levels an indicator is named by its id: phrases of min/max chains would double per level.
    if (!ind || depth > MAX_DEPTH) return `'${id}'${ago(extra)}`;
    const back = (ind.offset ?? 0) + extra;
    const src = ind.args[0] ? this.source(ind.args[0], depth) : '';
    const p = (k: number) => this.param(ind.args[k]);
    const ofSrc = (o: Operand | undefined) =>
      o && 'field' in o && o.field === 'close' && !o.offset ? '' : ` of ${src}`;
    if ((ind.fn === 'highest' || ind.fn === 'lowest') && back > 0) {
      const what =
        ind.args[0] && 'field' in ind.args[0] && !ind.args[0].offset
          ? bare(ind.args[0].field)
          : `value of ${src}`;
      const span = back === 1 ? `the previous ${p(1)} bars` : `the ${p(1)} bars ending ${back} bars ago`;
      return `the ${ind.fn} ${what} of ${span}`;
    }
    return `${this.name(ind, src, p, ofSrc, depth)}${ago(back)}`;
  }

  private source(o: Operand, depth: number): string {
    if ('indicator' in o) return this.indicator(o.indicator, o.offset ?? 0, depth + 1);
    return this.operand(o);
  }

  private name(
    ind: Indicator,
    src: string,
    p: (k: number) => string,
    ofSrc: (o: Operand | undefined) => string,
    depth: number,
  ): string {
    const a0 = ind.args[0];
    const second = () => (ind.args[1] ? this.source(ind.args[1], depth) : '');
    switch (ind.fn) {
      case 'sma':
      case 'ema':
      case 'wma':
      case 'rma':
      case 'hma':
      case 'vwma':
        return `the ${p(1)}-bar ${shortOf(ind.fn)} of ${src}`;
      case 'rsi':
        return `RSI(${p(1)})${ofSrc(a0)}`;
      case 'roc':
        return `the ${p(1)}-bar rate of change of ${src}`;
      case 'mom':
        return `the ${p(1)}-bar momentum of ${src}`;
      case 'stdev':
        return `the ${p(1)}-bar standard deviation of ${src}`;
      case 'change':
        return `the ${ind.args[1] ? p(1) : '1'}-bar change of ${src}`;
      case 'cci':
      case 'mfi':
      case 'willr':
      case 'atr':
      case 'adx':
        return `${shortOf(ind.fn)}(${p(0)})`;
      case 'tr':
        return 'the true range';
      case 'obv':
        return 'on-balance volume';
      case 'vwap':
        return 'VWAP';
      case 'highest':
      case 'lowest':
        return a0 && 'field' in a0 && !a0.offset
          ? `the ${ind.fn} ${bare(a0.field)} of the last ${p(1)} bars`
          : `the ${ind.fn} value of ${src} over the last ${p(1)} bars`;
      case 'macd':
        return `the MACD ${MACD[ind.output ?? 'macd'] ?? ind.output} (${p(1)}, ${p(2)}, ${p(3)})${ofSrc(a0)}`;
      case 'bb':
        return `the ${BB[ind.output ?? 'mid'] ?? ind.output} Bollinger band (${p(1)}, ${p(2)})${ofSrc(a0)}`;
      case 'stoch':
        return `stochastic %${ind.output === 'd' ? 'D' : 'K'} (${p(0)}, ${p(1)}, ${p(2)})`;
      case 'keltner':
        return `the ${BB[ind.output ?? 'mid'] ?? ind.output} Keltner channel (${p(1)}, ${p(2)})${ofSrc(a0)}`;
      case 'donchian':
        return `the ${BB[ind.output ?? 'mid'] ?? ind.output} Donchian channel (${p(0)})`;
      case 'supertrend':
        return ind.output === 'direction'
          ? `the SuperTrend direction (${p(0)}, ${p(1)}: 1 up, -1 down)`
          : `the SuperTrend line (${p(0)}, ${p(1)})`;
      case 'dmi':
        return `${DMI[ind.output ?? 'adx'] ?? ind.output}(${p(0)})`;
      case 'sar':
        return `the parabolic SAR (${p(0)}, ${p(1)})`;
      case 'ichimoku':
        return `the Ichimoku ${ICHIMOKU[ind.output ?? 'tenkan'] ?? ind.output} (${[0, 1, 2, 3]
          .filter((k) => ind.args[k])
          .map(p)
          .join(', ')})`;
      case 'abs':
        return `the absolute value of ${src}`;
      case 'min':
        return `the smaller of ${src} and ${second()}`;
      case 'max':
        return `the larger of ${src} and ${second()}`;
      case 'sqrt':
        return `the square root of ${src}`;
      case 'log':
        return `the natural logarithm of ${src}`;
      case 'exp':
        return `e to the power of ${src}`;
      case 'round':
        return `${src} rounded to a whole number`;
      default:
        return `${ind.fn}(${ind.args.map((_, k) => p(k)).join(', ')})${ind.output ? ` ${ind.output}` : ''}`;
    }
  }
}

const MAX_DEPTH = 3;

/** The registry's compact label of a function ('SMA', 'RMA', 'Williams %R'). */
const shortOf = (fn: string): string => getFunction(fn)?.short ?? fn;

const MACD: Record<string, string> = { macd: 'line', signal: 'signal line', hist: 'histogram' };
const BB: Record<string, string> = { mid: 'middle', upper: 'upper', lower: 'lower' };
const DMI: Record<string, string> = { plus_di: '+DI', minus_di: '-DI', adx: 'ADX' };
const ICHIMOKU: Record<string, string> = {
  tenkan: 'conversion line',
  kijun: 'base line',
  senkou_a: 'leading span A',
  senkou_b: 'leading span B',
  chikou: 'lagging span',
};

const FIELD_NOUN: Record<Field, string> = {
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
  hl2: 'median price (hl2)',
  hlc3: 'typical price (hlc3)',
  ohlc4: 'average price (ohlc4)',
};

const bare = (f: Field) => FIELD_NOUN[f];

function ago(k: number): string {
  return k === 0 ? '' : k === 1 ? ' one bar ago' : ` ${k} bars ago`;
}

export function fieldPhrase(f: Field, offset: number): string {
  if (offset === 0) return `the ${FIELD_NOUN[f]}`;
  if (offset === 1) return `the previous ${FIELD_NOUN[f]}`;
  return `the ${FIELD_NOUN[f]} ${offset} bars ago`;
}
