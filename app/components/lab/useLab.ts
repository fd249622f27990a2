'use client';
// The lab's jobs as React state: for each kind (sweep, walk-forward, Monte Carlo) the request running,
// its progress, its result or what went wrong. Answers are matched to requests by seq; one job runs at a
// time on the server, so starting one marks the others stopped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LabCall, LabServerMessage } from '../../../lib/transport';
import type { WorkspaceSocket } from '../workspace/useWorkspaceSocket';

export type SweepResult = Extract<LabServerMessage, { type: 'sweep-result' }>;
export type OddsResult = Extract<LabServerMessage, { type: 'sweep-odds' }>;
export type WalkForwardResult = Extract<LabServerMessage, { type: 'walkforward-result' }>;
export type MonteCarloResult = Extract<LabServerMessage, { type: 'montecarlo-result' }>;
export type JobKind = 'sweep' | 'walkforward' | 'montecarlo';

export interface Job<T> {
  seq: number | null;
  running: boolean;
  progress: { done: number; total: number } | null;
  result: T | null;
  error: { message: string; hint?: string } | null;
  cancelled: boolean;
}

const idle = <T>(): Job<T> => ({
  seq: null,
  running: false,
  progress: null,
  result: null,
  error: null,
  cancelled: false,
});

export interface LabState {
  sweep: Job<SweepResult> & { odds: OddsResult | null };
  walkforward: Job<WalkForwardResult>;
  montecarlo: Job<MonteCarloResult>;
}

export function useLab(ws: Pick<WorkspaceSocket, 'lab' | 'onLab' | 'connection'>) {
  const [state, setState] = useState<LabState>({
    sweep: { ...idle(), odds: null },
    walkforward: idle(),
    montecarlo: idle(),
  });
  const seqs = useRef<Record<JobKind, number | null>>({ sweep: null, walkforward: null, montecarlo: null });

  useEffect(() => {
    ws.onLab((m) => {
      const kind = (Object.keys(seqs.current) as JobKind[]).find((k) => seqs.current[k] === m.seq);
      if (!kind) return;
      setState((s) => {
        const job = s[kind];
        const put = (patch: Partial<LabState[JobKind]>) => ({ ...s, [kind]: { ...job, ...patch } });
        switch (m.type) {
          case 'lab-progress':
            return put({ progress: { done: m.done, total: m.total } });
          case 'lab-cancelled':
            return put({ running: false, cancelled: true, progress: null });
          case 'lab-error':
            return put({ running: false, error: { message: m.message, hint: m.hint }, progress: null });
          case 'sweep-result':
            // The odds follow: the job runs on until they arrive.
            return put({ result: m as never, progress: { done: 1, total: 1 } });
          case 'sweep-odds':
            return { ...s, sweep: { ...s.sweep, odds: m, running: false, progress: null } };
          default:
            return put({ result: m as never, running: false, progress: null });
        }
      });
    });
    return () => ws.onLab(null);
  }, [ws.onLab]);

  // A lost connection loses the running job with it.
  useEffect(() => {
    if (ws.connection !== 'closed') return;
    setState((s) => {
      const stop = <J extends Job<unknown>>(j: J): J =>
        j.running ? { ...j, running: false, error: { message: 'the connection was lost: run it again' } } : j;
      return { sweep: stop(s.sweep), walkforward: stop(s.walkforward), montecarlo: stop(s.montecarlo) };
    });
  }, [ws.connection]);

  const start = useCallback(
    (kind: JobKind, call: LabCall) => {
      const seq = ws.lab(call);
      seqs.current = { ...seqs.current, [kind]: seq };
      setState((s) => {
        // The server runs one job at a time: starting this one stopped any other.
        const stopOthers = <J extends Job<unknown>>(j: J): J =>
          j.running ? { ...j, running: false, cancelled: true } : j;
        const next = {
          sweep: stopOthers(s.sweep),
          walkforward: stopOthers(s.walkforward),
          montecarlo: stopOthers(s.montecarlo),
        };
        const fresh: Job<never> =
          seq === null
            ? {
                ...idle(),
                error: { message: 'not connected to the backtest server', hint: 'wait for it to reconnect' },
              }
            : { ...idle(), seq, running: true, progress: { done: 0, total: 1 } };
        if (kind === 'sweep') return { ...next, sweep: { ...fresh, odds: null } };
        return { ...next, [kind]: fresh };
      });
    },
    [ws.lab],
  );

  const cancel = useCallback(
    (kind: JobKind) => {
      const job = seqs.current[kind];
      if (job !== null) ws.lab({ type: 'cancel', job });
    },
    [ws.lab],
  );

  return { state, start, cancel };
}
