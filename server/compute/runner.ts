// The computing half of a workspace session and of a program run, in whichever thread runs it (a pool
// worker, or the main thread when no pool is given). A session's state here is what makes a slider move
// cheap: its bars, its series cache, and the last previewed run until its full series are asked for.
//
// Series are told apart by the identity of their values (the cache hands back the same array for an
// unchanged indicator): each array gets an id, and the session on the main thread says which ids the
// client holds, so only changed series travel. Ids carry the thread's prefix, so a session that moves
// to another worker (or whose worker was replaced) simply finds nothing in common and resends.
import type { CompiledStrategy, Diagnostic, ProgramOutcome } from '../../lib/dsl';
import {
  checkSource,
  compile,
  hasErrors,
  isEvalFailure,
  outcomeOf,
  runProgram,
  workProblem,
} from '../../lib/dsl';
import type { Bars, Settings, Trades } from '../../lib/engine';
import { computeStats, LruSeriesCache, scoreRun, simulate, tradeExcursions } from '../../lib/engine';
import type {
  ServerMessage,
  WirePreviewSeries,
  WirePreviewTrades,
  WireSeries,
  WireTrades,
} from '../../lib/transport';
import { m4, previewWindow } from '../../lib/transport';
import { drawdownPct } from '../../lib/ui';
import { encodeAnswer } from './answer';
import { runLab } from './lab';
import type {
  ComputeTask,
  DataRef,
  Known,
  SessionFullTask,
  SessionOutcome,
  SessionRunTask,
  SweepChunkOutcome,
  SweepChunkTask,
  TaskOutcome,
} from './protocol';
import { wireDiagnostic } from './protocol';
import { transferables, viewBars } from './shared-bars';

interface Compiled {
  compiled?: CompiledStrategy;
  diagnostics: Diagnostic[];
}

/** Compiling is cheap, but a slider move should not even parse: the last programs seen, per thread. */
export class CompileCache {
  private readonly bySource = new Map<string, Compiled>();
  get(source: string): Compiled {
    const hit = this.bySource.get(source);
    if (hit) return hit;
    const { checked, diagnostics } = checkSource(source);
    const entry: Compiled = { diagnostics };
    if (checked.ok && !hasErrors(diagnostics)) entry.compiled = compile(checked);
    this.bySource.set(source, entry);
    if (this.bySource.size > 64) this.bySource.delete(this.bySource.keys().next().value as string);
    return entry;
  }
}

type RunSeries = WireSeries;

interface SessionState {
  dataId: number;
  bars: Bars;
  cache: LruSeriesCache;
  /** The last previewed run, until its full series (and whole trades) are sent or a newer run replaces it. */
  pending?: {
    seq: number;
    series: Map<string, RunSeries>;
    equity: Float64Array;
    trades: Trades;
    settings: Settings;
  };
  /** Reused for the drawdown a preview decimates. */
  scratch: Float64Array;
}

/**
 * Most sessions one thread keeps, and most bytes of series their caches hold together; the least recently
 * used sessions beyond either start over (a cache miss, no error).
 */
const MAX_SESSIONS = 32;
const MAX_CACHED_BYTES = 1024 * 1024 * 1024;
/** Bytes of series a worker keeps for the sweep it is running (evicted series are recomputed). */
const SWEEP_CACHE_BYTES = 256 * 1024 * 1024;

export interface Handled {
  value: TaskOutcome;
  /** Buffers to move rather than copy back (only arrays this run made: never cached ones). */
  transfer: ArrayBuffer[];
}

export class ComputeRunner {
  private readonly sessions = new Map<number, SessionState>();
  private readonly compiled = new CompileCache();
  private readonly ids = new WeakMap<object, string>();
  private nextId = 0;
  private sweepCache?: { key: string; cache: LruSeriesCache; equity: Float64Array };

  /**
   * `prefix` makes the ids of this thread's arrays distinct from every other thread's. `copyOut` (in a
   * worker) sends copies of the cached series it answers with, made here and moved, so that the main
   * thread takes them without copying.
   */
  constructor(
    private readonly prefix: string,
    private readonly copyOut = false,
  ) {}

  handle(task: ComputeTask): Handled {
    switch (task.kind) {
      case 'session-run':
        return this.run(task);
      case 'session-full':
        return this.full(task);
      case 'session-drop':
        this.sessions.delete(task.session);
        return { value: null, transfer: [] };
      case 'program':
        return this.program(task.source, barsOf(task.data), task);
      case 'sweep-chunk':
        return { value: this.sweepChunk(task), transfer: [] };
      case 'lab': {
        const { compiled, diagnostics } = this.compiled.get(task.source);
        if (!compiled) throw new Error(diagnostics.map((d) => d.message).join('; '));
        return { value: runLab(task, compiled, barsOf(task.data)), transfer: [] };
      }
    }
  }

