// The simulation loop for strategies that go beyond market orders on masks: conditions that read the
// position, resting limit and stop entries, stops and targets at prices, exits after N bars. Strategies
// without any of these never come here: walk.ts keeps its loops for them. Rules: lib/engine/README.md.
//
// One bar t, fill 'open': exits due after N bars, then the market orders decided at t−1's close, all at
// t's open; then the stops and targets of every lot (market entries of this open included); then the
// resting entries against t's range; then t's close: conditions are decided with the position as it is
// now. Fill 'close': stops and targets, resting entries, the decisions at t's close, then the exits due
// and the market orders at that close.
import { orderCode, sizeCode } from './book';
import type { Bars, OrderRule, PositionCondition, PositionTest, Price, Settings } from './types';
import { POS_AVG_PRICE, POS_BARS_SINCE_ENTRY, POS_OPEN_PROFIT, POSITION_SLOTS, passes } from './types';
import { book, marks, quietEquity, ruin, scan, wordsOf } from './walk-common';

const BUY = orderCode('buy');
const SHORT = orderCode('short');
const SELL = orderCode('sell');
const COVER = orderCode('cover');
const EXIT = orderCode('exit');
const LIMIT = 1;
const STOP = 2;

/** Whether a strategy needs this loop. */
export function usesOrders(rules: readonly OrderRule[], settings: Settings): boolean {
  if ((settings.exitAfter ?? 0) > 0) return true;
  for (const r of rules) {
    if (r.also || r.limit || r.stop || r.stopLossAt || r.takeProfitAt) return true;
  }
  return false;
}

// Per rule, decoded once per run (see walk.ts on why the loop reads no caller object).
const masks: Uint8Array[] = [];
const words: Int32Array[] = [];
const conds: (PositionCondition | null)[] = [];
const tests: (PositionTest | null)[] = [];
const prices: (Price | null)[] = [];
const stops: (Price | null)[] = [];
const targets: (Price | null)[] = [];
let kinds = new Int32Array(4);
let sizeKinds = new Int32Array(4);
let sizes = new Float64Array(4);
let nextAt = new Int32Array(4);
/** LIMIT or STOP for resting rules, 0 for market ones. */
let restKind = new Int32Array(4);
/** Bars a resting order may wait after its signal bar (cancel_after), or 0 for no limit. */
let restFor = new Int32Array(4);
// The resting order of each rule (price NaN: none) and the last bar it may fill on.
let restPrice = new Float64Array(4);
let restUntil = new Int32Array(4);
/** Market orders decided at a close, to fill at the next fill moment. */
let fire = new Uint8Array(4);

/** The position state conditions read, and the one a bracket is evaluated with. */
const state = new Float64Array(POSITION_SLOTS);
const entryState = new Float64Array(POSITION_SLOTS).fill(Number.NaN);

function decode(rules: readonly OrderRule[]): void {
  const k = rules.length;
  if (kinds.length < k) {
    kinds = new Int32Array(k);
    sizeKinds = new Int32Array(k);
    sizes = new Float64Array(k);
    nextAt = new Int32Array(k);
    restKind = new Int32Array(k);
    restFor = new Int32Array(k);
    restPrice = new Float64Array(k);
    restUntil = new Int32Array(k);
    fire = new Uint8Array(k);
  }
  for (let r = 0; r < k; r++) {
    const rule = rules[r];
    masks.push(rule.when);
    words.push(wordsOf(rule.when));
    const also = rule.also ?? null;
    conds.push(typeof also === 'function' ? also : null);
    tests.push(also !== null && typeof also !== 'function' ? also : null);
    prices.push(rule.limit ?? rule.stop ?? null);
    stops.push(rule.stopLossAt ?? null);
    targets.push(rule.takeProfitAt ?? null);
    kinds[r] = orderCode(rule.kind);
    sizeKinds[r] = sizeCode(rule.size);
    sizes[r] = rule.size.value;
    restKind[r] = rule.limit ? LIMIT : rule.stop ? STOP : 0;
    restFor[r] = rule.cancelAfter ?? 0;
    restPrice[r] = Number.NaN;
    fire[r] = 0;
    nextAt[r] = -1;
  }
}

