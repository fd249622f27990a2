// One workspace session per socket: the program, its parameters and its data, kept on the server so a
// slider move recomputes from data already in memory. Requests that arrive while a computation runs are
// merged into the state, and the newest state is computed once (a burst of slider moves never queues).
import type { LoadedData } from '../lib/data';
import type { CompiledStrategy, Diagnostic } from '../lib/dsl';
import { checkSource, compile, hasErrors, isEvalFailure } from '../lib/dsl';
import { computeStats, LruSeriesCache, simulate } from '../lib/engine';
import type {
  ClientMessage,
  DataRequest,
  ServerMessage,
  WireDiagnostic,
  WireSeries,
} from '../lib/transport/protocol';

export interface SessionDeps {
  /** Loads (through the caches) the bars a data request names; throws a DataError with a hint. */
  load(req: DataRequest): Promise<LoadedData>;
  send(msg: ServerMessage): void;
  /** Bytes of computed series a session may keep (default 256 MB). */
  seriesBudget?: number;
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

  // What has been computed and sent.
  private loaded: { key: string; data: LoadedData } | undefined;
  private cache: LruSeriesCache;
  private sentSeries = new Map<string, unknown>();
  private running = false;
  private closed = false;

  constructor(private readonly deps: SessionDeps) {
    this.cache = new LruSeriesCache(deps.seriesBudget ?? 256 * 1024 * 1024);
  }

  receive(msg: ClientMessage): void {
    if (msg.type === 'ping') {
      this.deps.send({ type: 'pong', seq: msg.seq });
      return;
    }
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
    this.cache.clear();
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

    const series: Record<string, WireSeries> = {};
    const kept: string[] = [];
    const next = new Map<string, unknown>();
    for (const [name, s] of Object.entries(ev.series)) {
      next.set(name, s.values);
      if (this.sentSeries.get(name) === s.values) {
        kept.push(name);
        continue;
      }
      series[name] = {
        pane: s.pane,
        kind: s.kind === 'boolean' ? 'bool' : 'number',
        fn: s.fn ?? undefined,
        output: s.output ?? undefined,
        values: s.values,
      };
    }
    this.sentSeries = next;
    this.deps.send({
      type: 'result',
      seq,
      dataKey: this.loaded!.key,
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
      equity: sim.equity,
      series,
      kept,
      order: [...next.keys()],
      warmup: ev.warmup,
      warnings: warnings.map(wireDiagnostic),
      timing: { computeMs, coalesced },
    });
  }
}
