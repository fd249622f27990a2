// The account as the order loop (walk-orders.ts) also reads it: the position state conditions see, the
// levels a jump over quiet bars needs, exits after N bars and a stop entry's same-bar target. A subclass
// of Book so that one instance (walk-common.ts) serves every loop.
import { Book } from './book';
import { EXIT_TAKE_PROFIT, EXIT_TIME } from './trades';
import {
  POS_AVG_PRICE,
  POS_BARS_SINCE_ENTRY,
  POS_OPEN_PROFIT,
  POS_SIZE,
  type PositionState,
  type Settings,
} from './types';

export class OrderBook extends Book {
  /** The average entry price as of `avgFills` fills (state()). */
  private avg = Number.NaN;
  private avgFills = -1;

  override begin(time: Float64Array, settings: Settings): void {
    super.begin(time, settings);
    this.avgFills = -1;
  }

  /**
   * The lot a stop entry just opened on bar t, whose target lies inside the bar while its stop does not:
   * the price rose through the entry to the target with no way back to the stop, so the target fills on
   * the entry bar (backtesting.py's one exception to checking a stop or limit entry's bracket from the
   * next bar).
   */
  stopEntryTarget(t: number, open: number, high: number, low: number): void {
    const i = this.tail - 1;
    if (i < this.head || this.bar[i] !== t) return;
    const side = this.pos > 0 ? 1 : -1;
    const target = this.targetAt[i];
    let stop = this.stopAt[i];
    if (this.ts > 0) {
      const trail = this.best[i] * (1 - side * this.ts);
      if (!(side * (stop - trail) >= 0)) stop = trail;
    }
    const reached = side > 0 ? high >= target : low <= target;
    const stopped = side > 0 ? low <= stop : high >= stop;
    if (!reached || stopped) return;
    // At the target, or at the open when the bar opened beyond it (the fill was at that open).
    const price = side > 0 ? Math.max(open, target) : Math.min(open, target);
    this.closeLot(i, this.qty[i], price, t, EXIT_TAKE_PROFIT, side);
    this.tail = i;
    if (this.head === i) this.flat();
  }

  /** Closes, at `raw` (slippage applied), every lot entered `after` or more bars before bar t. */
  closeDue(t: number, after: number, raw: number): void {
    const side = this.pos > 0 ? 1 : -1;
    const price = raw * (1 - side * this.slip);
    // Lots are in entry order, so the due ones come first.
    while (this.head < this.tail && this.bar[this.head] + after <= t) {
      this.closeLot(this.head, this.qty[this.head], price, t, EXIT_TIME, side);
      this.head++;
    }
    if (this.head === this.tail) this.flat();
  }

  /** Open lots (entries). */
  get lots(): number {
    return this.tail - this.head;
  }

  /**
   * For a jump over bars where nothing can fill: the stop and the target reached first (a long's highest
   * stop, lowest target) into out[0] and out[1]; returns the entry bar of the oldest lot. NaN levels
   * are none. The caller checks that no trailing stop moves them.
   */
  levels(out: Float64Array): number {
    const long = this.pos > 0;
    let stop = long ? -Infinity : Infinity;
    let target = long ? Infinity : -Infinity;
    for (let i = this.head; i < this.tail; i++) {
      const s = this.stopAt[i];
      const g = this.targetAt[i];
      if (long ? s > stop : s < stop) stop = s;
      if (long ? g < target : g > target) target = g;
    }
    out[0] = stop;
    out[1] = target;
    return this.bar[this.head];
  }

  /** The position as conditions read it at bar t's close (types.ts, POS_*). */
  state(out: PositionState, t: number, close: number): void {
    out[POS_SIZE] = this.pos;
    if (this.pos === 0) {
      out[POS_AVG_PRICE] = Number.NaN;
      out[POS_BARS_SINCE_ENTRY] = Number.NaN;
      out[POS_OPEN_PROFIT] = 0;
      return;
    }
    // The average changes only with a fill: read on every bar, it is kept from the last one.
    if (this.avgFills !== this.fills) {
      let units = 0;
      let cost = 0;
      for (let i = this.head; i < this.tail; i++) {
        units += this.qty[i];
        cost += this.qty[i] * this.price[i];
      }
      this.avg = cost / units;
      this.avgFills = this.fills;
    }
    const avg = this.avg;
    out[POS_AVG_PRICE] = avg;
    out[POS_BARS_SINCE_ENTRY] = t - this.openedAt;
    out[POS_OPEN_PROFIT] = (this.pos > 0 ? 1 : -1) * (close / avg - 1);
  }
}
