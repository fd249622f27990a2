// What the workspace session and the program runs ask of a compute thread, and what comes back. Every
// value here crosses a worker boundary by structured clone, so it is plain data and typed arrays.
import type { ProgramOutcome, WorkBudget } from '../../lib/dsl';
import type { Bars, Stats } from '../../lib/engine';
import type { ServerMessage, ViewRequest, WireDiagnostic } from '../../lib/transport';
import type { LabOutcome, LabTask } from './lab';
import type { SharedBars } from './shared-bars';

/** Bars by reference: a dataset id, and the bars themselves (in-process) or their shared buffer (worker). */
export interface DataRef {
  readonly id: number;
  readonly bars?: Bars;
  readonly shared?: SharedBars;
}

/** Series as the client holds them at full resolution: name → the id of the values it has. */
export type Known = Readonly<Record<string, string>>;

/** How the session wants its answers: the frame made where the run is (off the event loop), or the message. */
export interface AnswerOptions {
  /** The data set's key, echoed in results (ServerMessage). */
  readonly dataKey: string;
  /** Encode answers here into frames of at most this many bytes; unset: answer with the message. */
  readonly encode?: { readonly maxBytes?: number };
}

export interface SessionRunTask extends AnswerOptions {
  readonly kind: 'session-run';
  readonly session: number;
  readonly seq: number;
  /** Requests merged into this run (reported in its timing). */
  readonly coalesced: number;
  readonly source: string;
  readonly params: Readonly<Record<string, number>>;
  /** Present for a parameter change that carries the chart's view: answer with a preview. */
  readonly view?: ViewRequest;
  readonly data: DataRef;
  /** The data's declared timeframe, for htf() (absent or 'auto': inferred from the bars' spacing). */
  readonly timeframe?: string;
  readonly known: Known;
  readonly budget?: WorkBudget;
  /** Bytes of computed series the session's cache may keep. */
  readonly seriesBudget: number;
}

/** The full-resolution series of the preview of `seq`, against what the client holds. */
export interface SessionFullTask extends AnswerOptions {
  readonly kind: 'session-full';
  readonly session: number;
  readonly seq: number;
  readonly known: Known;
}

export interface SessionDropTask {
  readonly kind: 'session-drop';
  readonly session: number;
}

export interface ProgramTask {
  readonly kind: 'program';
  readonly source: string;
  readonly data: DataRef;
  readonly params?: Readonly<Record<string, number>>;
  readonly fileName?: string;
  readonly budget?: WorkBudget;
  /** As SessionRunTask's. */
  readonly timeframe?: string;
}

/**
 * Combinations `start`… of a parallel sweep (sweep.ts): the program is compiled once per worker and each
 * combination evaluated with the worker's series cache; answered with each one's stats, in order.
 */
export interface SweepChunkTask {
  readonly kind: 'sweep-chunk';
  readonly source: string;
  readonly data: DataRef;
  /** Index of the first combination, for the merge (and the fault fixture). */
  readonly start: number;
  readonly combos: readonly Readonly<Record<string, number>>[];
  /** Inputs held at one value for the whole sweep. */
  readonly fixed?: Readonly<Record<string, number>>;
}

export interface SweepChunkOutcome {
  readonly start: number;
  readonly stats: Stats[];
}

export type ComputeTask =
  | SessionRunTask
  | SessionFullTask
  | SessionDropTask
  | ProgramTask
  | SweepChunkTask
  | LabTask;

/** A message for the client, or its frame when the task asked for one (with what the timing reports). */
export type Answer =
  | { readonly message: ServerMessage; readonly frame?: undefined }
  | {
      readonly message?: undefined;
      readonly frame: Uint8Array;
      readonly type: ServerMessage['type'];
      readonly seq: number;
      readonly encodeMs: number;
    };

export interface SessionOutcome {
  readonly answer: Answer;
  /** Every series' values id, when the answer brings them in full: what the client then holds. */
  readonly ids?: Record<string, string>;
  /** A preview: its full series stay in the compute thread until a full task asks for them. */
  readonly preview?: boolean;
}

export type TaskOutcome = SessionOutcome | null | ProgramOutcome | SweepChunkOutcome | LabOutcome;

export function wireDiagnostic(d: {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  span: WireDiagnostic['span'];
  hint?: string;
}): WireDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, span: d.span, hint: d.hint };
}