function forget(): void {
  // The caller's arrays and functions are not ours to keep alive.
  masks.length = 0;
  words.length = 0;
  conds.length = 0;
  tests.length = 0;
  prices.length = 0;
  stops.length = 0;
  targets.length = 0;
}

const valueAt = (p: Price, t: number, s: Float64Array): number => (typeof p === 'function' ? p(t, s) : p[t]);

/**
 * Opens an entry of rule r at `price` (slippage included), marked at `mark`, on bar t; its bracket is
 * evaluated on bar `known` (the last bar closed at the fill) with the fill price as the position's
 * average. Returns whether a lot was opened.
 */
function enter(r: number, price: number, mark: number, t: number, known: number): boolean {
  const side = kinds[r] === BUY ? 1 : -1;
  let stop = Number.NaN;
  let target = Number.NaN;
  const sl = stops[r];
  const tp = targets[r];
  if (sl || tp) {
    entryState[POS_AVG_PRICE] = price;
    // A level that is na is no level: the entry goes without it (the percent rules do not step in),
    // which an infinite level says to the book: it is never reached, and sizes nothing by risk.
    if (sl) stop = valueAt(sl, known, entryState);
    if (tp) target = valueAt(tp, known, entryState);
    if (sl && Number.isNaN(stop)) stop = -side * Number.POSITIVE_INFINITY;
    if (tp && Number.isNaN(target)) target = side * Number.POSITIVE_INFINITY;
  }
  return book.enterAt(side, sizeKinds[r], sizes[r], price, mark, t, stop, target);
}

/** A market order of rule r at `raw` (before slippage) on bar t. */
function market(r: number, raw: number, t: number, known: number, slip: number): void {
  const kind = kinds[r];
  if (kind === BUY || kind === SHORT) {
    const side = kind === BUY ? 1 : -1;
    enter(r, raw * (1 + side * slip), raw, t, known);
  } else book.execute(kind, sizeKinds[r], sizes[r], raw, t);
}

/**
 * The resting orders against bar t's range, in program order. A limit fills at its price or better (at
 * the open when the bar opens beyond it), without slippage; a stop fills at its price or worse (at the
 * open when the bar gaps past it), with slippage. Either is gone once triggered, filled or not.
 */
function fillResting(k: number, t: number, o: number, h: number, l: number, slip: number): number {
  let left = 0;
  for (let r = 0; r < k; r++) {
    const p = restPrice[r];
    if (Number.isNaN(p)) continue;
    if (t > restUntil[r]) {
      restPrice[r] = Number.NaN;
      continue;
    }
    const side = kinds[r] === BUY ? 1 : -1;
    let raw = Number.NaN;
    if (restKind[r] === LIMIT) {
      if (side > 0 ? l <= p : h >= p) raw = side > 0 ? Math.min(o, p) : Math.max(o, p);
    } else if (side > 0 ? h >= p : l <= p) raw = side > 0 ? Math.max(o, p) : Math.min(o, p);
    if (Number.isNaN(raw)) {
      left++;
      continue;
    }
    restPrice[r] = Number.NaN;
    const price = restKind[r] === LIMIT ? raw : raw * (1 + side * slip);
    if (enter(r, price, raw, t, t - 1) && restKind[r] === STOP) book.stopEntryTarget(t, o, h, l);
  }
  return left;
}

/** Resting orders (rules with a price in restPrice). */
let resting = 0;

/**
 * The orders decided at bar t's close: rules whose mask is 1 there and whose position condition holds
 * (the state read once, only if some rule needs it). Market orders are marked in `fire`; a resting one
 * replaces the rule's resting order. Returns the number of market orders.
 */
