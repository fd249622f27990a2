// One workspace session per socket: the program, its parameters and its data, kept on the server so a
// slider move recomputes from data already in memory. Requests that arrive while a computation runs are
// merged into the state, and the newest state is computed once (a burst of slider moves never queues).
//
// A parameter change that carries the chart's view is answered with a preview (the changed series
// decimated to the view, lib/transport/preview.ts), and the run is kept; its full-resolution series
// follow once no newer request has come for SETTLE_MS. Not at once: on the same socket a full series
// (8 MB per series at 1M bars, 100-500 ms for Chromium to take in) would sit in front of the next
// preview while the slider is still being dragged, and "the socket is idle" cannot be seen from here
// (the kernel's buffers accept megabytes the browser has not read).
import type { LoadedData } from '../lib/data';
import type { CompiledStrategy, Diagnostic } from '../lib/dsl';
import { checkSource, compile, hasErrors, isEvalFailure } from '../lib/dsl';
import { computeStats, LruSeriesCache, simulate } from '../lib/engine';
import { m4, previewWindow } from '../lib/transport/preview';
import type {
  ClientMessage,
  DataRequest,
  ServerMessage,
  ViewRequest,
  WireDiagnostic,
  WirePreviewSeries,
  WireSeries,
} from '../lib/transport/protocol';
import { drawdownPct } from '../lib/ui/drawdown';

export interface SessionDeps {
  /** Loads (through the caches) the bars a data request names; throws a DataError with a hint. */
  load(req: DataRequest): Promise<LoadedData>;
  send(msg: ServerMessage): void;
  /** Bytes of computed series a session may keep (default 256 MB). */
  seriesBudget?: number;
  /** Quiet time after a preview before its full-resolution series are sent (default SETTLE_MS). */
  settleMs?: number;
}

/** A slider drag sends a move every frame or so; a pause this long means it stopped (or paused). */
export const SETTLE_MS = 150;

type Values = Float64Array | Uint8Array;
interface RunSeries {
  pane: WireSeries['pane'];
  kind: WireSeries['kind'];
  fn?: string;
  output?: string;
  values: Values;
}
/** A run previewed and not yet sent in full. */
interface PendingFull {
  seq: number;
  dataKey: string;
  series: Map<string, RunSeries>;
  equity: Float64Array;
}

interface Compiled {
  compiled?: CompiledStrategy;
  diagnostics: Diagnostic[];
}

// Compiling is cheap, but a slider move should not even parse: remember the last programs seen.
const compiledBySource = new Map<string, Compiled>();
function compileCached(source: string): Compiled {
  const hit = compiledBySource.get(source);
  if (hit) return hit;
  const { checked, diagnostics } = checkSource(source);
  const entry: Compiled = { diagnostics };
  if (checked.ok && !hasErrors(diagnostics)) entry.compiled = compile(checked);
  compiledBySource.set(source, entry);
  if (compiledBySource.size > 64) compiledBySource.delete(compiledBySource.keys().next().value as string);
  return entry;
}

export const dataKeyOf = (d: DataRequest) =>
  [d.source, d.timeframe ?? '', d.from ?? '', d.to ?? ''].join('|');

const wireDiagnostic = (d: Diagnostic): WireDiagnostic => ({
  code: d.code,
  severity: d.severity,
  message: d.message,
  span: d.span,
  hint: d.hint,
});

export class WorkspaceSession {
  // What the client asked for most recently.
  private source: string | undefined;
  private params: Record<string, number> = {};
  private data: DataRequest | undefined;
  private latestSeq = -1;
  private received = 0;
  /** The view of the newest request when it is a parameter change that carries one. */
  private view: ViewRequest | undefined;

