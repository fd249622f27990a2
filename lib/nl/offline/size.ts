// Order sizes: "50% of equity", "$5,000 per trade", "10 shares", "half", "the rest", "in lots of 5
// shares", "a lot" — read where rules and size statements name them; the caller decides whether a size
// is an entry's or an exit's.
import type { Size } from '../../schema';
import type { Cursor } from './cursor';
import { declare } from './phrases';

export interface SizeRead {
  readonly size: Size;
  readonly scope: 'entry' | 'exit' | 'either';
  /** "in lots of 5 shares": the lot, in units. */
  readonly lot?: number;
  /** "a lot", "2 lots": how many lots (size.units holds the same number until the lot is known). */
  readonly lots?: number;
}

/** What a percent or fraction is of. */
const OF_WHAT = declare<'equity' | 'position'>('what a size is a share of', [
  {
    phrases:
      'equity|capital|portfolio|account|cash|balance|money|funds|bankroll|net worth|stack|buying power|' +
      'account equity|account balance',
    yields: 'equity',
    meaning: 'a percent of equity: the size of every entry',
  },
  {
    phrases: 'position|holdings|holding|shares|stake|stock|it|them|the position|coins',
    yields: 'position',
    meaning: 'a percent of the open position: the size of an exit',
  },
]);

const POSSESSIVE = 'my|the|your|our|total|available|all|current|open|whole';

/** After a size: it is the size of each entry. */
const PER_ENTRY = declare<true>('size of each entry', [
  {
    phrases:
      'per trade|on each trade|each trade|every trade|per position|per entry|each entry|per short|per long|' +
      'per buy|per signal|a trade|a pop|of each trade|position size|allocation|size|on every trade|' +
      'for each trade|in each trade|on each entry',
    yields: true,
    meaning: 'the size of each entry',
  },
]);

const FRACTIONS = declare<number>('fractions', [
  { phrases: 'half|a half|half of', yields: 0.5, meaning: '50%' },
  { phrases: 'a third|one third|third', yields: 1 / 3, meaning: 'a third' },
  { phrases: 'a quarter|one quarter|quarter', yields: 0.25, meaning: '25%' },
  {
    phrases:
      'all|everything|all in|the whole position|the entire position|the whole thing|all of it|the rest|' +
      'the remainder|the remaining|everything else|what is left|whole position|entire position|the lot',
    yields: 1,
    meaning: 'all of it (100%)',
  },
]);

const UNITS = declare<true>('units', [
  {
    phrases: 'shares|share|units|unit|contracts|contract|coins|coin',
    yields: true,
    meaning: 'a number of units',
  },
]);

/** Where the word ends: each time / every time end a size only at the end of a statement. */
function perEntry(c: Cursor): void {
  c.eatTable(PER_ENTRY);
  if ((c.at('each time') || c.at('every time')) && c.i + 2 >= c.toks.length) c.i += 2;
}

function ofWhat(c: Cursor): 'equity' | 'position' | undefined {
  const at = c.i;
  c.eat('of', 'in');
  c.eat(...POSSESSIVE.split('|'));
  c.eat(...POSSESSIVE.split('|'));
  const w = c.eatTable(OF_WHAT);
  if (!w) c.i = at;
  return w;
}

/** An order size at the cursor, and whether it is an entry size, an exit size, or depends on the action. */
export function sizeAt(c: Cursor): SizeRead | undefined {
  const start = c.i;
  c.eat('with', 'using', 'of', 'for', 'at');
  c.eat('a', 'an');
  const t = c.tok();
  // "3% below yesterday's close" is a margin (asked about), not a size
  if (
    t?.kind === 'num' &&
    t.unit === 'pct' &&
    t.n > 0 &&
    t.n <= 100 &&
    !/^(above|below|over|under|higher|lower)$/.test(c.w(1))
  ) {
    c.i++;
    const p = { percent: t.n / 100 };
    if (c.peekTable(PER_ENTRY)) {
      perEntry(c);
      return { size: p, scope: 'entry' };
    }
    const of = ofWhat(c);
    if (of === 'position') return { size: p, scope: 'exit' };
    if (of === 'equity' || c.peekTable(PER_ENTRY)) {
      perEntry(c);
      return { size: p, scope: 'entry' };
    }
    return { size: p, scope: 'either' };
  }
  if (c.eat('position size', 'size', 'allocation')) {
    c.eat('of', 'is', '=', ':', 'to');
    const v = c.tok();
    if (v?.kind === 'num' && v.unit === 'pct' && v.n > 0 && v.n <= 100) {
      c.i++;
      return { size: { percent: v.n / 100 }, scope: 'entry' };
    }
  }
  c.i = start;
  c.eat('with', 'using', 'for', 'in');
  // "in lots of 5 shares", "lots of 100": the lot; every entry buys one
  if (c.eat('lots of', 'lot size of', 'a lot size of', 'lot size', 'blocks of')) {
    const n = c.tok();
    if (n?.kind === 'num' && !n.unit && n.n > 0) {
      c.i++;
      c.eatTable(UNITS);
      return { size: { units: n.n }, scope: 'entry', lot: n.n };
    }
  }
  c.i = start;
  c.eat('with', 'using', 'of', 'for');
  const lots = c.at('a lot') || c.at('one lot') ? 1 : undefined;
  if (lots) {
    c.i += 2;
    return { size: { units: 1 }, scope: 'either', lots };
  }
  c.eat('a', 'an');
  const frac = c.eatTable(FRACTIONS);
  if (frac !== undefined) {
    const of = ofWhat(c);
    return {
      size: { percent: frac },
      scope: of === 'equity' ? 'entry' : of === 'position' ? 'exit' : 'either',
    };
  }
  const u = c.tok();
  if (u?.kind === 'num' && u.unit === 'usd' && u.n >= 0.01) {
    c.i++;
    c.eat(
      'per trade',
      'each trade',
      'per position',
      'a trade',
      'on each trade',
      'worth',
      'of stock',
      'of it',
      'of shares',
    );
    return { size: { cash: u.n }, scope: 'entry' };
  }
  if (u?.kind === 'num' && !u.unit && u.n > 0) {
    c.i++;
    if (c.eatTable(UNITS)) {
      c.eat('of', 'of the stock', 'of it');
      return { size: { units: u.n }, scope: 'either' };
    }
    if (c.eat('lots', 'lot')) return { size: { units: u.n }, scope: 'either', lots: u.n };
  }
  c.i = start;
  return undefined;
}

export const SIZE_TABLES = [OF_WHAT, PER_ENTRY, FRACTIONS, UNITS] as const;
