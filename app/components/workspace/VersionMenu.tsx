'use client';
// The version menu: every saved version, newest first; picking one loads it as unsaved changes. A version
// saved with errors is marked: it is kept, but runs use the newest version without errors (marked "runs").
import { useState } from 'react';
import { timeAgo } from '../../../lib/ui';
import { ApiFailure, api } from '../api';
import MenuButton from '../MenuButton';
import styles from './workspace.module.css';

interface VersionSummary {
  version: number;
  note: string | null;
  createdAt: number;
  lines: number;
  data: { symbol: string; timeframe: string } | null;
  /** Errors the checker found when it was saved (absent from servers older than the flag: none). */
  errors?: number;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export default function VersionMenu({
  strategyId,
  head,
  onLoad,
}: {
  strategyId: string;
  head: number;
  onLoad: (version: number) => Promise<void>;
}) {
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const fetchVersions = () => {
    setProblem(null);
    api<{ versions: VersionSummary[] }>(`/api/strategies/${strategyId}/versions`)
      .then((r) => setVersions(r.versions))
      .catch((e) => setProblem(e instanceof ApiFailure ? e.message : String(e)));
  };
  const runs = versions?.find((v) => !v.errors)?.version;
  const now = Date.now();

  return (
    <MenuButton
      button={
        <>
          v{head} <span aria-hidden="true">▾</span>
        </>
      }
      label={`v${head}: saved versions`}
      testId="versions"
      menuTestId="versions-menu"
      menuLabel="Saved versions"
      menuClassName={styles.versionMenu}
      onOpenChange={(open) => open && fetchVersions()}
    >
      {(close) => (
        <>
          <div className={styles.menuHead} aria-hidden="true">
            Saved versions
          </div>
          {/* A menu holds only items: loading and failing are said by disabled items. */}
          {problem && (
            <div className={styles.menuProblem} role="menuitem" aria-disabled="true" tabIndex={-1}>
              {problem}
            </div>
          )}
          {!versions && !problem && (
            <div className={styles.menuItemMuted} role="menuitem" aria-disabled="true" tabIndex={-1}>
              Loading…
            </div>
          )}
          {versions?.map((v) => (
            <button
              key={v.version}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={styles.menuItem}
              data-testid={`version-${v.version}`}
              data-errors={v.errors ?? 0}
              onClick={async () => {
                // The focus goes back to the menu's button; the notice says what was loaded.
                close();
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
              {(v.errors ?? 0) > 0 && (
                <span
                  className={`badge ${styles.errorBadge}`}
                  title="Saved with errors: kept, but never run"
                  data-testid={`version-errors-${v.version}`}
                >
                  {plural(v.errors ?? 0, 'error')}
                </span>
              )}
              {v.version === runs && v.version !== head && (
                <span className="badge" title="The newest version without errors: schedules run this one">
                  runs
                </span>
              )}
              {v.version === head && <span className="badge">head</span>}
            </button>
          ))}
        </>
      )}
    </MenuButton>
  );
}
