// Backtests off the event loop: the workspace sessions' runs and one-off program runs (API routes, the
// scheduler) on a pool of worker threads, each refused first when it would exceed the work budget.
// `InlineCompute` does the same in the calling thread (tests, tools without a pool).
import { availableParallelism } from 'node:os';
import type { ProgramOutcome, ProgramRunner, WorkBudget } from '../../lib/dsl';
import { prepareProgram, workBudgetFromEnv } from '../../lib/dsl';
import type { Bars } from '../../lib/engine';
import { getCompute, installCompute, type ProcessCompute } from './global';
import type { LabOutcome, LabTask } from './lab';
import { WorkerPool } from './pool';
import type {
  SessionFullTask,
  SessionOutcome,
  SessionRunTask,
  SweepChunkOutcome,
  SweepChunkTask,
} from './protocol';
import { ComputeRunner } from './runner';
import { barsId, shareBars } from './shared-bars';
import type { ChunkRunner } from './sweep';

export { type Encoded, encodeAnswer } from './answer';
export { ComputeError, type ComputeErrorCode, isComputeError } from './errors';
export { boundedRunner, getCompute, installCompute, type ProcessCompute } from './global';
export type { LabJob, LabOutcome, LabTask } from './lab';
export type { Answer, SessionOutcome } from './protocol';
export { wireDiagnostic } from './protocol';
export { CompileCache } from './runner';
export { type ChunkRunner, chunkRanges, type ParallelSweepOptions, parallelSweep } from './sweep';

/** A session run as the session asks for it: its bars by value; the compute decides how they travel. */
export type SessionRunRequest = Omit<SessionRunTask, 'kind' | 'data' | 'budget'> & { bars: Bars };
export type SessionFullRequest = Omit<SessionFullTask, 'kind'>;

/** A lab job (lab.ts) with the bars by value; the compute decides how they travel. */
export type LabRequestTask = Omit<LabTask, 'kind' | 'data'> & { bars: Bars };

/** What the workspace's lab needs: sweep chunks and lab jobs, off the event loop where there is a pool. */
export interface LabCompute extends ChunkRunner {
  runLab(req: LabRequestTask): Promise<LabOutcome>;
}

/** What a workspace session needs to compute, wherever that happens. */
export interface SessionCompute extends ProcessCompute {
  run(req: SessionRunRequest): Promise<SessionOutcome>;
  /** The full series of the preview of `seq`; null when they are gone (a newer run, a replaced worker). */
  full(req: SessionFullRequest): Promise<SessionOutcome | null>;
  drop(session: number): void;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_WORKER_MB = 512;

export interface ComputeOptions {
  /** Worker threads (default: the cores less one for the event loop, at least 2 and at most 8). */
  workers?: number;
  /** Longest one run may take before its worker is stopped (default 30 s). */
  timeoutMs?: number;
  /** V8 heap limit per worker in MB (typed arrays live outside it: the work budget bounds those). */
  workerMb?: number;
  budget?: WorkBudget;
  log?: (msg: string) => void;
  /** The worker entry; tests substitute one that misbehaves. */
  script?: URL;
}

/**
 * BACKTALK_WORKERS, BACKTALK_RUN_TIMEOUT_MS, BACKTALK_WORKER_MB and BACKTALK_MAX_WORK; throws naming the
 * variable when one is not a positive whole number.
 */
export function computeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ComputeOptions {
  const int = (name: string, example: string): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`${name}=${raw} is not a positive whole number: set it like ${name}=${example}`);
    }
    return v;
  };
  return {
    workers: int('BACKTALK_WORKERS', '2'),
    timeoutMs: int('BACKTALK_RUN_TIMEOUT_MS', String(DEFAULT_TIMEOUT_MS)),
    workerMb: int('BACKTALK_WORKER_MB', String(DEFAULT_WORKER_MB)),
    budget: workBudgetFromEnv(env),
  };
}

// Two at least, even on one core: a light request then shares the CPU with a heavy run rather than
// waiting for it to finish.
const defaultWorkers = () => Math.max(2, Math.min(8, availableParallelism() - 1));

/** One-off runs refused on this thread (quickly, whatever the workers are doing) before they are sent. */
function precheck(budget: WorkBudget, source: string, bars: Bars, fileName?: string): ProgramOutcome | null {
  const p = prepareProgram(source, bars.close.length, { budget, fileName });
  return p.ok ? null : p;
}

export class PooledCompute implements SessionCompute, LabCompute {
  readonly budget: WorkBudget;
  private readonly pool: WorkerPool;
  /** Where each session's state lives: the worker that ran its last run. */
  private readonly homes = new Map<number, { slot: number; generation: number }>();

  constructor(opts: ComputeOptions = {}) {
    this.budget = opts.budget ?? workBudgetFromEnv({});
    const mb = opts.workerMb ?? DEFAULT_WORKER_MB;
    this.pool = new WorkerPool({
      size: opts.workers ?? defaultWorkers(),
      script: opts.script ?? new URL('./bootstrap.mjs', import.meta.url),
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      resourceLimits: { maxOldGenerationSizeMb: mb, stackSizeMb: 4 },
      settings: { timeout: 'BACKTALK_RUN_TIMEOUT_MS', memory: 'BACKTALK_WORKER_MB' },
      log: opts.log,
    });
  }

