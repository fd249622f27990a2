// What the parser remembers while reading a request: the last subject (for "it"), the events so far
// (for "crosses back"), the last parameters of each indicator (for "the middle band", "%D").
import type { Cond, Issue, Opnd } from './ir';
import { isMovingAverage } from './lexicon';

export class Ctx {
  lastSubject?: Opnd;
  /** The last object compared with ("sell when price is below it"). */
  lastObject?: Opnd;
  /** Atomic conditions in the order read. */
  readonly events: Cond[] = [];
  /** The last mention of each function (its parameters are reused by "the signal line", "%D", ...). */
  readonly lastByFn = new Map<string, Opnd>();
  lastMa?: string;
  /** The second of two periods given to a one-period indicator ("EMA 12/26"), for pair phrases. */
  pair?: Opnd;
  readonly issues: Issue[] = [];
  /** Nesting of indicator phrases ("the 10-day average of the 14-day RSI"). */
  depth = 0;
  /** Every indicator named so far, in order ("the 50 is above the 200" refers back to them). */
  readonly mentions: Opnd[] = [];
  /** Reading indicators named outside a rule: their problems are kept aside until one is used. */
  declaring = false;
  /** Two averages named together on their own ("dual ema 12 & 26"): what "cross up" means. */
  duo?: [Opnd, Opnd];
  /** The word that joined the last two averages named together ("sma20 x sma50": x is the cross). */
  pairSep?: string;
  readonly quiet: Issue[] = [];

  constructor(
    readonly timeframe?: string,
    /** More words without meaning of their own (a revision's "instead", "make", "switch"). */
    readonly filler: ReadonlySet<string> = new Set(),
  ) {}

  mention(o: Opnd): void {
    if (o.k !== 'ind') return;
    this.lastByFn.set(o.fn, o);
    this.mentions.push(o);
    if (isMovingAverage(o.fn)) this.lastMa = o.fn;
  }

  issue(i: Issue): void {
    if (this.declaring) {
      this.quiet.push(i);
      return;
    }
    // The same question about other words is kept too: "the fast MA" and "the slow MA" both lack a length.
    if (!this.issues.some((x) => x.question === i.question && x.text === i.text)) this.issues.push(i);
  }

  /** The last atomic condition whose first operand is `a` (any, when `a` is undefined). */
  lastEventOf(
    a: Opnd | undefined,
    same: (x: Opnd, y: Opnd) => boolean,
  ): Extract<Cond, { a: Opnd; b: Opnd }> | undefined {
    for (let k = this.events.length - 1; k >= 0; k--) {
      const e = this.events[k];
      if (!('b' in e)) continue;
      if (!a || same(e.a, a) || same(e.b, a)) return e;
    }
    return undefined;
  }
}
