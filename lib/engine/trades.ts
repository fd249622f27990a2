// Trade records as struct-of-arrays. Closed trades come first, in the order they closed; trades still
// open at the end follow, marked to market at the last close (exit fee not charged), with open = 1.

export const EXIT_SIGNAL = 0;
export const EXIT_STOP_LOSS = 1;
export const EXIT_TAKE_PROFIT = 2;
export const EXIT_TRAILING_STOP = 3;
export const EXIT_OPEN = 4;
export const EXIT_BANKRUPT = 5;
export const EXIT_REASONS = [
  'signal',
  'stop loss',
  'take profit',
  'trailing stop',
  'open',
  'bankrupt',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export interface Trades {
  /** Number of records (closed + open). */
  readonly count: number;
  /** Number of closed trades; records [0, closed) are closed, [closed, count) still open. */
  readonly closed: number;
  readonly entryBar: Int32Array;
  readonly exitBar: Int32Array;
  readonly entryTime: Float64Array;
  readonly exitTime: Float64Array;
  readonly entryPrice: Float64Array;
  readonly exitPrice: Float64Array;
  /** Absolute quantity in units. */
  readonly quantity: Float64Array;
  /** 1 long, -1 short. */
  readonly side: Int8Array;
  /** Commissions paid: entry plus exit (entry only while open). */
  readonly fees: Float64Array;
  /** Profit and loss in cash, net of fees. */
  readonly pnl: Float64Array;
  /** Return as a fraction of the entry value, net of fees (backtesting.py's pl_pct). */
  readonly returnPct: Float64Array;
  readonly open: Uint8Array;
  /** Index into EXIT_REASONS. */
  readonly exitReason: Uint8Array;
}

/** Append-only builder; trimmed views are returned by finish(). */
export class TradeLog {
  private cap = 0;
  private n = 0;
  private closedCount = 0;
  entryBar = new Int32Array(0);
  exitBar = new Int32Array(0);
  entryTime = new Float64Array(0);
  exitTime = new Float64Array(0);
  entryPrice = new Float64Array(0);
  exitPrice = new Float64Array(0);
  quantity = new Float64Array(0);
  side = new Int8Array(0);
  fees = new Float64Array(0);
  pnl = new Float64Array(0);
  returnPct = new Float64Array(0);
  open = new Uint8Array(0);
  exitReason = new Uint8Array(0);

  constructor(capacity = 32) {
    this.grow(capacity);
  }

  private grow(cap: number): void {
    const copy = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ) => {
      const b = make(cap);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.entryBar = copy(this.entryBar, (k) => new Int32Array(k));
    this.exitBar = copy(this.exitBar, (k) => new Int32Array(k));
    this.entryTime = copy(this.entryTime, (k) => new Float64Array(k));
    this.exitTime = copy(this.exitTime, (k) => new Float64Array(k));
    this.entryPrice = copy(this.entryPrice, (k) => new Float64Array(k));
    this.exitPrice = copy(this.exitPrice, (k) => new Float64Array(k));
    this.quantity = copy(this.quantity, (k) => new Float64Array(k));
    this.side = copy(this.side, (k) => new Int8Array(k));
    this.fees = copy(this.fees, (k) => new Float64Array(k));
    this.pnl = copy(this.pnl, (k) => new Float64Array(k));
    this.returnPct = copy(this.returnPct, (k) => new Float64Array(k));
    this.open = copy(this.open, (k) => new Uint8Array(k));
    this.exitReason = copy(this.exitReason, (k) => new Uint8Array(k));
    this.cap = cap;
  }

  /** Records one trade; `isOpen` trades must be pushed after every closed one. */
  push(
    side: number,
    quantity: number,
    entryBar: number,
    entryTime: number,
    entryPrice: number,
    exitBar: number,
    exitTime: number,
    exitPrice: number,
    fees: number,
    reason: number,
    isOpen: boolean,
  ): void {
    if (this.n === this.cap) this.grow(this.cap * 2);
    const i = this.n++;
    if (!isOpen) this.closedCount = this.n;
    this.side[i] = side;
    this.quantity[i] = quantity;
    this.entryBar[i] = entryBar;
    this.entryTime[i] = entryTime;
    this.entryPrice[i] = entryPrice;
    this.exitBar[i] = exitBar;
    this.exitTime[i] = exitTime;
    this.exitPrice[i] = exitPrice;
    this.fees[i] = fees;
    const gross = side * quantity * (exitPrice - entryPrice);
    this.pnl[i] = gross - fees;
    this.returnPct[i] = side * (exitPrice / entryPrice - 1) - fees / (quantity * entryPrice);
    this.open[i] = isOpen ? 1 : 0;
    this.exitReason[i] = reason;
  }

  finish(): Trades {
    const n = this.n;
    return {
      count: n,
      closed: this.closedCount,
      entryBar: this.entryBar.subarray(0, n),
      exitBar: this.exitBar.subarray(0, n),
      entryTime: this.entryTime.subarray(0, n),
      exitTime: this.exitTime.subarray(0, n),
      entryPrice: this.entryPrice.subarray(0, n),
      exitPrice: this.exitPrice.subarray(0, n),
      quantity: this.quantity.subarray(0, n),
      side: this.side.subarray(0, n),
      fees: this.fees.subarray(0, n),
      pnl: this.pnl.subarray(0, n),
      returnPct: this.returnPct.subarray(0, n),
      open: this.open.subarray(0, n),
      exitReason: this.exitReason.subarray(0, n),
    };
  }
}

/** One trade as a plain object, for JSON output and tests. */
export interface TradeRecord {
  side: 'long' | 'short';
  quantity: number;
  entryBar: number;
  exitBar: number;
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  fees: number;
  pnl: number;
  returnPct: number;
  open: boolean;
  exitReason: ExitReason;
}

export function tradeAt(t: Trades, i: number): TradeRecord {
  return {
    side: t.side[i] > 0 ? 'long' : 'short',
    quantity: t.quantity[i],
    entryBar: t.entryBar[i],
    exitBar: t.exitBar[i],
    entryTime: t.entryTime[i],
    exitTime: t.exitTime[i],
    entryPrice: t.entryPrice[i],
    exitPrice: t.exitPrice[i],
    fees: t.fees[i],
    pnl: t.pnl[i],
    returnPct: t.returnPct[i],
    open: t.open[i] === 1,
    exitReason: EXIT_REASONS[t.exitReason[i]] ?? 'signal',
  };
}

export function tradeList(t: Trades): TradeRecord[] {
  const out: TradeRecord[] = [];
  for (let i = 0; i < t.count; i++) out.push(tradeAt(t, i));
  return out;
}
