// The account during a simulation: cash, the net position as FIFO lots (one per entry, each with its own
// stop, target and trailing best), and the trade log.
// A class with in-object numeric fields, because V8 keeps those unboxed; closures over mutated
// locals (the obvious alternative) deoptimize and ran ~10× slower on a million bars.
import {
  EXIT_OPEN,
  EXIT_SIGNAL,
  EXIT_STOP_LOSS,
  EXIT_TAKE_PROFIT,
  EXIT_TRAILING_STOP,
  TradeLog,
} from './trades';
import type { OrderKind, OrderSize, Settings } from './types';

const BUY = 0;
const SELL = 1;
const SHORT = 2;
const COVER = 3;
const EXIT = 4;
const PERCENT = 0;
const UNITS = 1;
const CASH = 2;
const RISK = 3;

/** An order kind as the number Book.execute takes. */
export function orderCode(kind: OrderKind): number {
  switch (kind) {
    case 'buy':
      return BUY;
    case 'sell':
      return SELL;
    case 'short':
      return SHORT;
    case 'cover':
      return COVER;
    default:
      return EXIT;
  }
}

/** An order size's kind as the number Book.execute takes. */
export function sizeCode(size: OrderSize): number {
  return size.kind === 'percent'
    ? PERCENT
    : size.kind === 'units'
      ? UNITS
      : size.kind === 'cash'
        ? CASH
        : RISK;
}

/**
 * Quantities below this share of a reference are dust (float residue, e.g. what a capped order leaves
 * in cash), never trades: an entry below DUST × what the whole equity buys at the fill price, an exit
 * below DUST × the position. An exit within DUST of the whole position closes it, and closing never
 * leaves a lot or takes from the next one less than DUST × the order.
 */
export const DUST = 1e-9;

/**
 * One instance serves every simulation (begin() resets it): V8 deoptimizes code whose embedded hidden
 * classes die in a full GC, and a Book per call took its classes with it whenever the last one died,
 * so each call after a GC ran these methods in the interpreter until they were recompiled.
 */
export class Book {
  // Fractional fields start as NaN, a double, so that V8 stores them as doubles from the start: a field
  // that starts as the small integer 0 changes representation at its first fraction, which replaces
  // the hidden class and deoptimizes the code compiled against it. begin() sets every field.
  cash = Number.NaN;
  /** Signed units: negative when short. */
  pos = Number.NaN;
  insufficient = 0;
  /** Fills so far: the simulation records cash and position whenever this changes. */
  fills = 0;
  readonly log = new TradeLog(0);

  // Open lots, one per entry, FIFO from `head` to `tail`, in typed arrays so trading allocates nothing
  // per fill. `best` is each lot's best price since its entry, for its trailing stop; `stopAt` and
  // `targetAt` its stop and target levels, fixed at its entry (NaN: none).
  protected qty = new Float64Array(8);
  protected price = new Float64Array(8);
  private fee = new Float64Array(8);
  protected best = new Float64Array(8);
  protected stopAt = new Float64Array(8);
  protected targetAt = new Float64Array(8);
  protected bar = new Int32Array(8);
  protected head = 0;
  protected tail = 0;
  /** The bar the open position was opened on (its first entry still counts after FIFO exits). */
  protected openedAt = 0;

  private feeRate = Number.NaN;
  /** Fixed commission per fill, in cash. */
  private perFill = Number.NaN;
  protected slip = Number.NaN;
  private whole = false;
  /** Entries one direction may hold (pyramiding). */
  private maxLots = Number.NaN;
  private sl = Number.NaN;
  private tp = Number.NaN;
  protected ts = Number.NaN;

  /** Starts a simulation over bars with these times. */
  begin(time: Float64Array, settings: Settings): void {
    this.cash = settings.capital;
    this.feeRate = settings.fee;
    this.perFill = settings.commission ?? 0;
    this.slip = settings.slippage;
    this.whole = settings.units === 'whole';
    this.maxLots = settings.pyramiding ?? 1;
    this.sl = settings.stopLoss ?? 0;
    this.tp = settings.takeProfit ?? 0;
    this.ts = settings.trailingStop ?? 0;
    this.pos = 0;
    this.insufficient = 0;
    this.fills = 0;
    this.head = 0;
    this.tail = 0;
    this.openedAt = 0;
    this.log.clear(time);
  }

  /** Drops the references to the last run's bars, and trade columns past `keep` records of capacity. */
  release(keep: number): void {
    this.log.release(keep);
  }

