// A position in a list of tokens, with the small lookahead helpers the grammar needs.
import type { PhraseTable } from './phrases';
import { sameWord } from './phrases';
import type { Tok } from './tokens';

/** Phrases split into words once (the grammar asks about the same few hundred phrases all the time). */
const SPLIT = new Map<string, readonly string[]>();
function split(p: string): readonly string[] {
  let w = SPLIT.get(p);
  if (!w) {
    w = p.split(' ');
    SPLIT.set(p, w);
  }
  return w;
}

export class Cursor {
  constructor(
    readonly toks: readonly Tok[],
    public i = 0,
  ) {}

  get done(): boolean {
    return this.i >= this.toks.length;
  }

  tok(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }

  /** The word (or symbol) at offset k, '' past the end. */
  w(k = 0): string {
    return this.toks[this.i + k]?.w ?? '';
  }

  /** A number token without a unit at offset k. */
  num(k = 0): number | undefined {
    const t = this.toks[this.i + k];
    return t?.kind === 'num' && !t.unit ? t.n : undefined;
  }

  /** Do the words of `phrase` follow, plural-insensitive? */
  at(phrase: string, k = 0): boolean {
    // Plural-insensitive matching only appends letters, so the first letters must agree: a cheap filter.
    const t0 = this.toks[this.i + k];
    if (!t0 || t0.w.charCodeAt(0) !== phrase.charCodeAt(0)) return false;
    const ws = split(phrase);
    for (let j = 0; j < ws.length; j++) {
      const t = this.toks[this.i + k + j];
      if (!t || !sameWord(t.w, ws[j])) return false;
    }
    return true;
  }

  /** Consumes the first of `phrases` that follows; returns it. */
  eat(...phrases: string[]): string | undefined {
    for (const p of phrases)
      if (this.at(p)) {
        this.i += split(p).length;
        return p;
      }
    return undefined;
  }

  /** Consumes a phrase of `table` if one follows. */
  eatTable<T>(table: PhraseTable<T>): T | undefined {
    const m = table.match(this.toks, this.i);
    if (!m) return undefined;
    this.i = m.end;
    return m.value;
  }

  peekTable<T>(table: PhraseTable<T>, k = 0): { value: T; end: number } | undefined {
    return table.match(this.toks, this.i + k);
  }

  /** Skips any of the given words. */
  skip(words: ReadonlySet<string>): void {
    while (this.i < this.toks.length && words.has(this.toks[this.i].w)) this.i++;
  }

  /** The text of tokens [from, to). */
  text(from: number, to = this.i): string {
    return this.toks
      .slice(from, Math.min(to, this.toks.length))
      .map((t) => t.raw)
      .filter(Boolean)
      .join(' ')
      .replace(/ ([,.;:%)])/g, '$1')
      .replace(/\( /g, '(');
  }
}

export const ARTICLES: ReadonlySet<string> = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'my',
  'our',
  'your',
]);