function decide(k: number, t: number, close: number): number {
  let fired = 0;
  let read = false;
  for (let r = 0; r < k; r++) {
    if (masks[r][t] !== 1) continue;
    const c = conds[r];
    const pt = tests[r];
    const p = prices[r];
    if ((c || pt || typeof p === 'function') && !read) {
      book.state(state, t, close);
      read = true;
    }
    if (c && !c(t, state)) continue;
    if (pt && !passes(pt, t, state)) continue;
    if (p) {
      if (!Number.isNaN(restPrice[r])) resting--;
      const v = valueAt(p, t, state);
      // A new signal replaces the rule's resting order; a price that is na or not positive places none.
      restPrice[r] = v > 0 && Number.isFinite(v) ? v : Number.NaN;
      restUntil[r] = restFor[r] > 0 ? t + restFor[r] : 0x7fffffff;
      if (!Number.isNaN(restPrice[r])) resting++;
    } else {
      fire[r] = 1;
      fired++;
    }
  }
  return fired;
}

/** The rules nextDecision watches (their indices), refilled per call. */
let watched = new Int32Array(4);

/**
 * While a position is held and nothing fills in between (no pending, resting or watched order): the
 * first bar ≥ t whose close decides an order, that is where some rule that can act signals and its
 * condition holds. The position state changes from bar to bar only in its bars since entry and open
 * profit, which are updated here; the conditions are pure, so calling them again at that bar is safe.
 * Rules that cannot act are left out: exits of the side not held, and market entries of the side held
 * when it holds `full` entries (ignored when they fill, unless an exit after N bars frees a place first).
 */
function nextDecision(k: number, t: number, end: number, close: Float64Array, full: boolean): number {
  const pos = book.pos;
  if (watched.length < k) watched = new Int32Array(k);
  let w = 0;
  for (let r = 0; r < k; r++) {
    const kind = kinds[r];
    if (kind === SELL ? pos < 0 : kind === COVER && pos > 0) continue;
    const same = kind === BUY ? pos > 0 : kind === SHORT && pos < 0;
    if (same && full && restKind[r] === 0) continue;
    watched[w++] = r;
  }
  book.state(state, t, close[t]);
  const since = state[POS_BARS_SINCE_ENTRY] - t;
  const avg = state[POS_AVG_PRICE];
  const side = pos > 0 ? 1 : -1;
  if (w === 1) {
    // The usual case (an exit rule while holding): one mask and one condition, read bar by bar.
    const r = watched[0];
    const mask = masks[r];
    const c = conds[r];
    const pt = tests[r];
    if (pt !== null && pt.join === 'or') return firstOr(pt, mask, t, end, close, since, avg, side);
    for (let s = t; s < end; s++) {
      if (mask[s] !== 1) continue;
      if (c === null && pt === null) return s;
      state[POS_BARS_SINCE_ENTRY] = s + since;
      state[POS_OPEN_PROFIT] = side * (close[s] / avg - 1);
      if (pt !== null ? passes(pt, s, state) : (c as PositionCondition)(s, state)) return s;
    }
    return end;
  }
  for (let s = t; s < end; s++) {
    for (let j = 0; j < w; j++) {
      const r = watched[j];
      if (masks[r][s] !== 1) continue;
      const c = conds[r];
      const pt = tests[r];
      if (c === null && pt === null) return s;
      state[POS_BARS_SINCE_ENTRY] = s + since;
      state[POS_OPEN_PROFIT] = side * (close[s] / avg - 1);
      if (pt !== null ? passes(pt, s, state) : (c as PositionCondition)(s, state)) return s;
    }
  }
  return end;
}

/** `x OP c` for an operator code of POSITION_OPS (a comparison with na is false, `!=` included). */
function holds(o: number, x: number, c: number): boolean {
  if (o === 0) return x < c;
  if (o === 1) return x <= c;
  if (o === 2) return x > c;
  if (o === 3) return x >= c;
  if (o === 4) return x === c;
  return !Number.isNaN(x) && !Number.isNaN(c) && x !== c;
}

