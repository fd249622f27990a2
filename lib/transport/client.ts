// The workspace socket's client, used by the browser (and by the live benchmark from Node). It numbers
// requests, drops replies older than the newest request, keeps the bars of the current data set and
// merges each result's changed series into the series it already has.
import { decodeFrame, encodeFrame } from './codec';
import type { ClientMessage, DataRequest, ServerMessage, WireBars, WireSeries } from './protocol';

type ResultMessage = Extract<ServerMessage, { type: 'result' }>;

/** A result with every series present (changed ones from the message, kept ones from before). */
export type WorkspaceResult = Omit<ResultMessage, 'series' | 'kept' | 'order'> & {
  series: Record<string, WireSeries>;
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
}

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
  private series = new Map<string, WireSeries>();
  private dataKey: string | undefined;
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

  setParams(params: Record<string, number>): number {
    if (this.state) Object.assign(this.state.params, params);
    return this.request({ type: 'params', seq: 0, params });
  }

  setData(data: DataRequest): number {
    if (this.state) this.state.data = data;
    return this.request({ type: 'data', seq: 0, data });
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
        this.series.clear();
        const { bars, ...info } = msg;
        this.handlers.onBars?.(bars, info);
        return;
      }
      case 'result': {
        if (msg.dataKey !== this.dataKey) return;
        // Merge before the staleness check: later results list these series as kept. Program order,
        // not kept-then-changed: a slider move must not reorder the legend (and recolour the lines).
        const merged = new Map<string, WireSeries>();
        const kept = new Set(msg.kept);
        for (const name of msg.order) {
          const s = kept.has(name) ? this.series.get(name) : msg.series[name];
          if (s) merged.set(name, s);
        }
        this.series = merged;
        if (msg.seq < this.latest) return;
        const { kept: _kept, series: _series, order: _order, ...rest } = msg;
        this.handlers.onResult?.({
          ...rest,
          series: Object.fromEntries(merged),
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
        return;
    }
  }
}
