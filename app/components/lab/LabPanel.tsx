'use client';
// The robustness lab under the backtest: a parameter sweep (heatmap, table, overfitting odds), a
// walk-forward and a Monte Carlo of the program on screen, its data and its parameters. Each runs on the
// server (lib/transport/lab.ts); progress is announced in a live region and a running job can be stopped.
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { LAB_STATS, MAX_MC_RUNS, MAX_WF_WINDOWS, type WireInput } from '../../../lib/transport';
import type { WorkspaceSocket } from '../workspace/useWorkspaceSocket';
import GridForm, { defaultRow, type GridDraft, readGrid } from './GridForm';
import styles from './lab.module.css';
import { MonteCarloView, WalkForwardView } from './RobustViews';
import SweepView from './SweepView';
import { type Job, type JobKind, useLab } from './useLab';

const TABS: { kind: JobKind; label: string }[] = [
  { kind: 'sweep', label: 'Sweep' },
  { kind: 'walkforward', label: 'Walk-forward' },
  { kind: 'montecarlo', label: 'Monte Carlo' },
];
const VERB: Record<JobKind, string> = {
  sweep: 'Sweep',
  walkforward: 'Walk-forward',
  montecarlo: 'Monte Carlo',
};

export default function LabPanel({
  ws,
  inputs,
  theme,
  onLoadParams,
}: {
  ws: WorkspaceSocket;
  inputs: readonly WireInput[];
  theme: 'dark' | 'light';
  onLoadParams: (params: Record<string, number>) => void;
}) {
  const uid = useId();
  const { state, start, cancel } = useLab(ws);
  const [tab, setTab] = useState<JobKind>('sweep');
  const [draft, setDraft] = useState<GridDraft>({});
  const [rank, setRank] = useState<string>('Sharpe Ratio');
  const [wf, setWf] = useState({ fraction: '0.7', windows: '4', anchored: false });
  const [mc, setMc] = useState({ method: 'bootstrap' as 'bootstrap' | 'reshuffle', runs: '500', seed: '1' });
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  // Rows for the program's inputs as they come and go (the first two ticked).
  useEffect(() => {
    setDraft((d) => {
      const next: GridDraft = {};
      inputs.forEach((input, i) => {
        next[input.name] = d[input.name] ?? defaultRow(input, i < 2);
      });
      return next;
    });
  }, [inputs]);

  const grid = readGrid(draft, inputs);
  const job: Job<unknown> = state[tab];
  const busy = job.running;

  const run = () => {
    if (tab === 'montecarlo') {
      start('montecarlo', {
        type: 'montecarlo',
        method: mc.method,
        runs: Number(mc.runs),
        seed: Number(mc.seed),
      });
      return;
    }
    if ('problem' in grid) return;
    const r = rank as (typeof LAB_STATS)[number];
    if (tab === 'sweep') start('sweep', { type: 'sweep', grid: grid.grid, rank: r });
    else
      start('walkforward', {
        type: 'walkforward',
        grid: grid.grid,
        rank: r,
        fraction: Number(wf.fraction),
        windows: Number(wf.windows),
        anchored: wf.anchored,
      });
  };
  const mcProblem = !(
    Number.isInteger(Number(mc.runs)) &&
    Number(mc.runs) >= 10 &&
    Number(mc.runs) <= MAX_MC_RUNS
  )
    ? `runs: a whole number from 10 to ${MAX_MC_RUNS}`
    : !(Number.isInteger(Number(mc.seed)) && Number(mc.seed) >= 0)
      ? 'seed: a whole number from 0'
      : null;
  const wfProblem = !(Number(wf.fraction) >= 0.5 && Number(wf.fraction) <= 0.95)
    ? 'in-sample share: a number from 0.5 to 0.95'
    : !(
          Number.isInteger(Number(wf.windows)) &&
          Number(wf.windows) >= 1 &&
          Number(wf.windows) <= MAX_WF_WINDOWS
        )
      ? `windows: a whole number from 1 to ${MAX_WF_WINDOWS}`
      : null;
  const problem =
    tab === 'montecarlo'
      ? mcProblem
      : 'problem' in grid
        ? grid.problem
        : tab === 'walkforward'
          ? wfProblem
          : null;

  const onTabKey = (e: KeyboardEvent, i: number) => {
    const to =
      e.key === 'ArrowRight'
        ? i + 1
        : e.key === 'ArrowLeft'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length].kind;
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const pct =
    job.progress && job.progress.total > 0 ? Math.round((job.progress.done / job.progress.total) * 100) : 0;
  const status = job.running
    ? tab === 'sweep' && state.sweep.result
      ? `${VERB[tab]} done; working out the overfitting odds…`
      : `${VERB[tab]} running: ${pct} %`
    : job.cancelled
      ? `${VERB[tab]} cancelled`
      : job.error
        ? `${VERB[tab]} failed`
        : job.result
          ? `${VERB[tab]} done`
          : '';

  return (
    <section className={styles.lab} aria-labelledby={`${uid}-h`} data-testid="lab">
      <div className={styles.head}>
        <h2 id={`${uid}-h`}>Robustness lab</h2>
        <div role="tablist" aria-label="Lab tools" className={styles.tabs}>
          {TABS.map((t, i) => (
            <button
              key={t.kind}
              ref={(el) => {
                tabRefs.current[t.kind] = el;
              }}
              type="button"
              role="tab"
              id={`${uid}-tab-${t.kind}`}
              aria-selected={tab === t.kind}
              aria-controls={`${uid}-panel`}
              tabIndex={tab === t.kind ? 0 : -1}
              className={styles.tab}
              data-testid={`lab-tab-${t.kind}`}
              onClick={() => setTab(t.kind)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {t.label}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id={`${uid}-panel`} aria-labelledby={`${uid}-tab-${tab}`} className={styles.panel}>
        <form
          className={styles.form}
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy && !problem) run();
          }}
        >
          {tab !== 'montecarlo' && <GridForm inputs={inputs} draft={draft} onChange={setDraft} />}
          <div className={styles.fields}>
            {tab !== 'montecarlo' && (
              <label>
                {tab === 'sweep' ? 'Rank by' : 'Optimise'}{' '}
                <select
                  className="select"
                  value={rank}
                  onChange={(e) => setRank(e.target.value)}
                  data-testid="lab-rank"
                >
                  {LAB_STATS.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
            )}
            {tab === 'walkforward' && (
              <>
                <label>
                  In-sample share{' '}
                  <input
                    className={`input num ${styles.small}`}
                    inputMode="decimal"
                    value={wf.fraction}
                    data-testid="wf-fraction"
                    onChange={(e) => setWf({ ...wf, fraction: e.target.value })}
                  />
                </label>
                <label>
                  Windows{' '}
                  <input
                    className={`input num ${styles.small}`}
                    inputMode="numeric"
                    value={wf.windows}
                    data-testid="wf-windows"
                    onChange={(e) => setWf({ ...wf, windows: e.target.value })}
                  />
                </label>
                <label>
                  Windows are{' '}
                  <select
                    className="select"
                    value={wf.anchored ? 'anchored' : 'rolling'}
                    data-testid="wf-mode"
                    onChange={(e) => setWf({ ...wf, anchored: e.target.value === 'anchored' })}
                  >
                    <option value="rolling">rolling</option>
                    <option value="anchored">anchored</option>
                  </select>
                </label>
              </>
            )}
            {tab === 'montecarlo' && (
              <>
                <label>
                  Method{' '}
                  <select
                    className="select"
                    value={mc.method}
                    data-testid="mc-method"
                    onChange={(e) => setMc({ ...mc, method: e.target.value as 'bootstrap' | 'reshuffle' })}
                  >
                    <option value="bootstrap">Block bootstrap of bar returns</option>
                    <option value="reshuffle">Reshuffle the trade order</option>
                  </select>
                </label>
                <label>
                  Runs{' '}
                  <input
                    className={`input num ${styles.small}`}
                    inputMode="numeric"
                    value={mc.runs}
                    data-testid="mc-runs"
                    onChange={(e) => setMc({ ...mc, runs: e.target.value })}
                  />
                </label>
                <label>
                  Seed{' '}
                  <input
                    className={`input num ${styles.small}`}
                    inputMode="numeric"
                    value={mc.seed}
                    data-testid="mc-seed"
                    onChange={(e) => setMc({ ...mc, seed: e.target.value })}
                  />
                </label>
              </>
            )}
          </div>
          <div className={styles.actions}>
            <button
              type="submit"
              className="btn btn-primary btn-sm"
              disabled={busy || problem !== null}
              data-testid="lab-run"
            >
              Run {tab === 'montecarlo' ? VERB[tab] : VERB[tab].toLowerCase()}
            </button>
            {busy && (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => cancel(tab)}
                data-testid="lab-cancel"
              >
                Cancel
              </button>
            )}
            {busy && (
              <progress
                className={styles.progress}
                max={100}
                value={pct}
                aria-label={`${VERB[tab]} progress`}
                data-testid="lab-progress"
              />
            )}
            {problem && tab !== 'sweep' && tab !== 'walkforward' && (
              <span className={styles.problem}>{problem}</span>
            )}
            {problem && tab === 'walkforward' && !('problem' in grid) && (
              <span className={styles.problem}>{problem}</span>
            )}
          </div>
          <p
            role="status"
            aria-live="polite"
            className={styles.status}
            data-testid="lab-status"
            data-state={
              job.running
                ? 'running'
                : job.cancelled
                  ? 'cancelled'
                  : job.error
                    ? 'error'
                    : job.result
                      ? 'done'
                      : 'idle'
            }
          >
            {status}
          </p>
        </form>
        {job.error && (
          <div className={styles.error} role="alert" data-testid="lab-error">
            <strong>{job.error.message}</strong>
            {job.error.hint && <div>{job.error.hint}</div>}
          </div>
        )}
        {tab === 'sweep' && state.sweep.result && (
          <SweepView
            result={state.sweep.result}
            odds={state.sweep.odds}
            oddsPending={state.sweep.running}
            inputs={inputs}
            theme={theme}
            onLoad={onLoadParams}
          />
        )}
        {tab === 'walkforward' && state.walkforward.result && (
          <WalkForwardView
            result={state.walkforward.result}
            time={ws.bars?.time ?? null}
            inputs={inputs}
            theme={theme}
          />
        )}
        {tab === 'montecarlo' && state.montecarlo.result && (
          <MonteCarloView result={state.montecarlo.result} time={ws.bars?.time ?? null} theme={theme} />
        )}
      </div>
    </section>
  );
}
