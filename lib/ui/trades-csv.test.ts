// The CSV export read back by a small RFC 4180 parser: quoting, ISO times, units, full precision.
import { describe, expect, it } from 'vitest';
import type { WireTrades } from '../transport';
import { sortTrades } from './trades';
import { csvField, tradesCsv } from './trades-csv';

/** A strict RFC 4180 reader: fields, quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
    } else while (i < text.length && text[i] !== ',' && text[i] !== '\r') field += text[i++];
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return rows;
}

const T: WireTrades = {
  count: 2,
  closed: 1,
  entryBar: Int32Array.of(3, 10),
  exitBar: Int32Array.of(7, 12),
  entryTime: Float64Array.of(Date.UTC(2024, 0, 2, 14, 30), Date.UTC(2024, 1, 1)),
  exitTime: Float64Array.of(Date.UTC(2024, 0, 9), Date.UTC(2024, 1, 5)),
  entryPrice: Float64Array.of(100, 50),
  exitPrice: Float64Array.of(110.123456789, 45),
  quantity: Float64Array.of(2, 4),
  side: Int8Array.of(1, -1),
  fees: Float64Array.of(0.5, 0),
  pnl: Float64Array.of(19.746913578, 20),
  returnPct: Float64Array.of(0.1, 0.1),
  open: Uint8Array.of(0, 1),
  exitReason: Uint8Array.of(6, 4),
  mae: Float64Array.of(-0.05, -0.02),
  mfe: Float64Array.of(0.12, 0.1),
};

describe('tradesCsv', () => {
  const rows = parseCsv(tradesCsv(T));
  const col = (name: string) => rows[0].indexOf(name);

  it('has a header naming each unit and one record per trade, all of the same width', () => {
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toHaveLength(rows[0].length);
    for (const h of [
      'Quantity (units)',
      'P&L (cash)',
      'Return (%)',
      'MAE (%)',
      'MAE (cash)',
      'MFE (%)',
      'MFE (cash)',
    ])
      expect(rows[0]).toContain(h);
    expect(rows[0]).toContain('Entry time (UTC, ISO 8601)');
  });

  it('writes ISO times, full-precision numbers, MAE and MFE in % and cash, the reason', () => {
    const [, a, b] = rows;
    expect(a[col('Entry time (UTC, ISO 8601)')]).toBe('2024-01-02T14:30:00.000Z');
    expect(a[col('Exit price (quote currency)')]).toBe('110.123456789');
    expect(a[col('Side')]).toBe('long');
    expect(Number(a[col('MAE (%)')])).toBeCloseTo(-5, 12);
    expect(Number(a[col('MAE (cash)')])).toBeCloseTo(-10, 12); // 5% of 2 × 100
    expect(Number(a[col('MFE (cash)')])).toBeCloseTo(24, 12); // 12% of 2 × 100
    expect(a[col('Exit reason')]).toBe('time');
    // Still open: no exit time, reason 'open'; short MFE 10% of 4 × 50 = 20.
    expect(b[col('Exit time (UTC, ISO 8601)')]).toBe('');
    expect(b[col('Exit reason')]).toBe('open');
    expect(Number(b[col('MFE (cash)')])).toBeCloseTo(20, 12);
  });

  it('leaves MAE and MFE empty when the trades carry none', () => {
    const { mae: _a, mfe: _b, ...bare } = T;
    const r = parseCsv(tradesCsv(bare));
    expect(r[1][col('MAE (%)')]).toBe('');
    expect(r[1][col('MFE (cash)')]).toBe('');
  });

  it('quotes fields with commas, quotes and line breaks, and only those', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(parseCsv(`${['a,b', 'say "hi"', 'x'].map(csvField).join(',')}\r\n`)).toEqual([
      ['a,b', 'say "hi"', 'x'],
    ]);
  });
});

describe('sorting by MAE and MFE', () => {
  it('orders by the excursion, and keeps trade order when the trades carry none', () => {
    expect([...sortTrades(T, 'mae', 'asc')]).toEqual([0, 1]);
    expect([...sortTrades(T, 'mfe', 'desc')]).toEqual([0, 1]);
    const { mae: _a, mfe: _b, ...bare } = T;
    expect([...sortTrades(bare, 'mae', 'desc')]).toEqual([0, 1]);
  });
});
