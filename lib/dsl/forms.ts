// The language's special forms: calls that are not registry functions because the checker and the
// evaluator handle them themselves (iff picks between its branches, htf evaluates on other bars).
// The docs (reference.ts), the editor's completion and the checker's names read this table.
import { TIMEFRAME_LABELS } from './htf';

export interface FormSpec {
  readonly name: 'iff' | 'htf';
  /** As written in the docs: `htf(tf, expr)`. */
  readonly signature: string;
  /** What it returns, in words. */
  readonly returns: string;
  /** One line for docs and completion. */
  readonly summary: string;
  readonly args: readonly { readonly name: string; readonly doc: string }[];
  /** The rules it follows, one per line (the docs list them). */
  readonly rules: readonly string[];
  /** An example line of a program. */
  readonly example: string;
}

export const FORMS: readonly FormSpec[] = [
  {
    name: 'iff',
    signature: 'iff(cond, a, b)',
    returns: 'a number series or a condition, as a and b',
    summary: 'Bar by bar, a where cond is true and b elsewhere.',
    args: [
      { name: 'cond', doc: 'a condition' },
      { name: 'a', doc: 'the value where cond holds' },
      { name: 'b', doc: 'the value elsewhere (both numbers or both conditions)' },
    ],
    rules: ['An `na` condition is false, so it picks b.'],
    example: 'band = iff(close > open, high, low)',
  },
  {
    name: 'htf',
    signature: 'htf(tf, expr)',
    returns: 'a number series or a condition, as expr, on the chart’s bars',
    summary:
      'The value of expr computed on bars resampled to a higher timeframe, seen on the chart only once each higher bar has closed.',
    args: [
      {
        name: 'tf',
        doc: `a timeframe string: ${TIMEFRAME_LABELS.map((l) => `"${l}"`).join(' ')} (m = minutes, M = months)`,
      },
      {
        name: 'expr',
        doc: 'a number series or a condition (indicators, arithmetic, bindings: re-evaluated on the higher bars)',
      },
    ],
    rules: [
      'Higher bars are UTC calendar buckets: weeks from Monday 00:00 (TradingView), months from the 1st, other lengths at multiples of themselves since 1970; open first, high max, low min, close last, volume summed.',
      'On each chart bar, htf gives expr on the latest higher bar that has closed by that bar’s close; `na` (false) before the first.',
      'A higher bar closes on the chart bar whose own end reaches the bucket’s end (a crypto Sunday ends its week, a 03:00 hourly bar its 4h bar), else on the next bucket’s first bar (a stock’s Friday cannot tell it ends its week: Monday sees it), like TradingView’s request.security(tf, expr[1], lookahead_on); the last, unfinished higher bar is never seen.',
      'The chart’s timeframe is the run’s when given, else the median spacing of the first 100 gaps between bars; a lower tf, or one the chart’s bars straddle (1w on 3d bars), is `htf-lower`; the chart’s own timeframe gives expr itself.',
      '`expr` may not read the position state (`position-state`) nor hold another htf (`htf-nested`); an event inside htf (crossover) holds for every chart bar until the next higher bar closes.',
    ],
    example: 'weekly_up = htf("1w", close) > htf("1w", sma(close, 20))',
  },
];

const NAMES: ReadonlySet<string> = new Set(FORMS.map((f) => f.name));
export const FORM_NAMES: readonly string[] = FORMS.map((f) => f.name);
export const isForm = (name: string): boolean => NAMES.has(name);
