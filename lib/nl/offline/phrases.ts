// Multi-word phrase tables matched against tokens, longest phrase first, plural-insensitive.
import type { Tok } from './tokens';

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

  constructor(entries: Iterable<readonly [string, T]> = []) {
    for (const [p, v] of entries) this.add(p, v);
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

export function singular(w: string): string {
  if (w.length > 3 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('es') && /(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 2 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
