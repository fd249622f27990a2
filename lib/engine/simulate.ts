// Portfolio simulation: the one sequential pass of a backtest. Everything else is vectorized.
//
// Semantics (documented for users in lib/engine/README.md):
// - Net position, one lot per entry, closed FIFO. `buy` while short first covers the short (a reversal),
//   `short` while long first sells the long; `sell`/`cover` only ever reduce their own side; `exit`
//   closes everything. An entry while `pyramiding` (default 1) entries of its side are open is ignored.
// - fill 'open': orders from bar t's signals fill at bar t+1's open, in program order; a signal on the
//   last bar never fills. fill 'close': they fill at bar t's close.
// - Entry sizes: percent of equity (marked at the fill price, after earlier fills of the same bar),
//   cash, or units, capped by buying power (equity − |position| × price): never leverage. Quantity is
//   budget / (price × (1 + fee)), floored in 'whole' mode. Exit sizes are a share of the open position.
// - Slippage moves market and stop fills against the trader; take-profit fills at its limit price.
// - Fees: fee × price × quantity on every fill, entry and exit, included in each trade's P&L.
// - Risk rules are per lot, on its own entry price (trailing: its best price since its entry), as
//   backtesting.py keeps sl/tp per trade. They are checked against each bar's low/high from the bar after a close fill, or from the
//   entry bar itself after an open fill (the fill happened at the open, before the bar's range).
//   A bar that opens beyond the stop fills at the open. When stop and target are both touched in one
//   bar, the stop wins: the order of prices inside a bar is unknown, so we assume the worse.
// - Dust (book.ts DUST): an entry below 1e-9 of what the equity buys, or an exit below 1e-9 of the
//   position, is not placed, so float residue never becomes a trade.
// - Equity at or below zero closes everything at that bar's close and ends trading.
import type { Trades } from './trades';
import { type Bars, MAX_PYRAMIDING, type OrderRule, type Settings } from './types';
import { book, marks, release, run } from './walk';

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
  const p = s.pyramiding;
  if (p !== undefined && !(Number.isInteger(p) && p >= 1 && p <= MAX_PYRAMIDING))
    throw new RangeError(
      `pyramiding must be a whole number of entries from 1 to ${MAX_PYRAMIDING}; got ${p}`,
    );
  for (const [k, v] of [
    ['stopLoss', s.stopLoss],
    ['takeProfit', s.takeProfit],
    ['trailingStop', s.trailingStop],
  ] as const) {
    if (v !== undefined && !(v > 0 && v < 10)) throw new RangeError(`${k} must be a positive fraction`);
  }
  const c = s.commission;
  if (c !== undefined && !(c >= 0 && Number.isFinite(c)))
    throw new RangeError('commission must be a cash amount of 0 or more per fill');
  const after = s.exitAfter;
  if (after !== undefined && !(Number.isInteger(after) && after >= 1))
    throw new RangeError(`exitAfter must be a whole number of bars from 1; got ${after}`);
  for (const r of rules) validateRule(r, n, s);
}