/**
 * nextDecision for one rule whose PositionTest joins its terms with `or` (`crossunder(f, s) or
 * bars_since_entry >= 500 or open_profit < -2%`): the first signalling bar of each term on its own, in a
 * loop that reads one array, and the earliest of them. The size and average price do not change
 * between fills, so their terms are decided once; bars since entry and open profit are computed as the
 * loop of nextDecision computes them, so the same bar is found.
 */
function firstOr(
  pt: PositionTest,
  when: Uint8Array,
  t: number,
  end: number,
  close: Float64Array,
  since: number,
  avg: number,
  side: number,
): number {
  const { slots, ops, values, mask } = pt;
  let found = end;
  for (let j = 0; j < slots.length; j++) {
    const slot = slots[j];
    if (slot === POS_BARS_SINCE_ENTRY || slot === POS_OPEN_PROFIT) continue;
    if (holds(ops[j], state[slot], values[j])) return scanOnes(when, t, end);
  }
  if (mask !== null) {
    for (let s = t; s < found; s++)
      if (mask[s] === 1 && when[s] === 1) {
        found = s;
        break;
      }
  }
  for (let j = 0; j < slots.length; j++) {
    const slot = slots[j];
    const o = ops[j];
    const c = values[j];
    if (slot === POS_BARS_SINCE_ENTRY) {
      for (let s = t; s < found; s++)
        if (when[s] === 1 && holds(o, s + since, c)) {
          found = s;
          break;
        }
    } else if (slot === POS_OPEN_PROFIT) {
      for (let s = t; s < found; s++)
        if (when[s] === 1 && holds(o, side * (close[s] / avg - 1), c)) {
          found = s;
          break;
        }
    }
  }
  return found;
}

/** The first bar in [t, end) where `when` is 1, or end. */
function scanOnes(when: Uint8Array, t: number, end: number): number {
  for (let s = t; s < end; s++) if (when[s] === 1) return s;
  return end;
}

const levels = new Float64Array(2);

/** The first bar in [t, end) where `side` reaches `price` (high ≥ price when `up`, low ≤ price else). */
function firstTrigger(t: number, end: number, side: Float64Array, price: number, up: boolean): number {
  if (up) {
    for (let s = t; s < end; s++) if (side[s] >= price) return s;
  } else {
    for (let s = t; s < end; s++) if (side[s] <= price) return s;
  }
  return end;
}

/**
 * The first bar in [t, end) whose range reaches the position's first stop or target (levels), or end
 * (the bar an exit falls due, or n). A level the open is beyond is inside the range too.
 */
function firstTouch(t: number, end: number, low: Float64Array, high: Float64Array, long: boolean): number {
  const stop = levels[0];
  const target = levels[1];
  if (long) {
    for (let s = t; s < end; s++) if (low[s] <= stop || high[s] >= target) return s;
  } else {
    for (let s = t; s < end; s++) if (high[s] >= stop || low[s] <= target) return s;
  }
  return end;
}

/** The loop (see the top of this file); returns the bar of bankruptcy, or -1. */
export function walkOrders(
  bars: Bars,
  rules: readonly OrderRule[],
  settings: Settings,
  equity: Float64Array,
): number {
  const k = rules.length;
  decode(rules);
  try {
    return walk(bars, k, settings, equity);
  } finally {
    forget();
  }
}

