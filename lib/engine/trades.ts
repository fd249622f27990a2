// Trade records as struct-of-arrays. Closed trades come first, in the order they closed; trades still
// open at the end follow, marked to market at the last close (exit fee not charged), with open = 1.

export const EXIT_SIGNAL = 0;
export const EXIT_STOP_LOSS = 1;
export const EXIT_TAKE_PROFIT = 2;
export const EXIT_TRAILING_STOP = 3;
export const EXIT_OPEN = 4;
export const EXIT_BANKRUPT = 5;
/** exit(after=N): N bars after the entry. */
export const EXIT_TIME = 6;
export const EXIT_REASONS = [
  'signal',
  'stop loss',
  'take profit',
  'trailing stop',
  'open',
  'bankrupt',
  'time',
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

const EMPTY_TIME = new Float64Array(0);

/**
 * Append-only builder whose columns are reused from run to run (clear()). It is itself a `Trades`
 * whose arrays may be longer than `count` (readers index below `count` only), so a sweep can score a
 * run without copying; finish() copies the records out. Entry and exit times are looked up from the
 * bars' times in one pass at the end (fillTimes) rather than per trade: on long series those lookups
 * land far apart in memory, and a pass of independent loads lets the CPU overlap the cache misses.
 */
export class TradeLog implements Trades {
  private cap = 0;
  count = 0;
  closed = 0;
  /** Records below this already have their times. */
  private timed = 0;
  private time: Float64Array = EMPTY_TIME;
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

  /** `time`: the bars' times, which entry and exit bars index. */
  constructor(capacity = 32, time: Float64Array = EMPTY_TIME) {
    this.time = time;
    this.grow(capacity);
  }

  /** Forgets the records (keeping the columns) and takes the bar times of the next run. */
  clear(time: Float64Array = EMPTY_TIME): void {
    this.count = 0;
    this.closed = 0;
    this.timed = 0;
    this.time = time;
  }

  /** Drops the bar times and, past `keep` records of capacity, the columns, so they can be collected. */
  release(keep: number): void {
    this.clear();
    if (this.cap > keep) {
      this.cap = 0;
      this.grow(Math.min(keep, 32));
    }
  }

  private grow(cap: number): void {
    const n = this.count;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a.subarray(0, n));
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a.subarray(0, n));
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, n));
      return b;
    };
    const side = new Int8Array(cap);
    side.set(this.side.subarray(0, n));
    this.side = side;
    this.entryBar = i32(this.entryBar);
    this.exitBar = i32(this.exitBar);
    this.entryTime = f64(this.entryTime);
    this.exitTime = f64(this.exitTime);
    this.entryPrice = f64(this.entryPrice);
    this.exitPrice = f64(this.exitPrice);
    this.quantity = f64(this.quantity);
    this.fees = f64(this.fees);
    this.pnl = f64(this.pnl);
    this.returnPct = f64(this.returnPct);
    this.open = u8(this.open);
    this.exitReason = u8(this.exitReason);
    this.cap = cap;
  }

  /** Records one trade; `isOpen` trades must be pushed after every closed one. Times: see fillTimes. */
  push(
    side: number,
    quantity: number,
    entryBar: number,
    entryPrice: number,
    exitBar: number,
    exitPrice: number,
    fees: number,
    reason: number,
    isOpen: boolean,
  ): void {
    if (this.count === this.cap) this.grow(Math.max(32, this.cap * 2));
    const i = this.count++;
    if (!isOpen) this.closed = this.count;
    this.side[i] = side;
    this.quantity[i] = quantity;
    this.entryBar[i] = entryBar;
    this.entryPrice[i] = entryPrice;
    this.exitBar[i] = exitBar;
    this.exitPrice[i] = exitPrice;
    this.fees[i] = fees;
    const gross = side * quantity * (exitPrice - entryPrice);
    this.pnl[i] = gross - fees;
    this.returnPct[i] = side * (exitPrice / entryPrice - 1) - fees / (quantity * entryPrice);
    this.open[i] = isOpen ? 1 : 0;
    this.exitReason[i] = reason;
  }

  /** Sets entry and exit times of the records pushed since the last call, from the bars' times. */
  fillTimes(): void {
    const { time, entryBar, exitBar, entryTime, exitTime } = this;
    const n = this.count;
    for (let i = this.timed; i < n; i++) {
      entryTime[i] = time[entryBar[i]];
      exitTime[i] = time[exitBar[i]];
    }
    this.timed = n;
  }

  /** The records copied out, columns sharing one buffer; the log can be cleared and reused at once. */
  finish(): Trades {
    this.fillTimes();
    const n = this.count;
    // 8-byte columns first so that every view is aligned.
    const buf = new ArrayBuffer(n * (8 * 8 + 4 * 2 + 3));
    let at = 0;
    const f64 = (a: Float64Array) => {
      const v = new Float64Array(buf, at, n);
      v.set(a.subarray(0, n));
      at += 8 * n;
      return v;
    };
    const i32 = (a: Int32Array) => {
      const v = new Int32Array(buf, at, n);
      v.set(a.subarray(0, n));
      at += 4 * n;
      return v;
    };
    const u8 = (a: Uint8Array) => {
      const v = new Uint8Array(buf, at, n);
      v.set(a.subarray(0, n));
      at += n;
      return v;
    };
    const entryTime = f64(this.entryTime);
    const exitTime = f64(this.exitTime);
    const entryPrice = f64(this.entryPrice);
    const exitPrice = f64(this.exitPrice);
    const quantity = f64(this.quantity);
    const fees = f64(this.fees);
    const pnl = f64(this.pnl);
    const returnPct = f64(this.returnPct);
    const entryBar = i32(this.entryBar);
    const exitBar = i32(this.exitBar);
    const side = new Int8Array(buf, at, n);
    side.set(this.side.subarray(0, n));
    at += n;
    const open = u8(this.open);
    const exitReason = u8(this.exitReason);
    return {
      count: n,
      closed: this.closed,
      entryBar,
      exitBar,
      entryTime,
      exitTime,
      entryPrice,
      exitPrice,
      quantity,
      side,
      fees,
      pnl,
      returnPct,
      open,
      exitReason,
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
