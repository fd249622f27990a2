// The trade list: column-wise trade records (WireTrades) sorted without building row objects, and the
// formatting of times, prices and quantities for the table.
import { EXIT_REASONS } from '../engine';
import type { WireTrades } from '../transport';

export const TRADE_COLUMNS = [
  'index',
  'side',
  'entryTime',
  'exitTime',
  'quantity',
  'entryPrice',
  'exitPrice',
  'pnl',
  'returnPct',
  'mae',
  'mfe',
  'exitReason',
] as const;
export type TradeColumn = (typeof TRADE_COLUMNS)[number];
export type SortDir = 'asc' | 'desc';

export function exitReasonOf(t: WireTrades, i: number): string {
  return t.open[i] === 1 ? 'open' : (EXIT_REASONS[t.exitReason[i]] ?? 'signal');
}

const NONE: ArrayLike<number> = { length: 0 };

/** A column's values (MAE and MFE may be missing: sorted as NaN). */
function keyArray(t: WireTrades, col: Exclude<TradeColumn, 'exitReason' | 'index'>): ArrayLike<number> {
  return t[col] ?? NONE;
}

/**
 * Row order for a sort: indices into the trade columns, stable (ties keep trade order), NaN last in
 * both directions. 'index' is the trade number (entry order as recorded).
 */
export function sortTrades(t: WireTrades, col: TradeColumn, dir: SortDir): Int32Array {
  const n = t.count;
  const order = Array.from({ length: n }, (_, i) => i);
  const sign = dir === 'asc' ? 1 : -1;
  if (col === 'exitReason') {
    const labels = Array.from({ length: n }, (_, i) => exitReasonOf(t, i));
    order.sort((a, b) => sign * labels[a].localeCompare(labels[b]) || a - b);
  } else if (col === 'index') {
    if (dir === 'desc') order.reverse();
  } else {
    const k = keyArray(t, col);
    order.sort((a, b) => {
      const x = k[a] ?? Number.NaN;
      const y = k[b] ?? Number.NaN;
      const xn = Number.isNaN(x);
      const yn = Number.isNaN(y);
      if (xn || yn) return xn === yn ? a - b : xn ? 1 : -1;
      return sign * (x - y) || a - b;
    });
  }
  return Int32Array.from(order);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → 'YYYY-MM-DD' (UTC), with ' HH:MM' when `withTime`. */
export function formatTime(ms: number, withTime = false): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return withTime ? `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : date;
}

/** Whether any of these times is not at midnight UTC (then times of day are worth showing). */
export function hasTimeOfDay(times: ArrayLike<number>, count = times.length): boolean {
  const DAY = 86_400_000;
  for (let i = 0; i < count; i++) {
    const v = times[i];
    if (Number.isFinite(v) && v % DAY !== 0) return true;
  }
  return false;
}

const nf = (min: number, max: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
const PRICE_SMALL = nf(2, 6);
const PRICE = nf(2, 2);
const QTY = nf(0, 4);
const MONEY = nf(2, 2);

const minus = (s: string) => (s.startsWith('-') ? `−${s.slice(1)}` : s);

export function formatPrice(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return minus((Math.abs(v) < 1 ? PRICE_SMALL : PRICE).format(v));
}

export function formatQuantity(v: number): string {
  return Number.isFinite(v) ? QTY.format(v) : '—';
}

export function formatMoney(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const s = MONEY.format(Math.abs(v));
  return v < 0 ? `−${s}` : v > 0 ? `+${s}` : s;
}

/** A fraction as a signed percentage: 0.0123 → '+1.23%'. */
export function formatReturn(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const s = MONEY.format(Math.abs(fraction * 100));
  return fraction < 0 ? `−${s}%` : fraction > 0 ? `+${s}%` : `${s}%`;
}
