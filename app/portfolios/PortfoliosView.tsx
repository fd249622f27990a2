'use client';
// The portfolios list and the form that starts a new one: a name, the markets, and the program they share.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { expandSources } from '../../lib/data';
import { timeAgo } from '../../lib/ui';
import { api } from '../components/api';
import styles from './portfolios.module.css';
import { asProblem, type Problem, SAMPLE_MARKETS, STARTER_SOURCE, type StrategyOption } from './shared';

export interface PortfolioRow {
  id: string;
  name: string;
  version: number;
  updatedAt: number;
  markets: string[];
  weighting: 'equal' | 'weights';
  maxPositions: number | null;
  currency: string;
}

export default function PortfoliosView({
  initial,
  strategies,
  loadError,
}: {
  initial: PortfolioRow[];
  strategies: StrategyOption[];
  loadError: Problem | null;
}) {
  const router = useRouter();
  const ids = useId();
  const [rows, setRows] = useState(initial);
  const [problem, setProblem] = useState<Problem | null>(loadError);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [markets, setMarkets] = useState('');
  const [program, setProgram] = useState('starter');
  const [now] = useState(() => Date.now());

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblem(null);
    let list: string[];
    try {
      list = expandSources(markets);
    } catch (err) {
      setProblem({
        message: (err as Error).message,
        hint: 'list markets separated by commas, e.g. yahoo:AAPL, MSFT, NVDA',
      });
      return;
    }
    setBusy(true);
    try {
      const { portfolio } = await api<{ portfolio: { id: string } }>('/api/portfolios', {
        method: 'POST',
        body: {
          name: name.trim() || 'Untitled portfolio',
          ...(program === 'starter' ? { source: STARTER_SOURCE } : { strategyId: program }),
          markets: list.map((source) => ({ source })),
        },
      });
      router.push(`/portfolios/${portfolio.id}`);
    } catch (err) {
      setProblem(asProblem(err));
      setBusy(false);
    }
  };

  const remove = async (row: PortfolioRow) => {
    if (!window.confirm(`Delete the portfolio '${row.name}'? Its saved versions are kept.`)) return;
    try {
      await api(`/api/portfolios/${row.id}`, { method: 'DELETE' });
      setRows((r) => r.filter((x) => x.id !== row.id));
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  return (
    <main className={styles.page}>
      <div className={styles.top}>
        <div>
          <h1 className={styles.title}>Portfolios</h1>
          <p className="muted">
            One strategy over several markets, sharing one account: see how the positions behave together.
          </p>
        </div>
      </div>

      {problem && (
        <div className={styles.problem} role="alert" data-testid="portfolio-error">
          <strong>{problem.message}</strong>
          {problem.hint && <span> — {problem.hint}</span>}
        </div>
      )}

      <form
        className={styles.panel}
        onSubmit={create}
        data-testid="new-portfolio"
        aria-labelledby={`${ids}-h`}
      >
        <h2 id={`${ids}-h`}>New portfolio</h2>
        <div className={styles.grid}>
          <label className={styles.field}>
            Name
            <input
              className="input"
              data-testid="new-name"
              value={name}
              maxLength={200}
              placeholder="e.g. Big tech"
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label className={styles.field} style={{ gridColumn: 'span 2' }}>
            Markets
            <input
              className="input"
              data-testid="new-markets"
              value={markets}
              required
              placeholder="yahoo:AAPL, MSFT, NVDA"
              aria-describedby={`${ids}-mk`}
              onChange={(e) => setMarkets(e.target.value)}
            />
          </label>
          <label className={styles.field}>
            Strategy
            <select
              className="select"
              data-testid="new-program"
              value={program}
              onChange={(e) => setProgram(e.target.value)}
            >
              <option value="starter">Golden cross (50/200 SMA), editable</option>
              {strategies.map((s) => (
                <option key={s.id} value={s.id}>
                  Saved: {s.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className={styles.help} id={`${ids}-mk`}>
          Separate markets with commas; a bare symbol uses the source before it (yahoo:AAPL, MSFT). No
          network?{' '}
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            data-testid="use-samples"
            onClick={() => setMarkets(SAMPLE_MARKETS.join(', '))}
          >
            Use three sample markets
          </button>
        </p>
        <div className={styles.addRow}>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="create-portfolio">
            <span aria-hidden="true">+</span> Create portfolio
          </button>
        </div>
      </form>

      {rows.length === 0 && !loadError ? (
        <section className={styles.empty} data-testid="portfolios-empty">
          <h2 style={{ fontSize: 15 }}>No portfolios yet</h2>
          <p className="muted" style={{ margin: 0 }}>
            Create one above: give it a few markets, then set the weights and the number of positions and run
            it.
          </p>
        </section>
      ) : (
        rows.length > 0 && (
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="portfolios-list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Markets</th>
                  <th scope="col">Allocation</th>
                  <th scope="col">Saved</th>
                  <th scope="col" className={styles.right}>
                    Version
                  </th>
                  <th scope="col" className={styles.right}>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="portfolio-row" data-id={r.id}>
                    <td>
                      <Link href={`/portfolios/${r.id}`} className={styles.name}>
                        {r.name}
                      </Link>
                    </td>
                    <td className="muted" title={r.markets.join(', ')}>
                      {r.markets.length} · {r.markets.slice(0, 3).join(', ')}
                      {r.markets.length > 3 ? ', …' : ''}
                    </td>
                    <td>
                      {r.weighting === 'equal' ? 'Equal weight' : 'Fixed weights'}
                      {r.maxPositions ? `, at most ${r.maxPositions}` : ''} · {r.currency}
                    </td>
                    <td suppressHydrationWarning>{timeAgo(r.updatedAt, now)}</td>
                    <td className={`${styles.right} num`}>v{r.version}</td>
                    <td className={styles.right}>
                      <button
                        type="button"
                        className={`btn btn-ghost btn-sm ${styles.danger}`}
                        onClick={() => void remove(r)}
                        aria-label={`Delete ${r.name}`}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
    </main>
  );
}
