// Why a part of a request could not be read: an indicator the language lacks, a rule it cannot
// express, a vague word, an unknown word, or just an unreadable phrase. Each becomes one question.
import type { Ctx } from './context';
import type { Cursor } from './cursor';
import { DICT } from './dict';
import { unsupportedQuestion } from './indicator';
import { knownIndicators } from './lexicon';
import { singular } from './phrases';
import { CANNOT, FILLER, UNSUPPORTED, VAGUE } from './words';

const EXAMPLE =
  "e.g. 'buy when RSI(14) drops below 30' or 'buy when the close crosses above the 50-day moving average'";
const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** Records an issue about toks[from..] of the cursor's segment and moves the cursor to its end. */
export function diagnose(c: Cursor, cx: Ctx, from: number): void {
  const toks = c.toks;
  const end = toks.length;
  c.i = end;
  const frag = toks.slice(from, end);
  if (frag.every((t) => FILLER.has(t.w) || cx.filler.has(t.w) || t.kind === 'sym')) return;
  const text = clip(c.text(from, end));
  for (let k = from; k < end; k++) {
    const u = UNSUPPORTED.match(toks, k);
    if (u) {
      cx.issue({ kind: 'unsupported', text: c.text(k, u.end), question: unsupportedQuestion(u.value) });
      return;
    }
  }
  const lower = frag.map((t) => t.w).join(' ');
  if (
    /\b(after|for|within)\s+\d+(\.\d+)?\s+(days?|bars?|weeks?|hours?|sessions?|candles?|months?)\b/.test(
      lower,
    )
  ) {
    cx.issue({
      kind: 'cannot',
      text,
      question: `Holding a position for a fixed time ("${text}") is not in the strategy language: rules see prices and indicators, not the age of a position. What price or indicator condition should close it, or should it use a stop loss / take profit?`,
    });
    return;
  }
  for (let k = from; k < end; k++) {
    const m = CANNOT.match(toks, k);
    if (m) {
      cx.issue({
        kind: 'cannot',
        text,
        question: `The strategy language cannot express ${m.value} ("${text}"). Could you state the rule with prices and indicators instead, ${EXAMPLE}?`,
      });
      return;
    }
  }
  for (let k = from; k < end; k++) {
    const m = VAGUE.match(toks, k);
    if (m) {
      cx.issue({
        kind: 'vague',
        text,
        question: `"${text}" is too vague to test: what should be measured, and at what level? Say it as a rule, ${EXAMPLE}.`,
      });
      return;
    }
  }
  const unknown = frag.find((t) => t.kind === 'word' && !DICT.has(t.w) && !DICT.has(singular(t.w)));
  if (unknown) {
    cx.issue({
      kind: 'unknown',
      text: unknown.raw,
      question: `I don't know "${unknown.raw}" (in "${text}"). The indicators the strategy language knows are: ${knownIndicators()}. Which should the rule use?`,
    });
    return;
  }
  cx.issue({
    kind: 'unknown',
    text,
    question: `I could not turn "${text}" into a rule. Could you rephrase it, ${EXAMPLE}?`,
  });
}