  /**
   * Places one order at a raw market price (before slippage). Orders arrive as numbers (see orderCode,
   * sizeCode) so that no per-strategy object's hidden class ends up in this optimized code.
   */
  execute(kind: number, sizeKind: number, size: number, raw: number, bar: number): void {
    if (kind === BUY) this.enter(1, sizeKind, size, raw, bar);
    else if (kind === SHORT) this.enter(-1, sizeKind, size, raw, bar);
    else if (kind === SELL) this.reduce(1, sizeKind, size, raw, bar);
    else if (kind === COVER) this.reduce(-1, sizeKind, size, raw, bar);
    else if (this.pos !== 0) this.closeAll(raw * (1 - Math.sign(this.pos) * this.slip), bar, EXIT_SIGNAL);
  }

  /** Closes every open lot at `price`. */
  closeAll(price: number, bar: number, reason: number): void {
    const side = this.pos > 0 ? 1 : -1;
    for (let i = this.head; i < this.tail; i++) this.closeLot(i, this.qty[i], price, bar, reason, side);
    this.flat();
  }

  private enter(side: number, sizeKind: number, size: number, raw: number, bar: number): void {
    this.enterAt(side, sizeKind, size, raw * (1 + side * this.slip), raw, bar, Number.NaN, Number.NaN);
  }

  /**
   * An entry filled at `price` (slippage included); the position is marked at `mark` (the price before
   * slippage). `stopLevel` and `targetLevel` are the entry's own stop and target prices (NaN: the
   * settings' percentages apply; ±Infinity: none, a level never reached). Returns whether a lot opened.
   */
  enterAt(
    side: number,
    sizeKind: number,
    size: number,
    price: number,
    mark: number,
    bar: number,
    stopLevel: number,
    targetLevel: number,
  ): boolean {
    if (this.pos !== 0) {
      if (Math.sign(this.pos) !== side) this.closeAll(price, bar, EXIT_SIGNAL);
      else if (this.tail - this.head >= this.maxLots) return false; // as many entries as allowed: ignored
    }
    const equity = this.cash + this.pos * mark;
    const avail = equity - Math.abs(this.pos) * mark;
    const unit = price * (1 + this.feeRate);
    const c = this.perFill;
    // A level already beyond the fill (a long's stop at or above it) is kept: it is reached at once.
    const stop = Number.isNaN(stopLevel)
      ? this.sl > 0
        ? price * (1 - side * this.sl)
        : Number.NaN
      : stopLevel;
    const target = Number.isNaN(targetLevel)
      ? this.tp > 0
        ? price * (1 + side * this.tp)
        : Number.NaN
      : targetLevel;
    let qty: number;
    if (sizeKind === UNITS) {
      qty = size;
      if (qty * unit + c > avail) {
        this.insufficient++;
        qty = (avail - c) / unit;
      }
    } else if (sizeKind === RISK) {
      // Losing `size` of equity at the first stop the lot has, fees and slippage of both fills included.
      let first = stop;
      if (this.ts > 0) {
        const trail = price * (1 - side * this.ts);
        if (!(side * (first - trail) >= 0)) first = trail;
      }
      // No stop below a long's fill (above a short's) to size on, or the commissions alone lose more.
      const loss = size * equity - 2 * c;
      if (!(side * (price - first) > 0 && loss > 0)) return false;
      const out = first * (1 - side * this.slip);
      const perUnit = side * (price - out) + this.feeRate * (price + out);
      qty = loss / perUnit;
      if (qty * unit + c > avail) {
        this.insufficient++;
        qty = (avail - c) / unit;
      }
    } else {
      const want = sizeKind === PERCENT ? size * equity : size;
      if (want > avail) this.insufficient++;
      qty = (Math.min(want, avail) - c) / unit;
    }
    if (this.whole) qty = Math.floor(qty);
    if (!(qty > 0 && qty >= DUST * (equity / unit) && Number.isFinite(qty))) return false;
    this.open(side, qty, price, bar, stop, target);
    return true;
  }

  private reduce(side: number, sizeKind: number, size: number, raw: number, bar: number): void {
    if (this.pos === 0 || Math.sign(this.pos) !== side) return;
    const held = Math.abs(this.pos);
    const price = raw * (1 - side * this.slip);
    let qty = sizeKind === PERCENT ? size * held : sizeKind === UNITS ? size : size / price;
    if (qty >= held * (1 - DUST)) {
      this.closeAll(price, bar, EXIT_SIGNAL);
      return;
    }
    if (this.whole) qty = Math.floor(qty);
    if (qty >= held * DUST) this.closeQty(qty, price, bar);
  }

  private open(side: number, qty: number, price: number, bar: number, stop: number, target: number): void {
    this.fills++;
    const f = qty * price * this.feeRate + this.perFill;
    this.cash -= side * qty * price + f;
    if (this.tail === this.qty.length) this.grow();
    if (this.pos === 0) this.openedAt = bar;
    const i = this.tail++;
    this.qty[i] = qty;
    this.price[i] = price;
    this.fee[i] = f;
    this.best[i] = price;
    this.stopAt[i] = stop;
    this.targetAt[i] = target;
    this.bar[i] = bar;
    this.pos += side * qty;
  }

