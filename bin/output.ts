// Printing results: aligned tables for people, JSON (NaN → null) for scripts.
import { formatStat, type Stats, type TradeRecord } from '../lib/engine';

/** JSON with non-finite numbers as null, since JSON has no NaN. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

export function fmtNumber(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '—' : v > 0 ? '∞' : '-∞';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A statistic as every view shows it (the engine's one formatter: unit from the name, ratios to 3 decimals). */
export function fmtStat(name: string, v: number | string): string {
  return formatStat(name, v);
}

export function table(header: string[], rows: string[][], alignRight: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (alignRight[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

export function statsTable(stats: Stats): string {
  const rows = Object.entries(stats).map(([k, v]) => [k, fmtStat(k, v)]);
  return table(['Statistic', 'Value'], rows, [false, true]);
}

const day = (t: number) => new Date(t).toISOString().replace('T00:00:00.000Z', '').replace(':00.000Z', 'Z');

export function tradesTable(trades: TradeRecord[]): string {
  const rows = trades.map((t) => [
    t.side,
    fmtNumber(t.quantity, t.quantity % 1 ? 4 : 0),
    day(t.entryTime),
    fmtNumber(t.entryPrice),
    t.open ? '(open)' : day(t.exitTime),
    fmtNumber(t.exitPrice),
    fmtNumber(t.pnl),
    fmtNumber(t.returnPct * 100),
    t.exitReason,
  ]);
  return table(['Side', 'Qty', 'Entry', 'Price', 'Exit', 'Price', 'P&L', 'Return %', 'Exit reason'], rows, [
    false,
    true,
    false,
    true,
    false,
    true,
    true,
    true,
    false,
  ]);
}

/** A trade for JSON output, with ISO times. */
export function tradeJson(t: TradeRecord) {
  return {
    side: t.side,
    quantity: t.quantity,
    entryBar: t.entryBar,
    entryTime: new Date(t.entryTime).toISOString(),
    entryPrice: t.entryPrice,
    exitBar: t.exitBar,
    exitTime: new Date(t.exitTime).toISOString(),
    exitPrice: t.exitPrice,
    pnl: t.pnl,
    returnPct: t.returnPct * 100,
    fees: t.fees,
    open: t.open,
    exitReason: t.exitReason,
  };
}
