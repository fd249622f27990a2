// The workspace socket protocol (/ws), MessagePack frames both ways (codec.ts).
//
// The client states what it wants (program source, parameters, data); the server keeps the session's
// state, computes the newest state once when requests arrive in a burst, and answers with the seq of the
// request that state reflects. The client drops any reply older than its latest request. Bars go to the
// client once per data set; a result carries only the series whose values changed.
//
// A parameter change may carry the chart's view. The server then answers with a `preview`: the changed
// series, equity and drawdown decimated to that view (M4, preview.ts), which draws the same pixels as the
// full series at that zoom, at a fraction of the bytes. When no newer request follows for a moment, a
// `full` message brings every changed series at full resolution, for zooming and panning.
import { z } from 'zod';
import { LabRequest, type LabServerMessage } from './lab';
import { PaperRequest, type PaperServerMessage } from './paper';

export const MAX_CLIENT_FRAME = 256 * 1024;
export const MAX_SOURCE_CHARS = 64 * 1024;
export const MAX_PARAMS = 64;

const seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const params = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.number().finite())
  .refine((p) => Object.keys(p).length <= MAX_PARAMS, `at most ${MAX_PARAMS} parameters`);

/** Widest plot a view may claim, in pixels (a 16K screen, with room to spare). */
export const MAX_VIEW_WIDTH = 16_384;

/** What the chart shows: the first and last visible bar index, and the plot's width in pixels. */
export const ViewRequest = z
  .object({
    from: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    to: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    width: z.number().int().min(1).max(MAX_VIEW_WIDTH),
  })
  .refine((v) => v.to >= v.from, 'the last visible bar (to) must not come before the first (from)');
export type ViewRequest = z.infer<typeof ViewRequest>;

export const DataRequest = z.object({
  /** A source spec: 'synthetic:1:2500:1d', 'csv:PATH', 'yahoo:AAPL', 'ccxt:binance:BTC/USDT'. */
  source: z.string().min(1).max(4096),
  /** Timeframe for sources that take one (yahoo, ccxt): '1d', '1h', … */
  timeframe: z.string().max(8).optional(),
  /** Inclusive range, YYYY-MM-DD or ISO. */
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
});
export type DataRequest = z.infer<typeof DataRequest>;

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('open'),
    seq,
    source: z.string().max(MAX_SOURCE_CHARS),
    data: DataRequest,
    params: params.optional(),
  }),
  z.object({ type: z.literal('source'), seq, source: z.string().max(MAX_SOURCE_CHARS) }),
  z.object({ type: z.literal('params'), seq, params, view: ViewRequest.optional() }),
  z.object({ type: z.literal('data'), seq, data: DataRequest }),
  z.object({ type: z.literal('ping'), seq }),
  // The robustness lab (lab.ts): sweep, walk-forward, Monte Carlo, cancel.
  ...LabRequest.options,
  // Paper updates (paper.ts): subscribe or unsubscribe.
  PaperRequest,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export interface WireDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  span: { line: number; col: number; offset: number; length: number };
  hint?: string;
}

export interface WireInput {
  name: string;
  default: number;
  min?: number;
  max?: number;
  step?: number;
  title?: string;
  integer: boolean;
}