  /** Closes `qty` units (less than the position) FIFO, on a signal. */
  private closeQty(qty: number, price: number, bar: number): void {
    const side = this.pos > 0 ? 1 : -1;
    const tol = qty * DUST;
    let left = qty;
    while (left > tol && this.head < this.tail) {
      const h = this.head;
      const q = this.qty[h];
      const take = left >= q - tol ? q : left;
      this.closeLot(h, take, price, bar, EXIT_SIGNAL, side);
      if (take === q) this.head++;
      left -= take;
    }
    if (this.head === this.tail) this.flat();
  }

  /** Records `take` units of lot i as a trade closed at `price`; a part leaves the rest of the lot open. */
  protected closeLot(
    i: number,
    take: number,
    price: number,
    bar: number,
    reason: number,
    side: number,
  ): void {
    this.fills++;
    const q = this.qty[i];
    const entryFee = take === q ? this.fee[i] : (this.fee[i] * take) / q;
    const exitFee = take * price * this.feeRate + this.perFill;
    this.log.push(side, take, this.bar[i], this.price[i], bar, price, entryFee + exitFee, reason, false);
    this.cash += side * take * price - exitFee;
    this.pos -= side * take;
    if (take !== q) {
      this.qty[i] = q - take;
      this.fee[i] -= entryFee;
    }
  }

  /** No lots left: the position is exactly zero (not the residue of subtracting each lot). */
  protected flat(): void {
    this.head = this.tail = 0;
    this.pos = 0;
  }

  /**
   * Each lot's stop, trailing stop and target on bar t, as set at its entry (the trailing stop from its
   * best price); a level the open is beyond fills at the open (on the entry bar of an open fill too: the
   * level was beyond the fill price, backtesting.py's min(open, stop)).
   */
  checkRisk(t: number, open: number, high: number, low: number): void {
    const side = this.pos > 0 ? 1 : -1;
    const end = this.tail;
    let kept = this.head;
    for (let i = this.head; i < end; i++) {
      let level = this.stopAt[i];
      let reason = EXIT_STOP_LOSS;
      let exit = Number.NaN;
      if (this.ts > 0) {
        const trail = this.best[i] * (1 - side * this.ts);
        if (!(side * (level - trail) >= 0)) {
          level = trail;
          reason = EXIT_TRAILING_STOP;
        }
      }
      if (!Number.isNaN(level)) {
        let hit = Number.NaN;
        if (side > 0) hit = open <= level ? open : low <= level ? level : Number.NaN;
        else hit = open >= level ? open : high >= level ? level : Number.NaN;
        exit = hit * (1 - side * this.slip);
      }
      const target = this.targetAt[i];
      if (Number.isNaN(exit) && !Number.isNaN(target)) {
        if (side > 0) exit = open >= target ? open : high >= target ? target : Number.NaN;
        else exit = open <= target ? open : low <= target ? target : Number.NaN;
        reason = EXIT_TAKE_PROFIT;
      }
      if (!Number.isNaN(exit)) {
        this.closeLot(i, this.qty[i], exit, t, reason, side);
        continue;
      }
      if (this.ts > 0) this.best[i] = side > 0 ? Math.max(this.best[i], high) : Math.min(this.best[i], low);
      if (kept !== i) this.moveLot(i, kept);
      kept++;
    }
    this.tail = kept;
    if (this.head === kept) this.flat();
  }

  private moveLot(from: number, to: number): void {
    this.qty[to] = this.qty[from];
    this.price[to] = this.price[from];
    this.fee[to] = this.fee[from];
    this.best[to] = this.best[from];
    this.stopAt[to] = this.stopAt[from];
    this.targetAt[to] = this.targetAt[from];
    this.bar[to] = this.bar[from];
  }

  /** Records the lots still open after the last bar, marked at its close. */
  finishOpen(lastBar: number, lastClose: number): void {
    const side = this.pos > 0 ? 1 : -1;
    for (let i = this.head; i < this.tail; i++)
      this.log.push(
        side,
        this.qty[i],
        this.bar[i],
        this.price[i],
        lastBar,
        lastClose,
        this.fee[i],
        EXIT_OPEN,
        true,
      );
  }

  private grow(): void {
    const cap = this.qty.length * 2;
    const widen = <T extends Float64Array | Int32Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.qty = widen(this.qty, new Float64Array(cap));
    this.price = widen(this.price, new Float64Array(cap));
    this.fee = widen(this.fee, new Float64Array(cap));
    this.best = widen(this.best, new Float64Array(cap));
    this.stopAt = widen(this.stopAt, new Float64Array(cap));
    this.targetAt = widen(this.targetAt, new Float64Array(cap));
    this.bar = widen(this.bar, new Int32Array(cap));
  }
}
