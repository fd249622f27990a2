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
//
// The runs themselves happen in server/compute (a worker thread in the server), which keeps the
// session's bars and series cache; this side keeps the protocol: what the client holds, what is pending.
// Every failure, at any stage, is answered with an error message.
import type { LoadedData } from '../lib/data';
import { workProblem } from '../lib/dsl';
import type { ClientMessage, DataRequest, ServerMessage, ViewRequest } from '../lib/transport';
import { dataKeyOf } from '../lib/ui';
import {
  CompileCache,
  InlineCompute,
  isComputeError,
  type SessionCompute,
  type SessionOutcome,
  wireDiagnostic,
} from './compute';
import { SessionLab } from './lab';

export interface SessionDeps {
  /** Loads (through the caches) the bars a data request names; throws a DataError with a hint. */
  load(req: DataRequest): Promise<LoadedData>;
  send(msg: ServerMessage): void;
  /**
   * Sends a frame encoded where the run happened (a worker): results then never pass through the
   * encoder on the event loop. Without it, runs answer with messages for `send`.
   */
  sendFrame?(frame: Uint8Array, info: { type: ServerMessage['type']; seq: number; encodeMs: number }): void;
  /** Largest frame a run's answer may take (see lib/transport/codec.ts); larger ones become errors. */
  maxFrameBytes?: number;
  /** Where runs happen (a worker pool in the server) and the work budget; default: this thread. */
  compute?: SessionCompute;
  /** Bytes of computed series a session may keep (default 256 MB). */
  seriesBudget?: number;
  /** Quiet time after a preview before its full-resolution series are sent (default SETTLE_MS). */
  settleMs?: number;
}

/** A slider drag sends a move every frame or so; a pause this long means it stopped (or paused). */
export const SETTLE_MS = 150;

// The program is checked here too (the worker compiles its own copy): diagnostics and a refusal past the
// budget come back at once, whatever the workers are busy with. A slider move does not even parse.
const programs = new CompileCache();

let nextSession = 1;

export class WorkspaceSession {
  private readonly id = nextSession++;
  private readonly compute: SessionCompute;
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
  /** The id of the values of every series as the client has them at full resolution (runner.ts). */
  private sentSeries: Record<string, string> = {};
  private running = false;
  private closed = false;
  /** A run previewed and not yet sent in full. */
  private pending: { seq: number; dataKey: string } | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  /** Sweeps, walk-forward and Monte Carlo on this session's program, parameters and data (lab.ts). */
  private readonly lab: SessionLab;

  constructor(private readonly deps: SessionDeps) {
    this.compute = deps.compute ?? new InlineCompute();
    this.lab = new SessionLab({
      compute: this.compute,
      programs,
      send: (m) => {
        if (!this.closed) deps.send(m);
      },
      context: () => ({ source: this.source, params: this.params, loaded: this.loaded?.data }),
    });
  }

  receive(msg: Exclude<ClientMessage, { type: 'paper' }>): void {
    if (msg.type === 'ping') {
      this.deps.send({ type: 'pong', seq: msg.seq });
      return;
    }
    if (
      msg.type === 'sweep' ||
      msg.type === 'walkforward' ||
      msg.type === 'montecarlo' ||
      msg.type === 'cancel'
    ) {
      this.lab.receive(msg);
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
    this.kick();
  }

  close(): void {
    this.closed = true;
    this.lab.close();
    this.dropPending();
    this.compute.drop(this.id);
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    // Let every frame already queued on the socket arrive first, then compute once.
    setImmediate(() => void this.drain());
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
        try {
          await this.step(seq, coalesced);
        } catch (e) {
          this.fail(seq, e);
        }
        done = seq;
        if (this.latestSeq !== done) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
    }
  }

  /** Any failure is answered: the client is never left waiting. */
  private fail(seq: number, e: unknown): void {
    if (this.closed) return;
    const err = e as Error & { hint?: string; code?: string };
    if (isComputeError(e)) {
      this.deps.send({ type: 'error', seq, code: e.code, message: e.message, hint: e.hint });
      return;
    }
    this.deps.send({
      type: 'error',
      seq,
      code: 'internal',
      message: `the run failed: ${err?.message ?? String(e)}`,
      hint: 'try again; if it happens again, please report it with the program',
    });
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
      this.sentSeries = {};
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
    const { compiled, diagnostics } = programs.get(source);
    if (!compiled) {
      this.deps.send({ type: 'diagnostics', seq, diagnostics: diagnostics.map(wireDiagnostic) });
      return;
    }
    const { bars } = this.loaded.data;
    const tooMuch = workProblem(compiled.estimate(bars.close.length), this.compute.budget);
    if (tooMuch) {
      this.deps.send({ type: 'diagnostics', seq, diagnostics: [wireDiagnostic(tooMuch)] });
      return;
    }
    await this.run(seq, coalesced, key);
  }

  private get encode() {
    return this.deps.sendFrame ? { maxBytes: this.deps.maxFrameBytes } : undefined;
  }

  private async run(seq: number, coalesced: number, dataKey: string): Promise<void> {
    const out = await this.compute.run({
      session: this.id,
      seq,
      coalesced,
      dataKey,
      encode: this.encode,
      source: this.source as string,
      params: this.params,
      view: this.view,
      bars: this.loaded!.data.bars,
      timeframe: this.loaded!.data.timeframe,
      known: this.sentSeries,
      seriesBudget: this.deps.seriesBudget ?? 256 * 1024 * 1024,
    });
    // A newer data set or a closed socket makes this answer pointless; a newer seq does not (the client
    // drops it, and the session computes the newer state next).
    if (this.closed || this.loaded?.key !== dataKey) return;
    this.deliver(out);
    if (!out.preview || seq !== this.latestSeq) return; // overtaken: the newer request's answer follows
    this.pending = { seq, dataKey };
    this.settleTimer = setTimeout(() => void this.sendFull(), this.deps.settleMs ?? SETTLE_MS);
  }

  private deliver(out: SessionOutcome): void {
    if (out.ids) this.sentSeries = out.ids;
    const a = out.answer;
    if (a.frame) this.deps.sendFrame?.(a.frame, a);
    else this.deps.send(a.message);
  }

  private async sendFull(): Promise<void> {
    const p = this.pending;
    this.settleTimer = undefined;
    // A request that arrived since clears `pending`; these are last guards against sending a stale run.
    const current = () => p && !this.closed && p === this.pending && p.dataKey === this.loaded?.key;
    if (!p || !current() || p.seq !== this.latestSeq) return;
    let full: SessionOutcome | null;
    try {
      full = await this.compute.full({
        session: this.id,
        seq: p.seq,
        known: this.sentSeries,
        dataKey: p.dataKey,
        encode: this.encode,
      });
    } catch (e) {
      if (current()) this.fail(p.seq, e);
      return;
    }
    if (!current()) return;
    this.pending = undefined;
    if (!full) {
      // The worker that held the run was replaced: compute the same state again, in full this time.
      this.view = undefined;
      this.kick();
      return;
    }
    this.deliver(full);
  }
}
