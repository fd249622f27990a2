// The simulation loop behind simulate() and simulateInto(); semantics are documented in simulate.ts.
//
// Its state lives in this module and is reset per call: simulate is synchronous and calls no user code,
// so calls never overlap. Long-lived on purpose (see Book): V8 deoptimizes code whose hidden classes die
// in a full GC. For the same reason the loops read no caller object: the rules are decoded into arrays.
import { orderCode, sizeCode } from './book';
import type { Bars, OrderRule, Settings } from './types';
import { book, marks, NO_WORDS, quietEquity, ruin, scan, wordsOf } from './walk-common';
import { usesOrders, walkOrders } from './walk-orders';

export { book, marks };

// Per rule: its mask (also as words, see scan), order kind, size kind, size, and the next bar it signals.
const masks: Uint8Array[] = [];
const maskWords: Int32Array[] = [];
let kinds = new Int32Array(4);
let sizeKinds = new Int32Array(4);
let sizes = new Float64Array(4);
let nextAt = new Int32Array(4);

// Per event (a bar where orders fill): the bar, which rules fire (bit r), its open and close.
let evBar = new Int32Array(64);
let evBits = new Int32Array(64);
let evOpen = new Float64Array(64);
let evClose = new Float64Array(64);

/** Events fit one bit per rule in an int32 up to this many rules; past it the bar loop runs. */
const MAX_EVENT_RULES = 31;

/** Entries of scratch (trades, marks, events) kept between calls; a longer run gives the rest back. */
const KEEP = 1 << 16;

/** After simulate() has copied its results out: drops the bars' times and oversized scratch arrays. */
export function release(): void {
  book.release(KEEP);
  marks.clear(KEEP);
  if (evBar.length > KEEP) {
    evBar = new Int32Array(64);
    evBits = new Int32Array(64);
    evOpen = new Float64Array(64);
    evClose = new Float64Array(64);
  }
}

/**
 * One simulation over validated input: writes equity[0..n) (up to a bankruptcy) and leaves the trades in
 * `book.log` and the fills in `marks`. Returns the bar of bankruptcy, or -1. `byBar` forces the
 * bar-by-bar loop, which tests compare with the event loop.
 */
export function run(
  bars: Bars,
  rules: readonly OrderRule[],
  settings: Settings,
  equity: Float64Array,
  byBar = false,
): number {
  if (usesOrders(rules, settings)) {
    // Conditions on the position, resting orders, price brackets or timed exits: walk-orders.ts.
    book.begin(bars.time, settings);
    marks.count = 0;
    return walkOrders(bars, rules, settings, equity);
  }
  const k = rules.length;
  if (kinds.length < k) {
    kinds = new Int32Array(k);
    sizeKinds = new Int32Array(k);
    sizes = new Float64Array(k);
    nextAt = new Int32Array(k);
  }
  for (let r = 0; r < k; r++) {
    const rule = rules[r];
    masks.push(rule.when);
    maskWords.push(wordsOf(rule.when));
    kinds[r] = orderCode(rule.kind);
    sizeKinds[r] = sizeCode(rule.size);
    sizes[r] = rule.size.value;
  }
  const hasRisk =
    (settings.stopLoss ?? 0) > 0 || (settings.takeProfit ?? 0) > 0 || (settings.trailingStop ?? 0) > 0;
  // With fill 'open' a signal on bar t acts on bar t+1; with 'close', on bar t itself.
  const lag = settings.fill === 'open' ? 1 : 0;
  book.begin(bars.time, settings);
  marks.count = 0;
  const { open, high, low, close } = bars;
  let bankruptAt: number;
  if (hasRisk || byBar || k > MAX_EVENT_RULES) {
    bankruptAt = walkBars(equity, open, high, low, close, k, lag, hasRisk);
  } else {
    const m = collectEvents(k, close.length | 0, lag);
    gatherPrices(open, close, m, lag);
    bankruptAt = walkEvents(equity, close, k, m, lag);
  }
  masks.length = 0; // the caller's masks are not ours to keep alive
  maskWords.length = 0;
  return bankruptAt;
}

// The word scan in collectEvents finds a byte's position from its bits, which assumes this byte order.
const LITTLE_ENDIAN = new Uint8Array(new Int32Array([1]).buffer)[0] === 1;

/**
 * The bars where orders fill, in order, with the rules that fire there. The masks are read together
 * four bytes at a time (when they start on a 4-byte boundary), and each signal is found from the bits
 * of its word, with no byte loop whose exit the CPU would mispredict.
 */
