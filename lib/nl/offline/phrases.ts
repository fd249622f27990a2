// Multi-word phrase tables matched against tokens, longest phrase first, plural-insensitive. The grammar's
// vocabulary is declared as rows ({ phrases, yields, meaning }) so that it can be listed (vocabulary.ts)
// for the model prompt and the docs from the same data the parser reads.
import type { Tok } from './tokens';

/** One row of a declared table: 'go long|buy|long' all yield 'buy'; `meaning` says it in plain words. */
export interface Row<T> {
  readonly phrases: string;
  readonly yields: T;
  readonly meaning: string;
}

interface Entry<T> {
  readonly words: readonly string[];
  readonly value: T;
}

/** Does token word `w` stand for phrase word `p` ("averages" for "average", "bands" for "band")? */
export function sameWord(w: string, p: string): boolean {
  if (w === p) return true;
  if (w.length < 3 || p.length < 2) return false;
  return w === `${p}s` || w === `${p}es` || (p.endsWith('y') && w === `${p.slice(0, -1)}ies`);
}

export class PhraseTable<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();
  readonly words = new Set<string>();
  /** The declared rows (empty for tables built from plain entries). */
  readonly rows: Row<T>[] = [];

  constructor(
    entries: Iterable<readonly [string, T]> = [],
    /** What the table is about, for the vocabulary listing. */
    readonly topic = '',
  ) {
    for (const [p, v] of entries) this.add(p, v);
  }

  /** Adds a row: each '|'-separated phrase yields the row's value. */
  row(r: Row<T>): this {
    this.rows.push(r);
    for (const p of r.phrases.split('|')) if (p.trim()) this.add(p.trim(), r.yields);
    return this;
  }

  /** All phrases of the table, for tests and listings. */
  phrases(): string[] {
    return [...this.byFirst.values()].flatMap((es) => es.map((e) => e.words.join(' ')));
  }

  add(phrase: string, value: T): void {
    const words = phrase.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return;
    for (const w of words) this.words.add(w);
    const key = words[0];
    const list = this.byFirst.get(key) ?? [];
    list.push({ words, value });
    list.sort((a, b) => b.words.length - a.words.length);
    this.byFirst.set(key, list);
  }

  /** The longest phrase starting at toks[i]: its value and the index after it. */
  match(toks: readonly Tok[], i: number): { value: T; end: number } | undefined {
    const t = toks[i];
    if (!t || (t.kind !== 'word' && t.kind !== 'sym')) return undefined;
    const cands = [...(this.byFirst.get(t.w) ?? []), ...(this.byFirst.get(singular(t.w)) ?? [])];
    let best: { value: T; end: number } | undefined;
    for (const e of cands) {
      if (best && e.words.length <= best.end - i) continue;
      let ok = true;
      for (let k = 0; k < e.words.length && ok; k++) {
        const x = toks[i + k];
        ok = !!x && (x.kind === 'word' || x.kind === 'sym') && sameWord(x.w, e.words[k]);
      }
      if (ok) best = { value: e.value, end: i + e.words.length };
    }
    return best;
  }
}

/** A table declared as rows, matched longest-first: the grammar's vocabulary as data. */
export function declare<T>(topic: string, rows: readonly Row<T>[]): PhraseTable<T> {
  const t = new PhraseTable<T>([], topic);
  for (const r of rows) t.row(r);
  return t;
}

export function singular(w: string): string {
  if (w.length > 3 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('es') && /(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 2 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
