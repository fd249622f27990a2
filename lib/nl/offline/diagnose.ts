// Why a part of a request could not be read: an indicator the language lacks, a rule it cannot
// express, a vague word, an unknown word, or just an unreadable phrase. Each becomes one question.
import type { Ctx } from './context';
import type { Cursor } from './cursor';
import { DICT } from './dict';
import { unsupportedQuestion } from './indicator';
import type { Issue } from './ir';
import { nearest } from './nearest';
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
  const at = frag.findIndex((t) => t.kind === 'word' && !DICT.has(t.w) && !DICT.has(singular(t.w)));
  if (at >= 0) {
    cx.issue(unknownWord(c, from + at, from));
    return;
  }
  cx.issue({
    kind: 'unknown',
    text,
    question: `I could not turn "${text}" into a rule. Could you rephrase it, ${EXAMPLE}?`,
  });
}

/** Words after which an unknown short word is most likely a ticker ("trade xyzq", "on abcd"). */
const BEFORE_TICKER = new Set([
  'on',
  'trade',
  'trading',
  'for',
  'buy',
  'sell',
  'short',
  'long',
  'ticker',
  'symbol',
]);

/**
 * A word the language does not know: the closest indicator or market names when there are some (one is
 * a yes/no question), "is it the ticker?" when it stands where a market would, else what it stands for.
 */
function unknownWord(c: Cursor, at: number, from: number): Issue {
  const toks = c.toks;
  // The second half of a contraction has no text of its own ("don't" is "do" + "not"): quote the whole.
  const half = !toks[at].raw.trim() && at > 0;
  const word = (half ? toks[at - 1].raw : toks[at].raw).trim() || toks[at].w;
  const text = clip(c.text(half ? Math.min(from, at - 1) : from, toks.length));
  const where = text === word ? '' : ` (in "${text}")`;
  if (toks[at].w === 'not' || toks[at].w === 'no')
    return {
      kind: 'unknown',
      text: word,
      question: `What should "${word}" apply to${where}? Rules cannot say "not"; say the rule as what should happen, e.g. 'sell when RSI(14) rises above 70'.`,
    };
  const near = nearest(toks[at].w);
  if (near.length === 1)
    return {
      kind: 'unknown',
      text: word,
      question: `I don't know "${word}"${where}. Did you mean ${near[0].title}?`,
      ask: { kind: 'yes-no', phrases: [word], choices: [near[0].text] },
    };
  if (near.length > 1)
    return {
      kind: 'unknown',
      text: word,
      question: `I don't know "${word}"${where}. Did you mean ${near
        .map((n) => n.title)
        .join(', ')
        .replace(/, ([^,]*)$/, ' or $1')}?`,
      ask: { kind: 'unknown-word', phrases: [word], choices: near.map((n) => n.text) },
    };
  const prev = at > from ? toks[at - 1].w : '';
  if (/^[a-z]{2,5}$/i.test(word) && (BEFORE_TICKER.has(prev) || (at === 0 && toks[1]?.w === ':')))
    return {
      kind: 'unknown',
      text: word,
      question: `Is "${word}" the market to trade, the ticker ${word.toUpperCase()}? Say yes, or name the market (e.g. AAPL, BTC/USDT).`,
      ask: { kind: 'yes-no', phrases: [word], choices: [word.toUpperCase()] },
    };
  return {
    kind: 'unknown',
    text: word,
    question: `I don't know "${word}"${where}. If it names an indicator, which one (e.g. RSI, EMA, MACD, Bollinger bands)? If it is only a label, say "leave it out".`,
    ask: { kind: 'unknown-word', phrases: [word], choices: [] },
  };
}
