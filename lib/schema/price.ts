// Prices of orders and exits (`buy(limit=...)`, `stop_loss(price=...)`) in the three forms the schema
// knows, each written, read back and said one way: `from`, `from * (1 ± P%)`, `from ± K * series`.
import type { Expr } from '../dsl';
import { type LiftCtx, liftOperand, show } from './lift-expr';
import type { Phrases } from './phrases';
import type { Operand, Price, PriceBase } from './spec';
import { groupDigits, numText, pctText, pctWords } from './text';

/** The language's name of the entry price. */
export const ENTRY_PRICE = 'position_avg_price';

const operandText = (o: Operand): string => {
  if ('field' in o) return o.offset ? `${o.field}[${o.offset}]` : o.field;
  if ('indicator' in o) return o.offset ? `${o.indicator}[${o.offset}]` : o.indicator;
  if ('value' in o) return numText(o.value);
  return o.input;
};

const baseText = (b: PriceBase) => ('position' in b ? ENTRY_PRICE : operandText(b));

/** The `.bt` expression of a price (the formatter drops parentheses the grammar does not need). */
export function priceText(p: Price): string {
  const from = baseText(p.from);
  if (p.percent !== undefined)
    return `${from} * (1 ${p.percent < 0 ? '-' : '+'} ${pctText(Math.abs(p.percent))})`;
  if (p.add) {
    const k = Math.abs(p.add.times);
    const sign = p.add.times < 0 ? '-' : '+';
    return `${from} ${sign} ${k === 1 ? '' : `${numText(k)} * `}${operandText(p.add.of)}`;
  }
  return from;
}

function liftBase(ctx: LiftCtx, e: Expr): PriceBase | null {
  if (e.kind === 'Name' && e.name === ENTRY_PRICE) return { position: 'avg_price' };
  return liftOperand(ctx, e);
}

const isOne = (e: Expr) => e.kind === 'Number' && e.value === 1 && !e.percent;

/** A price expression back to its schema form; anything else is reported through ctx and gives null. */
export function liftPrice(ctx: LiftCtx, e: Expr): Price | null {
  if (e.kind === 'Binary' && e.op === '*') {
    const m = e.right;
    if (
      m.kind === 'Binary' &&
      (m.op === '+' || m.op === '-') &&
      isOne(m.left) &&
      m.right.kind === 'Number' &&
      m.right.value > 0
    ) {
      const from = liftBase(ctx, e.left);
      return from && { from, percent: m.op === '-' ? -m.right.value : m.right.value };
    }
  }
  if (e.kind === 'Binary' && (e.op === '+' || e.op === '-')) {
    const r = e.right;
    const scaled = r.kind === 'Binary' && r.op === '*' && r.left.kind === 'Number' ? r : null;
    const k = scaled && scaled.left.kind === 'Number' ? scaled.left.value : 1;
    const from = liftBase(ctx, e.left);
    const of = liftOperand(ctx, scaled ? scaled.right : r);
    if (!from || !of) return null;
    if (!('field' in of || 'indicator' in of)) {
      ctx.reason(
        e.span,
        `a price moved by a constant (${show(e)})`,
        'move it by a percent or a multiple of a series',
      );
      return null;
    }
    return { from, add: { times: e.op === '-' ? -k : k, of } };
  }
  const from = liftBase(ctx, e);
  return from && { from };
}

/** For people: "1% below the close", "2 × ATR(14) below the entry price", "the 20-bar highest high". */
export function pricePhrase(p: Price, ph: Phrases): string {
  const from = 'position' in p.from ? 'the entry price' : ph.operand(p.from);
  if (p.percent !== undefined)
    return `${pctWords(Math.abs(p.percent))} ${p.percent < 0 ? 'below' : 'above'} ${from}`;
  if (p.add) {
    const k = Math.abs(p.add.times);
    return `${k === 1 ? '' : `${groupDigits(k)} × `}${ph.operand(p.add.of)} ${p.add.times < 0 ? 'below' : 'above'} ${from}`;
  }
  return from;
}
