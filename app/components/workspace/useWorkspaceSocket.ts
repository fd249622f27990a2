'use client';
// The workspace's connection to /ws, as React state: bars, the latest result, errors and timings. The
// WorkspaceClient does the protocol work (sequence numbers, stale replies, series merging, reconnects).
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type {
  DataRequest,
  LabCall,
  LabServerMessage,
  ViewRequest,
  WireBars,
  WireDiagnostic,
} from '../../../lib/transport';
import { WorkspaceClient, type WorkspaceResult } from '../../../lib/transport';

export type Connection = 'connecting' | 'open' | 'closed';

export interface BarsInfo {
  dataKey: string;
  source: string;
  symbol: string;
  timeframe: string;
  issues: string[];
  count: number;
}

export interface ServerProblem {
  code: string;
  message: string;
  hint?: string;
}

export interface Timing {
  seq: number;
  computeMs: number;
  coalesced: number;
  bytes?: number;
  encodeMs?: number;
}

export interface WorkspaceSocket {
  connection: Connection;
  /** Why the socket closed, while it is reconnecting. */
  closedReason: string | null;
  bars: WireBars | null;
  barsInfo: BarsInfo | null;
  result: WorkspaceResult | null;
  /**
   * The run the statistics and trade tables show: `result`, except while a slider is dragged, when they
   * keep the last run at full resolution until the move's full data arrives (the drag paused). The
   * headline and the chart follow every move.
   */
  tables: WorkspaceResult | null;
  /** Problems the server found running the program (e.g. a parameter outside its input's range). */
  serverDiagnostics: WireDiagnostic[];
  problem: ServerProblem | null;
  timing: Timing | null;
  /** A request was sent and its answer has not arrived. */
  busy: boolean;
  open(source: string, data: DataRequest, params: Record<string, number>): void;
  setSource(source: string): void;
  setParams(params: Record<string, number>): void;
  setData(data: DataRequest): void;
  /** What the chart shows: parameter changes carry it, and are answered with a preview at that view. */
  setView(view: ViewRequest): void;
  /** Sends a lab request (sweep, walk-forward, Monte Carlo, cancel); null while disconnected. */
  lab(call: LabCall): number | null;
  /** Where lab answers go (one listener: the lab panel). */
  onLab(listener: ((msg: LabServerMessage) => void) | null): void;
}

export function useWorkspaceSocket(initial: {
  source: string;
  data: DataRequest;
  params: Record<string, number>;
}): WorkspaceSocket {
  const [connection, setConnection] = useState<Connection>('connecting');
  const [closedReason, setClosedReason] = useState<string | null>(null);
  const [bars, setBars] = useState<WireBars | null>(null);
  const [barsInfo, setBarsInfo] = useState<BarsInfo | null>(null);
  const [result, setResult] = useState<WorkspaceResult | null>(null);
  const [tables, setTables] = useState<WorkspaceResult | null>(null);
  const [serverDiagnostics, setServerDiagnostics] = useState<WireDiagnostic[]>([]);
  const [problem, setProblem] = useState<ServerProblem | null>(null);
  const [timing, setTiming] = useState<Timing | null>(null);
  const [busy, setBusy] = useState(true);
  const client = useRef<WorkspaceClient | null>(null);
  const first = useRef(initial);
  const view = useRef<ViewRequest | null>(null);
  const labListener = useRef<((msg: LabServerMessage) => void) | null>(null);

  useEffect(() => {
    // Deferred one tick: under React's development double-mount the first client is never created, so
    // no socket is closed while still connecting (which browsers report as an error).
    let c: WorkspaceClient | null = null;
    const timer = setTimeout(() => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
      c = new WorkspaceClient(url, {
        onStatus(status, detail) {
          setConnection(status);
          setClosedReason(status === 'closed' ? (detail ?? null) : null);
        },
        onBars(b, info) {
          setBars(b);
          setBarsInfo({
            dataKey: info.dataKey,
            source: info.source,
            symbol: info.symbol,
            timeframe: info.timeframe,
            issues: info.issues,
            count: b.time.length,
          });
          setProblem(null);
        },
        onResult(r) {
          if (r.completes) {
            // Full data for the preview on screen: same pixels, same statistics. No hurry.
            startTransition(() => {
              setResult(r);
              setTables(r);
            });
            return;
          }
          // Rendered at once, in this message's task: left to React's scheduler, the render waits for a
          // task of its own (often after a frame), and the chart redraws a frame later. The tables below
          // the chart follow in a deferred render (ResultsPanel), so this stays short.
          flushSync(() => {
            setResult(r);
            if (!r.preview) setTables(r);
            setServerDiagnostics((d) => (d.length ? [] : d));
            setProblem(null);
            setBusy(false);
            setTiming({ seq: r.seq, computeMs: r.timing.computeMs, coalesced: r.timing.coalesced });
          });
        },
        onTiming(m) {
          if (m.of === 'full') return; // the frame that mattered for the redraw was the preview
          setTiming((t) => (t && t.seq === m.seq ? { ...t, bytes: m.bytes, encodeMs: m.encodeMs } : t));
        },
        onDiagnostics(m) {
          setServerDiagnostics(m.diagnostics);
          setBusy(false);
        },
        onError(m) {
          setProblem({ code: m.code, message: m.message, hint: m.hint });
          setBusy(false);
        },
        onLab(m) {
          labListener.current?.(m);
        },
      });
      const { source, data, params } = first.current;
      c.setView(view.current);
      c.open(source, data, params);
      client.current = c;
    }, 0);
    return () => {
      clearTimeout(timer);
      c?.close();
      client.current = null;
    };
  }, []);

  const open = useCallback((source: string, data: DataRequest, params: Record<string, number>) => {
    first.current = { source, data, params };
    setBusy(true);
    client.current?.open(source, data, params);
  }, []);
  const setSource = useCallback((source: string) => {
    first.current = { ...first.current, source };
    setBusy(true);
    client.current?.setSource(source);
  }, []);
  const setParams = useCallback((params: Record<string, number>) => {
    first.current = { ...first.current, params: { ...first.current.params, ...params } };
    setBusy(true);
    client.current?.setParams(params);
  }, []);
  const setView = useCallback((v: ViewRequest) => {
    view.current = v;
    client.current?.setView(v);
  }, []);
  const setData = useCallback((data: DataRequest) => {
    first.current = { ...first.current, data };
    setBusy(true);
    client.current?.setData(data);
  }, []);

  const lab = useCallback((call: LabCall) => {
    const r = client.current?.lab(call);
    return r?.sent ? r.seq : null;
  }, []);
  const onLab = useCallback((listener: ((msg: LabServerMessage) => void) | null) => {
    labListener.current = listener;
  }, []);

  return {
    lab,
    onLab,
    connection,
    closedReason,
    bars,
    barsInfo,
    result,
    tables,
    serverDiagnostics,
    problem,
    timing,
    busy,
    open,
    setSource,
    setParams,
    setData,
    setView,
  };
}
