'use client';
// Where the bars come from: source kind and its fields, and an optional date range. Selects apply at once;
// text fields apply on Enter or when they lose focus, once the form is valid. A CSV file is a name in the
// server's data folder: suggested from its listing, or uploaded from here.
import { useEffect, useId, useRef, useState } from 'react';
import type { DataRequest } from '../../../lib/transport';
import {
  type DataForm,
  formToRequest,
  requestToForm,
  SOURCE_KINDS,
  type SourceKind,
  sameRequest,
  TIMEFRAME_CHOICES,
} from '../../../lib/ui';
import DataUpload, { type UploadNote, useDataFiles } from './DataUpload';
import styles from './results.module.css';

export default function DataPicker({
  value,
  onChange,
  summary,
}: {
  value: DataRequest;
  onChange: (req: DataRequest) => void;
  /** What is loaded, e.g. 'SYNTH · 1d · 2,500 bars'. */
  summary: string | null;
}) {
  const uid = useId();
  const idOf = (field: keyof DataForm) => `${uid}-${field}`;
  const [form, setForm] = useState<DataForm>(() => requestToForm(value));
  const latest = useRef(form);
  latest.current = form;
  const { listing, reload } = useDataFiles(form.kind === 'csv');
  const [note, setNote] = useState<UploadNote>(null);
  // A version loaded from the menu replaces the request from outside.
  useEffect(() => {
    setForm((f) => {
      const r = formToRequest(f);
      return r.ok && sameRequest(r.request, value) ? f : requestToForm(value);
    });
  }, [value]);

  const check = formToRequest(form);
  const apply = (next: DataForm) => {
    const r = formToRequest(next);
    if (r.ok && !sameRequest(r.request, value)) onChange(r.request);
  };
  const set = (patch: Partial<DataForm>, now = false) => {
    const next = { ...form, ...patch };
    setForm(next);
    if (now) apply(next);
  };
  const invalid = (field: keyof DataForm) => (!check.ok && check.field === field ? true : undefined);
  const text = (field: 'seed' | 'bars' | 'path' | 'symbol' | 'exchange', props: Record<string, unknown>) => (
    <input
      id={idOf(field)}
      className="input"
      data-testid={`data-${field}`}
      value={form[field]}
      aria-invalid={invalid(field)}
      onChange={(e) => {
        if (field === 'path') setNote(null); // an upload's note is about the file it named
        set({ [field]: e.target.value });
      }}
      onBlur={() => apply(form)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply(form);
      }}
      {...props}
    />
  );
  const needsTimeframe = form.kind !== 'csv';
  // After an upload, say what was stored next to what is loaded.
  const info = form.kind === 'csv' && note ? [note.text, summary].filter(Boolean).join(' · ') : summary;
  return (
    <div className={styles.dataBar} data-testid="data-picker">
      <label className={styles.field}>
        <span>Source</span>
        <select
          className="select"
          style={{ width: 150 }}
          data-testid="data-kind"
          value={form.kind}
          onChange={(e) => set({ kind: e.target.value as SourceKind }, true)}
        >
          {SOURCE_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {form.kind === 'synthetic' && (
        <>
          <div className={styles.field}>
            <label htmlFor={idOf('seed')}>Seed</label>
            {text('seed', { inputMode: 'numeric', style: { width: 64 } })}
          </div>
          <div className={styles.field}>
            <label htmlFor={idOf('bars')}>Bars</label>
            {text('bars', { inputMode: 'numeric', style: { width: 84 } })}
          </div>
        </>
      )}
      {form.kind === 'csv' && (
        <>
          <div className={styles.field}>
            <label htmlFor={idOf('path')}>File</label>
            {text('path', {
              placeholder: 'GOOG.csv',
              style: { width: 220 },
              list: `${uid}-files`,
              'aria-label': 'CSV file in the data folder',
              title: listing ? `a .csv file in the data folder ${listing.folder}` : undefined,
            })}
            <datalist id={`${uid}-files`}>
              {listing?.files.map((f) => (
                <option key={f.name} value={f.name} />
              ))}
            </datalist>
          </div>
          <DataUpload
            maxBytes={listing?.maxUploadBytes}
            onNote={setNote}
            onUploaded={(name) => {
              reload();
              set({ ...latest.current, kind: 'csv', path: name }, true);
            }}
          />
        </>
      )}
      {form.kind === 'ccxt' && (
        <div className={styles.field}>
          <label htmlFor={idOf('exchange')}>Exchange</label>
          {text('exchange', { placeholder: 'binance', style: { width: 96 } })}
        </div>
      )}
      {(form.kind === 'yahoo' || form.kind === 'ccxt') && (
        <div className={styles.field}>
          <label htmlFor={idOf('symbol')}>Symbol</label>
          {text('symbol', {
            placeholder: form.kind === 'yahoo' ? 'AAPL' : 'BTC/USDT',
            style: { width: 104 },
          })}
        </div>
      )}
      {needsTimeframe && (
        <label className={styles.field}>
          <span>Timeframe</span>
          <select
            className="select"
            data-testid="data-timeframe"
            value={form.timeframe}
            onChange={(e) => set({ timeframe: e.target.value }, true)}
          >
            {(TIMEFRAME_CHOICES as readonly string[]).includes(form.timeframe) ? null : (
              <option value={form.timeframe}>{form.timeframe}</option>
            )}
            {TIMEFRAME_CHOICES.map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className={styles.field}>
        <span>From</span>
        <input
          className="input"
          type="date"
          data-testid="data-from"
          value={form.from}
          aria-invalid={invalid('from')}
          onChange={(e) => set({ from: e.target.value }, true)}
        />
      </label>
      <label className={styles.field}>
        <span>To</span>
        <input
          className="input"
          type="date"
          data-testid="data-to"
          value={form.to}
          aria-invalid={invalid('to')}
          onChange={(e) => set({ to: e.target.value }, true)}
        />
      </label>
      <div className={styles.dataInfo}>
        {!check.ok ? (
          <span className={styles.fieldError} role="alert" data-testid="data-form-error">
            {check.error}
          </span>
        ) : form.kind === 'csv' && note?.kind === 'error' ? (
          <span className={styles.fieldError} role="alert" data-testid="data-upload-error">
            {note.text}
          </span>
        ) : (
          info && (
            <span className="muted" data-testid="data-summary">
              {info}
            </span>
          )
        )}
      </div>
    </div>
  );
}
