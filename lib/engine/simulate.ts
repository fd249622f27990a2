// Portfolio simulation: the one sequential pass of a backtest. Everything else is vectorized.
//
// Semantics (documented for users in lib/engine/README.md):
// - Net position, FIFO lots. `buy` while short first covers the short (a reversal), `short` while long
//   first sells the long; `sell`/`cover` only ever reduce their own side; `exit` closes everything.
// - fill 'open': orders from bar t's signals fill at bar t+1's open, in program order; a signal on the
//   last bar never fills. fill 'close': they fill at bar t's close.
// - Entry sizes: percent of equity (marked at the fill price, after earlier fills of the same bar),
//   cash, or units, capped by buying power (equity − |position| × price): never leverage. Quantity is
//   budget / (price × (1 + fee)), floored in 'whole' mode. Exit sizes are a share of the open position.
// - Slippage moves market and stop fills against the trader; take-profit fills at its limit price.
// - Fees: fee × price × quantity on every fill, entry and exit, included in each trade's P&L.
// - Risk rules are per position, on the average entry price (trailing: best price since the position
//   opened). They are checked against each bar's low/high from the bar after a close fill, or from the
//   entry bar itself after an open fill (the fill happened at the open, before the bar's range).
//   A bar that opens beyond the stop fills at the open. When stop and target are both touched in one
//   bar, the stop wins: the order of prices inside a bar is unknown, so we assume the worse.
// - Equity at or below zero closes everything at that bar's close and ends trading.
import { Book } from './book';
import type { Trades } from './trades';
import { EXIT_BANKRUPT } from './trades';
import type { Bars, OrderRule, Settings } from './types';

export interface SimResult {
  /** Equity at each bar's close. */
  readonly equity: Float64Array;
  /** Cash at each bar's close. */
  readonly cash: Float64Array;
  /** Signed position in units at each bar's close (negative = short). */
  readonly position: Float64Array;
  readonly trades: Trades;
  /** Entry orders reduced or skipped for lack of buying power. */
  readonly insufficientFunds: number;
  /** Bar at which equity reached zero and trading stopped, or -1. */
  readonly bankruptAt: number;
}

/** Throws RangeError when settings or rules cannot be simulated; the checker reports these earlier. */
export function validateSimInput(bars: Bars, rules: readonly OrderRule[], s: Settings): void {
  const n = bars.close.length;
  for (const k of ['open', 'high', 'low', 'time', 'volume'] as const) {
    if (bars[k].length !== n) throw new RangeError(`bars.${k} has ${bars[k].length} values, close has ${n}`);
  }
  if (!(s.capital > 0 && Number.isFinite(s.capital)))
    throw new RangeError('capital must be a positive number');
  if (!(s.fee >= 0 && s.fee < 1)) throw new RangeError('fee must be a fraction in [0, 1)');
  if (!(s.slippage >= 0 && s.slippage < 1)) throw new RangeError('slippage must be a fraction in [0, 1)');
  for (const [k, v] of [
    ['stopLoss', s.stopLoss],
    ['takeProfit', s.takeProfit],
    ['trailingStop', s.trailingStop],
  ] as const) {
    if (v !== undefined && !(v > 0 && v < 10)) throw new RangeError(`${k} must be a positive fraction`);
  }
  for (const r of rules) {
    if (r.when.length !== n)
      throw new RangeError(`a ${r.kind} rule has ${r.when.length} signals for ${n} bars`);
    if (!(r.size.value > 0 && Number.isFinite(r.size.value)))
      throw new RangeError(`a ${r.kind} rule has a non-positive size`);
  }
}

/** OR of the rule masks, computed four bytes at a time: the loop then tests one byte per bar. */
function anySignal(masks: readonly Uint8Array[], n: number): Uint8Array {
  const any = new Uint8Array(n);
  const words = n >> 2;
  const out32 = new Uint32Array(any.buffer, 0, words);
  for (const m of masks) {
    if (m.byteOffset % 4 === 0) {
      const in32 = new Uint32Array(m.buffer, m.byteOffset, words);
      for (let i = 0; i < words; i++) out32[i] |= in32[i];
      for (let i = words << 2; i < n; i++) any[i] |= m[i];
    } else {
      for (let i = 0; i < n; i++) any[i] |= m[i];
    }
  }
  return any;
}

/** (bar, cash, position) after the fills of each bar that had fills, in growable typed arrays. */
class Marks {
  bar = new Int32Array(64);
  cash = new Float64Array(64);
  pos = new Float64Array(64);
  count = 0;

