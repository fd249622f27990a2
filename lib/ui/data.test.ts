import { describe, expect, it } from 'vitest';
import { formatSource, parseSource } from '../data';
import {
  DEFAULT_FORM,
  dataKeyOf,
  dateToMs,
  formToRequest,
  msToDate,
  openingRequest,
  refToRequest,
  requestToForm,
  requestToRef,
  sameRequest,
} from './data';

describe('data picker model', () => {
  it('makes the offline default from the default form', () => {
    expect(formToRequest(DEFAULT_FORM)).toEqual({ ok: true, request: { source: 'synthetic:1:2500:1d' } });
  });

  it('builds specs the data layer parses back to the same thing', () => {
    const cases = [
      { ...DEFAULT_FORM, seed: '7', bars: '5000', timeframe: '1h' },
      { ...DEFAULT_FORM, kind: 'csv' as const, path: 'data/GOOG.csv' },
      { ...DEFAULT_FORM, kind: 'yahoo' as const, symbol: '^GSPC', timeframe: '1d' },
      { ...DEFAULT_FORM, kind: 'ccxt' as const, exchange: 'Binance', symbol: 'BTC/USDT', timeframe: '4h' },
    ];
    for (const form of cases) {
      const r = formToRequest(form);
      if (!r.ok) throw new Error(r.error);
      expect(formatSource(parseSource(r.request.source))).toBe(r.request.source);
      expect(formToRequest(requestToForm(r.request))).toEqual(r);
    }
    const ccxt = formToRequest(cases[3]);
    expect(ccxt.ok && ccxt.request).toEqual({ source: 'ccxt:binance:BTC/USDT', timeframe: '4h' });
  });

  it('names the bad field with a way to fix it', () => {
    const bad = (patch: Partial<typeof DEFAULT_FORM>) => formToRequest({ ...DEFAULT_FORM, ...patch });
    expect(bad({ bars: '0' })).toMatchObject({ ok: false, field: 'bars' });
    expect(bad({ bars: '99999999' })).toMatchObject({ ok: false, field: 'bars' });
    expect(bad({ seed: '1.5' })).toMatchObject({ ok: false, field: 'seed' });
    expect(bad({ kind: 'csv', path: ' ' })).toMatchObject({ ok: false, field: 'path' });
    expect(bad({ kind: 'yahoo', symbol: 'A B' })).toMatchObject({ ok: false, field: 'symbol' });
    expect(bad({ kind: 'ccxt', symbol: 'BTCUSDT' })).toMatchObject({
      ok: false,
      field: 'symbol',
      error: expect.stringContaining('BTC/USDT'),
    });
    expect(bad({ from: '2020-02-30' })).toMatchObject({ ok: false, field: 'from' });
    expect(bad({ from: '2021-01-01', to: '2020-01-01' })).toMatchObject({ ok: false, field: 'to' });
  });

  it('round-trips a range through the saved reference (to = end of its day)', () => {
    const req = { source: 'yahoo:AAPL', timeframe: '1h', from: '2020-01-01', to: '2020-12-31' };
    const ref = requestToRef(req, { symbol: 'AAPL', timeframe: '1h' });
    expect(ref).toEqual({
      source: 'yahoo:AAPL',
      symbol: 'AAPL',
      timeframe: '1h',
      from: Date.UTC(2020, 0, 1),
      to: Date.UTC(2021, 0, 1) - 1,
    });
    expect(refToRequest(ref)).toEqual(req);
    expect(sameRequest(refToRequest(ref), req)).toBe(true);
  });

  it('opens on the bars that stood in for data that could not be loaded, and retries the real one', () => {
    const ref = {
      source: 'yahoo:AAPL',
      symbol: 'AAPL',
      timeframe: '1d',
      from: Date.UTC(2020, 0, 1),
      fallback: { source: 'synthetic:1:2500:1d', reason: 'yahoo:AAPL: Yahoo Finance did not answer' },
    };
    expect(openingRequest(ref)).toEqual({ source: 'synthetic:1:2500:1d' });
    expect(refToRequest(ref)).toEqual({ source: 'yahoo:AAPL', timeframe: '1d', from: '2020-01-01' });
    const { fallback: _, ...plain } = ref;
    expect(openingRequest(plain)).toEqual(refToRequest(plain));
    expect(openingRequest({ ...plain, fallback: null })).toEqual(refToRequest(plain));
    expect(openingRequest(null)).toEqual({ source: 'synthetic:1:2500:1d' });
  });

  it('derives symbol and timeframe when nothing was loaded yet', () => {
    expect(requestToRef({ source: 'synthetic:1:2500:1d' })).toEqual({
      source: 'synthetic:1:2500:1d',
      symbol: 'SYNTH',
      timeframe: '1d',
    });
    expect(requestToRef({ source: 'csv:data/GOOG.csv' })).toMatchObject({ symbol: 'GOOG' });
    expect(refToRequest(null)).toEqual({ source: 'synthetic:1:2500:1d' });
    // A synthetic source carries its own timeframe: none is sent separately.
    expect(refToRequest({ source: 'synthetic:1:100:1h', symbol: 'SYNTH', timeframe: '1h' })).toEqual({
      source: 'synthetic:1:100:1h',
    });
  });

  it('reads only real calendar dates', () => {
    expect(dateToMs('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(dateToMs('2023-02-29')).toBeNaN();
    expect(dateToMs('2024-1-5')).toBeNaN();
    expect(msToDate(Date.UTC(1999, 11, 31, 23))).toBe('1999-12-31');
  });
});

describe('data keys', () => {
  // The server keys a session's bars with this same function (server/workspace.ts imports it).
  it('name each field of a request, missing ones as empty', () => {
    expect(dataKeyOf({ source: 'synthetic:1:2500:1d' })).toBe('synthetic:1:2500:1d|||');
    expect(dataKeyOf({ source: 'yahoo:AAPL', timeframe: '1h', from: '2020-01-01' })).toBe(
      'yahoo:AAPL|1h|2020-01-01|',
    );
    expect(dataKeyOf({ source: 'csv:x.csv', to: '2021-02-03' })).toBe('csv:x.csv|||2021-02-03');
  });

  it('tell apart requests that differ in one field only', () => {
    const base = { source: 'yahoo:AAPL', timeframe: '1d', from: '2020-01-01', to: '2021-01-01' };
    const keys = [
      base,
      { ...base, source: 'yahoo:MSFT' },
      { ...base, timeframe: '1h' },
      { ...base, from: '2020-01-02' },
      { ...base, to: '2021-01-02' },
    ].map(dataKeyOf);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
