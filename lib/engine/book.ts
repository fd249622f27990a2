// The account during a simulation: cash, the net position as FIFO lots, and the trade log.
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
  return size.kind === 'percent' ? PERCENT : size.kind === 'units' ? UNITS : CASH;
}

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
  /** Σ quantity × entry price over the open lots. */
  basis = Number.NaN;
  /** Best price since the position opened (for the trailing stop). */
  best = Number.NaN;
  /** Bar at which the current position opened, or -1. */
  since = -1;
  insufficient = 0;
  /** Fills so far: the simulation records cash and position whenever this changes. */
  fills = 0;
  readonly log = new TradeLog(0);

  // Open lots, FIFO from `head` to `tail`, in typed arrays so trading allocates nothing per fill.
  private qty = new Float64Array(8);
  private price = new Float64Array(8);
  private fee = new Float64Array(8);
  private bar = new Int32Array(8);
  private head = 0;
  private tail = 0;

  private feeRate = Number.NaN;
  private slip = Number.NaN;
  private whole = false;
  private sl = Number.NaN;
  private tp = Number.NaN;
  private ts = Number.NaN;

  /** Starts a simulation over bars with these times. */
  begin(time: Float64Array, settings: Settings): void {
    this.cash = settings.capital;
    this.feeRate = settings.fee;
    this.slip = settings.slippage;
    this.whole = settings.units === 'whole';
    this.sl = settings.stopLoss ?? 0;
    this.tp = settings.takeProfit ?? 0;
    this.ts = settings.trailingStop ?? 0;
    this.pos = 0;
    this.basis = 0;
    this.best = 0;
    this.since = -1;
    this.insufficient = 0;
    this.fills = 0;
    this.head = 0;
    this.tail = 0;
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

  closeAll(price: number, bar: number, reason: number): void {
    this.closeQty(Math.abs(this.pos), price, bar, reason);
  }

  private enter(side: number, sizeKind: number, size: number, raw: number, bar: number): void {
    if (this.pos !== 0 && Math.sign(this.pos) !== side)
      this.closeAll(raw * (1 + side * this.slip), bar, EXIT_SIGNAL);
    const price = raw * (1 + side * this.slip);
    const equity = this.cash + this.pos * raw;
    const avail = equity - Math.abs(this.pos) * raw;
    const unit = price * (1 + this.feeRate);
    let qty: number;
    if (sizeKind === UNITS) {
      qty = size;
      if (qty * unit > avail) {
        this.insufficient++;
        qty = avail / unit;
      }
    } else {
      const want = sizeKind === PERCENT ? size * equity : size;
      if (want > avail) this.insufficient++;
      qty = Math.min(want, avail) / unit;
    }
    if (this.whole) qty = Math.floor(qty);
    if (qty > 0 && Number.isFinite(qty)) this.open(side, qty, price, bar);
  }

  private reduce(side: number, sizeKind: number, size: number, raw: number, bar: number): void {
    if (this.pos === 0 || Math.sign(this.pos) !== side) return;
    const held = Math.abs(this.pos);
    const price = raw * (1 - side * this.slip);
    let qty = sizeKind === PERCENT ? size * held : sizeKind === UNITS ? size : size / price;
    if (qty >= held * (1 - 1e-12)) qty = held;
    else if (this.whole) qty = Math.floor(qty);
    if (qty > 0) this.closeQty(qty, price, bar, EXIT_SIGNAL);
  }

  private open(side: number, qty: number, price: number, bar: number): void {
    this.fills++;
    const f = qty * price * this.feeRate;
    this.cash -= side * qty * price + f;
    if (this.pos === 0) {
      this.since = bar;
      this.best = price;
    }
    if (this.tail === this.qty.length) this.grow();
    const i = this.tail++;
    this.qty[i] = qty;
    this.price[i] = price;
    this.fee[i] = f;
    this.bar[i] = bar;
    this.pos += side * qty;
    this.basis += qty * price;
  }

  private closeQty(qty: number, price: number, bar: number, reason: number): void {
    this.fills++;
    const side = this.pos > 0 ? 1 : -1;
    let left = qty;
    while (left > 0 && this.head < this.tail) {
      const h = this.head;
      const q = this.qty[h];
      const take = left >= q * (1 - 1e-12) ? q : left;
      const entryFee = take === q ? this.fee[h] : (this.fee[h] * take) / q;
      const exitFee = take * price * this.feeRate;
      const b = this.bar[h];
      this.log.push(side, take, b, this.price[h], bar, price, entryFee + exitFee, reason, false);
      this.cash += side * take * price - exitFee;
      this.basis -= take * this.price[h];
      if (take === q) {
        this.head++;
      } else {
        this.qty[h] = q - take;
        this.fee[h] -= entryFee;
      }
      left -= take;
      this.pos -= side * take;
    }
    if (this.head === this.tail) {
      this.head = this.tail = 0;
      this.pos = 0;
      this.basis = 0;
      this.since = -1;
    }
  }

  /** Stops and targets on bar t; a bar opening beyond a level fills at the open (if held before it). */
  checkRisk(t: number, open: number, high: number, low: number): void {
    const side = this.pos > 0 ? 1 : -1;
    const avg = this.basis / Math.abs(this.pos);
    const gap = this.since < t;
    let level = Number.NaN;
    let reason = EXIT_STOP_LOSS;
    if (this.sl > 0) level = avg * (1 - side * this.sl);
    if (this.ts > 0) {
      const trail = this.best * (1 - side * this.ts);
      if (!(side * (level - trail) >= 0)) {
        level = trail;
        reason = EXIT_TRAILING_STOP;
      }
    }
    if (!Number.isNaN(level)) {
      let hit = Number.NaN;
      if (side > 0) hit = gap && open <= level ? open : low <= level ? level : Number.NaN;
      else hit = gap && open >= level ? open : high >= level ? level : Number.NaN;
      if (!Number.isNaN(hit)) {
        this.closeAll(hit * (1 - side * this.slip), t, reason);
        return;
      }
    }
    if (this.tp > 0) {
      const target = avg * (1 + side * this.tp);
      let hit = Number.NaN;
      if (side > 0) hit = gap && open >= target ? open : high >= target ? target : Number.NaN;
      else hit = gap && open <= target ? open : low <= target ? target : Number.NaN;
      if (!Number.isNaN(hit)) {
        this.closeAll(hit, t, EXIT_TAKE_PROFIT);
        return;
      }
    }
    if (this.ts > 0) this.best = side > 0 ? Math.max(this.best, high) : Math.min(this.best, low);
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
    this.bar = widen(this.bar, new Int32Array(cap));
  }
}
