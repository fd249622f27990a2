// A filter on weekly or monthly bars read from its clause: "only when the weekly close is above its
// 20-week average", "weekly trend up (close above 20-week sma)". The clause is read whole or not at all
// (then orders.ts asks about it). Placed as htf("1w", close > sma(close, 20)) on the entry rules.
import type { TimeframeLabel } from '../../schema';
import { declare } from './phrases';
import type { Tok } from './tokens';

export interface HigherFilter {
  readonly timeframe: TimeframeLabel;
  readonly op: '>' | '<';
  readonly fn: 'sma' | 'ema';
  readonly n: number;
}

const HTF_BARS = declare<'1w' | '1M'>('higher timeframes: which bars', [
  { phrases: 'weekly|week|weeks|wk', yields: '1w', meaning: 'a filter on weekly bars ("20-week average")' },
  { phrases: 'monthly|month|months', yields: '1M', meaning: 'a filter on monthly bars ("10-month sma")' },
]);

const HTF_SIDES = declare<'>' | '<'>('higher timeframes: which side of the average', [
  {
    phrases: 'above|over|up|uptrend|higher than|greater than|closes above',
    yields: '>',
    meaning: 'the higher-timeframe close is above its average ("weekly trend up")',
  },
  {
    phrases: 'below|under|down|downtrend|lower than|less than|closes below',
    yields: '<',
    meaning: 'the higher-timeframe close is below its average ("weekly downtrend")',
  },
]);

const HTF_AVERAGES = declare<'sma' | 'ema'>('higher timeframes: the average', [
  {
    phrases: 'average|sma|ma|moving average|simple moving average',
    yields: 'sma',
    meaning: 'a simple average',
  },
  {
    phrases: 'ema|exponential moving average|exponential average',
    yields: 'ema',
    meaning: 'an exponential one',
  },
]);

/** Words a filter clause may carry besides the ones read (anything else: not read, asked about). */
const FILLER = new Set(
  'only when if while and the its is a of than price close closes closing trend bars ( ) -'.split(' '),
);

/** The filter in toks[from, end), or undefined when any word is not understood or the units disagree. */
type Slots = { tf?: '1w' | '1M'; op?: '>' | '<'; fn?: 'sma' | 'ema' };
const TABLES = [
  ['tf', HTF_BARS],
  ['op', HTF_SIDES],
  ['fn', HTF_AVERAGES],
] as const;

/** The filter in toks[from, end), or undefined when any word is not understood or two words disagree. */
export function readHigher(toks: readonly Tok[], from: number, end: number): HigherFilter | undefined {
  const got: Slots = {};
  let n: number | undefined;
  next: for (let i = from; i < end; ) {
    // "trend up (close above ...)": the same reading twice is one; "weekly ... 20-month" is none
    for (const [slot, table] of TABLES) {
      const m = table.match(toks, i);
      if (!m) continue;
      if (got[slot] !== undefined && got[slot] !== m.value) return undefined;
      (got as Record<string, string>)[slot] = m.value;
      i = m.end;
      continue next;
    }
    const t = toks[i];
    // the period counts higher bars: "20-week", "20 week"
    if (t.kind === 'num' && !t.unit && n === undefined && Number.isInteger(t.n) && t.n >= 2 && t.n <= 500) {
      n = t.n;
      i++;
      continue;
    }
    if (!FILLER.has(t.w)) return undefined;
    i++;
  }
  const { tf, op, fn } = got;
  return tf && op && fn && n !== undefined ? { timeframe: tf, op, fn, n } : undefined;
}
