// Reading a reply as the answer to the question asked: "ETH/USDT" after "which market?" picks the
// market, "the upper one" after "which band?" picks the band, "20 and 50" after "which lengths?" fills
// them in order, "yes" takes what was offered, "sell when rsi > 70" completes the missing exit. The
// answer is worked into the request it belongs to, and the request is read again; a reply that does not
// fit is left to be read as a new request or a revision, and a short one that still leaves the question
// open gets it again in other words, with the closest choices.
import type { Ask, Understanding } from '../types';
import { INDICATOR_NAMES } from './lexicon';
import { closestOf, nearest } from './nearest';
import { portfolioPass } from './portfolio';
import { locate, locateAll, type Span, splice } from './quote';
import { read } from './read';
import { lengthsIn, question } from './result';
import { tokenize } from './tokens';

/** A question waiting for its answer: what it asks, and the request (with earlier answers) it belongs to. */
export interface OpenQuestion {
  readonly request: string;
  readonly question: string;
  readonly ask?: Ask;
  /** How many times it has been asked (1 the first time). */
  readonly asked: number;
}

export function openQuestion(request: string, u: Understanding, asked = 1): OpenQuestion | undefined {
  if (u.ok) return undefined;
  return { request, question: u.question, ...(u.ask && { ask: u.ask }), asked };
}

const YES =
  /^(yes|y|yeah|yea|yep|yup|sure|ok|okay|correct|right|exactly|that one|that|do that|use that|use it|go ahead|please do|sounds good|fine)$/;