  private idOf(values: object): string {
    let id = this.ids.get(values);
    if (id === undefined) {
      id = `${this.prefix}${this.nextId++}`;
      this.ids.set(values, id);
    }
    return id;
  }

  private state(task: SessionRunTask): SessionState {
    let s = this.sessions.get(task.session);
    if (s) this.sessions.delete(task.session); // re-inserted below: most recently used last
    if (!s || s.dataId !== task.data.id) {
      s = {
        dataId: task.data.id,
        bars: barsOf(task.data),
        cache: new LruSeriesCache(task.seriesBudget),
        scratch: new Float64Array(0),
      };
    }
    this.sessions.set(task.session, s);
    let bytes = 0;
    for (const o of this.sessions.values()) bytes += o.cache.byteSize;
    for (const [id, o] of this.sessions) {
      if (o === s || (this.sessions.size <= MAX_SESSIONS && bytes <= MAX_CACHED_BYTES)) break;
      bytes -= o.cache.byteSize;
      this.sessions.delete(id);
    }
    return s;
  }

  private run(task: SessionRunTask): Handled {
    const { seq } = task;
    const { compiled, diagnostics } = this.compiled.get(task.source);
    if (!compiled) return this.diagnostics(task, diagnostics);
    const s = this.state(task);
    s.pending = undefined;
    const { bars } = s;
    const tooMuch = task.budget && workProblem(compiled.estimate(bars.close.length), task.budget);
    if (tooMuch) return this.diagnostics(task, [tooMuch]);
    const started = performance.now();
    // Parameters the program no longer declares are dropped rather than reported.
    const known = new Set(compiled.inputs.map((i) => i.name));
    const params = Object.fromEntries(Object.entries(task.params).filter(([k]) => known.has(k)));
    const ev = compiled.evaluate(bars, params, s.cache, { timeframe: task.timeframe });
    if (isEvalFailure(ev)) return this.diagnostics(task, ev.diagnostics);
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
    const body = {
      seq,
      dataKey: task.dataKey,
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
      order: [...runSeries.keys()],
      warmup: ev.warmup,
      warnings: diagnostics.map(wireDiagnostic),
      levels: ev.levels,
    };
    const win = task.view ? previewWindow(bars.close.length, task.view) : null;
    if (!win) {
      const { series, kept, ids } = this.changed(runSeries, task.known, !task.encode);
      const timing = { computeMs, coalesced: task.coalesced };
      const trades = wholeTrades(bars, sim.trades, ev.settings);
      const message: ServerMessage = {
        type: 'result',
        ...body,
        trades,
        equity: sim.equity,
        series,
        kept,
        timing,
      };
      return this.answer(task, message, { ids }, [sim.equity, trades, series]);
    }
    const t0 = performance.now();
    const series: Record<string, WirePreviewSeries> = {};
    const kept: string[] = [];
    for (const [name, r] of runSeries) {
      if (task.known[name] === this.idOf(r.values)) kept.push(name);
      else series[name] = { ...r, values: m4(r.values, win.from, win.to, win.bucket) };
    }
    const n = sim.equity.length;
    const equity = m4(sim.equity, win.from, win.to, win.bucket);
    if (s.scratch.length < win.to - win.from + 1) s.scratch = new Float64Array(n);
    const dd = drawdownPct(sim.equity, win.from, win.to, s.scratch);
    const drawdown = m4(dd, win.from, win.to, win.bucket, win.from, n);
    const previewMs = performance.now() - t0;
    s.pending = { seq, series: runSeries, equity: sim.equity, trades: sim.trades, settings: ev.settings };
    const trades = previewTrades(sim.trades);
    const message: ServerMessage = {
      type: 'preview',
      ...body,
      trades,
      window: win,
      equity,
      drawdown,
      series,
      kept,
      timing: { computeMs, previewMs, coalesced: task.coalesced },
    };
    // The trades' columns stay with the pending run, for its `full`: copied out, not moved.
    return this.answer(task, message, { preview: true }, [equity, drawdown, series]);
  }

  /** Null when the preview of `seq` is no longer here (a newer run, or the session was dropped). */
  private full(task: SessionFullTask): Handled {
    const s = this.sessions.get(task.session);
    const p = s?.pending;
    if (!s || !p || p.seq !== task.seq) return { value: null, transfer: [] };
    s.pending = undefined;
    const { series, kept, ids } = this.changed(p.series, task.known, !task.encode);
    const trades = wholeTrades(s.bars, p.trades, p.settings);
    const message: ServerMessage = {
      type: 'full',
      seq: p.seq,
      dataKey: task.dataKey,
      equity: p.equity,
      trades,
      series,
      kept,
      order: [...p.series.keys()],
    };
    return this.answer(task, message, { ids }, [p.equity, trades, series]);
  }

