'use client';
// The strategies list: open, rename, duplicate, delete (after a confirmation), new blank or from an example.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { EXAMPLES } from '../../lib/examples';
import { timeAgo } from '../../lib/ui';
import { ApiFailure, api } from '../components/api';
import Dialog from '../components/Dialog';
import ExamplePicker from './ExamplePicker';
import type { StrategyRow } from './rows';
import styles from './strategies.module.css';

interface Problem {
  message: string;
  hint?: string;
}

const asProblem = (e: unknown): Problem =>
  e instanceof ApiFailure ? { message: e.message, hint: e.hint } : { message: (e as Error).message };

interface ListItem {
  id: string;
  name: string;
  kind: 'chat' | 'hand';
  updatedAt: number;
  headVersion: number;
  head: { createdAt: number; note: string | null; data: { symbol: string; timeframe: string } | null };
}

const fromApi = (s: ListItem): StrategyRow => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  updatedAt: s.updatedAt,
  headVersion: s.headVersion,
  savedAt: s.head.createdAt,
  note: s.head.note,
  data: s.head.data ? { symbol: s.head.data.symbol, timeframe: s.head.data.timeframe } : null,
});

export default function StrategiesView({
  initial,
  loadError,
}: {
  initial: StrategyRow[];
  loadError: Problem | null;
}) {
  const router = useRouter();
  const [rows, setRows] = useState(initial);
  const [problem, setProblem] = useState<Problem | null>(loadError);
  const [busy, setBusy] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState<StrategyRow | null>(null);
  const [picking, setPicking] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const refresh = useCallback(async () => {
    const { strategies } = await api<{ strategies: ListItem[] }>('/api/strategies');
    setRows(strategies.map(fromApi));
  }, []);

  const act = async (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    setProblem(null);
    try {
      await fn();
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(null);
    }
  };

  const create = (body: { name?: string; exampleId?: string }) =>
    act('create', async () => {
      const { strategy } = await api<{ strategy: { id: string } }>('/api/strategies', {
        method: 'POST',
        body,
      });
      router.push(`/strategies/${strategy.id}`);
    });

  const commitRename = () => {
    if (!renaming) return;
    const { id, name } = renaming;
    const old = rows.find((r) => r.id === id);
    setRenaming(null);
    if (!name.trim() || name.trim() === old?.name) return;
    void act(`rename:${id}`, async () => {
      await api(`/api/strategies/${id}`, { method: 'PATCH', body: { name } });
      await refresh();
    });
  };

  const duplicate = (row: StrategyRow) =>
    act(`duplicate:${row.id}`, async () => {
      await api(`/api/strategies/${row.id}/duplicate`, { method: 'POST' });
      await refresh();
    });

  const confirmDelete = () => {
    const row = deleting;
    setDeleting(null);
    if (!row) return;
    void act(`delete:${row.id}`, async () => {
      await api(`/api/strategies/${row.id}`, { method: 'DELETE' });
      await refresh();
    });
  };

  return (
    <main className={styles.page}>
      <div className={styles.top}>
        <div>
          <h1 className={styles.title}>Strategies</h1>
          <p className="muted">Every save keeps a version; open one to edit, tune and backtest it.</p>
        </div>
        <div className={styles.actions}>
          <button
            type="button"
            className="btn"
            data-testid="new-from-example"
            onClick={() => setPicking(true)}
            disabled={busy !== null}
          >
            New from example
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="new-blank"
            onClick={() => void create({})}
            disabled={busy !== null}
          >
            <span aria-hidden="true">+</span> New blank
          </button>
        </div>
      </div>

      {problem && (
        <div className={styles.problem} role="alert" data-testid="list-error">
          <strong>{problem.message}</strong>
          {problem.hint && <span> — {problem.hint}</span>}
        </div>
      )}

      {rows.length === 0 && !loadError ? (
        <section className={styles.empty} data-testid="empty-state">
          <h2>Start your first strategy</h2>
          <p className="muted">
            A strategy is a short program: indicators, and rules for when to buy and sell. Pick an example to
            see one running on synthetic data right away, then change it — or start from a blank page.
          </p>
          <ExamplePicker
            examples={EXAMPLES}
            disabled={busy !== null}
            onPick={(id) => void create({ exampleId: id })}
          />
          <button
            type="button"
            className="btn"
            onClick={() => void create({})}
            disabled={busy !== null}
            style={{ marginTop: 14 }}
          >
            Start blank
          </button>
        </section>
      ) : (
        rows.length > 0 && (
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="strategies-list">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Kind</th>
                  <th>Data</th>
                  <th>Last saved</th>
                  <th className={styles.right}>Version</th>
                  <th className={styles.right}>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="strategy-row" data-id={r.id} data-name={r.name}>
                    <td className={styles.nameCell}>
                      {renaming?.id === r.id ? (
                        <input
                          className="input"
                          data-testid="rename-input"
                          aria-label={`New name for ${r.name}`}
                          // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this row
                          autoFocus
                          maxLength={200}
                          value={renaming.name}
                          onChange={(e) => setRenaming({ id: r.id, name: e.target.value })}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter') commitRename();
                            if (e.key === 'Escape') setRenaming(null);
                          }}
                          onBlur={commitRename}
                        />
                      ) : (
                        <>
                          <Link href={`/strategies/${r.id}`} className={styles.name} data-testid="open">
                            {r.name}
                          </Link>
                          {r.note && <div className={styles.note}>{r.note}</div>}
                        </>
                      )}
                    </td>
                    <td>
                      <span className="badge">{r.kind === 'chat' ? 'from chat' : 'hand-written'}</span>
                    </td>
                    <td className="muted">
                      {r.data ? `${r.data.symbol} · ${r.data.timeframe}` : 'synthetic (default)'}
                    </td>
                    <td>
                      <time
                        dateTime={new Date(r.savedAt).toISOString()}
                        title={`${new Date(r.savedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC`}
                        suppressHydrationWarning
                      >
                        {timeAgo(r.savedAt, now)}
                      </time>
                    </td>
                    <td className={`${styles.right} num`}>v{r.headVersion}</td>
                    <td className={styles.right}>
                      <div className={styles.rowActions}>
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          data-testid="rename"
                          onClick={() => setRenaming({ id: r.id, name: r.name })}
                          disabled={busy !== null}
                        >
                          Rename
                        </button>
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          data-testid="duplicate"
                          onClick={() => void duplicate(r)}
                          disabled={busy !== null}
                        >
                          Duplicate
                        </button>
                        <button
                          type="button"
                          className={`btn btn-ghost btn-sm ${styles.danger}`}
                          data-testid="delete"
                          onClick={() => setDeleting(r)}
                          disabled={busy !== null}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}

      <Dialog
        open={picking}
        onClose={() => setPicking(false)}
        title="New from an example"
        testId="example-dialog"
      >
        <p className="muted" style={{ marginTop: 0 }}>
          Each example runs as soon as it opens, on synthetic data that needs no network.
        </p>
        <ExamplePicker
          examples={EXAMPLES}
          disabled={busy !== null}
          onPick={(id) => {
            setPicking(false);
            void create({ exampleId: id });
          }}
        />
      </Dialog>

      <Dialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete this strategy?"
        testId="delete-dialog"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setDeleting(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              data-testid="confirm-delete"
              onClick={confirmDelete}
            >
              Delete
            </button>
          </>
        }
      >
        <p style={{ margin: 0 }}>
          <strong>{deleting?.name}</strong> will leave the list and its schedules will stop. Its saved
          versions are kept.
        </p>
      </Dialog>
    </main>
  );
}
