// The workspace's data picker as plain data: the form's fields, the socket's DataRequest they make, and
// the DataRef saved with a version (times as epoch ms). Each field is checked by the data layer's own
// spec checks (lib/data/source-spec.ts, pure) so a bad field is named before anything is sent.
import {
  isExchangeId,
  isPairSymbol,
  isYahooSymbol,
  MAX_SOURCE_CHARS,
  MAX_SYNTHETIC_BARS,
  readBarCount,
  readSeed,
  timeframeLabel,
} from '../data';
import type { DataRef } from '../store';
import type { DataRequest } from '../transport';

export type SourceKind = 'synthetic' | 'csv' | 'yahoo' | 'ccxt';
export const SOURCE_KINDS: readonly { kind: SourceKind; label: string }[] = [
  { kind: 'synthetic', label: 'Synthetic' },
  { kind: 'csv', label: 'CSV file' },
  { kind: 'yahoo', label: 'Yahoo Finance' },
  { kind: 'ccxt', label: 'Exchange (CCXT)' },
];

export const TIMEFRAME_CHOICES = ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w'] as const;

export interface DataForm {
  kind: SourceKind;
  seed: string;
  bars: string;
  timeframe: string;
  path: string;
  symbol: string;
  exchange: string;
  /** YYYY-MM-DD or ''. */
  from: string;
  to: string;
}

export const DEFAULT_SOURCE = 'synthetic:1:2500:1d';
export const DEFAULT_FORM: DataForm = {
  kind: 'synthetic',
  seed: '1',
  bars: '2500',
  timeframe: '1d',
  path: '',
  symbol: '',
  exchange: 'binance',
  from: '',
  to: '',
};

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BAD_TIMEFRAME = 'choose a timeframe such as 1d or 1h';
const MAX_PATH = MAX_SOURCE_CHARS - 'csv:'.length;

/** 'YYYY-MM-DD' → epoch ms at 00:00 UTC, or NaN when it is not a real date. */
export function dateToMs(s: string): number {
  const m = DATE.exec(s.trim());
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d
    ? t
    : Number.NaN;
}

export function msToDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

export type FormResult =
  | { ok: true; request: DataRequest }
  | { ok: false; field: keyof DataForm; error: string };

export function formToRequest(form: DataForm): FormResult {
  const fail = (field: keyof DataForm, error: string): FormResult => ({ ok: false, field, error });
  let source: string;
  let timeframe: string | undefined;
  const tf = timeframeLabel(form.timeframe);
  switch (form.kind) {
    case 'synthetic': {
      const seed = readSeed(form.seed);
      if (Number.isNaN(seed)) return fail('seed', 'the seed must be a whole number');
      const bars = readBarCount(form.bars);
      if (Number.isNaN(bars))
        return fail(
          'bars',
          `bars must be a whole number from 1 to ${MAX_SYNTHETIC_BARS.toLocaleString('en-US')}`,
        );
      if (!tf) return fail('timeframe', BAD_TIMEFRAME);
      source = `synthetic:${seed}:${bars}:${tf}`;
      break;
    }
    case 'csv': {
      const path = form.path.trim();
      if (path === '')
        return fail('path', 'enter a CSV file of the data folder, e.g. GOOG.csv, or upload one');
      if (path.length > MAX_PATH) return fail('path', `the path is longer than ${MAX_PATH} characters`);
      source = `csv:${path}`;
      break;
    }
    case 'yahoo': {
      const symbol = form.symbol.trim();
      if (!isYahooSymbol(symbol))
        return fail('symbol', 'enter a ticker symbol, e.g. AAPL, ^GSPC or EURUSD=X');
      if (!tf) return fail('timeframe', BAD_TIMEFRAME);
      source = `yahoo:${symbol}`;
      timeframe = tf;
      break;
    }
    case 'ccxt': {
      const exchange = form.exchange.trim().toLowerCase();
      const symbol = form.symbol.trim();
      if (!isExchangeId(exchange)) return fail('exchange', 'enter an exchange id, e.g. binance');
      if (!isPairSymbol(symbol)) return fail('symbol', 'enter a BASE/QUOTE symbol, e.g. BTC/USDT');
      if (!tf) return fail('timeframe', BAD_TIMEFRAME);
      source = `ccxt:${exchange}:${symbol}`;
      timeframe = tf;
      break;
    }
  }
  const request: DataRequest = { source };
  if (timeframe) request.timeframe = timeframe;
  for (const key of ['from', 'to'] as const) {
    const v = form[key].trim();
    if (v === '') continue;
    if (Number.isNaN(dateToMs(v))) return fail(key, `'${v}' is not a date: use YYYY-MM-DD`);
    request[key] = v;
  }
  if (request.from && request.to && request.from > request.to)
    return fail('to', `the end date ${request.to} is before the start date ${request.from}`);
  return { ok: true, request };
}

