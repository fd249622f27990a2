'use client';
// Which inputs a sweep or walk-forward varies, and over which values (from, to, step), with the count of
// combinations and the lab's limit. The values are checked here as on the server (lib/transport/lab.ts).
import { useId } from 'react';
import { GridRange, gridSize, MAX_GRID_INPUTS, MAX_SWEEP_RUNS, type WireInput } from '../../../lib/transport';
import { sliderSpec } from '../../../lib/ui';
import styles from './lab.module.css';

export interface GridRow {
  on: boolean;
  from: string;
  to: string;
  step: string;
}
export type GridDraft = Record<string, GridRow>;

/** A starting range for an input: its slider's span in at most about 8 steps. */
export function defaultRow(input: WireInput, on: boolean): GridRow {
  const spec = sliderSpec(input);
  const raw = (spec.max - spec.min) / 8;
  const step = Math.max(spec.step, input.integer ? Math.round(raw) : Number(raw.toPrecision(2)));
  return { on, from: String(spec.min), to: String(spec.max), step: String(step) };
}

/** The grid to send, or what is wrong with the draft. */
export function readGrid(
  draft: GridDraft,
  inputs: readonly WireInput[],
): { grid: Record<string, GridRange>; runs: number } | { problem: string } {
  const grid: Record<string, GridRange> = {};
  for (const input of inputs) {
    const row = draft[input.name];
    if (!row?.on) continue;
    const r = { from: Number(row.from), to: Number(row.to), step: Number(row.step) };
    const ok = GridRange.safeParse(r);
    if (![r.from, r.to, r.step].every((v) => Number.isFinite(v)) || !ok.success) {
      const why = ok.success ? 'from, to and step must be numbers' : ok.error.issues[0].message;
      return { problem: `${input.title ?? input.name}: ${why}` };
    }
    grid[input.name] = r;
  }
  const k = Object.keys(grid).length;
  if (k === 0) return { problem: 'tick at least one input to vary' };
  if (k > MAX_GRID_INPUTS) return { problem: `vary at most ${MAX_GRID_INPUTS} inputs at once` };
  const runs = gridSize(grid);
  if (runs > MAX_SWEEP_RUNS)
    return { problem: `more than ${MAX_SWEEP_RUNS.toLocaleString('en-US')} combinations: take larger steps` };
  return { grid, runs };
}

export default function GridForm({
  inputs,
  draft,
  onChange,
}: {
  inputs: readonly WireInput[];
  draft: GridDraft;
  onChange: (d: GridDraft) => void;
}) {
  const uid = useId();
  const read = readGrid(draft, inputs);
  if (inputs.length === 0)
    return (
      <p className="muted">
        The program has no input() to vary: declare one, e.g. n = input(20, min=5, max=100).
      </p>
    );
  const set = (name: string, patch: Partial<GridRow>) =>
    onChange({ ...draft, [name]: { ...draft[name], ...patch } });
  return (
    <fieldset className={styles.grid} data-testid="lab-grid">
      <legend className="visually-hidden">Inputs to vary and their ranges</legend>
      <div className={styles.gridHead} aria-hidden="true">
        <span>Input</span>
        <span>From</span>
        <span>To</span>
        <span>Step</span>
      </div>
      {inputs.map((input) => {
        const row = draft[input.name];
        if (!row) return null;
        const label = input.title ?? input.name;
        const box = (key: 'from' | 'to' | 'step') => (
          <input
            className={`input num ${styles.rangeBox}`}
            inputMode="decimal"
            aria-label={`${label} ${key}`}
            data-testid={`lab-${input.name}-${key}`}
            value={row[key]}
            disabled={!row.on}
            onChange={(e) => set(input.name, { [key]: e.target.value })}
          />
        );
        return (
          <div className={styles.gridRow} key={input.name}>
            <label className={styles.gridName} htmlFor={`${uid}-${input.name}`}>
              <input
                id={`${uid}-${input.name}`}
                type="checkbox"
                checked={row.on}
                data-testid={`lab-${input.name}-on`}
                onChange={(e) => set(input.name, { on: e.target.checked })}
              />
              {label}
            </label>
            {box('from')}
            {box('to')}
            {box('step')}
          </div>
        );
      })}
      <p
        className={'problem' in read ? styles.problem : styles.count}
        data-testid="lab-grid-count"
        aria-live="polite"
      >
        {'problem' in read
          ? read.problem
          : `${read.runs.toLocaleString('en-US')} combination${read.runs === 1 ? '' : 's'} (at most ${MAX_SWEEP_RUNS.toLocaleString('en-US')})`}
      </p>
    </fieldset>
  );
}
