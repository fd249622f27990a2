// The workspace's robustness lab, one per session: a sweep over the compute pool's workers (progress per
// chunk, cancel between chunks) followed by its overfitting odds, a walk-forward and a Monte Carlo — each
// on the session's program, parameters and data. One job at a time: a new request stops the running one.
// Requests arrive validated and bounded (lib/transport/lab.ts); every failure is answered with a
// lab-error naming what is wrong.
import type { LoadedData } from '../lib/data';
import { type CompiledStrategy, workProblem } from '../lib/dsl';
import { gridRange, type ParamGrid } from '../lib/engine';
import {
  type LabJobRequest,
  type LabRequest,
  MAX_SWEEP_RUNS,
  type ServerMessage,
  SWEEP_COLUMNS,
} from '../lib/transport';
import {
  type CompileCache,
  isComputeError,
  type LabCompute,
  type LabJob,
  parallelSweep,
  type SessionCompute,
} from './compute';

export interface LabContext {
  source: string | undefined;
  params: Record<string, number>;
  loaded: LoadedData | undefined;
}

export interface LabDeps {
  compute: SessionCompute;
  programs: CompileCache;
  send(msg: ServerMessage): void;
  /** The session's state now (the program, parameters and data the lab works on). */
  context(): LabContext;
}

class LabProblem extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const isLab = (c: SessionCompute): c is SessionCompute & LabCompute =>
  typeof (c as Partial<LabCompute>).runLab === 'function' &&
  typeof (c as Partial<LabCompute>).runSweepChunk === 'function';

export class SessionLab {
  private job: { seq: number; abort: AbortController } | undefined;

  constructor(private readonly deps: LabDeps) {}

  receive(msg: LabRequest): void {
    if (msg.type === 'cancel') {
      if (this.job?.seq === msg.job) this.stop();
      return;
    }
    this.stop();
    const job = { seq: msg.seq, abort: new AbortController() };
    this.job = job;
    void this.run(msg, job.abort.signal)
      .catch((e) => {
        if (job.abort.signal.aborted) return;
        const problem = e instanceof LabProblem ? e : null;
        const cancelled = isComputeError(e) && e.code === 'cancelled';
        if (cancelled) return;
        this.deps.send({
          type: 'lab-error',
          seq: msg.seq,
          message: problem ? problem.message : `the ${msg.type} failed: ${(e as Error)?.message ?? e}`,
          hint: problem ? problem.hint : isComputeError(e) ? e.hint : undefined,
        });
      })
      .finally(() => {
        if (this.job === job) this.job = undefined;
      });
  }

  /** Stops the running job (its answer, if it still comes, is dropped) and says so. */
  private stop(): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    job.abort.abort();
    this.deps.send({ type: 'lab-cancelled', seq: job.seq });
  }

  close(): void {
    this.job?.abort.abort();
    this.job = undefined;
  }

  private prepare(msg: LabJobRequest): {
    compute: SessionCompute & LabCompute;
    compiled: CompiledStrategy;
    source: string;
    loaded: LoadedData;
    params: Record<string, number>;
  } {
    const { compute, programs } = this.deps;
    if (!isLab(compute)) throw new LabProblem('the lab is not available on this server');
    const { source, params, loaded } = this.deps.context();
    if (source === undefined || loaded === undefined)
      throw new LabProblem('there is no data yet', 'wait for the backtest to load its data, then run again');
    const { compiled } = programs.get(source);
    if (!compiled) throw new LabProblem('the program has errors', 'fix them in the editor, then run again');
    const tooMuch = workProblem(compiled.estimate(loaded.bars.close.length), compute.budget);
    if (tooMuch) throw new LabProblem(tooMuch.message, tooMuch.hint);
    if (msg.type !== 'montecarlo') {
      const known = compiled.inputs.map((i) => i.name);
      for (const name of Object.keys(msg.grid))
        if (!known.includes(name))
          throw new LabProblem(
            `the program has no input '${name}'`,
            known.length
              ? `its inputs: ${known.join(', ')}`
              : 'declare one with name = input(20, min=5, max=100)',
          );
    }
    return { compute, compiled, source, loaded, params: { ...params } };
  }

  private async run(msg: LabJobRequest, signal: AbortSignal): Promise<void> {
    const { compute, source, loaded, params } = this.prepare(msg);
    const { seq } = msg;
    const { bars } = loaded;
    const send = (m: ServerMessage) => {
      if (!signal.aborted) this.deps.send(m);
    };
    const inWorker = (job: LabJob) =>
      compute.runLab({ seq, source, params, bars, timeframe: loaded.timeframe, job });
    if (msg.type === 'montecarlo') {
      send({ type: 'lab-progress', seq, of: msg.type, done: 0, total: 1 });
      send(await inWorker({ kind: 'montecarlo', method: msg.method, runs: msg.runs, seed: msg.seed }));
      return;
    }
    const grid: ParamGrid = {};
    for (const [name, r] of Object.entries(msg.grid))
      grid[name] = gridRange(r.from, r.to, r.step, MAX_SWEEP_RUNS);
    if (msg.type === 'walkforward') {
      send({ type: 'lab-progress', seq, of: msg.type, done: 0, total: 1 });
      const { fraction, windows, anchored, rank } = msg;
      send(await inWorker({ kind: 'walkforward', grid, rank, fraction, windows, anchored }));
      return;
    }
    const started = performance.now();
    send({ type: 'lab-progress', seq, of: 'sweep', done: 0, total: 1 });
    const result = await parallelSweep(compute, source, bars, grid, {
      rank: msg.rank,
      fixed: params,
      maxRuns: MAX_SWEEP_RUNS,
      signal,
      onProgress: (done, total) => send({ type: 'lab-progress', seq, of: 'sweep', done, total }),
    });
    if (signal.aborted) return;
    const names = Object.keys(grid);
    const n = result.runs.length;
    const column = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
    send({
      type: 'sweep-result',
      seq,
      rank: result.rank,
      total: result.total,
      names,
      params: Object.fromEntries(names.map((k) => [k, column((i) => result.runs[i].params[k])])),
      stats: Object.fromEntries(SWEEP_COLUMNS.map((s) => [s, column((i) => result.runs[i].stats[s])])),
      computeMs: performance.now() - started,
    });
    // The odds keep every trial's returns: a second pass in one worker, after the heatmap is on screen.
    send(await inWorker({ kind: 'odds', grid, rank: msg.rank }));
  }
}