function validateRule(r: OrderRule, n: number, s: Settings): void {
  if (r.when.length !== n)
    throw new RangeError(`a ${r.kind} rule has ${r.when.length} signals for ${n} bars`);
  if (!(r.size.value > 0 && Number.isFinite(r.size.value)))
    throw new RangeError(`a ${r.kind} rule has a non-positive size`);
  const entry = r.kind === 'buy' || r.kind === 'short';
  for (const k of ['limit', 'stop', 'stopLossAt', 'takeProfitAt'] as const) {
    const p = r[k];
    if (p === undefined) continue;
    if (!entry) throw new RangeError(`${k} is for entries (buy, short); a ${r.kind} rule has one`);
    if (typeof p !== 'function' && p.length !== n)
      throw new RangeError(`the ${k} prices of a ${r.kind} rule have ${p.length} values for ${n} bars`);
  }
  const a = r.also;
  if (a && typeof a !== 'function') {
    const { slots, ops, values, mask } = a;
    if (!(slots.length === ops.length && ops.length === values.length) || (mask && mask.length !== n))
      throw new RangeError(`the position test of a ${r.kind} rule has mismatched slots, ops, values or mask`);
    for (let j = 0; j < slots.length; j++)
      if (!(slots[j] >= 0 && slots[j] < 4 && ops[j] >= 0 && ops[j] < 6))
        throw new RangeError(`the position test of a ${r.kind} rule has a bad slot or operator`);
  }
  if (r.limit && r.stop) throw new RangeError(`a ${r.kind} rule has both a limit and a stop price`);
  const wait = r.cancelAfter;
  if (wait !== undefined && !(Number.isInteger(wait) && wait >= 1 && (r.limit || r.stop)))
    throw new RangeError('cancelAfter is a whole number of bars from 1, for a limit or stop order');
  if (r.size.kind === 'risk') {
    if (!entry) throw new RangeError(`a ${r.kind} rule cannot be sized by risk: only entries can`);
    if (!(r.size.value <= 1)) throw new RangeError('a risk size is a fraction of equity up to 1');
    if (!(r.stopLossAt || (s.stopLoss ?? 0) > 0 || (s.trailingStop ?? 0) > 0))
      throw new RangeError(`a ${r.kind} rule sized by risk needs a stop loss or a trailing stop`);
  }
}

/** The marks of one finished simulation, trimmed. */
interface MarkList {
  readonly bar: Int32Array;
  readonly cash: Float64Array;
  readonly pos: Float64Array;
  readonly count: number;
  readonly start: number;
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
    private readonly marks: MarkList,
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

export function simulate(bars: Bars, rules: readonly OrderRule[], settings: Settings): SimResult {
  validateSimInput(bars, rules, settings);
  const n = bars.close.length;
  const equity = new Float64Array(n);
  const bankruptAt = run(bars, rules, settings, equity);
  const c = marks.count;
  const buf = new ArrayBuffer(c * 20); // cash and position (8 bytes each), then bar (4)
  const list: MarkList = {
    cash: new Float64Array(buf, 0, c),
    pos: new Float64Array(buf, 8 * c, c),
    bar: new Int32Array(buf, 16 * c, c),
    count: c,
    start: settings.capital,
  };
  list.cash.set(marks.cash.subarray(0, c));
  list.pos.set(marks.pos.subarray(0, c));
  list.bar.set(marks.bar.subarray(0, c));
  const sim = new Simulation(equity, book.log.finish(), book.insufficient, bankruptAt, list);
  release();
  return sim;
}

/** A simulation whose equity lives in a caller's buffer and whose trades are valid until the next call. */
export interface ScratchSim {
  readonly equity: Float64Array;
  /** Not trimmed: read records below `count` only, before simulating again. */
  readonly trades: Trades;
  readonly insufficientFunds: number;
  readonly bankruptAt: number;
}

/**
 * simulate() for callers that only score the run (sweeps): equity is written into `equity`, a buffer with
 * one value per bar that can be reused from run to run, and the trades stay in the simulator's log, valid
 * until the next simulation. Nothing is allocated per run. Same results as simulate() (walk.test.ts).
 */
export function simulateInto(
  bars: Bars,
  rules: readonly OrderRule[],
  settings: Settings,
  equity: Float64Array,
): ScratchSim {
  validateSimInput(bars, rules, settings);
  if (equity.length !== bars.close.length)
    throw new RangeError(
      `the equity buffer has ${equity.length} values for ${bars.close.length} bars; pass one value per bar`,
    );
  const bankruptAt = run(bars, rules, settings, equity);
  if (bankruptAt >= 0) equity.fill(0, bankruptAt);
  book.log.fillTimes();
  return { equity, trades: book.log, insufficientFunds: book.insufficient, bankruptAt };
}
