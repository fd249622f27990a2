// What the workspace session and the program runs ask of a compute thread, and what comes back. Every
// value here crosses a worker boundary by structured clone, so it is plain data and typed arrays.
import type { ProgramOutcome, WorkBudget } from '../../lib/dsl';
import type { Bars } from '../../lib/engine';
import type {
  PreviewWindow,
  ServerMessage,
  ViewRequest,
  WireDiagnostic,
  WireM4,
  WirePreviewSeries,
  WireSeries,
} from '../../lib/transport/protocol';
import type { SharedBars } from './shared-bars';

/** Bars by reference: a dataset id, and the bars themselves (in-process) or their shared buffer (worker). */
export interface DataRef {
  readonly id: number;
  readonly bars?: Bars;
  readonly shared?: SharedBars;
}

/** Series as the client holds them at full resolution: name → the id of the values it has. */
export type Known = Readonly<Record<string, string>>;

export interface SessionRunTask {
  readonly kind: 'session-run';
  readonly session: number;
  readonly seq: number;
  readonly source: string;
  readonly params: Readonly<Record<string, number>>;
  /** Present for a parameter change that carries the chart's view: answer with a preview. */
  readonly view?: ViewRequest;
  readonly data: DataRef;
  readonly known: Known;
  readonly budget?: WorkBudget;
  /** Bytes of computed series the session's cache may keep. */
  readonly seriesBudget: number;
}

/** The full-resolution series of the preview of `seq`, against what the client holds. */
export interface SessionFullTask {
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
}

export type ComputeTask = SessionRunTask | SessionFullTask | SessionDropTask | ProgramTask;

type ResultMessage = Extract<ServerMessage, { type: 'result' }>;
/** Everything a result and a preview share, but the seq and data key (the session adds those). */
export type RunBody = Omit<
  ResultMessage,
  'type' | 'seq' | 'dataKey' | 'kept' | 'equity' | 'series' | 'timing'
>;

export type SessionRunOutcome =
  | { readonly kind: 'diagnostics'; readonly diagnostics: WireDiagnostic[] }
  | {
      readonly kind: 'result';
      readonly body: RunBody;
      readonly equity: Float64Array;
      readonly series: Record<string, WireSeries>;
      readonly kept: string[];
      /** Every series' values id: what the client holds once this result is sent. */
      readonly ids: Record<string, string>;
      readonly computeMs: number;
    }
  | {
      readonly kind: 'preview';
      readonly body: RunBody;
      readonly window: PreviewWindow;
      readonly equity: WireM4;
      readonly drawdown: WireM4;
      readonly series: Record<string, WirePreviewSeries>;
      readonly kept: string[];
      readonly computeMs: number;
      readonly previewMs: number;
    };

export interface SessionFullOutcome {
  readonly equity: Float64Array;
  readonly series: Record<string, WireSeries>;
  readonly kept: string[];
  readonly order: string[];
  readonly ids: Record<string, string>;
}

export type TaskOutcome = SessionRunOutcome | SessionFullOutcome | null | ProgramOutcome;

export function wireDiagnostic(d: {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  span: WireDiagnostic['span'];
  hint?: string;
}): WireDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, span: d.span, hint: d.hint };
}
