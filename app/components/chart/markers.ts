// Trade markers for the price pane, built from the engine's column-wise trade records, and the lookup
// the tooltip uses to find the trades that enter or exit at a bar.
import { EXIT_REASONS, EXIT_TIME } from '../../../lib/engine';
import type { WireBars, WireTrades } from '../../../lib/transport';

/** Names of the engine's exit reasons, by index (signal, stop loss, …, time). */
export const EXIT_REASON_NAMES: readonly string[] = EXIT_REASONS;

/** How a trade's exit reads in the tooltip: 'time' says after how many bars (exit(after=N)). */
export function exitReasonText(trades: WireTrades, i: number): string {
  if (trades.open[i] === 1) return 'open, marked at the last close';
  const r = trades.exitReason[i];
  if (r === EXIT_TIME) return `time: after ${trades.exitBar[i] - trades.entryBar[i]} bars`;
  return EXIT_REASON_NAMES[r] ?? 'signal';
}

export type MarkerKind =
  | 'longEntry'
  | 'shortEntry'
  | 'exitWin'
  | 'exitLoss'
  | 'stopWin'
  | 'stopLoss'
  | 'open';

export const MARKER_KINDS: readonly MarkerKind[] = [
  'longEntry',
  'shortEntry',
  'exitWin',
  'exitLoss',
  'stopWin',
  'stopLoss',
  'open',
];

const [LONG_ENTRY, SHORT_ENTRY, EXIT_WIN, EXIT_LOSS, STOP_WIN, STOP_LOSS, OPEN] = [0, 1, 2, 3, 4, 5, 6];

/** Rows of [bar, price, trade index] per marker kind, sorted by bar. */
export type Markers = Record<MarkerKind, Float64Array>;

/** Exits forced by a risk rule (drawn as ✕) rather than by the strategy's own signal (drawn as ○). */
function isForcedExit(reason: number): boolean {
  return reason === 1 || reason === 3 || reason === 5;
}

/**
 * Markers for every trade: a long entry ↑ under the entry bar's low, a short entry ↓ over its high; a
 * closed trade's exit at its exit price on its exit bar, ○ for a signal, take-profit or time exit and ✕
 * for a stop, trailing stop or bankruptcy, each split by winning (pnl > 0) or losing; a trade still open gets
 * an 'open' mark at its mark-to-market price on the last bar. Trades with bars outside the data are
 * skipped (they cannot be placed).
 */
export function buildMarkers(trades: WireTrades, bars: WireBars): Markers {
  const n = bars.close.length;
  const count = Math.max(0, Math.min(trades.count, trades.entryBar.length));
  const K = MARKER_KINDS.length;
  // Two passes over the trades: count per kind (kind index + 1 per entry/exit, 0 for none), then fill.
  const sizes = new Int32Array(K);
  const kinds = new Uint8Array(count * 2);
  for (let t = 0; t < count; t++) {
    const eb = trades.entryBar[t];
    const xb = trades.exitBar[t];
    if (eb >= 0 && eb < n) {
      const k = trades.side[t] > 0 ? LONG_ENTRY : SHORT_ENTRY;
      sizes[k]++;
      kinds[t * 2] = k + 1;
    }
    if (xb >= 0 && xb < n) {
      const win = trades.pnl[t] > 0;
      const k = trades.open[t]
        ? OPEN
        : isForcedExit(trades.exitReason[t])
          ? win
            ? STOP_WIN
            : STOP_LOSS
          : win
            ? EXIT_WIN
            : EXIT_LOSS;
      sizes[k]++;
      kinds[t * 2 + 1] = k + 1;
    }
  }
  const arrays = Array.from({ length: K }, (_, k) => new Float64Array(sizes[k] * 3));
  const fill = new Int32Array(K);
  for (let t = 0; t < count; t++) {
    const e = kinds[t * 2];
    if (e) {
      const k = e - 1;
      const bar = trades.entryBar[t];
      const r = fill[k]++ * 3;
      arrays[k][r] = bar;
      arrays[k][r + 1] = k === LONG_ENTRY ? bars.low[bar] : bars.high[bar];
      arrays[k][r + 2] = t;
    }
    const x = kinds[t * 2 + 1];
    if (x) {
      const k = x - 1;
      const r = fill[k]++ * 3;
      arrays[k][r] = trades.exitBar[t];
      arrays[k][r + 1] = trades.exitPrice[t];
      arrays[k][r + 2] = t;
    }
  }
  const out = {} as Markers;
  MARKER_KINDS.forEach((kind, k) => {
    out[kind] = sortRows3(arrays[k]);
  });
  return out;
}

function sortRows3(a: Float64Array): Float64Array {
  const m = a.length / 3;
  let sorted = true;
  for (let i = 1; i < m && sorted; i++) sorted = a[i * 3] >= a[(i - 1) * 3];
  if (sorted) return a;
  const order = Array.from({ length: m }, (_, i) => i).sort(
    (p, q) => a[p * 3] - a[q * 3] || a[p * 3 + 2] - a[q * 3 + 2],
  );
  const out = new Float64Array(a.length);
  for (let dst = 0; dst < m; dst++) out.set(a.subarray(order[dst] * 3, order[dst] * 3 + 3), dst * 3);
  return out;
}

