'use client';
// The version menu: every saved version, newest first; picking one loads it as unsaved changes.
import { useEffect, useRef, useState } from 'react';
import { timeAgo } from '../../../lib/ui/time';
import { ApiFailure, api } from '../api';
import styles from './workspace.module.css';

interface VersionSummary {
  version: number;
  note: string | null;
  createdAt: number;
  lines: number;
  data: { symbol: string; timeframe: string } | null;
}

export default function VersionMenu({
  strategyId,
  head,
  onLoad,
}: {
  strategyId: string;
  head: number;
  onLoad: (version: number) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setProblem(null);
    api<{ versions: VersionSummary[] }>(`/api/strategies/${strategyId}/versions`)
      .then((r) => live && setVersions(r.versions))
      .catch((e) => live && setProblem(e instanceof ApiFailure ? e.message : String(e)));
    const close = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    // Escape closes it wherever the focus is (usually still on the toggle button, outside the menu).
    const onEscape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', onEscape);
    return () => {
      live = false;
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open, strategyId]);

  const now = Date.now();
  return (
    <div className={styles.menuRoot} ref={root}>
      <button
        type="button"
        className="btn"
        data-testid="versions"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        v{head} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className={styles.menu} role="menu" data-testid="versions-menu">
          <div className={styles.menuHead}>Saved versions</div>
          {problem && <div className={styles.menuProblem}>{problem}</div>}
          {!versions && !problem && <div className={styles.menuItemMuted}>Loading…</div>}
          {versions?.map((v) => (
            <button
              key={v.version}
              type="button"
              role="menuitem"
              className={styles.menuItem}
              data-testid={`version-${v.version}`}
              onClick={async () => {
                setOpen(false);
                await onLoad(v.version);
              }}
            >
              <span className={styles.menuVersion}>v{v.version}</span>
              <span className={styles.menuMain}>
                <span>{v.note ?? (v.version === head ? 'Current head' : `${v.lines} lines`)}</span>
                <span className={styles.menuSub}>
                  {timeAgo(v.createdAt, now)}
                  {v.data ? ` · ${v.data.symbol} ${v.data.timeframe}` : ''}
                </span>
              </span>
              {v.version === head && <span className="badge">head</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
