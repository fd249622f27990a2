// Order sizes: "50% of equity", "$5,000 per trade", "10 shares", "half", "the rest" — read where rules
// and size statements name them; the caller decides whether a size is an entry's or an exit's.
import type { Size } from '../../schema';
import type { Cursor } from './cursor';

/** An order size at the cursor, and whether it is an entry size, an exit size, or depends on the action. */
export function sizeAt(c: Cursor): { size: Size; scope: 'entry' | 'exit' | 'either' } | undefined {
  const start = c.i;
  c.eat('with', 'using', 'of', 'for');
  c.eat('a', 'an');
  const t = c.tok();
  const equity = () => {
    c.eat('of', 'in');
    c.eat('my', 'the', 'your', 'our', 'total', 'available', 'all');
    c.eat('total', 'available');
    return !!c.eat(
      'equity',
      'capital',
      'portfolio',
      'account',
      'cash',
      'balance',
      'money',
      'funds',
      'bankroll',
      'net worth',
    );
  };
  const position = () => {
    c.eat('of', 'in');
    c.eat('my', 'the', 'our', 'your', 'current', 'open');
    return !!c.eat('position', 'holdings', 'holding', 'shares', 'stake', 'stock', 'it', 'them');
  };
  if (t?.kind === 'num' && t.unit === 'pct' && t.n > 0 && t.n <= 100) {
    c.i++;
    const p = { percent: t.n / 100 };
    const at = c.i;
    if (equity()) {
      c.eat('per trade', 'on each trade', 'each trade', 'per position');
      return { size: p, scope: 'entry' };
    }
    c.i = at;
    if (position()) return { size: p, scope: 'exit' };
    c.i = at;
    if (
      c.eat(
        'position size',
        'per trade',
        'per position',
        'of each trade',
        'each trade',
        'a trade',
        'allocation',
        'size',
      )
    )
      return { size: p, scope: 'entry' };
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
  const frac = c.eat(
    'half',
    'a half',
    'a third',
    'one third',
    'a quarter',
    'one quarter',
    'all',
    'everything',
    'all in',
    'the whole position',
    'the entire position',
    'the whole thing',
    'all of it',
    'the rest',
    'the remainder',
    'the remaining',
    'everything else',
    'what is left',
  );
  if (frac) {
    const f = frac.includes('half')
      ? 0.5
      : frac.includes('third')
        ? 1 / 3
        : frac.includes('quarter')
          ? 0.25
          : 1;
    const at = c.i;
    if (equity()) return { size: { percent: f }, scope: 'entry' };
    c.i = at;
    if (position()) return { size: { percent: f }, scope: 'exit' };
    c.i = at;
    return { size: { percent: f }, scope: 'either' };
  }
  if (t?.kind === 'num' && t.unit === 'usd' && t.n >= 0.01) {
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
    return { size: { cash: t.n }, scope: 'entry' };
  }
  if (t?.kind === 'num' && !t.unit && t.n > 0) {
    c.i++;
    if (c.eat('shares', 'share', 'units', 'unit', 'contracts', 'contract', 'coins', 'coin', 'lots', 'lot')) {
      c.eat('of', 'of the stock', 'of it');
      return { size: { units: t.n }, scope: 'either' };
    }
  }
  c.i = start;
  return undefined;
}