  // What has been computed and sent.
  private loaded: { key: string; data: LoadedData } | undefined;
  private cache: LruSeriesCache;
  /** The values of every series as the client has them at full resolution. */
  private sentSeries = new Map<string, unknown>();
  private running = false;
  private closed = false;
  private pending: PendingFull | undefined;
  /** Reused for the drawdown a preview decimates. */
  private scratch = new Float64Array(0);
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: SessionDeps) {
    this.cache = new LruSeriesCache(deps.seriesBudget ?? 256 * 1024 * 1024);
  }

  receive(msg: ClientMessage): void {
    if (msg.type === 'ping') {
      this.deps.send({ type: 'pong', seq: msg.seq });
      return;
    }
    // Newest wins: a previewed run not yet sent in full is overtaken by this request's answer.
    this.dropPending();
    this.view = msg.type === 'params' ? msg.view : undefined;
    if (msg.type === 'open') {
      this.source = msg.source;
      this.data = msg.data;
      this.params = msg.params ?? {};
    } else if (msg.type === 'source') {
      this.source = msg.source;
    } else if (msg.type === 'params') {
      this.params = { ...this.params, ...msg.params };
    } else {
      this.data = msg.data;
    }
    this.latestSeq = Math.max(this.latestSeq, msg.seq);
    this.received++;
    if (!this.running) {
      this.running = true;
      // Let every frame already queued on the socket arrive first, then compute once.
      setImmediate(() => void this.drain());
    }
  }

  close(): void {
    this.closed = true;
    this.dropPending();
    this.cache.clear();
  }

  private dropPending(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.pending = undefined;
  }

  private async drain(): Promise<void> {
    try {
      let done = -1;
      while (!this.closed && this.latestSeq !== done) {
        const seq = this.latestSeq;
        const coalesced = this.received;
        this.received = 0;
        await this.step(seq, coalesced);
        done = seq;
        if (this.latestSeq !== done) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
    }
  }

  private async step(seq: number, coalesced: number): Promise<void> {
    const { source, data } = this;
    if (source === undefined || data === undefined) return;
    const key = dataKeyOf(data);
    if (this.loaded?.key !== key) {
      let loaded: LoadedData;
      try {
        loaded = await this.deps.load(data);
      } catch (e) {
        const err = e as Error & { hint?: string; code?: string };
        this.deps.send({
          type: 'error',
          seq,
          code: err.code ?? 'data',
          message: err.message,
          hint: err.hint,
        });
        return;
      }
      if (this.closed) return;
      this.loaded = { key, data: loaded };
      this.cache.clear();
      this.sentSeries.clear();
      this.scratch = new Float64Array(0);
      const { bars } = loaded;
      this.deps.send({
        type: 'bars',
        seq,
        dataKey: key,
        source: loaded.source,
        symbol: loaded.symbol,
        timeframe: loaded.timeframe,
        bars: {
          time: bars.time,
          open: bars.open,
          high: bars.high,
          low: bars.low,
          close: bars.close,
          volume: bars.volume,
        },
        issues: loaded.issues.filter((i) => i.severity !== 'info').map((i) => i.message),
      });
    }
    const { compiled, diagnostics } = compileCached(source);
    if (!compiled) {
      this.deps.send({ type: 'diagnostics', seq, diagnostics: diagnostics.map(wireDiagnostic) });
      return;
    }
    this.compute(seq, coalesced, compiled, diagnostics);
  }

  private compute(seq: number, coalesced: number, compiled: CompiledStrategy, warnings: Diagnostic[]): void {
    const { bars } = this.loaded!.data;
    const started = performance.now();
    // Parameters the program no longer declares are dropped rather than reported.
    const known = new Set(compiled.inputs.map((i) => i.name));
    const params = Object.fromEntries(Object.entries(this.params).filter(([k]) => known.has(k)));
    const ev = compiled.evaluate(bars, params, this.cache);
    if (isEvalFailure(ev)) {
      this.deps.send({ type: 'diagnostics', seq, diagnostics: ev.diagnostics.map(wireDiagnostic) });
      return;
    }
    const sim = simulate(bars, ev.rules, ev.settings);
    const stats = computeStats(bars, sim, { warmupBars: ev.warmup });
    const computeMs = performance.now() - started;

    const runSeries = new Map<string, RunSeries>();
    for (const [name, sr] of Object.entries(ev.series)) {
      runSeries.set(name, {
        pane: sr.pane,
        kind: sr.kind === 'boolean' ? 'bool' : 'number',
        fn: sr.fn ?? undefined,
        output: sr.output ?? undefined,
        values: sr.values,
      });
    }
    const key = this.loaded!.key;
    const body = {
      seq,
      dataKey: key,
      title: compiled.title,
      inputs: compiled.inputs.map((i) => ({
        name: i.name,
        default: i.default,
        min: i.min,
        max: i.max,
        step: i.step,
        title: i.title,
        integer: i.integer,
      })),
      params: ev.params,
      settings: { ...ev.settings },
      stats,
      trades: { ...sim.trades },
      order: [...runSeries.keys()],
      warmup: ev.warmup,
      warnings: warnings.map(wireDiagnostic),
    };
    const win = this.view ? previewWindow(bars.close.length, this.view) : null;
    if (!win) {
      const { series, kept } = this.changed(runSeries);
      this.deps.send({
        type: 'result',
        ...body,
        equity: sim.equity,
        series,
        kept,
        timing: { computeMs, coalesced },
      });
      return;
    }
    const t0 = performance.now();
    const series: Record<string, WirePreviewSeries> = {};
    const kept: string[] = [];
    for (const [name, s] of runSeries) {
      if (this.sentSeries.get(name) === s.values) kept.push(name);
      else series[name] = { ...s, values: m4(s.values, win.from, win.to, win.bucket) };
    }
    const n = sim.equity.length;
    const equity = m4(sim.equity, win.from, win.to, win.bucket);
    if (this.scratch.length < win.to - win.from + 1) this.scratch = new Float64Array(n);
    const dd = drawdownPct(sim.equity, win.from, win.to, this.scratch);
    const drawdown = m4(dd, win.from, win.to, win.bucket, win.from, n);
    const previewMs = performance.now() - t0;
    this.deps.send({
      type: 'preview',
      ...body,
      window: win,
      equity,
      drawdown,
      series,
      kept,
      timing: { computeMs, previewMs, coalesced },
    });
    this.pending = { seq, dataKey: key, series: runSeries, equity: sim.equity };
    this.settleTimer = setTimeout(() => this.sendFull(), this.deps.settleMs ?? SETTLE_MS);
  }

  /** The series whose values the client does not have yet, and the names of those it has. */
  private changed(run: Map<string, RunSeries>): { series: Record<string, WireSeries>; kept: string[] } {
    const series: Record<string, WireSeries> = {};
    const kept: string[] = [];
    const next = new Map<string, unknown>();
    for (const [name, s] of run) {
      next.set(name, s.values);
      if (this.sentSeries.get(name) === s.values) kept.push(name);
      else series[name] = s;
    }
    this.sentSeries = next;
    return { series, kept };
  }

  private sendFull(): void {
    const p = this.pending;
    this.settleTimer = undefined;
    this.pending = undefined;
    // A request that arrived since clears `pending`; this is a last guard against sending a stale run.
    if (!p || this.closed || p.seq !== this.latestSeq || p.dataKey !== this.loaded?.key) return;
    const { series, kept } = this.changed(p.series);
    this.deps.send({
      type: 'full',
      seq: p.seq,
      dataKey: p.dataKey,
      equity: p.equity,
      series,
      kept,
      order: [...p.series.keys()],
    });
  }
}