export interface WireBars {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Trade records as columns (the engine's Trades). */
export interface WireTrades {
  count: number;
  closed: number;
  entryBar: Int32Array;
  exitBar: Int32Array;
  entryTime: Float64Array;
  exitTime: Float64Array;
  entryPrice: Float64Array;
  exitPrice: Float64Array;
  quantity: Float64Array;
  side: Int8Array;
  fees: Float64Array;
  pnl: Float64Array;
  returnPct: Float64Array;
  open: Uint8Array;
  exitReason: Uint8Array;
  /** Maximum adverse and favourable excursion, fractions of the entry price (lib/engine/excursions.ts). */
  mae?: Float64Array;
  mfe?: Float64Array;
}

/**
 * A preview's trades: what the chart draws and its tooltip shows. Entry and exit times are left out (the
 * client reads them from the bars it holds: time[entryBar], time[exitBar]), and so are fees, MAE and MFE,
 * which only the tables show (they keep the last full run during a drag); the `full` message that
 * follows a preview brings the trades whole. About half the bytes of a preview at 100k bars were trades.
 */
export type WirePreviewTrades = Omit<WireTrades, 'entryTime' | 'exitTime' | 'fees' | 'mae' | 'mfe'>;

/** The columns a preview's trades leave out (see WirePreviewTrades). */
export const PREVIEW_TRADES_OMIT = ['entryTime', 'exitTime', 'fees', 'mae', 'mfe'] as const;

export interface WireSeries {
  /** Where to draw it: over the candles, or in a pane of its own (shared per function). */
  pane: 'price' | 'separate';
  kind: 'number' | 'bool';
  /** The registry function that produced it (e.g. 'sma'), and which output of a tuple. */
  fn?: string;
  output?: string;
  values: Float64Array | Uint8Array;
}

/** Bars [from, to] (inclusive) cut into buckets of `bucket` bars, aligned to multiples of `bucket`. */
export interface PreviewWindow {
  from: number;
  to: number;
  bucket: number;
}

/**
 * A series decimated over a window (M4): for each bucket of the window, its first, lowest, highest and
 * last defined (non-NaN) point, each once, in bar order, as bar indices and values. A bucket with no
 * defined value has no point. Lowest and highest are their first occurrences.
 */
export interface WireM4 extends PreviewWindow {
  /** Length of the full series. */
  length: number;
  index: Int32Array;
  values: Float64Array;
}

/** A changed series in a preview: as WireSeries, with its values decimated. */
export type WirePreviewSeries = Omit<WireSeries, 'values'> & { values: WireM4 };

interface ResultBody {
  seq: number;
  dataKey: string;
  title: string;
  inputs: WireInput[];
  params: Record<string, number>;
  settings: Record<string, unknown>;
  stats: Record<string, number | string | null>;
  trades: WireTrades;
  /** Names of series unchanged since the last full data on this socket: the client keeps its copy. */
  kept: string[];
  /** Every series name in program order (the chart's legend and colours follow it). */
  order: string[];
  warmup: number;
  warnings: WireDiagnostic[];
  /** Per series name, the constants the program compares it with (the chart's level lines). */
  levels?: Record<string, number[]>;
}

export type ServerMessage =
  | {
      type: 'ready';
      version: number;
      cache: 'redis' | 'memory';
      limits: { maxFrame: number; maxSource: number };
    }
  | {
      type: 'bars';
      seq: number;
      dataKey: string;
      source: string;
      symbol: string;
      timeframe: string;
      bars: WireBars;
      issues: string[];
    }
  | (ResultBody & {
      type: 'result';
      equity: Float64Array;
      /** Series whose values changed (or are new) since the last full data on this socket. */
      series: Record<string, WireSeries>;
      /** Server time spent evaluating, simulating and scoring; requests merged into this result. */
      timing: { computeMs: number; coalesced: number };
    })
  /**
   * A result for a parameter change that carried a view: everything a result has, with the changed
   * series, the equity and its drawdown decimated over `window` (the view with a view's width of margin
   * on each side). `full` follows unless a newer request overtakes it.
   */
  | (Omit<ResultBody, 'trades'> & {
      type: 'preview';
      trades: WirePreviewTrades;
      window: PreviewWindow;
      equity: WireM4;
      /** Drawdown in percent (the chart's drawdownPct), which cannot be derived from a decimated equity. */
      drawdown: WireM4;
      series: Record<string, WirePreviewSeries>;
      /** As in a result; previewMs: decimating the series. */
      timing: { computeMs: number; previewMs: number; coalesced: number };
    })
  /**
   * Full resolution for the preview of `seq`: its changed series (against the last full data), equity,
   * and its trades whole.
   */
  | {
      type: 'full';
      seq: number;
      dataKey: string;
      equity: Float64Array;
      trades: WireTrades;
      series: Record<string, WireSeries>;
      kept: string[];
      order: string[];
    }
  /** Sent after each result, preview and full: how long encoding it took and how big its frame was. */
  | { type: 'timing'; seq: number; of: 'result' | 'preview' | 'full'; encodeMs: number; bytes: number }
  | { type: 'diagnostics'; seq: number; diagnostics: WireDiagnostic[] }
  | { type: 'error'; seq?: number; code: string; message: string; hint?: string }
  | { type: 'pong'; seq: number }
  | LabServerMessage
  | PaperServerMessage;

/** 3: a preview's trades leave out what only the tables show (WirePreviewTrades); `full` brings them. */
export const PROTOCOL_VERSION = 3;

/** Validates a decoded client frame; the error names what is wrong. */
export function parseClientMessage(
  value: unknown,
): { ok: true; message: ClientMessage } | { ok: false; error: string } {
  const r = ClientMessage.safeParse(value);
  if (r.success) return { ok: true, message: r.data };
  const issue = r.error.issues[0];
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `${issue.message}${where}` };
}
