// The workspace socket's client, used by the browser (and by the live benchmark from Node). It numbers
// requests, drops replies older than the newest request, keeps the bars of the current data set and
// merges each result's changed series into the series it already has.
//
// Parameter changes carry the chart's view (setView); their answer is a preview whose changed series are
// decimated (WireM4), then, once the drag settles, a `full` message: the client keeps its full-resolution
// series apart from what it shows, so a preview never replaces data the server counts on it having.
// A preview's trades come without the columns only the tables show (WirePreviewTrades); the `full`
// brings them whole.
import { decodeFrame, encodeFrame } from './codec';
import type { LabRequest, LabServerMessage } from './lab';
import type {
  ClientMessage,
  DataRequest,
  PreviewWindow,
  ServerMessage,
  ViewRequest,
  WireBars,
  WireM4,
  WirePreviewTrades,
  WireSeries,
  WireTrades,
} from './protocol';

type ResultMessage = Extract<ServerMessage, { type: 'result' }>;

/** A series at full resolution, or decimated in a preview. */
export type SeriesValues = Float64Array | Uint8Array | WireM4;
export type ResultSeries = Omit<WireSeries, 'values'> & { values: SeriesValues };

/**
 * A preview's trades in the shape of whole ones: entry and exit times read from the bars' times; fees
 * NaN and no MAE/MFE (only the tables show them, and they wait for the `full`).
 */
export function widenPreviewTrades(t: WirePreviewTrades, time: Float64Array | undefined): WireTrades {
  const n = t.count;
  const entryTime = new Float64Array(n);
  const exitTime = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    entryTime[i] = time?.[t.entryBar[i]] ?? Number.NaN;
    exitTime[i] = time?.[t.exitBar[i]] ?? Number.NaN;
  }
  return { ...t, entryTime, exitTime, fees: new Float64Array(n).fill(Number.NaN) };
}

/** A result with every series present (changed ones from the message, kept ones from before). */
export type WorkspaceResult = Omit<
  ResultMessage,
  'type' | 'series' | 'kept' | 'order' | 'equity' | 'timing'
> & {
  series: Record<string, ResultSeries>;
  equity: Float64Array | WireM4;
  timing: { computeMs: number; coalesced: number; previewMs?: number };
  /** On a preview: the window its decimated series cover, and the drawdown decimated with them. */
  preview?: { window: PreviewWindow; drawdown: WireM4 };
  /** On the full data that completes a preview: that preview (the chart drew it; it may keep its pixels). */
  completes?: WorkspaceResult;
  receivedAt: number;
};

export interface WorkspaceHandlers {
  onBars?(bars: WireBars, info: Omit<Extract<ServerMessage, { type: 'bars' }>, 'bars'>): void;
  onResult?(result: WorkspaceResult): void;
  onDiagnostics?(msg: Extract<ServerMessage, { type: 'diagnostics' }>): void;
  onError?(msg: Extract<ServerMessage, { type: 'error' }>): void;
  onTiming?(msg: Extract<ServerMessage, { type: 'timing' }>): void;
  onStatus?(status: 'connecting' | 'open' | 'closed', detail?: string): void;
  onReady?(msg: Extract<ServerMessage, { type: 'ready' }>): void;
  /** Lab answers (progress, results, cancellations, errors), each with the seq of its lab request. */
  onLab?(msg: LabServerMessage): void;
}

/** A lab request as the caller writes it: the client numbers it. */
export type LabCall = LabRequest extends infer R
  ? R extends { seq: number }
    ? Omit<R, 'seq'>
    : never
  : never;

interface SocketLike {
  binaryType: string;
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}
export type SocketFactory = (url: string) => SocketLike;

