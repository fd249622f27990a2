'use client';
// A strategy's schedules: pause or resume, remove, run now; and the form to add one.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatTime } from '../../../lib/report';
import { ApiFailure, api } from '../../components/api';
import ScheduleForm from './ScheduleForm';
import styles from './schedule.module.css';

export interface ScheduleItem {
  id: string;
  label: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  lastTickAt: number | null;
  nextRuns: number[];
  /** Failed runs in a row. */
  failures: number;
  /** Why the scheduler paused it, e.g. 'Paused after 5 failures in a row: …'. */
  pausedReason: string | null;
}

interface RunAnswer {
  finished: boolean;
  run: { id: string; status: string; error: string | null } | null;
}

type Message = { tone: 'ok' | 'bad' | 'info'; text: string; hint?: string };

export default function SchedulePanel({
  strategyId,
  schedules,
  readOnly,
}: {
  strategyId: string;
  schedules: ScheduleItem[];
  readOnly: boolean;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  // Buttons stay enabled (aria-disabled) while an action runs: a disabled button would drop the focus to
  // <body>; a second press meanwhile is ignored here.
  const act = async (key: string, fn: () => Promise<Message | null>) => {
    if (busy !== null) return;
    setBusy(key);
    setMessage(null);
    try {
      setMessage(await fn());
      router.refresh();
    } catch (e) {
      setMessage(
        e instanceof ApiFailure
          ? { tone: 'bad', text: e.message, hint: e.hint }
          : { tone: 'bad', text: (e as Error).message },
      );
    } finally {
      setBusy(null);
    }
  };

  const toggle = (s: ScheduleItem) =>
    act(`toggle-${s.id}`, async () => {
      await api(`/api/schedules/${s.id}`, { method: 'PATCH', body: { enabled: !s.enabled } });
      return { tone: 'info', text: s.enabled ? `Paused: ${s.label}` : `Resumed: ${s.label}` };
    });

  const remove = (s: ScheduleItem) =>
    act(`remove-${s.id}`, async () => {
      await api(`/api/schedules/${s.id}`, { method: 'DELETE' });
      setConfirming(null);
      return { tone: 'info', text: `Removed: ${s.label}. Its past runs are kept.` };
    });

  const runNow = (s: ScheduleItem) =>
    act(`run-${s.id}`, async () => {
      const r = await api<RunAnswer>(`/api/schedules/${s.id}/run`, { method: 'POST' });
      if (!r.finished)
        return { tone: 'info', text: 'The run is still going; it appears in the table when done.' };
      if (!r.run) return { tone: 'info', text: 'The run finished.' };
      if (r.run.status === 'ok') return { tone: 'ok', text: 'Run finished.' };
      return { tone: 'bad', text: `Run ${r.run.status}`, hint: r.run.error?.split('\n')[0] };
    });

  return (
    <div className={styles.panel}>
      {schedules.length === 0 ? (
        <p className={styles.none} data-testid="schedules-empty">
          Not scheduled yet. Add a schedule below; each run loads fresh data and runs the saved version.
        </p>
      ) : (
        <ul className={styles.list} data-testid="schedule-list">
          {schedules.map((s) => (
            <li key={s.id} className={styles.item} data-testid={`schedule-${s.id}`} data-enabled={s.enabled}>
              <div className={styles.itemHead}>
                <div>
                  <div className={s.enabled ? styles.itemLabel : `${styles.itemLabel} ${styles.paused}`}>
                    {s.label}
                  </div>
                  <div className={`${styles.cron} mono`}>
                    {s.cron} · {s.timezone}
                  </div>
                </div>
                <button
                  type="button"
                  role="switch"
                  aria-checked={s.enabled}
                  aria-label={`Run ${s.label} on schedule`}
                  title={s.enabled ? 'Enabled: click to pause' : 'Paused: click to resume'}
                  className={styles.switch}
                  disabled={readOnly}
                  aria-disabled={busy !== null}
                  onClick={() => toggle(s)}
                  data-testid={`schedule-toggle-${s.id}`}
                />
              </div>
              <div className={styles.itemNext}>
                {s.enabled ? (
                  s.nextRuns.length ? (
                    <>
                      <span className={styles.nextLabel}>Next runs</span>
                      <ol className={styles.nextList} data-testid={`schedule-next-${s.id}`}>
                        {s.nextRuns.map((t) => (
                          <li key={t}>{formatTime(t, { timeZone: s.timezone })}</li>
                        ))}
                      </ol>
                    </>
                  ) : (
                    'No upcoming run'
                  )
                ) : s.pausedReason ? (
                  <div className={styles.pausedReason} data-testid={`schedule-paused-reason-${s.id}`}>
                    {s.pausedReason}
                    <div className={styles.hint}>Fix the cause, then resume it.</div>
                  </div>
                ) : (
                  'Paused: no runs until it is resumed'
                )}
                {s.enabled && s.failures > 0 && (
                  <div className={styles.failing} data-testid={`schedule-failing-${s.id}`}>
                    {s.failures === 1 ? 'The last run failed' : `The last ${s.failures} runs failed`}; the
                    next runs wait longer after each failure, and it pauses if they go on failing.
                  </div>
                )}
              </div>
              <div className={styles.itemActions}>
                <button
                  type="button"
                  className="btn btn-sm"
                  disabled={readOnly}
                  aria-disabled={busy !== null}
                  onClick={() => runNow(s)}
                  data-testid={`schedule-run-${s.id}`}
                >
                  {busy === `run-${s.id}` ? 'Running…' : 'Run now'}
                </button>
                {confirming === s.id ? (
                  <>
                    <button
                      type="button"
                      className="btn btn-sm btn-danger"
                      aria-disabled={busy !== null}
                      onClick={() => remove(s)}
                      data-testid={`schedule-remove-confirm-${s.id}`}
                    >
                      Remove
                    </button>
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      onClick={() => setConfirming(null)}
                    >
                      Cancel
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    disabled={readOnly}
                    aria-disabled={busy !== null}
                    onClick={() => setConfirming(s.id)}
                    data-testid={`schedule-remove-${s.id}`}
                  >
                    Remove…
                  </button>
                )}
                {s.lastTickAt ? (
                  <span className={styles.last}>last tick {formatTime(s.lastTickAt)}</span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <div
          className={message.tone === 'bad' ? styles.bad : message.tone === 'ok' ? styles.ok : styles.info}
          role="status"
          data-testid="schedule-message"
        >
          {message.text}
          {message.hint && <div className={styles.hint}>{message.hint}</div>}
        </div>
      )}
      {readOnly ? (
        <p className={styles.none}>This strategy was deleted; restore it to schedule it again.</p>
      ) : (
        <ScheduleForm strategyId={strategyId} onAdded={() => router.refresh()} />
      )}
    </div>
  );
}
