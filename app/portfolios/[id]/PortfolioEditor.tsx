'use client';
// One portfolio: its markets and weights, the rule that allocates the account, the program, and a run.
// Saving appends a version; running saves first when something changed, then shows the results.
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { expandSources } from '../../../lib/data';
import { formatStat } from '../../../lib/engine';
import type { PortfolioDetail, PortfolioRun } from '../../../lib/store';
import { timeAgo } from '../../../lib/ui';
import { api } from '../../components/api';
import styles from '../portfolios.module.css';
import {
  asProblem,
  bodyOf,
  type Form,
  formOf,
  type Problem,
  type RunResult,
  SAMPLE_MARKETS,
  type StrategyOption,
} from '../shared';
import Results from './Results';

const REBALANCE = [
  ['none', 'Never'],
  ['weekly', 'Every week'],
  ['monthly', 'Every month'],
  ['quarterly', 'Every quarter'],
  ['yearly', 'Every year'],
] as const;

let nextKey = 0;

export default function PortfolioEditor({
  initial,
  strategies,
}: {
  initial: PortfolioDetail;
  strategies: StrategyOption[];
}) {
  const [form, setForm] = useState<Form>(() => formOf(initial));
  const [saved, setSaved] = useState(() => JSON.stringify(formOf(initial)));
  const [version, setVersion] = useState(initial.headVersion);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<null | 'save' | 'run'>(null);
  const [status, setStatus] = useState('');
  const [run, setRun] = useState<{ result: RunResult; version: number } | null>(null);
  const [adding, setAdding] = useState('');
  const [history, setHistory] = useState<PortfolioRun[]>([]);
  const dirty = JSON.stringify(form) !== saved;
  const loadHistory = useCallback(async () => {
    try {
      const res = await api<{ runs: PortfolioRun[] }>(`/api/portfolios/${initial.id}/run?limit=5`);
      setHistory(res.runs);
    } catch {
      // The history is a convenience: the page works without it.
    }
  }, [initial.id]);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setMarket = (i: number, k: 'source' | 'weight' | 'rate', v: string) =>
    setForm((f) => ({ ...f, markets: f.markets.map((m, j) => (j === i ? { ...m, [k]: v } : m)) }));

  const add = () => {
    setProblem(null);
    try {
      const have = new Set(form.markets.map((m) => m.source));
      const fresh = expandSources(adding).filter((s) => !have.has(s));
      set('markets', [
        ...form.markets,
        ...fresh.map((source) => ({ key: `n${++nextKey}`, source, weight: '', rate: '' })),
      ]);
      setAdding('');
    } catch (e) {
      setProblem({ message: (e as Error).message, hint: 'e.g. yahoo:AMZN, GOOG or synthetic:4:2500:1d' });
    }
  };

  const save = async (): Promise<number> => {
    const res = await api<{ version: number }>(`/api/portfolios/${initial.id}`, {
      method: 'PUT',
      body: bodyOf(form),
    });
    const clean = { ...form, note: '' };
    setForm(clean);
    setSaved(JSON.stringify(clean));
    setVersion(res.version);
    return res.version;
  };

  const act = async (what: 'save' | 'run') => {
    setBusy(what);
    setProblem(null);
    try {
      let v = version;
      if (dirty) {
        setStatus('Saving…');
        v = await save();
      }
      if (what === 'run') {
        setStatus(`Running version ${v}…`);
        const res = await api<{ run: RunResult; portfolio: { version: number } }>(
          `/api/portfolios/${initial.id}/run`,
          { method: 'POST', body: {} },
        );
        setRun({ result: res.run, version: res.portfolio.version });
        setStatus(`Ran version ${res.portfolio.version}.`);
      } else setStatus(`Saved as version ${v}.`);
    } catch (e) {
      setProblem(asProblem(e));
      setStatus('');
    } finally {
      setBusy(null);
      if (what === 'run') void loadHistory();
    }
  };

  const weights = form.weighting === 'weights';
  const sum = form.markets.reduce((s, m) => s + (Number(m.weight) || 0), 0);
  const n = form.markets.length;
  const slots = Math.min(n, Number(form.maxPositions) || n);

  return (
    <main className={styles.page}>
      <div className={styles.top}>
        <div>
          <Link href="/portfolios" className={styles.crumb}>
            ← Portfolios
          </Link>
          <h1 className={styles.title}>{form.name || 'Untitled portfolio'}</h1>
          <p className="muted">
            Version {version}
            {dirty ? ' · unsaved changes' : ''}
          </p>
        </div>
        <div className={styles.actions}>
          <button
            type="button"
            className="btn"
            data-testid="save-portfolio"
            disabled={busy !== null || !dirty}
            onClick={() => void act('save')}
          >
            Save version
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="run-portfolio"
            disabled={busy !== null}
            onClick={() => void act('run')}
          >
            {busy === 'run' ? 'Running…' : dirty ? 'Save and run' : 'Run'}
          </button>
        </div>
      </div>
      <p className={styles.status} role="status" aria-live="polite" data-testid="portfolio-status">
        {status}
      </p>

      {problem && (
        <div className={styles.problem} role="alert" data-testid="portfolio-error">
          <strong>{problem.message}</strong>
          {problem.hint && <span> — {problem.hint}</span>}
        </div>
      )}

      <div className={styles.panel}>
        <fieldset>
          <legend>Markets</legend>
          <div className={styles.radios} role="radiogroup" aria-label="How the account is split">
            <label>
              <input
                type="radio"
                name="weighting"
                checked={!weights}
                onChange={() => set('weighting', 'equal')}
                data-testid="weighting-equal"
              />
              Equal weight (each entry gets 1/{slots} of the equity)
            </label>
            <label>
              <input
                type="radio"
                name="weighting"
                checked={weights}
                onChange={() => set('weighting', 'weights')}
                data-testid="weighting-fixed"
              />
              Fixed weights
            </label>
          </div>
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="markets-editor">
              <thead>
                <tr>
                  <th scope="col">Market (data source)</th>
                  {weights && (
                    <th scope="col" className={styles.weightCell}>
                      Weight [%]
                    </th>
                  )}
                  <th scope="col">Rate to {form.currency || 'account'} (optional)</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {form.markets.map((m, i) => (
                  <tr key={m.key} className={styles.marketRow} data-testid="market-row">
                    <td>
                      <input
                        className="input"
                        aria-label={`Market ${i + 1}`}
                        value={m.source}
                        maxLength={512}
                        onChange={(e) => setMarket(i, 'source', e.target.value)}
                      />
                    </td>
                    {weights && (
                      <td className={styles.weightCell}>
                        <input
                          className="input num"
                          type="number"
                          min={0}
                          max={100}
                          step="any"
                          aria-label={`Weight of ${m.source || `market ${i + 1}`} in percent`}
                          data-testid="market-weight"
                          value={m.weight}
                          onChange={(e) => setMarket(i, 'weight', e.target.value)}
                        />
                      </td>
                    )}
                    <td>
                      <input
                        className="input"
                        aria-label={`Exchange rate source for ${m.source || `market ${i + 1}`}`}
                        placeholder="same currency"
                        value={m.rate}
                        maxLength={512}
                        onChange={(e) => setMarket(i, 'rate', e.target.value)}
                      />
                    </td>
                    <td className={styles.right}>
                      <button
                        type="button"
                        className={`btn btn-ghost btn-sm ${styles.danger}`}
                        aria-label={`Remove ${m.source || `market ${i + 1}`}`}
                        onClick={() =>
                          set(
                            'markets',
                            form.markets.filter((_, j) => j !== i),
                          )
                        }
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {weights && (
            <p className={styles.help} data-testid="weights-sum">
              Weights add up to {Math.round(sum * 100) / 100}%
              {sum > 100
                ? ' — more than 100%: lower some (no leverage)'
                : `; ${Math.round((100 - sum) * 100) / 100}% stays in cash`}
              .
            </p>
          )}
          <div className={styles.addRow}>
            <label className="visually-hidden" htmlFor="add-market">
              Add markets
            </label>
            <input
              id="add-market"
              className="input"
              placeholder="Add markets: yahoo:AMZN, GOOG"
              value={adding}
              data-testid="add-market"
              onChange={(e) => setAdding(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <button type="button" className="btn" onClick={add} disabled={!adding.trim()}>
              Add
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => setAdding(SAMPLE_MARKETS.join(', '))}
            >
              Sample markets
            </button>
          </div>
        </fieldset>
      </div>

      <div className={styles.panel}>
        <fieldset>
          <legend>Account and allocation</legend>
          <div className={styles.grid}>
            <label className={styles.field}>
              Name
              <input
                className="input"
                value={form.name}
                maxLength={200}
                onChange={(e) => set('name', e.target.value)}
              />
            </label>
            <label className={styles.field}>
              At most this many positions
              <input
                className="input num"
                type="number"
                min={1}
                max={n || 1}
                placeholder={`no limit (${n})`}
                data-testid="max-positions"
                value={form.maxPositions}
                onChange={(e) => set('maxPositions', e.target.value)}
              />
            </label>
            <label className={styles.field}>
              When more signal than fit, prefer the highest
              <input
                className="input"
                placeholder="a line of the program, e.g. momentum"
                maxLength={64}
                data-testid="rank-by"
                value={form.rankBy}
                onChange={(e) => set('rankBy', e.target.value)}
              />
            </label>
            <label className={styles.field}>
              Rebalance to the weights
              <select
                className="select"
                value={form.rebalance}
                data-testid="rebalance"
                onChange={(e) => set('rebalance', e.target.value as Form['rebalance'])}
              >
                {REBALANCE.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <label className={styles.field}>
              Account currency
              <input
                className="input"
                maxLength={12}
                value={form.currency}
                onChange={(e) => set('currency', e.target.value.toUpperCase())}
              />
            </label>
            <label className={styles.field}>
              From (optional)
              <input
                className="input"
                type="date"
                value={form.from}
                onChange={(e) => set('from', e.target.value)}
              />
            </label>
            <label className={styles.field}>
              To (optional)
              <input
                className="input"
                type="date"
                value={form.to}
                onChange={(e) => set('to', e.target.value)}
              />
            </label>
          </div>
          <p className={styles.help}>
            Capital, fees and fills come from the program&apos;s strategy(…) line. A market quoted in another
            currency than the account&apos;s needs a rate source (e.g. yahoo:EURUSD=X); its prices are
            multiplied by the rate at each bar.
          </p>
        </fieldset>
      </div>

      <div className={styles.panel}>
        <fieldset>
          <legend>Strategy</legend>
          <div className={styles.radios}>
            <label>
              <input
                type="radio"
                name="program"
                checked={form.program === 'own'}
                onChange={() => set('program', 'own')}
              />
              Its own program
            </label>
            <label>
              <input
                type="radio"
                name="program"
                checked={form.program === 'strategy'}
                disabled={strategies.length === 0}
                onChange={() => {
                  setForm((f) => ({
                    ...f,
                    program: 'strategy',
                    strategyId: f.strategyId || strategies[0]?.id || '',
                  }));
                }}
              />
              A saved strategy{strategies.length === 0 ? ' (none saved yet)' : ''}
            </label>
          </div>
          {form.program === 'own' ? (
            <label className={styles.field}>
              Program (buy entries open a position in a market, sell exits close it)
              <textarea
                className={styles.code}
                spellCheck={false}
                data-testid="portfolio-source"
                value={form.source}
                onChange={(e) => set('source', e.target.value)}
              />
            </label>
          ) : (
            <label className={styles.field}>
              Saved strategy (its latest version that has no errors runs)
              <select
                className="select"
                value={form.strategyId}
                onChange={(e) => set('strategyId', e.target.value)}
              >
                {strategies.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className={styles.field} style={{ marginTop: 12 }}>
            Note for this version (optional)
            <input
              className="input"
              maxLength={2000}
              value={form.note}
              onChange={(e) => set('note', e.target.value)}
            />
          </label>
        </fieldset>
      </div>

      {run && <Results run={run.result} version={run.version} />}

      {history.length > 0 && (
        <section className={styles.panel} aria-labelledby="history-h" data-testid="run-history">
          <h2 id="history-h">Recent runs</h2>
          <ul className={styles.notes} style={{ margin: 0 }}>
            {history.map((h) => (
              <li key={h.id} data-status={h.status}>
                v{h.version} ·{' '}
                {h.status === 'ok'
                  ? `return ${formatStat('Return [%]', h.returnPct)}, ${formatStat('# Trades', h.tradeCount)} trades`
                  : `failed: ${(h.error ?? '').split('\n')[0]}`}{' '}
                · <span suppressHydrationWarning>{timeAgo(h.startedAt, Date.now())}</span>
              </li>
            ))}
          </ul>
          <p className={styles.help}>
            Every run is kept; the <Link href="/reports">Reports</Link> page shows each portfolio&apos;s
            latest.
          </p>
        </section>
      )}
    </main>
  );
}
