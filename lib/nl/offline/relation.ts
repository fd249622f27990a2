// Relations between a subject and an object: events ("crosses above", "drops below"), levels
// ("is above", "closes below", ">="), touches, "between", signs, trends and oversold/overbought states.
import type { CompareOp } from '../../schema';
import type { Cursor } from './cursor';
import { list } from './list';

export type Rel =
  | {
      readonly kind: 'cross';
      readonly dir?: 'up' | 'down';
      readonly back: boolean;
      readonly priceVerb: boolean;
      readonly touch?: boolean;
    }
  | { readonly kind: 'level'; readonly op: CompareOp; readonly priceVerb: boolean; readonly back: boolean }
  | { readonly kind: 'between'; readonly priceVerb: boolean }
  | { readonly kind: 'sign'; readonly positive: boolean; readonly event: boolean }
  | { readonly kind: 'trend'; readonly rising: boolean; readonly n: number }
  | { readonly kind: 'state'; readonly over: boolean; readonly leave: boolean }
  /** "is 5% above": a margin, which needs arithmetic the language lacks. */
  | { readonly kind: 'margin'; readonly text: string };

const LEAD = list(
  'is|are|was|were|be|being|been|has|have|does|do|did|stays|stay|remains|remain|holds|hold|' +
    'sits|currently|still|now|just|has been|is still',
);
const PRICE_VERBS = list(
  'closes|close|closed|closing|trades|trade|trading|traded|ends|finishes|settles|prints',
);
const CROSS = ['crosses', 'cross', 'crossed', 'crossing', 'crossover', 'crossovers'];
const UP = list(
  'rises|rise|rose|risen|rising|climbs|climb|climbed|climbing|jumps|jump|jumped|pushes|push|' +
    'pushed|surges|surge|surged|pops|pop|popped|spikes|spiked|rallies|rallied|bounces|bounced|' +
    'recovers|recovered|shoots|advances|pierces|penetrates',
);
const DOWN = list(
  'drops|drop|dropped|dropping|falls|fall|fell|fallen|falling|dips|dip|dipped|dipping|sinks|' +
    'sink|sank|slips|slip|slipped|slides|slide|slid|tumbles|tumbled|plunges|plunged|declines|' +
    'declined|crashes|crashed|retreats|pulls back|pulled back',
);
const MOVE = list(
  'breaks out|broke out|breaks down|broke down|breaks|break|broke|breaking|moves|move|moved|' +
    'moving|goes|go|went|going|gets|get|got|comes|come|came|turns|turn|turned|heads|punches|' +
    'slices|cuts',
);
const PREP_UP = list('above|over|up through|up past|up over|up|upward|upwards|higher than|higher|past');
const PREP_DOWN = list(
  'below|under|beneath|underneath|down through|down past|down|downward|downwards|lower than|' + 'lower',
);
const GE = list(
  'greater than or equal to|more than or equal to|above or equal to|equal to or above|' +
    'equal to or greater than|at or above|at least|no less than|not below|not less than|>=|=>',
);
const LE = list(
  'less than or equal to|below or equal to|equal to or below|equal to or less than|' +
    'at or below|at most|no more than|not above|not more than|<=|=<',
);
const GT = list(
  'above|over|higher than|greater than|more than|bigger than|larger than|exceeds|exceed|' +
    'exceeded|exceeding|in excess of|greater|>',
);
const LT = list('below|under|beneath|underneath|lower than|less than|smaller than|lower|less|<');
const NOT = { '>': '<=', '<': '>=', '>=': '<', '<=': '>' } as const;
const TOUCH = list(
  'reaches|reach|reached|hits|hit|touches|touch|touched|tags|tagged|tests|tested|meets|' +
    'gets to|comes to|returns to|goes to|moves to|equals',
);

