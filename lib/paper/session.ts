// A strategy running on bars as they close. Each step appends the newly closed bars and runs the same
// compiled program over the whole history, with trading allowed from the deploy time on: the fills of
// bars after the previous step are the step's fills. Because the engine never looks ahead (the
// look-ahead property tests), this gives exactly the fills a backtest of the same bars gives, however
// the bars arrive (one by one, in bursts after a restart) — correct by construction rather than by a
// second, incremental simulator that could drift from the first.

import {
  type CompiledStrategy,
  type Diagnostic,
  isEvalFailure,
  prepareProgram,
  type WorkBudget,
} from '../dsl';
import {
  type Bars,
  lowerBound,
  type OrderRule,
  POS_AVG_PRICE,
  POS_BARS_SINCE_ENTRY,
  POS_OPEN_PROFIT,
  POS_SIZE,
  POSITION_SLOTS,
  passes,
  type Settings,
  type SimResult,
  simulate,
} from '../engine';
import { type Fill, fillsOf } from './fills';

/** Most bars a session keeps (≈ 139 days of minutes, 23 years of hours); past it the run stops, saying so. */
export const MAX_PAPER_BARS = 200_000;

export interface PaperConfig {
  /** The .bt program. */
  readonly source: string;
  readonly params?: Readonly<Record<string, number>>;
  /** The bars' timeframe ('1d', '1h', …), for htf(...). */
  readonly timeframe?: string;
  /** Epoch ms of the first bar the strategy may trade on; earlier bars only warm up its indicators. */
  readonly tradeFrom: number;
  readonly budget?: WorkBudget;
  readonly maxBars?: number;
}

/** The simulated account at a bar's close, in the strategy's currency. */
export interface Account {
  readonly time: number;
  readonly capital: number;
  readonly cash: number;
  readonly equity: number;
  /** Signed units held. */
  readonly position: number;
  /** The last close, at which the position is marked. */
  readonly price: number;
}

/** An order the strategy placed at a bar's close (it fills on a later bar, or rests until it does). */
export interface Signal {
  readonly time: number;
  readonly kind: OrderRule['kind'];
  readonly order: 'market' | 'limit' | 'stop';
  /** The resting order's price, when it is one and its price is known at the signal. */
  readonly price?: number;
  /** Index of the order statement in the program. */
  readonly rule: number;
}

export interface Step {
  /** Bars appended (bars at or before the last processed time are skipped: feeds may overlap). */
  readonly added: number;
  readonly skipped: number;
  readonly fills: Fill[];
  readonly signals: Signal[];
  readonly account: Account;
}

export type Opened =
  | { readonly ok: true; readonly session: PaperSession }
  | { readonly ok: false; readonly diagnostics: Diagnostic[]; readonly report: string };

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

export class PaperSession {
  private cols: Record<(typeof COLUMNS)[number], Float64Array>;
  private n = 0;

  private constructor(
    readonly config: PaperConfig,
    private readonly compiled: CompiledStrategy,
  ) {
    this.cols = Object.fromEntries(COLUMNS.map((k) => [k, new Float64Array(256)])) as PaperSession['cols'];
  }

  /** Checks and compiles the program; refuses it with its diagnostics. */
  static open(config: PaperConfig): Opened {
    const max = config.maxBars ?? MAX_PAPER_BARS;
    const prepared = prepareProgram(config.source, max, { budget: config.budget });
    if (!prepared.ok) return prepared;
    return { ok: true, session: new PaperSession(config, prepared.compiled) };
  }

  get title(): string {
    return this.compiled.title;
  }
  get length(): number {
    return this.n;
  }
  /** Time of the last processed bar, or -Infinity before the first. */
  get lastTime(): number {
    return this.n === 0 ? Number.NEGATIVE_INFINITY : this.cols.time[this.n - 1];
  }

  /** The history as engine bars (views, valid until the next step). */
  bars(): Bars {
    const v = (a: Float64Array) => a.subarray(0, this.n);
    const c = this.cols;
    return {
      time: v(c.time),
      open: v(c.open),
      high: v(c.high),
      low: v(c.low),
      close: v(c.close),
      volume: v(c.volume),
    };
  }

  /**
   * Appends the closed bars after the last processed one and runs the program: the fills on the new
   * bars, the orders placed at the last new bar's close, and the account there. Throws a RangeError
   * (the run must stop, not guess) when the history would pass its bound or the program fails on it.
   */
  step(incoming: Bars): Step {
    const before = this.lastTime;
    const skipped = this.append(incoming);
    const added = incoming.time.length - skipped;
    const run = this.run();
    const fills = added === 0 ? [] : fillsOf(run.sim.trades).filter((f) => f.time > before);
    const signals = added === 0 ? [] : signalsAt(this.n - 1, this.bars(), run.rules, run.settings, run.sim);
    return { added, skipped, fills, signals, account: this.account(run.sim, run.settings) };
  }

  /**
   * Restores the history a stopped run had processed (from its store), without reporting its fills
   * again: the next step reports only fills on bars after it.
   */
  restore(history: Bars): void {
    this.append(history);
  }

  /** Equity at each processed bar (the dashboard's mini chart; one backtest of the history). */
  equity(): Float64Array {
    return this.n === 0 ? new Float64Array(0) : this.run().sim.equity;
  }

  /** Every fill since the deploy time, as a backtest of the history gives it. */
  allFills(): Fill[] {
    return this.n === 0 ? [] : fillsOf(this.run().sim.trades);
  }

