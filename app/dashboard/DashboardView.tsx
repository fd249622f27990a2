'use client';
// Every paper run: account, P&L, last signal and bar, a mini equity chart, pause/resume/stop, and the
// latest prices of the markets in use. Live: the page subscribes to paper steps on /ws and reloads
// the summaries (GET /api/paper, which recomputes P&L today and the equity) when a step arrives.
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { decodeFrame, encodeFrame, type ServerMessage } from '../../lib/transport';
import { ApiFailure, api } from '../components/api';
import styles from './dashboard.module.css';
import MiniChart, { type EquitySeries } from './MiniChart';

interface Summary {
  run: {
    id: string;
    name: string;
    market: string;
    timeframe: string;
    status: 'running' | 'paused' | 'stopped' | 'failed';
    error: string | null;
    lastBarTime: number | null;
  };
  account: { equity: number; position: number; price: number; capital: number } | null;
  pnl: number | null;
  pnlToday: number | null;
  lastSignal: { time: number; body: Record<string, unknown> } | null;
}
interface Price {
  market: string;
  price: number;
  time: number;
}

const money = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '—'
    : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (v: number | null | undefined) =>
  v !== null && v !== undefined && v > 0 ? `+${money(v)}` : money(v);
const when = (t: number | null | undefined) =>
  t ? new Date(t).toISOString().slice(0, 16).replace('T', ' ') : '—';
const tone = (v: number | null | undefined) =>
  v === null || v === undefined || v === 0 ? '' : v > 0 ? styles.pos : styles.neg;

function signalText(s: Summary['lastSignal']): string {
  if (!s) return 'none yet';
  const b = s.body as { side?: string; kind?: string; order?: string };
  return `${[b.kind, b.side, b.order].filter(Boolean).join(' ')} at ${when(s.time)}`;
}

export default function DashboardView() {
  const [runs, setRuns] = useState<Summary[] | null>(null);
  const [prices, setPrices] = useState<Price[]>([]);
  const [equity, setEquity] = useState<Record<string, EquitySeries>>({});
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [live, setLive] = useState(false);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const reload = useCallback(async () => {
    try {
      const data = await api<{ runs: Summary[]; prices: Price[] }>('/api/paper');
      setRuns(data.runs);
      setPrices(data.prices);
      setError(null);
      const eq: Record<string, EquitySeries> = {};
      for (const s of data.runs.slice(0, 50))
        eq[s.run.id] = await api<EquitySeries>(`/api/paper/${s.run.id}/equity?points=120`);
      setEquity(eq);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'the paper runs could not be loaded');
    }
  }, []);

  useEffect(() => {
    void reload();
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${proto}://${location.host}/ws`);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (ev) => {
      const msg = decodeFrame(new Uint8Array(ev.data as ArrayBuffer)) as ServerMessage;
      if (msg.type === 'ready') ws.send(encodeFrame({ type: 'paper', seq: 1, subscribe: true }));
      else if (msg.type === 'paper-subscribed') setLive(msg.subscribed);
      else if (msg.type === 'paper-step') {
        setPrices(msg.prices);
        setAnnounce(`${msg.run.name}: bar ${when(msg.run.lastBarTime)}, equity ${money(msg.account.equity)}`);
        // A burst of steps (a replay catching up) reloads once.
        if (!pending.current)
          pending.current = setTimeout(() => {
            pending.current = null;
            void reload();
          }, 800);
      }
    };
    ws.onclose = () => setLive(false);
    return () => {
      ws.close();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [reload]);

  const act = async (id: string, action: 'pause' | 'resume' | 'stop', name: string) => {
    try {
      await api(`/api/paper/${id}`, { method: 'POST', body: { action } });
      setAnnounce(`${name}: ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'stopped'}`);
      await reload();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : `could not ${action} the run`);
    }
  };

  return (
    <main id="main" className={styles.page}>
      <div className={styles.top}>
        <div>
          <h1 className={styles.title}>Paper trading</h1>
          <p className={styles.dim}>
            {live ? 'Live: updates as each bar closes.' : 'Not live: reload to see new bars.'} Start a run
            with “Run on paper” in a strategy, or <code>backtalk paper start</code>. To be told when a run
            signals or fills, add an <Link href="/alerts">alert channel</Link> (webhook, email or Telegram).
          </p>
        </div>
      </div>
      <p aria-live="polite" className={styles.sr} data-testid="paper-live">
        {announce}
      </p>
      {error && (
        <p role="alert" className={styles.problem}>
          {error}
        </p>
      )}
      <section aria-labelledby="prices-h" className={styles.prices}>
        <h2 id="prices-h" className={styles.h2}>
          Latest prices
        </h2>
        {prices.length === 0 ? (
          <p className={styles.dim}>No market has a bar yet.</p>
        ) : (
          <ul data-testid="paper-prices">
            {prices.map((p) => (
              <li key={p.market}>
                <span>{p.market}</span> <strong>{money(p.price)}</strong>{' '}
                <span className={styles.dim}>{when(p.time)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {runs === null ? (
        <p className={styles.dim}>Loading…</p>
      ) : runs.length === 0 ? (
        <p className={styles.dim}>No paper runs yet.</p>
      ) : (
        <ul className={styles.cards} aria-label="Paper runs">
          {runs.map((s) => (
            <li key={s.run.id} className={styles.card} data-testid={`paper-run-${s.run.id}`}>
              <div className={styles.head}>
                <h2 className={styles.h2}>{s.run.name}</h2>
                <span className={styles.status} data-status={s.run.status} data-testid="paper-status">
                  {s.run.status}
                </span>
              </div>
              <p className={styles.dim}>
                {s.run.market} · {s.run.timeframe}
              </p>
              <dl className={styles.figures}>
                <div>
                  <dt>Equity</dt>
                  <dd data-testid="paper-equity">{money(s.account?.equity)}</dd>
                </div>
                <div>
                  <dt>Position</dt>
                  <dd>
                    {s.account
                      ? s.account.position.toLocaleString('en-US', { maximumFractionDigits: 4 })
                      : '—'}
                  </dd>
                </div>
                <div>
                  <dt>P&amp;L today</dt>
                  <dd className={tone(s.pnlToday)}>{signed(s.pnlToday)}</dd>
                </div>
                <div>
                  <dt>P&amp;L since start</dt>
                  <dd className={tone(s.pnl)}>{signed(s.pnl)}</dd>
                </div>
                <div>
                  <dt>Last signal</dt>
                  <dd>{signalText(s.lastSignal)}</dd>
                </div>
                <div>
                  <dt>Last bar</dt>
                  <dd data-testid="paper-last-bar">{when(s.run.lastBarTime)}</dd>
                </div>
              </dl>
              {equity[s.run.id] && equity[s.run.id].equity.length > 1 && (
                <MiniChart
                  series={equity[s.run.id]}
                  label={`Equity of ${s.run.name} since it was deployed`}
                />
              )}
              {s.run.error && <p className={styles.neg}>{s.run.error.split('\n')[0]}</p>}
              <div className={styles.actions}>
                {s.run.status === 'running' && (
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => act(s.run.id, 'pause', s.run.name)}
                    aria-label={`Pause ${s.run.name}`}
                  >
                    Pause
                  </button>
                )}
                {s.run.status === 'paused' && (
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => act(s.run.id, 'resume', s.run.name)}
                    aria-label={`Resume ${s.run.name}`}
                  >
                    Resume
                  </button>
                )}
                {(s.run.status === 'running' || s.run.status === 'paused') && (
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => act(s.run.id, 'stop', s.run.name)}
                    aria-label={`Stop ${s.run.name}`}
                  >
                    Stop
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
