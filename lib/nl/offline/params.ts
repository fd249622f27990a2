// Parameters of an indicator phrase: what the request gave, else the last mention's, else the customary
// ones (RSI 14, MACD 12/26/9, ...); a missing or impossible one becomes a question.
import type { Ctx } from './context';
import { constArgs, defaultParams, isMovingAverage, titleOf } from './lexicon';

export /** Parameters in registry order from what the phrase gave, the last mention, or the customary ones. */
function resolveParams(
  fn: string,
  given: number[],
  mult: number | undefined,
  cx: Ctx,
  text: string,
): number[] | undefined {
  const args = constArgs(fn);
  const defaults = defaultParams(fn);
  const prev = cx.lastByFn.get(fn);
  let vals: (number | undefined)[];
  if (given.length === 0 && prev?.k === 'ind') vals = [...prev.params];
  else if (fn === 'bb') vals = [given[0] ?? defaults[0], mult ?? given[1] ?? defaults[1]];
  else if (fn === 'stoch' && given.length === 1) vals = [given[0], defaults[1], defaults[2]];
  else if (given.length === 0) vals = [...defaults];
  else if (given.length === args.length) vals = given;
  else if (args.length === 1) vals = [given[0]];
  else {
    cx.issue({
      kind: 'missing',
      text,
      question: `${titleOf(fn)} takes ${args.length} numbers (${args.map((a) => a.name).join(', ')}), e.g. ${fn.toUpperCase()}(${defaults.join(', ')}); which should it use?`,
    });
    return undefined;
  }
  for (let k = 0; k < args.length; k++) {
    const v = vals[k];
    const a = args[k];
    if (v === undefined) {
      const what = isMovingAverage(fn) ? `moving average` : titleOf(fn);
      cx.issue({
        kind: 'missing',
        text,
        question: `Over how many bars should the ${what} be computed? Say e.g. 'the 50-day ${isMovingAverage(fn) ? 'moving average' : titleOf(fn)}'.`,
        ask: { kind: 'lengths', phrases: [text], choices: [] },
      });
      return undefined;
    }
    const lo = a.min ?? Number.NEGATIVE_INFINITY;
    const hi = a.max ?? Number.POSITIVE_INFINITY;
    if (v < lo || v > hi || (a.kind === 'period' && !Number.isInteger(v))) {
      cx.issue({
        kind: 'missing',
        invalid: true,
        text,
        question: `The ${a.name === 'n' ? 'period' : a.name} of the ${titleOf(fn)} must be ${a.kind === 'period' ? 'a whole number' : 'a number'} from ${lo} to ${hi}, not ${v}. Which should it be?`,
      });
      return undefined;
    }
  }
  return vals as number[];
}