function walk(bars: Bars, k: number, settings: Settings, equity: Float64Array): number {
  const { open, high, low, close } = bars;
  const n = close.length | 0;
  const lag = settings.fill === 'open' ? 1 : 0;
  const slip = settings.slippage;
  const after = settings.exitAfter ?? 0;
  const maxLots = settings.pyramiding ?? 1;
  const trailing = (settings.trailingStop ?? 0) > 0;
  let watch = after > 0 || (settings.stopLoss ?? 0) > 0 || (settings.takeProfit ?? 0) > 0 || trailing;
  for (let r = 0; r < k; r++) if (stops[r] || targets[r]) watch = true;
  resting = 0;
  let pending = 0;
  let t = 0;
  while (t < n) {
    // Holding with stops and targets at fixed levels, the bars until one is touched or an exit falls due
    // fill nothing either (a trailing stop moves: it is walked bar by bar).
    const held = book.pos !== 0;
    if (pending === 0 && !(watch && held && trailing)) {
      // Nothing can fill before the next bar where some rule signals: its close is the next decision.
      // Rules that could only reduce a side not held are left out: at a bar where only they signal,
      // they do nothing (and they are pure, so not calling them changes nothing either).
      const pos = book.pos;
      let found = n;
      for (let r = 0; r < k; r++) {
        const kind = kinds[r];
        if (kind === EXIT ? pos === 0 : kind === SELL ? pos <= 0 : kind === COVER && pos >= 0) continue;
        if (nextAt[r] < t) nextAt[r] = masks[r][t] === 1 ? t : scan(masks[r], words[r], t, n);
        if (nextAt[r] < found) found = nextAt[r];
      }
      // Holding, with conditions on the position at the signal found: on to the first bar where a rule
      // would act, in a loop that reads nothing else. (With fill 'open' the last bar decides nothing.)
      if (found === t && held)
        found = nextDecision(k, t, n - lag, close, after === 0 && book.lots >= maxLots);
      if (watch && held) {
        const due = book.levels(levels) + after;
        found = firstTouch(t, after > 0 ? Math.min(found, due) : found, low, high, pos > 0);
      }
      // Resting orders: up to the first bar one of them triggers (an expired one is dropped later).
      for (let r = 0; r < k && resting > 0 && found > t; r++) {
        const p = restPrice[r];
        if (Number.isNaN(p)) continue;
        const up = (kinds[r] === BUY) === (restKind[r] === STOP);
        found = firstTrigger(t, Math.min(found, restUntil[r] + 1), up ? high : low, p, up);
      }
      if (found > t) {
        const ruined = quietEquity(equity, close, t, found, book.cash, book.pos);
        if (ruined >= 0) return ruin(close[ruined], ruined);
        t = found;
        if (t >= n) break;
      }
    }
    const fills = book.fills;
    if (lag === 1) {
      if (after > 0 && book.pos !== 0) book.closeDue(t, after, open[t]);
      if (pending > 0) {
        for (let r = 0; r < k; r++) {
          if (fire[r] === 0) continue;
          fire[r] = 0;
          market(r, open[t], t, t - 1, slip);
        }
        pending = 0;
      }
      if (watch && book.pos !== 0) book.checkRisk(t, open[t], high[t], low[t]);
      if (resting > 0) resting = fillResting(k, t, open[t], high[t], low[t], slip);
      // A decision on the last bar would fill after it.
      if (t < n - 1) pending = decide(k, t, close[t]);
    } else {
      if (watch && book.pos !== 0) book.checkRisk(t, open[t], high[t], low[t]);
      if (resting > 0) resting = fillResting(k, t, open[t], high[t], low[t], slip);
      const fired = decide(k, t, close[t]);
      if (after > 0 && book.pos !== 0) book.closeDue(t, after, close[t]);
      if (fired > 0) {
        for (let r = 0; r < k; r++) {
          if (fire[r] === 0) continue;
          fire[r] = 0;
          market(r, close[t], t, t, slip);
        }
      }
    }
    if (book.fills !== fills) marks.push(t, book.cash, book.pos);
    const eq = book.cash + book.pos * close[t];
    if (eq <= 0) return ruin(close[t], t);
    equity[t] = eq;
    t++;
  }
  if (book.pos !== 0) book.finishOpen(n - 1, close[n - 1]);
  return -1;
}
