import { describe, expect, it } from 'vitest';
import type { WireTrades } from '../transport';
import {
  exitReasonOf,
  formatMoney,
  formatPrice,
  formatReturn,
  formatTime,
  hasTimeOfDay,
  sortTrades,
} from './trades';

const DAY = 86_400_000;

function trades(
  rows: { pnl: number; ret: number; side: 1 | -1; reason: number; open?: boolean }[],
): WireTrades {
  const n = rows.length;
  const f = (g: (r: (typeof rows)[number], i: number) => number) => Float64Array.from(rows, g);
  return {
    count: n,
    closed: rows.filter((r) => !r.open).length,
    entryBar: Int32Array.from(rows, (_, i) => i * 10),
    exitBar: Int32Array.from(rows, (_, i) => i * 10 + 5),
    entryTime: f((_, i) => i * DAY),
    exitTime: f((_, i) => (i + 5) * DAY),
    entryPrice: f((_, i) => 100 + i),
    exitPrice: f((_, i) => 101 + i),
    quantity: f(() => 10),
    side: Int8Array.from(rows, (r) => r.side),
    fees: f(() => 0),
    pnl: f((r) => r.pnl),
    returnPct: f((r) => r.ret),
    open: Uint8Array.from(rows, (r) => (r.open ? 1 : 0)),
    exitReason: Uint8Array.from(rows, (r) => r.reason),
  };
}

const T = trades([
  { pnl: 5, ret: 0.05, side: 1, reason: 0 },
  { pnl: -3, ret: -0.03, side: -1, reason: 1 },
  { pnl: 5, ret: 0.02, side: 1, reason: 2 },
  { pnl: Number.NaN, ret: Number.NaN, side: 1, reason: 4, open: true },
]);

describe('trade list', () => {
  it('sorts by a numeric column, stable on ties, NaN last either way', () => {
    expect([...sortTrades(T, 'pnl', 'asc')]).toEqual([1, 0, 2, 3]);
    expect([...sortTrades(T, 'pnl', 'desc')]).toEqual([0, 2, 1, 3]);
    expect([...sortTrades(T, 'returnPct', 'desc')]).toEqual([0, 2, 1, 3]);
    expect([...sortTrades(T, 'side', 'asc')]).toEqual([1, 0, 2, 3]);
  });

  it('sorts by trade number and by exit reason', () => {
    expect([...sortTrades(T, 'index', 'desc')]).toEqual([3, 2, 1, 0]);
    expect([...sortTrades(T, 'exitReason', 'asc')].map((i) => exitReasonOf(T, i))).toEqual([
      'open',
      'signal',
      'stop loss',
      'take profit',
    ]);
  });

  it('agrees with a naive sort on random data', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      pnl: ((i * 7919) % 101) - 50,
      ret: 0,
      side: 1 as const,
      reason: 0,
    }));
    const t = trades(rows);
    const naive = rows
      .map((r, i) => [r.pnl, i] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, i]) => i);
    expect([...sortTrades(t, 'pnl', 'asc')]).toEqual(naive);
  });

  it('formats times, prices, money and returns', () => {
    expect(formatTime(Date.UTC(2020, 0, 31))).toBe('2020-01-31');
    expect(formatTime(Date.UTC(2020, 0, 31, 9, 5), true)).toBe('2020-01-31 09:05');
    expect(formatTime(Number.NaN)).toBe('—');
    expect(hasTimeOfDay(Float64Array.of(0, DAY, 2 * DAY))).toBe(false);
    expect(hasTimeOfDay(Float64Array.of(0, DAY + 3_600_000))).toBe(true);
    expect(formatPrice(1234.5)).toBe('1,234.50');
    expect(formatPrice(0.000123)).toBe('0.000123');
    expect(formatMoney(-12.345)).toBe('−12.35');
    expect(formatMoney(3)).toBe('+3.00');
    expect(formatReturn(0.0123)).toBe('+1.23%');
    expect(formatReturn(-0.5)).toBe('−50.00%');
  });
});