function collectEvents(k: number, n: number, lag: number): number {
  const last = n - lag; // a signal from here on would fill after the last bar
  const wn = n >> 2;
  let words = LITTLE_ENDIAN && k > 0;
  for (let r = 0; r < k; r++) if (maskWords[r].length !== wn) words = false;
  let m = 0;
  let t = 0;
  if (words) {
    // Two rules (entry and exit) are the usual case: their words are read without the inner loop.
    const w0 = k > 0 ? maskWords[0] : NO_WORDS;
    const w1 = k > 1 ? maskWords[1] : w0;
    for (let w = 0; w < wn; w++) {
      let any = w0[w] | w1[w];
      for (let r = 2; r < k; r++) any |= maskWords[r][w];
      while (any !== 0) {
        const byte = (31 - Math.clz32(any & -any)) >> 3;
        any &= ~(0xff << (byte << 3));
        const bar = (w << 2) + byte;
        if (bar >= last) return m;
        m = addEvent(m, bar, k, lag);
      }
    }
    t = wn << 2;
  }
  for (; t < last; t++) m = addEvent(m, t, k, lag);
  return m;
}

/** Records bar t as an event if some rule's mask is 1 there; returns the new event count. */
function addEvent(m: number, t: number, k: number, lag: number): number {
  let bits = 0;
  for (let r = 0; r < k; r++) if (masks[r][t] === 1) bits |= 1 << r;
  if (bits === 0) return m;
  if (m === evBar.length) growEvents();
  evBar[m] = t + lag;
  evBits[m] = bits;
  return m + 1;
}

function growEvents(): void {
  const cap = evBar.length * 2;
  const i32 = (a: Int32Array) => {
    const b = new Int32Array(cap);
    b.set(a);
    return b;
  };
  const f64 = (a: Float64Array) => {
    const b = new Float64Array(cap);
    b.set(a);
    return b;
  };
  evBar = i32(evBar);
  evBits = i32(evBits);
  evOpen = f64(evOpen);
  evClose = f64(evClose);
}

/**
 * The prices of every event bar, in one pass of independent loads. On long series the events lie far
 * apart in memory; loaded one by one inside the loop, each would wait for its cache miss, while here
 * the CPU overlaps them.
 */
function gatherPrices(open: Float64Array, close: Float64Array, m: number, lag: number): void {
  for (let j = 0; j < m; j++) evClose[j] = close[evBar[j]];
  if (lag === 1) for (let j = 0; j < m; j++) evOpen[j] = open[evBar[j]];
}

/** The loop without risk rules: from event to event, the bars between only need their equity. */
function walkEvents(equity: Float64Array, close: Float64Array, k: number, m: number, lag: number): number {
  const n = close.length | 0; // an int32 to V8: lengths are otherwise doubles, and so is every index
  let t = 0;
  for (let j = 0; j < m; j++) {
    const e = evBar[j];
    const ruined = quietEquity(equity, close, t, e, book.cash, book.pos);
    if (ruined >= 0) return ruin(close[ruined], ruined);
    const fills = book.fills;
    const price = lag === 1 ? evOpen[j] : evClose[j];
    const bits = evBits[j];
    for (let r = 0; r < k; r++) if ((bits >> r) & 1) book.execute(kinds[r], sizeKinds[r], sizes[r], price, e);
    if (book.fills !== fills) marks.push(e, book.cash, book.pos);
    const eq = book.cash + book.pos * evClose[j];
    if (eq <= 0) return ruin(evClose[j], e);
    equity[e] = eq;
    t = e + 1;
  }
  const ruined = quietEquity(equity, close, t, n, book.cash, book.pos);
  if (ruined >= 0) return ruin(close[ruined], ruined);
  if (book.pos !== 0) book.finishOpen(n - 1, close[n - 1]);
  return -1;
}

/** The general loop: bar by bar while a position with risk rules is open, else signal to signal. */
function walkBars(
  equity: Float64Array,
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  k: number,
  lag: number,
  hasRisk: boolean,
): number {
  const n = close.length | 0;
  nextAt.fill(-1, 0, k);
  let t = 0;
  while (t < n) {
    if (!(hasRisk && book.pos !== 0)) {
      // nextAt[r] is the first bar ≥ an earlier search start where rule r signals: each mask is
      // scanned once in all.
      const from = Math.max(0, t - lag);
      let found = n;
      for (let r = 0; r < k; r++) {
        if (nextAt[r] < from) nextAt[r] = scan(masks[r], maskWords[r], from, n);
        if (nextAt[r] < found) found = nextAt[r];
      }
      const next = found < n ? found + lag : n;
      if (next > t) {
        const ruined = quietEquity(equity, close, t, Math.min(next, n), book.cash, book.pos);
        if (ruined >= 0) return ruin(close[ruined], ruined);
        t = next;
        if (t >= n) break;
      }
    }
    const fills = book.fills;
    if (lag === 1) {
      if (t > 0) {
        for (let r = 0; r < k; r++)
          if (masks[r][t - 1] === 1) book.execute(kinds[r], sizeKinds[r], sizes[r], open[t], t);
      }
      if (hasRisk && book.pos !== 0) book.checkRisk(t, open[t], high[t], low[t]);
    } else {
      if (hasRisk && book.pos !== 0) book.checkRisk(t, open[t], high[t], low[t]);
      for (let r = 0; r < k; r++)
        if (masks[r][t] === 1) book.execute(kinds[r], sizeKinds[r], sizes[r], close[t], t);
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
