// The words of a request again, as the user typed them. The parser rebuilds phrases from its tokens
// ("rsi (7) < 20", "50 day", "$25"); a question quotes what was typed ("rsi(7)<20", "50-day", "$25k"),
// and an answer rewrites exactly that span of the request. Matching compares both texts without spaces,
// dashes and markup, by plain search (no regular expression: a request of dashes must not make it slow).

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const SKIP = /[\s\-\u2010-\u2015*_`~]/;
const ALNUM = /[\p{L}\p{N}]/u;

/** The text lower-cased without the skipped characters, and where each kept character came from. */
function compact(text: string): { s: string; at: number[] } {
  let s = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (SKIP.test(ch)) continue;
    const low = ch.toLowerCase();
    for (let j = 0; j < low.length; j++) {
      s += low[j];
      at.push(i);
    }
  }
  return { s, at };
}

const DIGIT = /\d/;
const SUFFIX = /[kmb]/;

/**
 * Where p matches t from k (the end, exclusive), or -1. A number in the text may carry a suffix the
 * phrase lost ("$25k" is read as $25,000 and quoted as "$25"). Linear in p: no backtracking.
 */
function matchAt(t: { s: string; at: number[] }, p: string, k: number): number {
  // A suffix letter right after the number in the text as typed, not a word after a space ("20 buy").
  const suffix = (i: number) => SUFFIX.test(t.s[i] ?? '') && t.at[i] === t.at[i - 1] + 1;
  let i = k;
  for (let j = 0; j < p.length; j++, i++) {
    if (t.s[i] === p[j]) continue;
    if (j > 0 && DIGIT.test(p[j - 1]) && suffix(i) && t.s[i + 1] === p[j]) {
      i++;
      continue;
    }
    return -1;
  }
  if (DIGIT.test(p[p.length - 1]) && suffix(i)) i++;
  return i;
}

/** Every place the phrase occurs in text as whole words, in order. */
export function locateAll(text: string, phrase: string): Span[] {
  const p = compact(phrase).s;
  if (!p || p.length > 2000) return [];
  const t = compact(text);
  const out: Span[] = [];
  const wordStart = ALNUM.test(p.charAt(0));
  const wordEnd = ALNUM.test(p.charAt(p.length - 1));
  for (let k = t.s.indexOf(p[0]); k >= 0; k = t.s.indexOf(p[0], k + 1)) {
    const e = matchAt(t, p, k);
    if (e < 0) continue;
    const start = t.at[k];
    const end = t.at[e - 1] + 1;
    if (wordStart && ALNUM.test(text.charAt(start - 1))) continue;
    if (wordEnd && ALNUM.test(text.charAt(end))) continue;
    out.push({ start, end, text: text.slice(start, end) });
  }
  return out;
}

/** The first place the phrase occurs in text. */
export function locate(text: string, phrase: string): Span | undefined {
  return locateAll(text, phrase)[0];
}

/** The phrase as typed in text, or the phrase itself when it cannot be found there. */
export function exact(text: string, phrase: string): string {
  return locate(text, phrase)?.text ?? phrase;
}

export function splice(text: string, span: Span, replacement: string): string {
  return text.slice(0, span.start) + replacement + text.slice(span.end);
}

/** Every `"..."` quote in a question replaced by the words as typed in the request. */
export function quoteExactly(question: string, request: string): string {
  return question.replace(/"([^"]{1,200})"/g, (whole, inner: string) => {
    const found = locate(request, inner);
    return found ? `"${found.text.trim()}"` : whole;
  });
}