const NO = /^(no|n|nope|nah|neither|none of them|not that|wrong)$/;
const LEAVE_OUT =
  /^(leave it out|leave out|ignore it|ignore|skip it|skip|remove it|drop it|delete it|nothing|none|just a label|it'?s a label|a label|label|it'?s just a label|not important|doesn'?t matter)$/;
const ENTRY_WORDS = /\b(buy|buying|short|shorting|go long|enter|long)\b/;
const ACTION_WORDS =
  /\b(sell|exit|cover|close|get out|flat|take profit|stop|target|trailing|tp|sl|buy|short|long|enter)\b/;
const RELATION = /(\babove\b|\bbelow\b|\bunder\b|\bover\b|\bcross|\bfalls?\b|\brises?\b|\bdrops?\b|[<>])/;

/** The reply as a short phrase: lower case, no trailing punctuation or politeness. */
function norm(answer: string): string {
  return answer
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/^\s*(ok|okay|well|hmm|um|so)[,.!\s]+(?=\S)/, '')
    .replace(
      /\b(please|pls|thanks|thank you|i mean|i meant|i'd say|let'?s say|let'?s go with|go with|use)\b/g,
      ' ',
    )
    .replace(/[.!?;,\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "the first one", "2nd", "the latter": an index into n choices. */
function ordinal(a: string, n: number): number | undefined {
  const s = a.replace(/^(the|option)\s+/, '').replace(/\s+(one|option|choice|band)$/, '');
  const k = ['first', 'second', 'third', 'fourth'].indexOf(s);
  if (k >= 0 && k < n) return k;
  const m = /^(\d)(st|nd|rd|th)?$/.exec(s);
  if (m && +m[1] >= 1 && +m[1] <= n && n > 1) return +m[1] - 1;
  if (s === 'former' && n === 2) return 0;
  if ((s === 'latter' && n === 2) || s === 'last') return n - 1;
  return undefined;
}

/** Removes a span with the "and"/"or"/comma that joined it to a neighbour ("AAPL and MSFT" → "MSFT"). */
function cut(text: string, s: Span): string {
  const after = /^\s*(,|and|or|&|\/)\s*/i.exec(text.slice(s.end));
  if (after) return text.slice(0, s.start) + text.slice(s.end + after[0].length);
  const before = /\s*(,|\band|\bor|&)\s*$/i.exec(text.slice(0, s.start));
  if (before) return text.slice(0, s.start - before[0].length) + text.slice(s.end);
  const prep = /\b(on|for|in|at)\s+$/i.exec(text.slice(0, s.start));
  const from = prep ? s.start - prep[0].length : s.start;
  return `${text.slice(0, from)}${text.slice(s.end)}`.replace(/ {2,}/g, ' ');
}

/** Appends an answer to the request as its own sentence. */
const join = (request: string, more: string) => `${request.trim().replace(/[.;,\s]*$/, '')}. ${more.trim()}`;

/** The market a reply names: one of the choices (by name, order or a near spelling), or another one. */
function pickMarket(answer: string, ask: Ask): { index: number } | { symbol: string } | undefined {
  const a = norm(answer);
  const k = ordinal(a, ask.choices.length);
  if (k !== undefined) return { index: k };
  const flat = (s: string) => s.toLowerCase().replace(/[\s/-]/g, '');
  const same = ask.choices.findIndex((c) => flat(c) === flat(a) || flat(c.split('/')[0]) === flat(a));
  if (same >= 0) return { index: same };
  const named = read(answer).market.symbol?.symbol;
  if (named) {
    const i = ask.choices.indexOf(named);
    return i >= 0 ? { index: i } : { symbol: named };
  }
  const near = closestOf(a.toUpperCase(), ask.choices, 1);
  return near.length === 1 ? { index: ask.choices.indexOf(near[0]) } : undefined;
}

/** "both", "all of them": every market of the question, in one account. */
const ALL_OF_THEM =
  /^(both|both of them|all|all of them|all three|all four|all five|them all|together|all together|every one|each of them|as a portfolio|a portfolio|portfolio)\b/;

function answerMarket(q: OpenQuestion, ask: Ask, answer: string): string | undefined {
  const a = norm(answer);
  // "all of them", "equal weight, at most 2 positions": the markets trade together (portfolio.ts)
  if (ask.choices.length > 1 && (ALL_OF_THEM.test(a) || portfolioPass(tokenize(a)).together))
    return join(q.request, `${ALL_OF_THEM.test(a) ? 'all of them in one account, ' : ''}${answer.trim()}`);
  const pick = pickMarket(answer, ask);
  if (!pick) return undefined;
  let text = q.request;
  const keep = 'index' in pick ? pick.index : -1;
  // Cut every mention of the markets not chosen; a market not offered takes the first mention's place.
  // A mention inside a pair is not one ("USDT" in "ETH/USDT").
  const inPair = (s: Span) => text.charAt(s.start - 1) === '/' || text.charAt(s.end) === '/';
  const spans = ask.phrases
    .flatMap((p, i) => ((ask.choiceOf?.[i] ?? i) === keep ? [] : locateAll(text, p)))
    .filter((s) => !inPair(s))
    .sort((x, y) => y.start - x.start);
  const unique = spans.filter((s, i) => i === 0 || s.start !== spans[i - 1].start);
  if (!unique.length && keep >= 0) return undefined;
  for (const [i, s] of unique.entries())
    text = 'symbol' in pick && i === unique.length - 1 ? splice(text, s, pick.symbol) : cut(text, s);
  return text;
}

const BANDS: readonly [RegExp, string][] = [
  [/\b(upper|top|high|higher|above|outer upper)\b/, 'upper'],
  [/\b(middle|mid|center|centre|basis|median|average|sma|moving average)\b/, 'middle'],
  [/\b(lower|bottom|low|below)\b/, 'lower'],
];

function answerBand(q: OpenQuestion, ask: Ask, answer: string): string | undefined {
  const a = norm(answer);
  const k = ordinal(a, ask.choices.length);
  const band = k !== undefined ? ask.choices[k] : BANDS.find(([re]) => re.test(a))?.[1];
  const phrase = ask.phrases[0];
  const at = phrase ? locate(q.request, phrase) : undefined;
  if (!band || !at) return undefined;
  const name = /(bollinger|bbands|\bbb\b|\bband)/i.exec(at.text);
  const rewritten = name
    ? `${at.text.slice(0, name.index)}${band} ${at.text.slice(name.index)}`
    : `${band} ${at.text}`;
  return splice(q.request, at, rewritten);
}

/** Words a reply of lengths may carry besides the numbers ("20 for the fast and 50 for the slow"). */
const LENGTH_WORDS = new Set(
  'and then the for a an of with bars bar days day periods period length lengths lookback fast slow short long first second third one ones respectively resp please pls make it them use ok okay'.split(
    ' ',
  ),
);

function answerLengths(q: OpenQuestion, ask: Ask, answer: string): string | undefined {
  const toks = tokenize(answer);
  const nums: number[] = [];
  const phraseWords = new Set(ask.phrases.flatMap((p) => p.toLowerCase().split(/\W+/)));
  for (const t of toks) {
    if (t.kind === 'num') {
      if (t.unit || !Number.isInteger(t.n) || t.n < 1) return undefined;
      nums.push(t.n);
    } else if (t.kind === 'word' && t.w && !LENGTH_WORDS.has(t.w) && !phraseWords.has(t.w)) return undefined;
    else if (t.kind !== 'word' && t.kind !== 'sym') return undefined;
  }
  const places = lengthsIn(q.request, ask.phrases);
  // All of them or none: a length left out would silently take the one before it.
  if (!nums.length || nums.length !== places.length) return undefined;
  let text = q.request;
  // From the last place back, so the earlier offsets stay valid.
  for (let i = nums.length - 1; i >= 0; i--) {
    const s = places[i];
    text = `${text.slice(0, s.start)}${nums[i]} ${text.slice(s.start)}`;
  }
  return text;
}

/** The missing exit (or entry): "yes" takes the example offered; a bare condition gets the action. */
function answerRule(q: OpenQuestion, ask: Ask, answer: string): string | undefined {
  const a = norm(answer);
  if (YES.test(a)) return ask.choices[0] ? join(q.request, ask.choices[0]) : undefined;
  if (NO.test(a) || !a) return undefined;
  if (ask.kind === 'exit' && ENTRY_WORDS.test(a)) return undefined;
  // "no stop, exit when ...": the stop the question offered is declined; the rule is the answer.
  let said = answer
    .trim()
    .replace(
      /^\s*(no|without( a)?|don'?t want a|do not want a|dont want a)\s+(stop( loss)?|sl)s?\s*[,;.:-]?\s*/i,
      '',
    );
  if (!said.trim()) return undefined;
  const action = ask.action ?? (ask.kind === 'exit' ? 'sell' : 'buy');
  if (/^(when|whenever|if|once|on|at|after)\b/i.test(said)) said = `${action} ${said}`;
  else if (!ACTION_WORDS.test(said.toLowerCase()) && RELATION.test(said.toLowerCase()))
    said = `${action} when ${said}`;
  return join(q.request, said);
}

/** A name the language knows in the reply: an indicator's words, or a market. */
function knownName(answer: string): string | undefined {
  const toks = tokenize(answer);
  for (let i = 0; i < toks.length; i++) {
    const m = INDICATOR_NAMES.match(toks, i);
    if (m)
      return toks
        .slice(i, m.end)
        .map((t) => t.raw)
        .join(' ');
  }
  return read(answer).market.symbol?.symbol;
}

function replaceWord(q: OpenQuestion, phrase: string | undefined, by: string): string | undefined {
  const at = phrase ? locate(q.request, phrase) : undefined;
  if (!at) return phrase ? undefined : join(q.request, by);
  return by ? splice(q.request, at, by) : cut(q.request, at);
}

/** An unknown word: one of the names offered, another name the language knows, or "leave it out". */
function answerWord(q: OpenQuestion, ask: Ask, answer: string): string | undefined {
  const a = norm(answer);
  const phrase = ask.phrases[0];
  if (ask.kind === 'yes-no' && YES.test(a)) return replaceWord(q, phrase, ask.choices[0] ?? '');
  if (NO.test(a)) return undefined;
  if (LEAVE_OUT.test(a)) return replaceWord(q, phrase, '');
  const k = ordinal(a, ask.choices.length);
  if (k !== undefined) return replaceWord(q, phrase, ask.choices[k]);
  const rest = a.replace(/^no[,\s]+/, '');
  const name = knownName(rest);
  if (name) return replaceWord(q, phrase, name);
  const near = closestOf(rest, ask.choices, 1);
  return near.length === 1 ? replaceWord(q, phrase, near[0]) : undefined;
}

/**
 * The request with the reply worked in, when the reply fits the open question; undefined when it does
 * not (the reply is then read as a new request or a revision, or joined to the request as it is).
 */
export function answerIn(q: OpenQuestion, answer: string): string | undefined {
  const ask = q.ask;
  if (!ask || typeof answer !== 'string' || answer.length > 400) return undefined;
  switch (ask.kind) {
    case 'market':
      return answerMarket(q, ask, answer);
    case 'band':
      return answerBand(q, ask, answer);
    case 'lengths':
      return answerLengths(q, ask, answer);
    case 'exit':
    case 'entry':
      return answerRule(q, ask, answer);
    case 'yes-no':
    case 'unknown-word':
      return answerWord(q, ask, answer);
  }
}

/** A reply short enough to be meant as an answer rather than a new request (no order words, a few words). */
export function isShortReply(answer: string): boolean {
  const a = norm(answer);
  return a.split(' ').length <= 6 && !ENTRY_WORDS.test(a) && !/\b(sell|cover|exit)\b.*\bwhen\b/.test(a);
}

const orList = (xs: readonly string[]) =>
  xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`;

/** The choices with those nearest the reply first. */
function byCloseness(answer: string, choices: readonly string[]): string[] {
  const near = closestOf(norm(answer), choices, 3);
  return [...near, ...choices.filter((c) => !near.includes(c))];
}

/** The question again, in other words, with the closest choices to what was replied. */
export function askAgain(q: OpenQuestion, answer: string): Understanding {
  const ask = q.ask;
  // The reply quoted as typed (a little of it).
  const said = answer
    .trim()
    .replace(/[.!?;,\s]+$/, '')
    .slice(0, 40);
  const reply = said ? `"${said}"` : 'That';
  if (!ask) return question(q.question, [said]);
  const phrase = ask.phrases[0] ?? '';
  switch (ask.kind) {
    case 'market': {
      const choices = byCloseness(answer, ask.choices);
      const near = closestOf(said.toUpperCase(), ask.choices, 2)[0];
      const others = ['SPY', 'BTC/USDT', 'AAPL'].filter((x) => !choices.includes(x)).slice(0, 2);
      // Offered closest first; each mention keeps pointing at its market.
      const choiceOf = ask.choiceOf?.map((k) => choices.indexOf(ask.choices[k]));
      return question(
        `${reply} is not one of the markets in the request.${near ? ` Did you mean ${near}?` : ''} The strategy runs on one market: reply with ${orList(choices)}, or another symbol (e.g. ${others.join(' or ')}).`,
        [said],
        { ...ask, choices, ...(choiceOf && { choiceOf }) },
      );
    }
    case 'band': {
      const choices = byCloseness(answer, ask.choices);
      return question(
        `${reply} does not name a band. "${phrase}" has three: reply "${choices[0]}", "${choices[1]}" or "${choices[2]}".`,
        [said],
        ask,
      );
    }
    case 'lengths': {
      const n = lengthsIn(q.request, ask.phrases).length || ask.phrases.length;
      const eg = ['20', '50', '200', '10', '30'].slice(0, n).join(' and ');
      return question(
        `I need ${n === 1 ? 'one whole number' : `${n} whole numbers`}, the number of bars for ${ask.phrases.map((p) => `"${p}"`).join(' and ')}${n > 1 ? ', in that order' : ''}: e.g. "${eg}".`,
        [said],
        ask,
      );
    }
    case 'exit':
    case 'entry': {
      const side = ask.action ?? (ask.kind === 'exit' ? 'sell' : 'buy');
      const example =
        ask.choices[0] ??
        `${side} when RSI(14) ${side === 'sell' || side === 'short' ? 'rises above 70' : 'drops below 30'}`;
      return question(
        ask.kind === 'exit'
          ? `The strategy needs a way out of each position. Reply with a rule, e.g. "${example}"${ask.choices[0] ? ' (or just "yes" for that one)' : ''}, or a stop, e.g. "a 5% stop loss".`
          : `The strategy needs a rule that opens a position. Reply with one, e.g. "${example}".`,
        [said],
        ask,
      );
    }
    case 'yes-no':
    case 'unknown-word': {
      const near = nearest(said.split(' ').at(-1) ?? '');
      const choices = [...new Set([...near.map((n) => n.text), ...ask.choices])].slice(0, 4);
      const offer = choices.length ? ` Did you mean ${orList(choices)}?` : '';
      return question(
        `I still don't know what "${phrase}" stands for.${offer} Reply with an indicator (e.g. RSI, EMA, MACD) or a market (e.g. AAPL), or "leave it out" if it is only a label.`,
        [phrase],
        { kind: 'unknown-word', phrases: ask.phrases, choices },
      );
    }
  }
}
