'use client';
// The strategy workspace: the editor on one side, the backtest on the other. The program is checked in
// the browser as you type; a clean program goes to the server, which answers with the bars once per data
// set and a result per change. Saving appends a version (program, parameters, data).
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Diagnostic } from '../../../lib/dsl';
import type { DataRef } from '../../../lib/store';
import type { DataRequest, WireInput } from '../../../lib/transport';
import {
  dataKeyOf,
  describeData,
  knownParams,
  openingRequest,
  requestToRef,
  sameRequest,
} from '../../../lib/ui';
import { ApiFailure, api } from '../api';
import CodeEditor, { type EditorHandle } from '../editor/CodeEditor';
import type { CheckReport } from '../editor/setup';
import { useTheme } from '../theme';
import DataPicker from './DataPicker';
import DiagnosticsList, { type ListedDiagnostic } from './DiagnosticsList';
import FallbackNote from './FallbackNote';
import ParamsPanel from './ParamsPanel';
import pane from './pane.module.css';
import ResultsPanel from './ResultsPanel';
import results from './results.module.css';
import SplitPane from './SplitPane';
import Toolbar from './Toolbar';
import { useWorkspaceSocket } from './useWorkspaceSocket';
import styles from './workspace.module.css';

// The lab's charts and tables load when the panel first renders (below the backtest).
const LabPanel = dynamic(() => import('../lab/LabPanel'), { ssr: false });

const PriceChart = dynamic(() => import('../chart/PriceChart'), {
  ssr: false,
  loading: () => <div className={results.chartPlaceholder}>Loading chart…</div>,
});

export interface WorkspaceProps {
  strategy: { id: string; name: string; kind: 'chat' | 'hand'; headVersion: number };
  head: { version: number; source: string; params: Record<string, number>; data: DataRef | null };
}

interface Snapshot {
  source: string;
  params: Record<string, number>;
  data: DataRequest;
}

/** Parameter values as the program sees them (missing ones at their defaults), for comparing. */
function effective(params: Record<string, number>, inputs: readonly WireInput[]): string {
  return inputs.map((i) => params[i.name] ?? i.default).join(',');
}

function numbersOnly(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
}

