// Relations between a subject and an object: events ("crosses above", "drops below"), levels
// ("is above", "closes below", ">="), touches, "between", signs, trends and oversold/overbought states.
import type { CompareOp } from '../../schema';
import type { Cursor } from './cursor';
import { declare } from './phrases';

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

/** Words before a relation: "is", "stays", "closes" (a price verb: the subject is the price), "not". */
const LEADS = declare<'lead' | 'price' | 'not'>('relations: words before them', [
  {
    phrases:
      'is|are|was|were|be|being|been|has|have|does|do|did|stays|stay|remains|remain|holds|hold|sits|' +
      'currently|still|now|just|has been|is still',
    yields: 'lead',
    meaning: 'no meaning of their own before a relation',
  },
  {
    phrases: 'closes|close|closed|closing|trades|trade|trading|traded|ends|finishes|settles|prints',
    yields: 'price',
    meaning: 'the price does it: "closes above the 50-day MA" compares the close',
  },
  { phrases: 'not|no longer|never', yields: 'not', meaning: 'negates a level: "is not above 70" is "<= 70"' },
]);

type Move = 'cross' | 'crossover' | 'rise' | 'up' | 'down' | 'move' | 'out' | 'breakdown' | 'touch';

/** Verbs of events (one bar), and of touching a level. */
const MOVES = declare<Move>('relations: events', [
  {
    phrases: 'crosses|cross|crossed|crossing',
    yields: 'cross',
    meaning: 'crosses: above/below gives the direction, else the action does',
  },
  { phrases: 'crossover|crossovers', yields: 'crossover', meaning: 'crosses above (crossover)' },
  {
    phrases: 'rises|rise|rose|risen|rising|climbs|climb',
    yields: 'rise',
    meaning: 'crosses above with above/over; "rises for 3 days" is a rising trend',
  },
  {
    phrases:
      'climbed|climbing|jumps|jump|jumped|pushes|push|pushed|surges|surge|surged|pops|pop|popped|spikes|' +
      'spiked|rallies|rallied|bounces|bounced|recovers|recovered|shoots|advances|pierces|penetrates',
    yields: 'up',
    meaning: 'crosses above (with above/over/through)',
  },
  {
    phrases:
      'drops|drop|dropped|dropping|falls|fall|fell|fallen|falling|dips|dip|dipped|dipping|sinks|sink|sank|' +
      'slips|slip|slipped|slides|slide|slid|tumbles|tumbled|plunges|plunged|declines|declined|crashes|' +
      'crashed|retreats|pulls back|pulled back',
    yields: 'down',
    meaning: 'crosses below (crossunder)',
  },
  {
    phrases:
      'breaks|break|broke|breaking|moves|move|moved|moving|goes|go|went|going|gets|get|got|comes|come|came|' +
      'turns|turn|turned|heads|punches|slices|cuts|flips|flip|flipped|swings|swing',
    yields: 'move',
    meaning: 'crosses, in the direction of above/below (or turns positive/negative)',
  },
  { phrases: 'breaks out|broke out', yields: 'out', meaning: 'crosses above' },
  { phrases: 'breaks down|broke down', yields: 'breakdown', meaning: 'crosses below' },
  {
    phrases:
      'reaches|reach|reached|hits|hit|touches|touch|touched|tags|tagged|tests|tested|meets|gets to|' +
      'comes to|returns to|goes to|moves to|equals',
    yields: 'touch',
    meaning: 'touches a level: at or below a lower level, at or above an upper one',
  },
]);

/** After an event verb: its direction. */
const DIRECTIONS = declare<'up' | 'down' | 'through'>('relations: directions', [
  {
    phrases: 'above|over|up through|up past|up over|up|upward|upwards|higher than|higher|past|from below',
    yields: 'up',
    meaning: 'upwards: crossover',
  },
  {
    phrases:
      'below|under|beneath|underneath|down through|down past|down|downward|downwards|lower than|lower|from above',
    yields: 'down',
    meaning: 'downwards: crossunder',
  },
  { phrases: 'through|across', yields: 'through', meaning: 'either way (the action decides)' },
]);

/** Levels: a comparison that holds on every bar it is true. */
const COMPARE = declare<CompareOp>('relations: levels', [
  {
    phrases:
      'greater than or equal to|more than or equal to|above or equal to|equal to or above|' +
      'equal to or greater than|at or above|at least|no less than|not below|not less than|>=|=>',
    yields: '>=',
    meaning: 'at or above (>=)',
  },
  {
    phrases:
      'less than or equal to|below or equal to|equal to or below|equal to or less than|at or below|' +
      'at most|no more than|not above|not more than|<=|=<',
    yields: '<=',
    meaning: 'at or below (<=)',
  },
  {
    phrases:
      'above|over|higher than|greater than|more than|bigger than|larger than|exceeds|exceed|exceeded|' +
      'exceeding|in excess of|greater|>',
    yields: '>',
    meaning: 'above (>)',
  },
  {
    phrases: 'below|under|beneath|underneath|lower than|less than|smaller than|lower|less|<',
    yields: '<',
    meaning: 'below (<)',
  },
]);

