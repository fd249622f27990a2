// The trade list as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line
// break quoted, quotes doubled). Times in ISO 8601 UTC; each numeric column says its unit in its header;
// numbers at full precision, empty where not a number.
import { excursionCash } from '../engine';
import type { WireTrades } from '../transport';
import { exitReasonOf } from './trades';

/** One CSV field, quoted when it has to be. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const num = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? String(v) : '');
const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

/** Header and value of every column, in order. */
const COLUMNS: [string, (t: WireTrades, i: number) => string][] = [
  ['Trade #', (_, i) => String(i + 1)],
  ['Side', (t, i) => (t.side[i] > 0 ? 'long' : 'short')],
  ['Entry time (UTC, ISO 8601)', (t, i) => iso(t.entryTime[i])],
  ['Exit time (UTC, ISO 8601)', (t, i) => (t.open[i] === 1 ? '' : iso(t.exitTime[i]))],
  ['Entry bar (index)', (t, i) => String(t.entryBar[i])],
  ['Exit bar (index)', (t, i) => String(t.exitBar[i])],
  ['Quantity (units)', (t, i) => num(t.quantity[i])],
  ['Entry price (quote currency)', (t, i) => num(t.entryPrice[i])],
  ['Exit price (quote currency)', (t, i) => num(t.exitPrice[i])],
  ['Fees (cash)', (t, i) => num(t.fees[i])],
  ['P&L (cash)', (t, i) => num(t.pnl[i])],
  ['Return (%)', (t, i) => num(t.returnPct[i] * 100)],
  ['MAE (%)', (t, i) => num(t.mae && t.mae[i] * 100)],
  ['MAE (cash)', (t, i) => num(t.mae && excursionCash(t, i, t.mae[i]))],
  ['MFE (%)', (t, i) => num(t.mfe && t.mfe[i] * 100)],
  ['MFE (cash)', (t, i) => num(t.mfe && excursionCash(t, i, t.mfe[i]))],
  ['Exit reason', (t, i) => exitReasonOf(t, i)],
  ['Open (1 = marked at the last close)', (t, i) => String(t.open[i])],
];

/** Every trade (in trade order) as a CSV document with a header row. */
export function tradesCsv(trades: WireTrades): string {
  const lines = [COLUMNS.map(([h]) => csvField(h)).join(',')];
  for (let i = 0; i < trades.count; i++) lines.push(COLUMNS.map(([, f]) => csvField(f(trades, i))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
