'use client';
// "Run on paper": deploys the saved strategy (its runnable version) to paper trading on the market on
// screen, live (polled) or replayed from its recorded bars (works offline: the demo), then links to
// the dashboard.
import Link from 'next/link';
import { useState } from 'react';
import { ApiFailure, api } from '../api';
import Dialog from '../Dialog';

export default function RunOnPaper({
  strategyId,
  market,
  className,
}: {
  strategyId: string;
  market: { source: string; timeframe?: string };
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'replay' | 'live'>('replay');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const start = async () => {
    setBusy(true);
    setResult(null);
    try {
      const body = {
        strategyId,
        market: mode === 'replay' ? `replay:${market.source}` : market.source,
        timeframe: market.timeframe || undefined,
      };
      const r = await api<{ run: { run: { id: string; name: string } } }>('/api/paper', {
        method: 'POST',
        body,
      });
      setResult({ ok: true, text: `${r.run.run.name} is trading on paper (run ${r.run.run.id}).` });
    } catch (e) {
      setResult({
        ok: false,
        text: e instanceof ApiFailure ? e.message : 'the paper run could not be started',
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className={`btn ${className ?? ''}`}
        data-testid="run-on-paper"
        onClick={() => {
          setResult(null);
          setOpen(true);
        }}
        title="Trade the saved strategy on paper"
      >
        Run on paper
      </button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Run on paper"
        testId="paper-dialog"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Close
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="paper-start"
              aria-disabled={busy}
              onClick={() => !busy && void start()}
            >
              {busy ? 'Starting…' : 'Start'}
            </button>
          </>
        }
      >
        <p>The saved version trades from the next bar; later edits do not change the run.</p>
        <fieldset>
          <legend>Bars</legend>
          <label>
            <input
              type="radio"
              name="paper-mode"
              checked={mode === 'replay'}
              onChange={() => setMode('replay')}
            />{' '}
            Replay {market.source} as if live (works offline)
          </label>
          <br />
          <label>
            <input
              type="radio"
              name="paper-mode"
              checked={mode === 'live'}
              onChange={() => setMode('live')}
            />{' '}
            Live {market.source} (polled as each {market.timeframe || 'bar'} closes)
          </label>
        </fieldset>
        {result && (
          <p role={result.ok ? 'status' : 'alert'} data-testid="paper-result">
            {result.text} {result.ok && <Link href="/dashboard">Open the dashboard</Link>}
          </p>
        )}
      </Dialog>
    </>
  );
}
