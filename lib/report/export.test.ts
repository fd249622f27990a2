import { describe, expect, it } from 'vitest';
import { csvField, RUNS_CSV_HEADER, runsCsv, runsJson, toCsv } from './export';
import type { RunRow } from './queries';

/** A strict RFC 4180 reader written for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

const T = Date.UTC(2025, 0, 2, 3, 4, 5);

function row(over: Partial<RunRow>): RunRow {
  return {
    id: 'r1',
    version: 1,
    trigger: 'schedule',
    status: 'ok',
    error: null,
    attempt: 1,
    scheduleId: 's1',
    startedAt: T,
    finishedAt: T + 1500,
    dataFrom: Date.UTC(2020, 0, 1),
    dataTo: Date.UTC(2024, 11, 31),
    bars: 1258,
    signal: 'enter',
    returnPct: 12.345678901234,
    sharpe: -0.5,
    maxDrawdownPct: -7.25,
    tradeCount: 9,
    equityFinal: 11234.5678,
    previousRunId: null,
    previousSignal: null,
    returnPctChange: null,
    sharpeChange: null,
    maxDrawdownPctChange: null,
    tradeCountChange: null,
    equityFinalChange: null,
    total: 2,
    ...over,
  };
}

describe('csvField', () => {
  it('quotes commas, quotes, line breaks and edge spaces; doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('')).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula, but never numbers', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004'); // full precision, not rounded
  });

  it('writes null, undefined and non-finite numbers as empty fields', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvField(true)).toBe('true');
  });
});

describe('toCsv', () => {
  it('round-trips awkward text through a strict reader', () => {
    const cells = ['a,b', 'q"uote', 'multi\nline', ' x ', 'ok'];
    const text = toCsv(['h1', 'h2', 'h3', 'h4', 'h5'], [cells]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([['h1', 'h2', 'h3', 'h4', 'h5'], cells]);
  });

  it('refuses a row whose width differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['1']])).toThrow(/1 cells but the header has 2/);
  });
});

describe('runsCsv', () => {
  it('has one column per header name and ISO UTC times; the error survives intact', () => {
    const failed = row({
      id: 'r2',
      status: 'failed',
      error: 'boom, "bad"\nline 2',
      signal: null,
      returnPct: null,
      sharpe: null,
      maxDrawdownPct: null,
      tradeCount: null,
      equityFinal: null,
      bars: null,
    });
    const ok = row({
      previousRunId: 'r0',
      returnPctChange: 2.5,
      sharpeChange: -0.25,
      maxDrawdownPctChange: 1,
      tradeCountChange: -2,
      equityFinalChange: 250,
    });
    const parsed = parseCsv(runsCsv([failed, ok]));
    expect(parsed[0]).toEqual([...RUNS_CSV_HEADER]);
    expect(parsed).toHaveLength(3);
    const rec = (r: string[]) => Object.fromEntries(RUNS_CSV_HEADER.map((h, i) => [h, r[i]]));
    const f = rec(parsed[1]);
    expect(f).toMatchObject({ run_id: 'r2', status: 'failed', error: 'boom, "bad"\nline 2', return_pct: '' });
    const o = rec(parsed[2]);
    expect(o).toMatchObject({
      run_id: 'r1',
      started_at: '2025-01-02T03:04:05.000Z',
      finished_at: '2025-01-02T03:04:06.500Z',
      data_from: '2020-01-01T00:00:00.000Z',
      bars: '1258',
      signal: 'enter',
      return_pct: '12.345678901234',
      sharpe: '-0.5',
      previous_run_id: 'r0',
      return_pct_change: '2.5',
      trade_count_change: '-2',
    });
  });

  it('is just the header for no runs', () => {
    expect(parseCsv(runsCsv([]))).toEqual([[...RUNS_CSV_HEADER]]);
  });
});

describe('runsJson', () => {
  it('groups the changes, null when there is no previous run, times as ISO', () => {
    const first = row({ id: 'a', total: 7 });
    const second = row({
      id: 'b',
      previousRunId: 'a',
      returnPctChange: 1.5,
      sharpeChange: null,
      maxDrawdownPctChange: -2,
      tradeCountChange: 0,
      equityFinalChange: 150,
    });
    const doc = runsJson({ id: 's', name: 'My <strategy>' }, [second, first], T);
    expect(doc.strategy).toEqual({ id: 's', name: 'My <strategy>' });
    expect(doc.generatedAt).toBe('2025-01-02T03:04:05.000Z');
    expect(doc.total).toBe(2);
    expect(doc.runs.map((r) => r.id)).toEqual(['b', 'a']);
    expect(doc.runs[0].change).toEqual({
      returnPct: 1.5,
      sharpe: null,
      maxDrawdownPct: -2,
      tradeCount: 0,
      equityFinal: 150,
    });
    expect(doc.runs[1].change).toBeNull();
    expect(doc.runs[1]).toMatchObject({ startedAt: '2025-01-02T03:04:05.000Z', bars: 1258, signal: 'enter' });
    // Serializes without loss: what is read back is what was built.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('counts zero runs as zero', () => {
    expect(runsJson({ id: 's', name: 'n' }, [], T)).toMatchObject({ total: 0, runs: [] });
  });
});
