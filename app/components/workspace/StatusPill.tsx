'use client';
import type { WorkspaceSocket } from './useWorkspaceSocket';
// One line that says what the workspace is doing: connecting, running, up to date, or what is wrong.
import styles from './workspace.module.css';

export default function StatusPill({ ws, errors }: { ws: WorkspaceSocket; errors: number }) {
  let state: 'connecting' | 'reconnecting' | 'running' | 'error' | 'data-error' | 'ready';
  let text: string;
  if (ws.connection === 'connecting' && !ws.result) {
    state = 'connecting';
    text = 'Connecting…';
  } else if (ws.connection !== 'open') {
    state = 'reconnecting';
    text = 'Reconnecting…';
  } else if (errors > 0) {
    state = 'error';
    text = `${errors} error${errors === 1 ? '' : 's'}`;
  } else if (ws.problem) {
    state = 'data-error';
    text = ws.problem.code === 'not-available' ? 'Data unavailable' : 'Data error';
  } else if (ws.busy) {
    state = 'running';
    text = 'Running…';
  } else {
    state = 'ready';
    text = 'Up to date';
  }
  return (
    <span
      className={styles.status}
      data-testid="status"
      data-state={state}
      data-connection={ws.connection}
      title={ws.closedReason ? `Connection closed: ${ws.closedReason}` : undefined}
      role="status"
      aria-live="polite"
    >
      <span
        className={`${styles.statusDot} ${styles[`dot_${state.replace('-', '_')}`] ?? ''}`}
        aria-hidden="true"
      />
      {text}
    </span>
  );
}