/** A relation at the cursor, or undefined (cursor unchanged). */
export function relation(c: Cursor): Rel | undefined {
  const start = c.i;
  let priceVerb = false;
  let neg = false;
  for (let guard = 0; guard < 6; guard++) {
    if (c.eat(...PRICE_VERBS)) priceVerb = true;
    else if (c.eat('not', 'no longer', 'never')) neg = !neg;
    else if (!c.eat(...LEAD)) break;
  }
  let back = !!c.eat('back', 'again');
  const t = c.tok();
  if (
    t?.kind === 'num' &&
    (t.unit === 'pct' || t.unit === 'usd') &&
    /^(above|below|over|under|higher|lower|more|less)$/.test(c.w(1))
  ) {
    c.i += 2;
    return { kind: 'margin', text: `${t.raw} ${c.w(-1)}` };
  }
  if (neg) {
    // Only a level or a sign can be negated exactly ("is not above 70" is "<= 70"); other negations are asked about.
    const r = relation(c);
    if (r?.kind === 'level') return { ...r, op: NOT[r.op], priceVerb: r.priceVerb || priceVerb };
    if (r?.kind === 'sign' && !r.event) return { ...r, positive: !r.positive };
    c.i = start;
    return undefined;
  }
  // states
  if (
    c.eat(
      'oversold',
      'in oversold territory',
      'in the oversold zone',
      'into oversold territory',
      'into oversold',
      'in oversold',
    )
  )
    return { kind: 'state', over: false, leave: false };
  if (
    c.eat(
      'overbought',
      'in overbought territory',
      'in the overbought zone',
      'into overbought territory',
      'into overbought',
      'in overbought',
    )
  )
    return { kind: 'state', over: true, leave: false };
  const leave = c.eat(
    'leaves',
    'leave',
    'exits',
    'exit',
    'comes out of',
    'gets out of',
    'moves out of',
    'rises out of',
    'falls out of',
    'drops out of',
    'climbs out of',
    'out of',
  );
  if (leave) {
    c.eat('the');
    const s = c.eat('oversold', 'overbought');
    if (s) {
      c.eat('territory', 'zone', 'area', 'region');
      return { kind: 'state', over: s === 'overbought', leave: true };
    }
    c.i = start;
    return undefined;
  }
  if (c.eat('between', 'in the range', 'within the range of', 'in a range of', 'within'))
    return { kind: 'between', priceVerb };
  if (c.eat('positive', 'above zero', 'greater than zero'))
    return { kind: 'sign', positive: true, event: false };
  if (c.eat('negative', 'below zero', 'less than zero'))
    return { kind: 'sign', positive: false, event: false };
  const trendAt = c.i;
  const trend = c.eat(
    'rising',
    'increasing',
    'falling',
    'decreasing',
    'sloping up',
    'sloping down',
    'trending up',
    'trending down',
    'pointing up',
    'pointing down',
  );
  // "rising above 75" is an event; "rising (for 3 days)" a trend
  if (trend && /^(rising|falling)$/.test(trend) && /^(above|over|below|under|through|past|back)$/.test(c.w()))
    c.i = trendAt;
  else if (trend) return { kind: 'trend', rising: /rising|increasing|up/.test(trend), n: trendBars(c) };
  // events
  const cross = c.eat(...CROSS);
  const up = cross ? undefined : c.eat(...UP);
  const down = cross || up ? undefined : c.eat(...DOWN);
  const move = cross || up || down ? undefined : c.eat(...MOVE);
  if (cross || up || down || move) {
    back = !!c.eat('back', 'again') || back;
    if (move && c.eat('positive', 'into positive territory'))
      return { kind: 'sign', positive: true, event: true };
    if (move && c.eat('negative', 'into negative territory'))
      return { kind: 'sign', positive: false, event: true };
    if (!cross && c.eat('oversold', 'into oversold territory', 'into oversold'))
      return { kind: 'state', over: false, leave: false };
    if (!cross && c.eat('overbought', 'into overbought territory', 'into overbought'))
      return { kind: 'state', over: true, leave: false };
    if (c.eat(...PREP_UP)) return { kind: 'cross', dir: 'up', back, priceVerb };
    if (c.eat(...PREP_DOWN)) return { kind: 'cross', dir: 'down', back, priceVerb };
    if (c.eat('through', 'past', 'across')) return { kind: 'cross', back, priceVerb };
    if (cross)
      return {
        kind: 'cross',
        dir: cross === 'crossover' || cross === 'crossovers' ? 'up' : undefined,
        back,
        priceVerb,
      };
    if (up && (/^(rises|rise|rose|risen|rising|climbs|climb)$/.test(up) || c.num() === undefined)) {
      const n = trendBars(c, true);
      if (n) return { kind: 'trend', rising: true, n };
    }
    if (down) {
      const n = trendBars(c, true);
      if (n) return { kind: 'trend', rising: false, n };
    }
    if (move && /^(breaks? out|broke out)$/.test(move)) return { kind: 'cross', dir: 'up', back, priceVerb };
    if (move && /^(breaks? down|broke down)$/.test(move))
      return { kind: 'cross', dir: 'down', back, priceVerb };
    if (back && (up || down)) return { kind: 'cross', dir: up ? 'up' : 'down', back, priceVerb };
    c.i = start;
    return undefined;
  }
  if (c.eat(...TOUCH)) return { kind: 'cross', back, priceVerb, touch: true };
  const ge = c.eat(...GE);
  const le = ge ? undefined : c.eat(...LE);
  const gt = ge || le ? undefined : c.eat(...GT);
  const lt = ge || le || gt ? undefined : c.eat(...LT);
  if (ge || le || gt || lt) {
    c.eat('than', 'the level of', 'a level of');
    const op: CompareOp = ge ? '>=' : le ? '<=' : gt ? '>' : '<';
    return { kind: 'level', op, priceVerb, back };
  }
  if (priceVerb && c.eat('at')) return { kind: 'cross', back, priceVerb, touch: true };
  c.i = start;
  return undefined;
}

/** "for 3 days", "3 days in a row", "for 3 consecutive bars"; `required` returns 0 when absent. */
function trendBars(c: Cursor, required = false): number {
  const at = c.i;
  c.eat('for', 'over');
  c.eat('the last', 'the past', 'last', 'past');
  const n = c.num();
  if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 5000) {
    c.i++;
    c.eat('consecutive', 'straight');
    if (c.eat('days', 'day', 'bars', 'bar', 'periods', 'sessions', 'candles', 'times')) {
      c.eat('in a row', 'straight', 'running');
      return n;
    }
  }
  c.i = at;
  return required ? 0 : 1;
}