  constructor(readonly start: number) {}

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

/**
 * Cash and position change only at fills, so the simulation records (bar, cash, position) at those bars
 * and expands the full series only when someone reads them.
 */
class Simulation implements SimResult {
  private cashSeries?: Float64Array;
  private posSeries?: Float64Array;

  constructor(
    readonly equity: Float64Array,
    readonly trades: Trades,
    readonly insufficientFunds: number,
    readonly bankruptAt: number,
    private readonly marks: Marks,
  ) {}

  get cash(): Float64Array {
    this.cashSeries ??= this.expand(this.marks.cash, this.marks.start);
    return this.cashSeries;
  }

  get position(): Float64Array {
    this.posSeries ??= this.expand(this.marks.pos, 0);
    return this.posSeries;
  }

  private expand(values: Float64Array, initial: number): Float64Array {
    const n = this.equity.length;
    const out = new Float64Array(n);
    const { bar, count } = this.marks;
    const end = this.bankruptAt >= 0 ? this.bankruptAt : n;
    let v = initial;
    let j = 0;
    for (let t = 0; t < end; t++) {
      while (j < count && bar[j] === t) v = values[j++];
      out[t] = v;
    }
    return out;
  }
}

/**
 * Equity over bars [from, to) where nothing trades: cash + position × close. Returns the first bar whose
 * equity is ≤ 0 (the account is ruined there), or -1. Kept apart so V8 optimizes this loop on its own.
 */
function quietEquity(
  equity: Float64Array,
  close: Float64Array,
  from: number,
  to: number,
  cash: number,
  pos: number,
): number {
  if (pos === 0) {
    if (cash <= 0) return from < to ? from : -1;
    equity.fill(cash, from, to);
    return -1;
  }
  for (let t = from; t < to; t++) {
    const e = cash + pos * close[t];
    if (e <= 0) return t;
    equity[t] = e;
  }
  return -1;
}

export function simulate(bars: Bars, rules: readonly OrderRule[], settings: Settings): SimResult {
  validateSimInput(bars, rules, settings);
  const { open, high, low, close } = bars;
  const n = close.length;
  const sl = settings.stopLoss ?? 0;
  const tp = settings.takeProfit ?? 0;
  const ts = settings.trailingStop ?? 0;
  const hasRisk = sl > 0 || tp > 0 || ts > 0;
  const book = new Book(bars, settings, sl, tp, ts);
  const marks = new Marks(settings.capital);

  const equity = new Float64Array(n);
  const k = rules.length;
  const masks = rules.map((r) => r.when);
  const any = anySignal(masks, n);
  // With fill 'open' a signal on bar t acts on bar t+1; with 'close', on bar t itself.
  const lag = settings.fill === 'open' ? 1 : 0;
  let bankruptAt = -1;
  let t = 0;
  while (t < n) {
    // Skip to the next bar where something can happen: a signal to act on, or every bar while a
    // position with stops is open. The stretch in between only needs its equity.
    if (!(hasRisk && book.pos !== 0)) {
      const found = any.indexOf(1, Math.max(0, t - lag));
      const next = found < 0 ? n : found + lag;
      if (next > t) {
        const ruined = quietEquity(equity, close, t, Math.min(next, n), book.cash, book.pos);
        if (ruined >= 0) {
          bankruptAt = ruin(book, close, ruined);
          break;
        }
        t = next;
        if (t >= n) break;
      }
    }
    const fills = book.fills;
    if (lag === 1) {
      if (t > 0 && any[t - 1] === 1) {
        for (let r = 0; r < k; r++)
          if (masks[r][t - 1] === 1) book.execute(rules[r].kind, rules[r].size, open[t], t);
      }
      if (hasRisk && book.pos !== 0) book.checkRisk(t, open[t], high[t], low[t]);
    } else {
      if (hasRisk && book.pos !== 0) book.checkRisk(t, open[t], high[t], low[t]);
      if (any[t] === 1) {
        for (let r = 0; r < k; r++)
          if (masks[r][t] === 1) book.execute(rules[r].kind, rules[r].size, close[t], t);
      }
    }
    if (book.fills !== fills) marks.push(t, book.cash, book.pos);
    const eq = book.cash + book.pos * close[t];
    if (eq <= 0) {
      bankruptAt = ruin(book, close, t);
      break;
    }
    equity[t] = eq;
    t++;
  }
  if (book.pos !== 0) book.finishOpen(n - 1, close[n - 1]);
  return new Simulation(equity, book.log.finish(), book.insufficient, bankruptAt, marks);
}

/** Out of money at bar t: close at its close and stop; every series stays zero from there on. */
function ruin(book: Book, close: Float64Array, t: number): number {
  if (book.pos !== 0) book.closeAll(close[t], t, EXIT_BANKRUPT);
  return t;
}