/** The form that makes `req` (fields a request does not use keep their defaults). */
export function requestToForm(req: DataRequest): DataForm {
  const form: DataForm = { ...DEFAULT_FORM, from: req.from ?? '', to: req.to ?? '' };
  const s = req.source.trim();
  const colon = s.indexOf(':');
  const kind = (colon < 0 ? s : s.slice(0, colon)).toLowerCase();
  const rest = colon < 0 ? '' : s.slice(colon + 1);
  if (kind === 'synthetic') {
    const [seed = '1', bars = '2500', tf = '1d'] = rest === '' ? [] : rest.split(':');
    return { ...form, kind, seed: seed || '1', bars: bars || '2500', timeframe: tf || '1d' };
  }
  if (kind === 'csv') return { ...form, kind, path: rest };
  if (kind === 'yahoo') return { ...form, kind, symbol: rest, timeframe: req.timeframe ?? '1d' };
  if (kind === 'ccxt') {
    const c = rest.indexOf(':');
    return {
      ...form,
      kind,
      exchange: c < 0 ? rest : rest.slice(0, c),
      symbol: c < 0 ? '' : rest.slice(c + 1),
      timeframe: req.timeframe ?? '1d',
    };
  }
  return form;
}

/** A saved data reference as the socket's request (dates back to YYYY-MM-DD, in UTC). */
export function refToRequest(ref: DataRef | null | undefined): DataRequest {
  if (!ref || typeof ref.source !== 'string' || ref.source === '') return { source: DEFAULT_SOURCE };
  const req: DataRequest = { source: ref.source };
  const kind = ref.source.slice(0, ref.source.indexOf(':')).toLowerCase();
  if ((kind === 'yahoo' || kind === 'ccxt') && ref.timeframe) req.timeframe = ref.timeframe;
  if (typeof ref.from === 'number' && Number.isFinite(ref.from)) req.from = msToDate(ref.from);
  if (typeof ref.to === 'number' && Number.isFinite(ref.to)) req.to = msToDate(ref.to);
  return req;
}

/**
 * What the workspace opens on: the saved data, or the bars that stood in for it when it could not be
 * loaded as the strategy was saved (a chat strategy previewed offline), until the user retries it.
 */
export function openingRequest(ref: DataRef | null | undefined): DataRequest {
  const f = ref?.fallback;
  return f && typeof f.source === 'string' && f.source !== '' ? { source: f.source } : refToRequest(ref);
}

/**
 * The DataRef saved with a version. `loaded` (the symbol and timeframe the server reported for these
 * bars) is preferred; without it they are derived from the spec. `to` is the last millisecond of its day.
 */
export function requestToRef(req: DataRequest, loaded?: { symbol: string; timeframe: string }): DataRef {
  const form = requestToForm(req);
  const symbol =
    loaded?.symbol ||
    (form.kind === 'synthetic'
      ? 'SYNTH'
      : form.kind === 'csv'
        ? (form.path.split(/[\\/]/).pop() ?? form.path).replace(/\.[^.]*$/, '') || 'CSV'
        : form.symbol || 'unknown');
  const timeframe =
    loaded?.timeframe || req.timeframe || (form.kind === 'synthetic' ? form.timeframe : 'auto');
  const ref: DataRef = { source: req.source, symbol, timeframe };
  if (req.from) ref.from = dateToMs(req.from);
  if (req.to) ref.to = dateToMs(req.to) + DAY - 1;
  return ref;
}

/** Short description for the status line: 'SYNTH · 1d · 2,500 bars'. */
export function describeData(info: { symbol: string; timeframe: string }, bars: number): string {
  return `${info.symbol} · ${info.timeframe} · ${bars.toLocaleString('en-US')} bars`;
}

export function sameRequest(a: DataRequest, b: DataRequest): boolean {
  return (
    a.source === b.source &&
    (a.timeframe ?? '') === (b.timeframe ?? '') &&
    (a.from ?? '') === (b.from ?? '') &&
    (a.to ?? '') === (b.to ?? '')
  );
}

/** The key the server gives a data request's bars (server/workspace.ts uses this one). */
export function dataKeyOf(d: DataRequest): string {
  return [d.source, d.timeframe ?? '', d.from ?? '', d.to ?? ''].join('|');
}
