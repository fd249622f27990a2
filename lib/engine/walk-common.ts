// State and helpers shared by the simulation loops (walk.ts, walk-orders.ts): the account, the marks of
// its fills, the mask scan and the equity of quiet stretches. Long-lived on purpose: see walk.ts.
import { OrderBook } from './order-book';
import { EXIT_BANKRUPT } from './trades';

/** (bar, cash, position) after the fills of each bar that had fills, in growable typed arrays. */
export class Marks {
  bar = new Int32Array(64);
  cash = new Float64Array(64);
  pos = new Float64Array(64);
  count = 0;

  /** Forgets the marks; past `keep` of capacity, the arrays too. */
  clear(keep: number): void {
    this.count = 0;
    if (this.bar.length > keep) {
      this.bar = new Int32Array(64);
      this.cash = new Float64Array(64);
      this.pos = new Float64Array(64);
    }
  }

  push(bar: number, cash: number, pos: number): void {
    if (this.count === this.bar.length) {
      const cap = this.count * 2;
      const b = new Int32Array(cap);
      const c = new Float64Array(cap);
      const p = new Float64Array(cap);
      b.set(this.bar);
      c.set(this.cash);
      p.set(this.pos);
      this.bar = b;
      this.cash = c;
      this.pos = p;
    }
    this.bar[this.count] = bar;
    this.cash[this.count] = cash;
    this.pos[this.count++] = pos;
  }
}

export const book = new OrderBook();
export const marks = new Marks();
export const NO_WORDS = new Int32Array(0);

/** The mask four bytes at a time, for scan() and collectEvents(); empty when its bytes do not start on a 4-byte boundary. */
export function wordsOf(mask: Uint8Array): Int32Array {
  return mask.byteOffset % 4 === 0
    ? new Int32Array(mask.buffer, mask.byteOffset, mask.length >> 2)
    : NO_WORDS;
}

/** First bar ≥ from where `mask` is 1, or n. Skips runs of zeros a word (`words`) at a time. */
export function scan(mask: Uint8Array, words: Int32Array, from: number, n: number): number {
  const wn = words.length;
  let i = from;
  for (;;) {
    // Byte by byte up to a word boundary, or to the end past the last whole word.
    while (i < n && ((i & 3) !== 0 || i >> 2 >= wn)) {
      if (mask[i] === 1) return i;
      i++;
    }
    if (i >= n) return n;
    let w = i >> 2;
    while (w < wn && words[w] === 0) w++;
    i = w << 2;
    if (w < wn) {
      // A word with a nonzero byte: look inside, then go on after it (bytes other than 0/1 are no signal).
      for (const end = i + 4; i < end; i++) if (mask[i] === 1) return i;
    }
  }
}

/**
 * Equity over bars [from, to) where nothing trades: cash + position × close. Returns the first bar whose
 * equity is ≤ 0 (the account is ruined there), or -1. Kept apart so V8 optimizes this loop on its own.
 */
export function quietEquity(
  equity: Float64Array,
  close: Float64Array,
  from: number,
  to: number,
  cash: number,
  pos: number,
): number {
  if (pos === 0) {
    if (cash <= 0) return from < to ? from : -1;
    // A loop, not equity.fill(): that is a call into the runtime, which costs more than a short stretch.
    for (let t = from; t < to; t++) equity[t] = cash;
    return -1;
  }
  for (let t = from; t < to; t++) {
    const e = cash + pos * close[t];
    if (e <= 0) return t;
    equity[t] = e;
  }
  return -1;
}

/** Out of money at bar t: close at that close and stop; every series stays zero from there on. */
export function ruin(closeAt: number, t: number): number {
  if (book.pos !== 0) book.closeAll(closeAt, t, EXIT_BANKRUPT);
  return t;
}