export default function Workspace({ strategy, head }: WorkspaceProps) {
  // A strategy saved while its data could not be loaded opens on the bars that stood in (see FallbackNote).
  const initialData = useMemo(() => openingRequest(head.data), [head.data]);
  // The saved data of the version on screen: its stand-in bars, if any, are kept when saving on them.
  const [shownRef, setShownRef] = useState<DataRef | null>(head.data);
  const [saved, setSaved] = useState<Snapshot>({
    source: head.source,
    params: head.params,
    data: initialData,
  });
  const [headVersion, setHeadVersion] = useState(head.version);
  const [source, setSource] = useState(head.source);
  const [params, setParams] = useState<Record<string, number>>(head.params);
  const [data, setData] = useState<DataRequest>(initialData);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [checkedInputs, setCheckedInputs] = useState<WireInput[] | null>(null);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const editor = useRef<EditorHandle>(null);
  const lastSent = useRef(head.source);
  const theme = useTheme();
  const ws = useWorkspaceSocket({ source: head.source, data: initialData, params: head.params });

  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const inputs = checkedInputs ?? ws.result?.inputs ?? [];

  const onChecked = useCallback(
    (r: CheckReport) => {
      setDiagnostics(r.diagnostics);
      if (r.diagnostics.some((d) => d.severity === 'error')) return;
      setCheckedInputs(r.inputs.map(({ span: _s, defaultSpan: _d, ...i }) => i));
      if (r.source !== lastSent.current) {
        lastSent.current = r.source;
        ws.setSource(r.source);
      }
    },
    [ws.setSource],
  );

  // Arriving from the chat's "Edit the program": put the cursor in the editor.
  useEffect(() => {
    if (new URLSearchParams(window.location.search).get('focus') === 'editor') editor.current?.focus();
  }, []);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), notice.kind === 'ok' ? 2500 : 6000);
    return () => clearTimeout(t);
  }, [notice]);

  const dirty =
    source !== saved.source ||
    !sameRequest(data, saved.data) ||
    (inputs.length > 0
      ? effective(params, inputs) !== effective(saved.params, inputs)
      : JSON.stringify(params) !== JSON.stringify(saved.params));

  const save = useCallback(async () => {
    if (saving) return;
    setSaving(true);
    const text = editor.current?.getDoc() ?? source;
    const loaded = ws.barsInfo && ws.barsInfo.dataKey === dataKeyOf(data) ? ws.barsInfo : undefined;
    const standingIn = shownRef?.fallback && sameRequest(data, openingRequest(shownRef));
    const body = {
      source: text,
      params: inputs.length ? knownParams(params, inputs) : params,
      data: standingIn ? shownRef : requestToRef(data, loaded),
    };
    try {
      const r = await api<{ version: number }>(`/api/strategies/${strategy.id}/versions`, {
        method: 'POST',
        body,
      });
      setSaved({ source: text, params: body.params, data });
      setShownRef(body.data);
      setHeadVersion(r.version);
      setNotice({
        kind: 'ok',
        text:
          errors > 0
            ? `Saved as v${r.version}, with errors: the last good version runs`
            : `Saved as v${r.version}`,
      });
    } catch (e) {
      const hint = e instanceof ApiFailure && e.hint ? ` — ${e.hint}` : '';
      setNotice({ kind: 'error', text: `Not saved: ${(e as Error).message}${hint}` });
    } finally {
      setSaving(false);
    }
  }, [saving, source, ws.barsInfo, data, inputs, params, strategy.id, shownRef, errors]);

  // A program with errors is saved only once the user confirms (it is kept, but never run).
  const requestSave = useCallback(() => {
    if (saving) return;
    if (errors > 0) setConfirming(true);
    else void save();
  }, [saving, errors, save]);

  // Mod-S saves from anywhere on the page (the editor included). The listener reads the latest
  // requestSave through a ref set before paint: re-registering it in an effect left a window, after the
  // status showed an error, in which Mod-S still saw the program as clean and saved without asking.
  const requestSaveRef = useRef(requestSave);
  useLayoutEffect(() => {
    requestSaveRef.current = requestSave;
  }, [requestSave]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        requestSaveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const loadVersion = async (n: number) => {
    try {
      const { version } = await api<{
        version: { source: string; params: unknown; data: DataRef | null };
      }>(`/api/strategies/${strategy.id}/versions/${n}`);
      const req = openingRequest(version.data);
      const p = numbersOnly(version.params);
      setShownRef(version.data);
      lastSent.current = version.source;
      editor.current?.setDoc(version.source);
      setSource(version.source);
      setParams(p);
      setData(req);
      ws.open(version.source, req, p);
      setNotice({ kind: 'ok', text: `Loaded v${n} — unsaved until you save` });
    } catch (e) {
      setNotice({ kind: 'error', text: `Could not load v${n}: ${(e as Error).message}` });
    }
  };

  const onParam = (name: string, value: number) => {
    setParams((p) => ({ ...p, [name]: value }));
    ws.setParams({ [name]: value });
  };
  // A sweep cell or row: its parameters go into the sliders and the backtest runs with them.
  const onLoadParams = (p: Record<string, number>) => {
    setParams((prev) => ({ ...prev, ...p }));
    ws.setParams(p);
  };
  const onReset = () => {
    setParams({});
    ws.setParams(Object.fromEntries(inputs.map((i) => [i.name, i.default])));
  };
  const onData = (req: DataRequest) => {
    setData(req);
    ws.setData(req);
  };
  const onFormat = () => {
    const r = editor.current?.format();
    if (r && !r.ok)
      setNotice({
        kind: 'error',
        text: `Cannot format: fix the ${r.errors} syntax error${r.errors === 1 ? '' : 's'} first`,
      });
    else if (r?.ok && !r.changed) setNotice({ kind: 'ok', text: 'Already formatted' });
  };

  const listed: ListedDiagnostic[] = [
    ...diagnostics,
    ...(errors === 0 ? ws.serverDiagnostics.map((d) => ({ ...d, fromServer: true })) : []),
  ];
  const showChart = ws.result && ws.barsInfo && ws.result.dataKey === ws.barsInfo.dataKey ? ws.result : null;

  const left = (
    <div className={pane.leftCol}>
      <div className={pane.editorWrap}>
        <CodeEditor
          ref={editor}
          initialDoc={head.source}
          onChange={setSource}
          onChecked={onChecked}
          onFormat={(r) => {
            if (!r.ok) setNotice({ kind: 'error', text: `Cannot format: fix the syntax errors first` });
          }}
          describedBy="editor-keys"
        />
      </div>
      {/* CodeMirror keeps Tab for indenting; Escape then Tab (within 2 s) moves on, as its docs say. */}
      <p id="editor-keys" className={pane.editorKeys} data-testid="editor-keys">
        <kbd>Tab</kbd> indents · <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor · <kbd>Ctrl</kbd>+
        <kbd>S</kbd> saves
      </p>
      <DiagnosticsList diagnostics={listed} onReveal={(o, l) => editor.current?.reveal(o, l)} />
      <ParamsPanel inputs={inputs} values={params} onChange={onParam} onReset={onReset} />
    </div>
  );

  const right = (
    <div className={results.rightCol}>
      <DataPicker
        value={data}
        onChange={onData}
        summary={
          ws.barsInfo
            ? `${ws.problem ? 'still showing ' : ''}${describeData(ws.barsInfo, ws.barsInfo.count)}`
            : null
        }
      />
      <FallbackNote saved={shownRef} data={data} failed={ws.problem !== null} onUse={onData} />
      <ResultsPanel
        ws={ws}
        errors={errors}
        chart={
          <PriceChart
            bars={ws.bars}
            result={showChart}
            theme={theme}
            height={400}
            onRendered={({ ms }) => setRenderMs(ms)}
            onView={ws.setView}
          />
        }
        renderMs={renderMs}
      />
      <LabPanel ws={ws} inputs={inputs} theme={theme} onLoadParams={onLoadParams} />
    </div>
  );

  return (
    <main className={styles.workspace} id="main" tabIndex={-1}>
      <Toolbar
        strategy={strategy}
        dirty={dirty}
        notice={notice}
        ws={ws}
        errors={errors}
        headVersion={headVersion}
        saving={saving}
        confirming={confirming}
        onConfirm={(yes) => {
          setConfirming(false);
          if (yes) void save();
        }}
        onLoadVersion={loadVersion}
        onFormat={onFormat}
        onSave={requestSave}
        market={data}
      />
      <SplitPane left={left} right={right} />
    </main>
  );
}
