// Short English for parsed conditions, used in questions ("sell when the 10-day EMA crosses below the
// 30-day EMA"), so that an example in a question is built from the user's own rule.
import type { Cond, Opnd } from './ir';
import { isMovingAverage, plainTitleOf, titleOf } from './lexicon';

export function opText(o: Opnd): string {
  if (o.k === 'num') return String(o.v);
  if (o.k === 'field')
    return `${o.offset ? 'the previous' : 'the'} ${o.field === 'close' ? 'close' : o.field}`;
  const p = o.params;
  if (isMovingAverage(o.fn)) return `the ${p[0]}-day ${plainTitleOf(o.fn)}`;
  switch (o.fn) {
    case 'macd':
      return o.output === 'signal'
        ? 'the signal line'
        : o.output === 'hist'
          ? 'the MACD histogram'
          : 'the MACD line';
    case 'bb':
      return `the ${o.output === 'mid' ? 'middle' : o.output} Bollinger band`;
    case 'stoch':
      return o.output === 'd' ? '%D' : '%K';
    case 'highest':
      return `the highest high of the last ${p[0]} days`;
    case 'lowest':
      return `the lowest low of the last ${p[0]} days`;
    default:
      return p.length ? `${titleOf(o.fn)}(${p.join(', ')})` : titleOf(o.fn);
  }
}

export function condText(c: Cond): string {
  switch (c.op) {
    case 'and':
    case 'or':
      return c.args.map(condText).join(` ${c.op} `);
    case 'rising':
    case 'falling':
      return `${opText(c.a)} is ${c.op}`;
    case 'crossover':
      return `${opText(c.a)} ${c.b.k === 'num' ? 'rises' : 'crosses'} above ${opText(c.b)}`;
    case 'crossunder':
      return `${opText(c.a)} ${c.b.k === 'num' ? 'falls' : 'crosses'} below ${opText(c.b)}`;
    case 'cross':
      return `${opText(c.a)} crosses ${opText(c.b)}`;
    default:
      return `${opText(c.a)} is ${c.op.startsWith('>') ? 'above' : 'below'} ${opText(c.b)}`;
  }
}

/** The opposite event of a single cross or level condition, for an example exit. */
export function opposite(c: Cond): Cond | undefined {
  if (!('b' in c)) return undefined;
  if (c.op === 'crossover' || c.op === '>' || c.op === '>=') return { op: 'crossunder', a: c.a, b: c.b };
  if (c.op === 'crossunder' || c.op === '<' || c.op === '<=') return { op: 'crossover', a: c.a, b: c.b };
  return undefined;
}