/** Oversold / overbought, entered or left. */
const STATES = declare<'oversold' | 'overbought'>('relations: oversold and overbought', [
  {
    phrases:
      'oversold|in oversold territory|in the oversold zone|into oversold territory|into oversold|in oversold',
    yields: 'oversold',
    meaning: "below the oscillator's oversold level (RSI 14 < 30 when none is named)",
  },
  {
    phrases:
      'overbought|in overbought territory|in the overbought zone|into overbought territory|into overbought|' +
      'in overbought',
    yields: 'overbought',
    meaning: "above the oscillator's overbought level (RSI 14 > 70 when none is named)",
  },
]);

const LEAVES = declare<true>('relations: leaving a zone', [
  {
    phrases:
      'leaves|leave|exits|exit|comes out of|gets out of|moves out of|rises out of|falls out of|' +
      'drops out of|climbs out of|out of',
    yields: true,
    meaning: 'crosses back out of oversold (up) or overbought (down)',
  },
]);

const SIGNS = declare<boolean>('relations: signs', [
  { phrases: 'positive|above zero|greater than zero', yields: true, meaning: '> 0' },
  { phrases: 'negative|below zero|less than zero', yields: false, meaning: '< 0' },
]);

const TRENDS = declare<boolean>('relations: trends', [
  {
    phrases: 'rising|increasing|sloping up|trending up|pointing up',
    yields: true,
    meaning: 'rising over N bars ("for 3 days"; 1 bar when unsaid)',
  },
  {
    phrases: 'falling|decreasing|sloping down|trending down|pointing down',
    yields: false,
    meaning: 'falling over N bars',
  },
]);

const BETWEEN = declare<true>('relations: ranges', [
  {
    phrases: 'between|in the range|within the range of|in a range of|within',
    yields: true,
    meaning: 'between two levels: above the first and below the second',
  },
]);

export const RELATION_TABLES = [
  LEADS,
  MOVES,
  DIRECTIONS,
  COMPARE,
  STATES,
  LEAVES,
  SIGNS,
  TRENDS,
  BETWEEN,
] as const;

const NOT = { '>': '<=', '<': '>=', '>=': '<', '<=': '>' } as const;

/** A relation at the cursor, or undefined (cursor unchanged). */
export function relation(c: Cursor): Rel | undefined {
  const start = c.i;
  let priceVerb = false;
  let neg = false;
  for (let guard = 0; guard < 6; guard++) {
    const lead = c.eatTable(LEADS);
    if (!lead) break;
    if (lead === 'price') priceVerb = true;
    else if (lead === 'not') neg = !neg;
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
  const state = c.eatTable(STATES);
  if (state) return { kind: 'state', over: state === 'overbought', leave: false };
  if (c.eatTable(LEAVES)) {
    c.eat('the');
    const s = c.eat('oversold', 'overbought');
    if (s) {
      c.eat('territory', 'zone', 'area', 'region');
      return { kind: 'state', over: s === 'overbought', leave: true };
    }
    c.i = start;
    return undefined;
  }
  if (c.eatTable(BETWEEN)) return { kind: 'between', priceVerb };
  const sign = c.eatTable(SIGNS);
  if (sign !== undefined) return { kind: 'sign', positive: sign, event: false };
  const trendAt = c.i;
  const trend = c.eatTable(TRENDS);
  // "rising above 75" is an event; "rising (for 3 days)" a trend
  if (
    trend !== undefined &&
    /^(rising|falling)$/.test(c.w(-1)) &&
    (c.peekTable(DIRECTIONS) || c.w() === 'back')
  )
    c.i = trendAt;
  else if (trend !== undefined) return { kind: 'trend', rising: trend, n: trendBars(c) };
  const move = c.eatTable(MOVES);
  if (move === 'touch') return { kind: 'cross', back, priceVerb, touch: true };
  if (move) {
    back = !!c.eat('back', 'again') || back;
    const verb = move === 'move' || move === 'out' || move === 'breakdown';
    if (verb && c.eat('positive', 'into positive territory'))
      return { kind: 'sign', positive: true, event: true };
    if (verb && c.eat('negative', 'into negative territory'))
      return { kind: 'sign', positive: false, event: true };
    const cross = move === 'cross' || move === 'crossover';
    if (!cross && c.eat('oversold', 'into oversold territory', 'into oversold'))
      return { kind: 'state', over: false, leave: false };
    if (!cross && c.eat('overbought', 'into overbought territory', 'into overbought'))
      return { kind: 'state', over: true, leave: false };
    const dir = c.eatTable(DIRECTIONS);
    if (dir === 'up' || dir === 'down') return { kind: 'cross', dir, back, priceVerb };
    if (dir === 'through') return { kind: 'cross', back, priceVerb };
    if (cross) return { kind: 'cross', dir: move === 'crossover' ? 'up' : undefined, back, priceVerb };
    if (move === 'rise' || (move === 'up' && c.num() === undefined)) {
      const n = trendBars(c, true);
      if (n) return { kind: 'trend', rising: true, n };
    }
    if (move === 'down') {
      const n = trendBars(c, true);
      if (n) return { kind: 'trend', rising: false, n };
    }
    if (move === 'out') return { kind: 'cross', dir: 'up', back, priceVerb };
    if (move === 'breakdown') return { kind: 'cross', dir: 'down', back, priceVerb };
    if (back && (move === 'up' || move === 'rise' || move === 'down'))
      return { kind: 'cross', dir: move === 'down' ? 'down' : 'up', back, priceVerb };
    c.i = start;
    return undefined;
  }
  const op = c.eatTable(COMPARE);
  if (op) {
    c.eat('than', 'the level of', 'a level of');
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
