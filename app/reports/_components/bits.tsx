// Small presentational pieces shared by the reports pages (server components; no state).
import type { Better } from '../../../lib/report';
import { formatChange } from '../../../lib/report';
import type { RunStatus, Signal } from '../../../lib/store';
import styles from '../reports.module.css';

export function StatusPill({ status }: { status: RunStatus | null }) {
  if (!status) return <span className="muted">—</span>;
  return (
    <span className={`${styles.status} ${styles[`status_${status}`] ?? ''}`} data-status={status}>
      {status}
    </span>
  );
}

/** "Signal: enter on the latest bar", shown only when the latest bar says to act. */
export function SignalBadge({ signal }: { signal: Signal | null }) {
  if (signal !== 'enter' && signal !== 'exit') return null;
  return (
    <span
      className={`${styles.signal} ${styles[`signal_${signal}`]}`}
      data-testid="signal-badge"
      data-signal={signal}
      title={
        signal === 'enter'
          ? 'An entry order fired on the latest bar of the latest run'
          : 'An exit order fired on the latest bar of the latest run'
      }
    >
      {signal === 'enter' ? '▲' : '▼'} Signal: {signal} on the latest bar
    </span>
  );
}

export function ChangeText({
  value,
  digits = 2,
  suffix = '',
  better = 'higher',
}: {
  value: number | null | undefined;
  digits?: number;
  suffix?: string;
  better?: Better;
}) {
  const c = formatChange(value, { digits, suffix, better });
  if (c.direction === 'none') return null;
  return (
    <span
      className={`${styles.change} ${styles[c.tone]}`}
      title="Change from the previous successful run"
      data-direction={c.direction}
    >
      {c.text}
    </span>
  );
}

/** A figure with its change from the previous successful run under it. */
export function Figure({
  text,
  change,
  digits,
  suffix,
  better,
}: {
  text: string;
  change: number | null | undefined;
  digits?: number;
  suffix?: string;
  better?: Better;
}) {
  return (
    <>
      <span className={styles.figure}>{text}</span>
      <ChangeText value={change} digits={digits} suffix={suffix} better={better} />
    </>
  );
}
