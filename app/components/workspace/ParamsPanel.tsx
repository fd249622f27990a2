'use client';
// One row per input(): slider (every move is sent at once: the client and server coalesce bursts and
// drop stale replies), a number box, the title, and Reset to the program's defaults.
import { useState } from 'react';
import type { WireInput } from '../../../lib/transport';
import { clampParam, formatParam, sliderSpec } from '../../../lib/ui';
import styles from './pane.module.css';

function NumberBox({
  input,
  value,
  onCommit,
}: {
  input: WireInput;
  value: number;
  onCommit: (v: number) => void;
}) {
  const spec = sliderSpec(input);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const v = Number(draft);
    setDraft(null);
    if (draft.trim() !== '' && Number.isFinite(v)) onCommit(clampParam(v, input));
  };
  return (
    <input
      className={`input num ${styles.paramBox}`}
      data-testid={`param-${input.name}-value`}
      aria-label={`${input.title ?? input.name} value`}
      inputMode="decimal"
      value={draft ?? formatParam(value, spec)}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setDraft(null);
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          const next = clampParam(value + (e.key === 'ArrowUp' ? spec.step : -spec.step), input);
          setDraft(null);
          onCommit(Number(next.toFixed(spec.decimals)));
        }
      }}
    />
  );
}

export default function ParamsPanel({
  inputs,
  values,
  onChange,
  onReset,
}: {
  inputs: WireInput[];
  values: Record<string, number>;
  onChange: (name: string, value: number) => void;
  onReset: () => void;
}) {
  const changed = inputs.some((i) => values[i.name] !== undefined && values[i.name] !== i.default);
  return (
    <section className={styles.params} data-testid="params" aria-label="Parameters">
      <div className={styles.sectionHead}>
        <h2>Parameters</h2>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          data-testid="params-reset"
          onClick={onReset}
          disabled={!changed}
          title="Set every parameter back to its default"
        >
          Reset
        </button>
      </div>
      {inputs.length === 0 ? (
        <p className={styles.paramsEmpty}>
          No parameters. Declare one with <code>name = input(20, min=5, max=100)</code> to get a slider.
        </p>
      ) : (
        <div className={styles.paramRows}>
          {inputs.map((input) => {
            const spec = sliderSpec(input);
            const value = values[input.name] ?? input.default;
            const label = input.title ?? input.name;
            const id = `param-${input.name}`;
            return (
              <div key={input.name} className={styles.paramRow}>
                <label
                  htmlFor={id}
                  className={styles.paramLabel}
                  title={`${input.name} (default ${input.default})`}
                >
                  {label}
                  {value !== input.default && (
                    <span
                      className={styles.paramChanged}
                      title={`changed from the default ${input.default}`}
                    />
                  )}
                </label>
                <input
                  id={id}
                  type="range"
                  className={styles.slider}
                  data-testid={id}
                  min={spec.min}
                  max={spec.max}
                  step={spec.step}
                  value={value}
                  onChange={(e) => onChange(input.name, clampParam(Number(e.target.value), input))}
                />
                <NumberBox input={input} value={value} onCommit={(v) => onChange(input.name, v)} />
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