/**
 * The rows of `rows` (sorted by bar) with bar in [from, to], keeping at most one row per `bucket` bars
 * (aligned buckets) so that a dense strategy does not paint a smear of overlapping markers. Returns
 * rows of [bar, price, trade].
 */
export function markersInRange(rows: Float64Array, from: number, to: number, bucket: number): Float64Array {
  const m = rows.length / 3;
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid * 3] < from) lo = mid + 1;
    else hi = mid;
  }
  const out = new Float64Array(
    Math.max(0, Math.min(m - lo, Math.ceil((to - from + 1) / Math.max(1, bucket)) + 1)) * 3,
  );
  let r = 0;
  let lastBucket = Number.NaN;
  for (let i = lo; i < m && rows[i * 3] <= to && r < out.length; i++) {
    const b = Math.floor(rows[i * 3] / bucket);
    if (b === lastBucket) continue;
    lastBucket = b;
    out[r++] = rows[i * 3];
    out[r++] = rows[i * 3 + 1];
    out[r++] = rows[i * 3 + 2];
  }
  return out.subarray(0, r);
}

/** Trade indices by entry bar and by exit bar, for finding the trades at a bar in O(log trades). */
export interface TradeIndex {
  byEntry: Int32Array;
  byExit: Int32Array;
  entryBar: Int32Array;
  exitBar: Int32Array;
}

export function indexTrades(trades: WireTrades): TradeIndex {
  const count = Math.max(0, Math.min(trades.count, trades.entryBar.length));
  // Usually already in order (entries ascend for one position at a time; closed trades come in exit
  // order, open ones last): then no sort is needed.
  const ids = (bars: Int32Array) => {
    const a = new Int32Array(count);
    let sorted = true;
    for (let i = 0; i < count; i++) {
      a[i] = i;
      if (i > 0 && bars[i] < bars[i - 1]) sorted = false;
    }
    if (!sorted) a.sort((p, q) => bars[p] - bars[q] || p - q);
    return a;
  };
  return {
    byEntry: ids(trades.entryBar),
    byExit: ids(trades.exitBar),
    entryBar: trades.entryBar,
    exitBar: trades.exitBar,
  };
}

/** Trades entering or exiting at a bar in [from, to], in trade order, at most `limit` (and the total). */
export function tradesBetween(
  ix: TradeIndex,
  from: number,
  to: number,
  limit: number,
): { ids: number[]; total: number } {
  const found = new Set<number>();
  const scan = (order: Int32Array, bars: Int32Array) => {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bars[order[mid]] < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < order.length && bars[order[i]] <= to; i++) found.add(order[i]);
  };
  scan(ix.byEntry, ix.entryBar);
  scan(ix.byExit, ix.exitBar);
  const all = [...found].sort((a, b) => a - b);
  return { ids: all.slice(0, limit), total: all.length };
}

/**
 * Dashed entry-to-exit segments for the trades overlapping bars [from, to] whose outcome matches `wins`
 * (pnl > 0): from [entryBar, entryPrice] to [exitBar, exitPrice] with a point every `step` bars between
 * (so the part inside the zoom window stays drawn when an end lies outside it), then [exitBar, NaN] to
 * break the line. Empty when more than `maxTrades` trades overlap: at that density the lines are noise.
 */
export function tradePaths(
  trades: WireTrades,
  from: number,
  to: number,
  wins: boolean,
  maxTrades: number,
  step = Number.POSITIVE_INFINITY,
): Float64Array {
  const count = Math.max(0, Math.min(trades.count, trades.entryBar.length));
  let m = 0;
  let points = 0;
  for (let t = 0; t < count; t++) {
    if (trades.entryBar[t] > to || trades.exitBar[t] < from) continue;
    m++;
    points += 3 + Math.floor((trades.exitBar[t] - trades.entryBar[t]) / step);
  }
  if (m > maxTrades) return new Float64Array(0);
  const out = new Float64Array(points * 2);
  let r = 0;
  for (let t = 0; t < count; t++) {
    const e = trades.entryBar[t];
    const x = trades.exitBar[t];
    if (e > to || x < from || trades.pnl[t] > 0 !== wins) continue;
    const p0 = trades.entryPrice[t];
    const p1 = trades.exitPrice[t];
    out[r++] = e;
    out[r++] = p0;
    for (let k = 1; e + k * step < x; k++) {
      out[r++] = e + k * step;
      out[r++] = p0 + ((p1 - p0) * k * step) / (x - e);
    }
    out[r++] = x;
    out[r++] = p1;
    out[r++] = x;
    out[r++] = Number.NaN;
  }
  return out.subarray(0, r);
}