  private diagnostics(task: SessionRunTask, ds: readonly Diagnostic[]): Handled {
    return this.answer(
      task,
      { type: 'diagnostics', seq: task.seq, diagnostics: ds.map(wireDiagnostic) },
      {},
      [],
    );
  }

  /**
   * The answer as the task wants it: a frame encoded here (moved to the main thread, which only sends
   * it), or the message, whose arrays this run made (`own`: never cached ones) are moved rather than
   * copied. An answer that cannot be encoded becomes the error that says so, and changes nothing the
   * client holds.
   */
  private answer(
    task: SessionRunTask | SessionFullTask,
    message: ServerMessage,
    extra: Omit<SessionOutcome, 'answer'>,
    own: unknown[],
  ): Handled {
    if (!task.encode) {
      const value: SessionOutcome = { answer: { message }, ...extra };
      return { value, transfer: transferables(...own) };
    }
    const enc = encodeAnswer(message, task.encode.maxBytes);
    if (!enc.frame) return { value: { answer: { message: enc.error } }, transfer: [] };
    const answer = { frame: enc.frame, type: message.type, seq: task.seq, encodeMs: enc.encodeMs };
    return { value: { answer, ...extra }, transfer: transferables(enc.frame) };
  }

  /**
   * The series whose values the client does not hold, the names of those it does, and every id.
   * `copy`: cached series sent as a message from a worker go as copies made here (moved, not cloned).
   */
  private changed(run: Map<string, RunSeries>, known: Known, copy: boolean) {
    const series: Record<string, WireSeries> = {};
    const kept: string[] = [];
    const ids: Record<string, string> = {};
    for (const [name, r] of run) {
      const id = this.idOf(r.values);
      ids[name] = id;
      if (known[name] === id) kept.push(name);
      else series[name] = copy && this.copyOut && !shared(r.values) ? { ...r, values: r.values.slice() } : r;
    }
    return { series, kept, ids };
  }

  /** The chunk's runs, each exactly as the single-thread sweep runs it (scoreRun). */
  private sweepChunk(task: SweepChunkTask): SweepChunkOutcome {
    const { compiled, diagnostics } = this.compiled.get(task.source);
    if (!compiled) throw new Error(diagnostics.map((d) => d.message).join('; '));
    const bars = barsOf(task.data);
    // One cache per program and dataset, kept across chunks: each series is computed once per worker.
    const key = `${task.data.id}\n${task.source}`;
    if (this.sweepCache?.key !== key) {
      this.sweepCache = { key, cache: new LruSeriesCache(SWEEP_CACHE_BYTES), equity: new Float64Array(0) };
    }
    const sc = this.sweepCache;
    if (sc.equity.length !== bars.close.length) sc.equity = new Float64Array(bars.close.length);
    const stats = task.combos.map((params) => {
      const ev = compiled.evaluate(bars, { ...task.fixed, ...params }, sc.cache);
      if (isEvalFailure(ev)) throw new Error(ev.diagnostics.map((d) => d.message).join('; '));
      return scoreRun(bars, { rules: ev.rules, settings: ev.settings, warmupBars: ev.warmup }, sc.equity);
    });
    return { start: task.start, stats };
  }

  private program(
    source: string,
    bars: Bars,
    task: Omit<ComputeTask & { kind: 'program' }, 'kind'>,
  ): Handled {
    const value: ProgramOutcome = outcomeOf(
      runProgram(source, bars, {
        params: task.params,
        fileName: task.fileName,
        budget: task.budget,
        timeframe: task.timeframe,
      }),
    );
    // A run without a cache owns every array it made; the bars (shared) are never moved.
    return { value, transfer: value.ok ? transferables(value.equity, value.trades, value.rules) : [] };
  }
}

const shared = (a: ArrayBufferView) => !(a.buffer instanceof ArrayBuffer);

/** The trades as results and `full` carry them: every column, with MAE and MFE. */
function wholeTrades(bars: Bars, trades: Trades, settings: Settings): WireTrades {
  return { ...trades, ...tradeExcursions(bars, trades, settings) };
}

/**
 * The trades as a preview carries them (WirePreviewTrades): what the chart draws. MAE and MFE (a pass
 * over every trade's bars) wait for the `full` too.
 */
function previewTrades(t: Trades): WirePreviewTrades {
  const { count, closed, entryBar, exitBar, entryPrice, exitPrice, quantity, side, pnl, returnPct, open } = t;
  return {
    count,
    closed,
    entryBar,
    exitBar,
    entryPrice,
    exitPrice,
    quantity,
    side,
    pnl,
    returnPct,
    open,
    exitReason: t.exitReason,
  };
}

function barsOf(data: DataRef): Bars {
  if (data.bars) return data.bars;
  if (data.shared) return viewBars(data.shared);
  throw new TypeError('a compute task came without its bars');
}
