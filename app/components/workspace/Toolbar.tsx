'use client';
// The workspace's top bar: the strategy's name, whether it is saved, what the workspace is doing, its
// versions and actions. Below 720px the secondary actions (format, schedule & reports) move into a
// "More" menu so that Save stays on screen; before saving a program with errors it asks (SaveConfirm).
import Link from 'next/link';
import Dialog from '../Dialog';
import MenuButton from '../MenuButton';
import menu from '../menu.module.css';
import RunOnPaper from './RunOnPaper';
import StatusPill from './StatusPill';
import type { WorkspaceSocket } from './useWorkspaceSocket';
import VersionMenu from './VersionMenu';
import styles from './workspace.module.css';

export interface ToolbarProps {
  strategy: { id: string; name: string; kind: 'chat' | 'hand' };
  dirty: boolean;
  notice: { kind: 'ok' | 'error'; text: string } | null;
  ws: WorkspaceSocket;
  errors: number;
  headVersion: number;
  saving: boolean;
  /** True while a save waits for the user to confirm saving errors (Mod-S opens it too). */
  confirming: boolean;
  onConfirm: (save: boolean) => void;
  onLoadVersion: (version: number) => Promise<void>;
  onFormat: () => void;
  onSave: () => void;
  /** The market on screen, for "Run on paper". */
  market: { source: string; timeframe?: string };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export default function Toolbar(p: ToolbarProps) {
  const { strategy, dirty, notice, ws, errors } = p;
  const reports = `/reports/${strategy.id}`;
  return (
    <div className={styles.toolbar}>
      <Link
        href="/strategies"
        className={`btn btn-ghost btn-sm ${styles.back}`}
        aria-label="Back to strategies"
      >
        ←
      </Link>
      <h1 className={styles.name} title={strategy.name}>
        {strategy.name}
      </h1>
      <span className={`badge ${styles.wideOnly}`}>
        {strategy.kind === 'chat' ? 'from chat' : 'hand-written'}
      </span>
      {dirty ? (
        <span className={styles.dirty} data-testid="dirty" title="Changes not saved yet">
          <span className={styles.dirtyDot} aria-hidden="true" />
          Unsaved<span className={styles.wideOnly}>&nbsp;changes</span>
        </span>
      ) : (
        <span className={styles.clean} data-testid="clean">
          Saved
        </span>
      )}
      {notice && (
        <span
          className={notice.kind === 'ok' ? styles.noticeOk : styles.noticeError}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          {notice.text}
        </span>
      )}
      <div className={styles.toolbarSpacer} />
      <StatusPill ws={ws} errors={errors} />
      <VersionMenu strategyId={strategy.id} head={p.headVersion} onLoad={p.onLoadVersion} />
      <Link
        href={reports}
        className={`btn btn-ghost ${styles.wideOnly}`}
        data-testid="schedule-link"
        title="Schedule reruns on fresh data and see their reports"
      >
        Schedule &amp; reports
      </Link>
      <RunOnPaper strategyId={strategy.id} market={p.market} className={styles.wideOnly} />
      <button
        type="button"
        className={`btn ${styles.wideOnly}`}
        data-testid="format"
        onClick={p.onFormat}
        title="Format (Ctrl+Shift+F)"
      >
        Format
      </button>
      <span className={styles.narrowOnly}>
        <MenuButton
          button={<span aria-hidden="true">⋯</span>}
          label="More actions"
          testId="more-actions"
          menuTestId="more-menu"
          menuLabel="More actions"
        >
          {(close) => (
            <>
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={menu.item}
                onClick={() => {
                  close();
                  p.onFormat();
                }}
              >
                Format
              </button>
              <Link href={reports} role="menuitem" tabIndex={-1} className={menu.item}>
                Schedule &amp; reports
              </Link>
            </>
          )}
        </MenuButton>
      </span>
      <button
        type="button"
        className="btn btn-primary"
        data-testid="save"
        // Not `disabled` while saving: a disabled button drops the focus to <body>; a second press is ignored.
        aria-disabled={p.saving}
        onClick={p.onSave}
        title="Save a new version (Ctrl+S)"
      >
        {p.saving ? 'Saving…' : 'Save'}
      </button>
      <SaveConfirm errors={errors} open={p.confirming} onAnswer={p.onConfirm} />
    </div>
  );
}

/** Asks before saving a program with errors; the answer's focus returns where it was (native dialog). */
function SaveConfirm({
  errors,
  open,
  onAnswer,
}: {
  errors: number;
  open: boolean;
  onAnswer: (save: boolean) => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={() => onAnswer(false)}
      title="Save with errors?"
      testId="save-confirm"
      footer={
        <>
          <button type="button" className="btn" onClick={() => onAnswer(false)} data-testid="save-cancel">
            Keep editing
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => onAnswer(true)}
            data-testid="save-anyway"
          >
            Save anyway
          </button>
        </>
      }
    >
      <p style={{ margin: 0 }} data-testid="save-confirm-text">
        This program has {plural(errors, 'error')}; save anyway? The last good version keeps running:
        schedules and reruns use the newest version saved without errors.
      </p>
    </Dialog>
  );
}