  get workers(): number {
    return this.pool.size;
  }

  /** Resolves once every worker is up (the first run otherwise waits for them). */
  ready(): Promise<void> {
    return this.pool.ready();
  }

  async run(req: SessionRunRequest): Promise<SessionOutcome> {
    const { bars, ...rest } = req;
    const home = this.homes.get(req.session);
    const task: SessionRunTask = {
      ...rest,
      kind: 'session-run',
      budget: this.budget,
      data: { id: barsId(bars), shared: shareBars(bars) },
    };
    const ran = await this.pool.run<SessionOutcome>(task, { prefer: home?.slot });
    const now = { slot: ran.slot, generation: ran.generation };
    if (home && (home.slot !== now.slot || home.generation !== now.generation)) {
      // Moved to an idle worker while its own was busy: the old state is of no more use.
      void this.pool.run({ kind: 'session-drop', session: req.session }, { pinned: home }).catch(() => {});
    }
    this.homes.set(req.session, now);
    return ran.value;
  }

  async full(req: SessionFullRequest): Promise<SessionOutcome | null> {
    const home = this.homes.get(req.session);
    if (!home) return null;
    const task: SessionFullTask = { ...req, kind: 'session-full' };
    return (await this.pool.run<SessionOutcome | null>(task, { pinned: home })).value;
  }

  drop(session: number): void {
    const home = this.homes.get(session);
    this.homes.delete(session);
    if (home) void this.pool.run({ kind: 'session-drop', session }, { pinned: home }).catch(() => {});
  }

  readonly runProgram: ProgramRunner = async (source, bars, opts = {}) => {
    const refused = precheck(this.budget, source, bars, opts.fileName);
    if (refused) return refused;
    const task = {
      kind: 'program',
      source,
      data: { id: barsId(bars), shared: shareBars(bars) },
      params: opts.params,
      fileName: opts.fileName,
      timeframe: opts.timeframe,
      budget: this.budget,
    } as const;
    return (await this.pool.run<ProgramOutcome>(task)).value;
  };

  /** One chunk of a parallel sweep (sweep.ts) on any idle worker. */
  async runSweepChunk(task: SweepChunkTask): Promise<SweepChunkOutcome> {
    return (await this.pool.run<SweepChunkOutcome>(task)).value;
  }

  dataRef(bars: Bars): SweepChunkTask['data'] {
    return { id: barsId(bars), shared: shareBars(bars) };
  }

  async runLab(req: LabRequestTask): Promise<LabOutcome> {
    const { bars, ...rest } = req;
    const task: LabTask = { ...rest, kind: 'lab', data: this.dataRef(bars) };
    return (await this.pool.run<LabOutcome>(task)).value;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The same computations in the calling thread: no isolation, for tests and tools. */
export class InlineCompute implements SessionCompute, LabCompute {
  readonly budget: WorkBudget;
  private readonly runner = new ComputeRunner('m.');

  constructor(budget?: WorkBudget) {
    this.budget = budget ?? workBudgetFromEnv({});
  }

  async run(req: SessionRunRequest): Promise<SessionOutcome> {
    const { bars, ...rest } = req;
    const task = {
      ...rest,
      kind: 'session-run',
      budget: this.budget,
      data: { id: barsId(bars), bars },
    } as const;
    return this.runner.handle(task).value as SessionOutcome;
  }

  async full(req: SessionFullRequest): Promise<SessionOutcome | null> {
    return this.runner.handle({ ...req, kind: 'session-full' }).value as SessionOutcome | null;
  }

  drop(session: number): void {
    this.runner.handle({ kind: 'session-drop', session });
  }

  readonly runProgram: ProgramRunner = async (source, bars, opts = {}) => {
    const task = {
      kind: 'program',
      source,
      data: { id: barsId(bars), bars },
      ...opts,
      budget: this.budget,
    } as const;
    return this.runner.handle(task).value as ProgramOutcome;
  };

  readonly workers = 1;

  async runSweepChunk(task: SweepChunkTask): Promise<SweepChunkOutcome> {
    return this.runner.handle(task).value as SweepChunkOutcome;
  }

  dataRef(bars: Bars): SweepChunkTask['data'] {
    return { id: barsId(bars), bars };
  }

  async runLab(req: LabRequestTask): Promise<LabOutcome> {
    const { bars, ...rest } = req;
    return this.runner.handle({ ...rest, kind: 'lab', data: this.dataRef(bars) }).value as LabOutcome;
  }

  async close(): Promise<void> {}
}

/**
 * The process's pooled compute, created on first use from the environment and installed for the API
 * routes and the scheduler (global.ts). Call it from code Next does not bundle (the server, jobs).
 */
export function processCompute(log?: (msg: string) => void): SessionCompute {
  const installed = getCompute();
  if (installed instanceof PooledCompute) return installed;
  const c = new PooledCompute({ ...computeOptionsFromEnv(), log });
  installCompute(c);
  return c;
}
