// The data a run's chart draws, prepared from the stored result: the equity curve and its drawdown,
// thinned to what a chart can show, and the trade entry/exit markers placed on the equity line.
import { drawdownPct, upperBound } from '../engine';
import type { JsonValue } from '../store';

// The drawdown is the engine's (lib/engine/drawdown.ts), re-exported for the report's entry.
export { drawdownPct };

/** [epoch ms, value] pairs, as ECharts takes them on a time axis (plain arrays: they cross to the browser). */
export type Points = [number, number][];

export interface ReportTrade {
  side: 'long' | 'short';
  quantity: number | null;
  entryBar: number | null;
  exitBar: number | null;
  entryTime: number | null;
  exitTime: number | null;
  entryPrice: number | null;
  exitPrice: number | null;
  fees: number | null;
  pnl: number | null;
  /** Fraction of the entry value (0.05 = 5 %), as the engine records it. */
  returnPct: number | null;
  open: boolean;
  exitReason: string;
}

export interface Marker {
  kind: 'entry-long' | 'entry-short' | 'exit';
  time: number;
  value: number;
  /** Index of the trade in the run's trade list. */
  trade: number;
}

export interface RunChartData {
  equity: Points;
  drawdown: Points;
  markers: Marker[];
  /** Trades the markers leave out (only the most recent are marked). */
  unmarked: number;
}

/** At most this many trades are read from a stored run, and marked on its chart. */
export const MAX_TRADES = 100_000;
export const MAX_MARKED_TRADES = 1000;

const numOrNull = (v: JsonValue | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * The stored trade list read defensively (it is JSON written by the engine; NaN became null). Entries
 * that are not objects are skipped and counted.
 */
export function parseTrades(value: unknown, max = MAX_TRADES): { trades: ReportTrade[]; skipped: number } {
  const trades: ReportTrade[] = [];
  let skipped = 0;
  if (!Array.isArray(value)) return { trades, skipped };
  const n = Math.min(value.length, max);
  skipped += value.length - n;
  for (let i = 0; i < n; i++) {
    const t = value[i] as JsonValue;
    if (t === null || typeof t !== 'object' || Array.isArray(t)) {
      skipped++;
      continue;
    }
    trades.push({
      side: t.side === 'short' ? 'short' : 'long',
      quantity: numOrNull(t.quantity),
      entryBar: numOrNull(t.entryBar),
      exitBar: numOrNull(t.exitBar),
      entryTime: numOrNull(t.entryTime),
      exitTime: numOrNull(t.exitTime),
      entryPrice: numOrNull(t.entryPrice),
      exitPrice: numOrNull(t.exitPrice),
      fees: numOrNull(t.fees),
      pnl: numOrNull(t.pnl),
      returnPct: numOrNull(t.returnPct),
      open: t.open === true,
      exitReason: typeof t.exitReason === 'string' ? t.exitReason.slice(0, 40) : 'signal',
    });
  }
  return { trades, skipped };
}

/**
 * At most `maxPoints` points of a series: the first and last, and the lowest and highest point of each
 * equal-width index bucket in between, in index order, so every spike survives thinning. NaN points
 * are dropped.
 */
export function decimate(time: ArrayLike<number>, value: ArrayLike<number>, maxPoints: number): Points {
  const n = Math.min(time.length, value.length);
  const out: Points = [];
  if (n === 0) return out;
  if (n <= maxPoints || maxPoints < 4) {
    for (let i = 0; i < n; i++) if (!Number.isNaN(value[i])) out.push([time[i], value[i]]);
    return out;
  }
  const buckets = Math.floor((maxPoints - 2) / 2);
  const inner = n - 2;
  if (!Number.isNaN(value[0])) out.push([time[0], value[0]]);
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const v = value[i];
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < value[lo]) lo = i;
      if (hi < 0 || v > value[hi]) hi = i;
    }
    if (lo < 0) continue;
    const a = Math.min(lo, hi);
    const c = Math.max(lo, hi);
    out.push([time[a], value[a]]);
    if (c !== a) out.push([time[c], value[c]]);
  }
  if (!Number.isNaN(value[n - 1])) out.push([time[n - 1], value[n - 1]]);
  return out;
}

/** Index of the last time ≤ t (binary search over ascending times); -1 when t is before the first. */
export function indexAtOrBefore(time: ArrayLike<number>, t: number): number {
  return upperBound(time, t) - 1;
}

function equityAt(time: Float64Array, equity: Float64Array, bar: number | null, t: number): number | null {
  // The bar index is exact when the curve has one point per bar; fall back to the time otherwise.
  const i =
    bar !== null && Number.isInteger(bar) && bar >= 0 && bar < time.length && time[bar] === t
      ? bar
      : indexAtOrBefore(time, t);
  if (i < 0) return null;
  const v = equity[i];
  return Number.isFinite(v) ? v : null;
}

/** Entry and exit markers of the most recent `maxTrades` trades, placed on the equity curve. */
export function tradeMarkers(
  time: Float64Array,
  equity: Float64Array,
  trades: readonly ReportTrade[],
  maxTrades = MAX_MARKED_TRADES,
): { markers: Marker[]; unmarked: number } {
  const markers: Marker[] = [];
  const first = Math.max(0, trades.length - maxTrades);
  for (let k = first; k < trades.length; k++) {
    const t = trades[k];
    if (t.entryTime !== null) {
      const v = equityAt(time, equity, t.entryBar, t.entryTime);
      if (v !== null)
        markers.push({
          kind: t.side === 'short' ? 'entry-short' : 'entry-long',
          time: t.entryTime,
          value: v,
          trade: k,
        });
    }
    if (!t.open && t.exitTime !== null) {
      const v = equityAt(time, equity, t.exitBar, t.exitTime);
      if (v !== null) markers.push({ kind: 'exit', time: t.exitTime, value: v, trade: k });
    }
  }
  return { markers, unmarked: first };
}

/** Everything a run's chart needs, thinned to about `maxPoints` points per line. */
export function runChartData(
  equityTime: Float64Array | null,
  equity: Float64Array | null,
  trades: readonly ReportTrade[],
  maxPoints = 2000,
): RunChartData {
  if (!equity || !equityTime || equity.length === 0 || equity.length !== equityTime.length)
    return { equity: [], drawdown: [], markers: [], unmarked: trades.length };
  const dd = drawdownPct(equity);
  const { markers, unmarked } = tradeMarkers(equityTime, equity, trades);
  return {
    equity: decimate(equityTime, equity, maxPoints),
    drawdown: decimate(equityTime, dd, maxPoints),
    markers,
    unmarked,
  };
}