  private append(b: Bars): number {
    const len = b.time.length;
    let skipped = 0;
    let last = this.lastTime;
    const max = this.config.maxBars ?? MAX_PAPER_BARS;
    for (let i = 0; i < len; i++) {
      const t = b.time[i];
      if (!(t > last)) {
        skipped++;
        continue;
      }
      if (this.n >= max)
        throw new RangeError(
          `this paper run has reached its limit of ${max.toLocaleString('en-US')} bars; stop it and start a new one (its account starts afresh)`,
        );
      if (this.n === this.cols.time.length) this.grow(Math.min(max, this.n * 2));
      for (const k of COLUMNS) this.cols[k][this.n] = b[k][i];
      this.n++;
      last = t;
    }
    return skipped;
  }

  private grow(cap: number): void {
    for (const k of COLUMNS) {
      const next = new Float64Array(cap);
      next.set(this.cols[k].subarray(0, this.n));
      this.cols[k] = next;
    }
  }

  private run(): { sim: SimResult; rules: OrderRule[]; settings: Settings } {
    const bars = this.bars();
    const ev = this.compiled.evaluate(bars, this.config.params, undefined, {
      timeframe: this.config.timeframe,
    });
    if (isEvalFailure(ev))
      throw new RangeError(
        `the program failed on the live bars: ${ev.diagnostics.map((d) => d.message).join('; ')}`,
      );
    const from = lowerBound(bars.time, this.config.tradeFrom);
    // Before the deploy time the strategy only watches: no order is placed, so it starts flat.
    const rules = from === 0 ? ev.rules : ev.rules.map((r) => ({ ...r, when: silenceBefore(r.when, from) }));
    return { sim: simulate(bars, rules, ev.settings), rules, settings: ev.settings };
  }

  private account(sim: SimResult, s: Settings): Account {
    const last = this.n - 1;
    if (last < 0)
      return {
        time: Number.NaN,
        capital: s.capital,
        cash: s.capital,
        equity: s.capital,
        position: 0,
        price: Number.NaN,
      };
    return {
      time: this.cols.time[last],
      capital: s.capital,
      cash: sim.cash[last],
      equity: sim.equity[last],
      position: sim.position[last],
      price: this.cols.close[last],
    };
  }
}

function silenceBefore(when: Uint8Array, from: number): Uint8Array {
  const out = when.slice();
  out.fill(0, 0, Math.min(from, out.length));
  return out;
}

/**
 * The orders the program places at bar t's close: rules whose condition holds there (the position
 * part read with the position after t's fills, as the simulator reads it) and that can act on the
 * position held (no exit of a side not held, no entry into a side already full).
 */
export function signalsAt(
  t: number,
  bars: Bars,
  rules: readonly OrderRule[],
  s: Settings,
  sim: SimResult,
): Signal[] {
  const state = positionState(t, bars, sim);
  const size = state[POS_SIZE];
  const lots = openLots(sim, 1);
  const shortLots = openLots(sim, -1);
  const full = s.pyramiding ?? 1;
  const out: Signal[] = [];
  rules.forEach((r, i) => {
    if (r.when[t] !== 1) return;
    if (r.also && !(typeof r.also === 'function' ? r.also(t, state) : passes(r.also, t, state))) return;
    const acts =
      r.kind === 'buy'
        ? !(size > 0 && lots >= full)
        : r.kind === 'short'
          ? !(size < 0 && shortLots >= full)
          : r.kind === 'sell'
            ? size > 0
            : r.kind === 'cover'
              ? size < 0
              : size !== 0;
    if (!acts) return;
    const priced = r.limit ?? r.stop;
    const price =
      priced instanceof Float64Array
        ? priced[t]
        : typeof priced === 'function'
          ? priced(t, state)
          : undefined;
    out.push({
      time: bars.time[t],
      kind: r.kind,
      order: r.limit ? 'limit' : r.stop ? 'stop' : 'market',
      ...(price !== undefined && Number.isFinite(price) ? { price } : {}),
      rule: i,
    });
  });
  return out;
}

function openLots(sim: SimResult, side: 1 | -1): number {
  const tr = sim.trades;
  let k = 0;
  for (let i = tr.closed; i < tr.count; i++) if (tr.open[i] === 1 && tr.side[i] === side) k++;
  return k;
}

/** The position state at bar t's close from the run's open trades (lib/engine/README.md, "Position state"). */
function positionState(t: number, bars: Bars, sim: SimResult): Float64Array {
  const st = new Float64Array(POSITION_SLOTS);
  const tr = sim.trades;
  let units = 0;
  let value = 0;
  let first = Number.POSITIVE_INFINITY;
  for (let i = tr.closed; i < tr.count; i++) {
    if (tr.open[i] !== 1) continue;
    units += tr.quantity[i];
    value += tr.quantity[i] * tr.entryPrice[i];
    first = Math.min(first, tr.entryBar[i]);
  }
  st[POS_SIZE] = sim.position[t];
  const avg = units > 0 ? value / units : Number.NaN;
  st[POS_AVG_PRICE] = avg;
  st[POS_BARS_SINCE_ENTRY] = units > 0 ? t - first : Number.NaN;
  st[POS_OPEN_PROFIT] = units > 0 ? Math.sign(sim.position[t]) * (bars.close[t] / avg - 1) : 0;
  return st;
}
