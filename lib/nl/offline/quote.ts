// The words of a request again, as the user typed them. The parser rebuilds phrases from its tokens
// ("rsi (7) < 20", "50 day", "$25"); a question quotes what was typed ("rsi(7)<20", "50-day", "$25k"),
// and an answer rewrites exactly that span of the request.

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const MAX_CHUNKS = 40;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ALNUM = /[\p{L}\p{N}]/u;

/** A pattern for the tokens of a phrase: any spacing, dashes or markup between them, whole words at the ends. */
function pattern(phrase: string): RegExp | undefined {
  const chunks = phrase.split(/\s+/).filter(Boolean);
  if (!chunks.length || chunks.length > MAX_CHUNKS) return undefined;
  // A number token may have lost a suffix ("$25k" is read as $25,000 and quoted as "$25").
  const body = chunks
    .map((c) => escapeRe(c) + (/\d$/.test(c) ? '[kKmMbB]?' : ''))
    .join('[\\s\\-\u2010-\u2015*_`~]*');
  const head = ALNUM.test(chunks[0].charAt(0)) ? '(?<![\\p{L}\\p{N}])' : '';
  const last = chunks[chunks.length - 1];
  const tail = ALNUM.test(last.charAt(last.length - 1)) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(head + body + tail, 'giu');
}

/** Every place the phrase occurs in text, in order. */
export function locateAll(text: string, phrase: string): Span[] {
  const re = pattern(phrase);
  if (!re) return [];
  const out: Span[] = [];
  for (const m of text.matchAll(re)) {
    if (!m[0]) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
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
