'use client';
// Adds a schedule: a preset phrase or a cron expression and a time zone, read by the server's parser as
// you type (wording and the next three run times) before anything is saved.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { formatTime } from '../../../lib/report';
import { browserTimeZone } from '../../../lib/ui';
import { ApiFailure, api } from '../../components/api';
import styles from './schedule.module.css';

const PRESETS = ['every 15 minutes', 'every hour', 'daily at 18:00', 'weekdays at 16:30 New York'];
const ZONES = [
  'UTC',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Zurich',
  'Asia/Tokyo',
  'Asia/Hong_Kong',
  'Asia/Singapore',
  'Australia/Sydney',
];

interface Preview {
  cron: string;
  timezone: string;
  label: string;
  nextRuns: number[];
}

type State =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'ok'; preview: Preview }
  | { kind: 'bad'; message: string; hint?: string };

export default function ScheduleForm({ strategyId, onAdded }: { strategyId: string; onAdded: () => void }) {
  const [text, setText] = useState('');
  // The browser's zone once mounted (the server cannot know it); untouched until then, editable after.
  const [timezone, setTimezone] = useState('UTC');
  const [zones, setZones] = useState<readonly string[]>(ZONES);
  useEffect(() => {
    const own = browserTimeZone();
    setTimezone((z) => (z === 'UTC' ? own : z));
    const all = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone');
    setZones([
      own,
      ...ZONES.filter((z) => z !== own),
      ...(all ?? []).filter((z) => z !== own && !ZONES.includes(z)),
    ]);
  }, []);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ message: string; hint?: string } | null>(null);
  const ids = useId();

  useEffect(() => {
    const schedule = text.trim();
    if (!schedule) {
      setState({ kind: 'idle' });
      return;
    }
    setState({ kind: 'checking' });
    const ctrl = new AbortController();
    const t = setTimeout(async () => {
      const q = new URLSearchParams({ schedule, timezone: timezone.trim() || 'UTC' });
      try {
        const res = await fetch(`/api/schedules/preview?${q}`, { signal: ctrl.signal, cache: 'no-store' });
        const body = await res.json();
        if (res.ok) setState({ kind: 'ok', preview: body as Preview });
        else setState({ kind: 'bad', message: body.error ?? 'invalid schedule', hint: body.hint });
      } catch (e) {
        if ((e as Error).name !== 'AbortError')
          setState({ kind: 'bad', message: `cannot check the schedule (${(e as Error).message})` });
      }
    }, 250);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [text, timezone]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setSaveError(null);
    try {
      await api('/api/schedules', {
        method: 'POST',
        body: { strategyId, schedule: text.trim(), timezone: timezone.trim() || 'UTC' },
      });
      setText('');
      setState({ kind: 'idle' });
      onAdded();
    } catch (err) {
      setSaveError(
        err instanceof ApiFailure
          ? { message: err.message, hint: err.hint }
          : { message: (err as Error).message },
      );
    } finally {
      setSaving(false);
    }
  };

  const invalid = state.kind === 'bad';
  return (
    <form className={styles.form} onSubmit={submit} data-testid="schedule-form" noValidate>
      <label htmlFor={`${ids}-when`} className={styles.label}>
        When
      </label>
      <input
        id={`${ids}-when`}
        className="input"
        value={text}
        maxLength={200}
        placeholder="every 6 hours, weekdays at 16:30, or cron"
        onChange={(e) => setText(e.target.value)}
        aria-invalid={invalid}
        aria-describedby={`${ids}-preview`}
        autoComplete="off"
        spellCheck={false}
        data-testid="schedule-input"
      />
      <div className={styles.presets}>
        {PRESETS.map((p) => (
          <button key={p} type="button" className={styles.preset} onClick={() => setText(p)}>
            {p}
          </button>
        ))}
      </div>
      <label htmlFor={`${ids}-tz`} className={styles.label}>
        Time zone
      </label>
      <input
        id={`${ids}-tz`}
        className="input"
        value={timezone}
        maxLength={64}
        list={`${ids}-zones`}
        onChange={(e) => setTimezone(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        data-testid="schedule-timezone"
      />
      <datalist id={`${ids}-zones`}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div id={`${ids}-preview`} className={styles.preview} aria-live="polite" data-testid="schedule-preview">
        {state.kind === 'idle' && <span className="muted">Type a schedule to see when it runs.</span>}
        {state.kind === 'checking' && <span className="muted">Checking…</span>}
        {state.kind === 'ok' && (
          <>
            <div className={styles.wording} data-testid="schedule-wording">
              Runs {state.preview.label}
              <span className={`${styles.cron} mono`}>{state.preview.cron}</span>
            </div>
            <ol className={styles.next} data-testid="schedule-next-runs">
              {state.preview.nextRuns.map((t) => (
                <li key={t}>{formatTime(t, { timeZone: state.preview.timezone })}</li>
              ))}
            </ol>
          </>
        )}
        {state.kind === 'bad' && (
          <div className={styles.bad} data-testid="schedule-error">
            {state.message}
            {state.hint && <div className={styles.hint}>{state.hint}</div>}
          </div>
        )}
      </div>
      {saveError && (
        <div className={styles.bad} role="alert" data-testid="schedule-save-error">
          {saveError.message}
          {saveError.hint && <div className={styles.hint}>{saveError.hint}</div>}
        </div>
      )}
      <button
        type="submit"
        className="btn btn-primary"
        disabled={saving || state.kind !== 'ok'}
        data-testid="schedule-submit"
      >
        {saving ? 'Adding…' : 'Add schedule'}
      </button>
    </form>
  );
}