export class WorkspaceClient {
  private socket: SocketLike | undefined;
  private seq = 0;
  private latest = -1;
  /** Series at full resolution, as the server counts on this client having them. */
  private series = new Map<string, WireSeries>();
  /** The result last handed to onResult. */
  private shown: WorkspaceResult | undefined;
  private view: ViewRequest | undefined;
  private dataKey: string | undefined;
  /** The bars' times of the current data set (a preview's trade times are read from them). */
  private time: Float64Array | undefined;
  private state: { source: string; data: DataRequest; params: Record<string, number> } | undefined;
  private retry = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly handlers: WorkspaceHandlers,
    private readonly factory: SocketFactory = (u) => new WebSocket(u) as unknown as SocketLike,
  ) {
    this.connect();
  }

  /** Opens (or reopens) the session: the program, its data and parameters. */
  open(source: string, data: DataRequest, params: Record<string, number> = {}): number {
    this.state = { source, data, params: { ...params } };
    return this.request({ type: 'open', seq: 0, source, data, params });
  }

  setSource(source: string): number {
    if (this.state) this.state.source = source;
    return this.request({ type: 'source', seq: 0, source });
  }

  /** A parameter change; with a view set, answered by a preview at that view, then the full series. */
  setParams(params: Record<string, number>): number {
    if (this.state) Object.assign(this.state.params, params);
    return this.request({ type: 'params', seq: 0, params, ...(this.view ? { view: this.view } : {}) });
  }

  /** What the chart shows (visible bars, plot width), sent with parameter changes; null to stop. */
  setView(view: ViewRequest | null): void {
    this.view = view ?? undefined;
  }

  setData(data: DataRequest): number {
    if (this.state) this.state.data = data;
    return this.request({ type: 'data', seq: 0, data });
  }

  /**
   * A lab request (lib/transport/lab.ts); answered through onLab with the returned seq. It does not make
   * earlier backtest replies stale, and it is not replayed after a reconnect (false: not sent).
   */
  lab(call: LabCall): { seq: number; sent: boolean } {
    const seq = ++this.seq;
    const socket = this.socket;
    const sent = !!socket && socket.readyState === 1;
    if (sent) socket.send(encodeFrame({ ...call, seq }));
    return { seq, sent };
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000, 'bye');
  }

  private request(msg: ClientMessage): number {
    const seq = ++this.seq;
    this.latest = seq;
    const socket = this.socket;
    // While disconnected the state is kept; reconnecting replays it as one 'open'.
    if (socket && socket.readyState === 1) socket.send(encodeFrame({ ...msg, seq }));
    return seq;
  }

  private connect(): void {
    this.handlers.onStatus?.('connecting');
    const socket = this.factory(this.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      this.handlers.onStatus?.('open');
      this.dataKey = undefined;
      this.series.clear();
      this.shown = undefined;
      if (this.state) this.open(this.state.source, this.state.data, this.state.params);
    };
    socket.onmessage = (ev) => this.onFrame(ev.data);
    socket.onclose = (ev) => {
      this.handlers.onStatus?.('closed', ev.reason || `code ${ev.code}`);
      if (this.stopped) return;
      const delay = Math.min(10_000, 250 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(), delay);
    };
    socket.onerror = () => {};
  }

  private onFrame(data: unknown): void {
    let msg: ServerMessage;
    try {
      msg = decodeFrame(data as ArrayBuffer) as ServerMessage;
    } catch (e) {
      this.handlers.onError?.({ type: 'error', code: 'bad-frame', message: (e as Error).message });
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.handlers.onReady?.(msg);
        return;
      case 'bars': {
        this.dataKey = msg.dataKey;
        this.time = msg.bars.time;
        this.series.clear();
        const { bars, ...info } = msg;
        this.handlers.onBars?.(bars, info);
        return;
      }
      case 'result': {
        if (msg.dataKey !== this.dataKey) return;
        // Merge before the staleness check: later results list these series as kept.
        const merged = this.merge(msg.order, msg.kept, msg.series, this.series);
        this.series = merged;
        if (msg.seq < this.latest) return;
        const { type: _t, kept: _k, series: _s, order: _o, ...rest } = msg;
        this.show({ ...rest, series: Object.fromEntries(merged), receivedAt: performance.now() });
        return;
      }
      case 'preview': {
        // Shown, never merged: kept series and the coming `full` refer to the full-resolution ones.
        if (msg.dataKey !== this.dataKey || msg.seq < this.latest) return;
        const merged = this.merge(msg.order, msg.kept, msg.series, this.series);
        const { type: _t, kept: _k, series: _s, order: _o, window, drawdown, trades, ...rest } = msg;
        this.show({
          ...rest,
          trades: widenPreviewTrades(trades, this.time),
          series: Object.fromEntries(merged),
          preview: { window, drawdown },
          receivedAt: performance.now(),
        });
        return;
      }
      case 'full': {
        if (msg.dataKey !== this.dataKey) return;
        this.series = this.merge(msg.order, msg.kept, msg.series, this.series);
        const shown = this.shown;
        if (msg.seq < this.latest || !shown?.preview || shown.seq !== msg.seq) return;
        const { preview: _p, completes: _c, ...rest } = shown;
        this.show({
          ...rest,
          series: Object.fromEntries(this.series),
          equity: msg.equity,
          trades: msg.trades,
          completes: shown,
          receivedAt: performance.now(),
        });
        return;
      }
      case 'diagnostics':
        if (msg.seq >= this.latest) this.handlers.onDiagnostics?.(msg);
        return;
      case 'error':
        if (msg.seq === undefined || msg.seq >= this.latest) this.handlers.onError?.(msg);
        return;
      case 'timing':
        this.handlers.onTiming?.(msg);
        return;
      case 'pong':
      // Paper updates go to the dashboard's own subscription (app/dashboard), not the workspace.
      case 'paper-subscribed':
      case 'paper-step':
        return;
      default:
        this.handlers.onLab?.(msg);
    }
  }

  private show(result: WorkspaceResult): void {
    this.shown = result;
    this.handlers.onResult?.(result);
  }

  /**
   * Every series of `order`: kept ones from `have`, the others from `changed`. Program order, not
   * kept-then-changed: a slider move must not reorder the legend (and recolour the lines).
   */
  private merge<T>(
    order: string[],
    keptNames: string[],
    changed: Record<string, T>,
    have: Map<string, WireSeries>,
  ): Map<string, T | WireSeries> {
    const out = new Map<string, T | WireSeries>();
    const kept = new Set(keptNames);
    for (const name of order) {
      const s = kept.has(name) ? have.get(name) : changed[name];
      if (s) out.set(name, s);
    }
    return out;
  }
}
