'use client';
// What Backtalk understood: the rules in plain sentences, the market and settings, every assumption,
// the tunable parameters, the generated program, and a preview of key figures, with the three choices
// (confirm and run; edit the program; change something). A question renders as a question instead.
import { type ReactNode, useEffect, useState } from 'react';
import type { Preview } from '../../lib/chat';
import type { SourceSpan, Understanding } from '../../lib/nl';
import { offeredReplies } from '../../lib/nl';
import { cardNotes, formatStat, lineSources, segments, unusedLine } from '../../lib/ui';
import styles from './chat.module.css';

export type CardState = 'pending' | 'superseded' | 'confirmed';

interface Props {
  u: Understanding;
  /** Show u.reply (a note such as "the model failed; answered offline") when no streamed prose did. */
  showReply?: boolean;
  state: CardState;
  busy: boolean;
  /** Saves the strategy, then opens it (in the editor when `then` is 'edit') or runs it on paper. */
  onConfirm(then: 'run' | 'edit' | 'paper'): void;
  onChange(): void;
  /** Sends a reply; given only for the question still open, which then offers its choices as buttons. */
  onAnswer?: (text: string) => void;
}

export default function UnderstandingCard({
  u,
  showReply,
  state,
  busy,
  onConfirm,
  onChange,
  onAnswer,
}: Props) {
  const note =
    showReply && u.reply ? (
      <p className={styles.note} data-testid="reply-note">
        {u.reply}
      </p>
    ) : null;
  if (!u.ok)
    return (
      <div className={styles.question} data-testid="question" data-ask={u.ask?.kind}>
        {note}
        <p>{u.question}</p>
        {u.unclear.length > 0 && (
          <p className={styles.unclear}>Not understood: {u.unclear.map((x) => `“${x}”`).join(', ')}</p>
        )}
        {onAnswer && offeredReplies(u.ask).length > 0 && (
          <div className={styles.choices} data-testid="choices">
            {offeredReplies(u.ask).map(([label, text]) => (
              <button
                key={label}
                type="button"
                className="btn btn-sm"
                disabled={busy}
                onClick={() => onAnswer(text)}
                data-testid="choice"
              >
                {label}
              </button>
            ))}
          </div>
        )}
      </div>
    );
  return (
    <StrategyCard u={u} note={note} state={state} busy={busy} onConfirm={onConfirm} onChange={onChange} />
  );
}

/**
 * The request, with the words of the line being hovered or focused marked. Hovering and focus are one
 * state, so a keyboard user tabbing through the lines sees the same marks.
 */
function Request({ text, marks }: { text: string; marks: readonly SourceSpan[] }) {
  return (
    <blockquote
      className={styles.request}
      data-testid="request"
      title="Hover or focus a line below to mark the words it was read from"
    >
      {segments(text, marks).map((s, i) =>
        s.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces are positional and never reordered
          <mark key={i} className={styles.mark}>
            {s.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <span key={i}>{s.text}</span>
        ),
      )}
    </blockquote>
  );
}

function StrategyCard({
  u,
  note,
  state,
  busy,
  onConfirm,
  onChange,
}: Omit<Props, 'u' | 'showReply' | 'onAnswer'> & {
  u: Extract<Understanding, { ok: true }>;
  note: ReactNode;
}) {
  const [marks, setMarks] = useState<readonly SourceSpan[]>([]);
  const inputs = u.spec.inputs;
  const from = lineSources(u);
  const { assumed, readAs } = cardNotes(u.assumptions);
  const unused = unusedLine(u.unused);
  const anyTraced = [...from.summary, from.market, from.settings].some((s) => s.length > 0);
  // A line read from somewhere marks its words while hovered or focused (and is reachable by Tab).
  const traced = (spans: readonly SourceSpan[]) =>
    u.request && spans.length
      ? {
          tabIndex: 0,
          'data-traced': true,
          onMouseEnter: () => setMarks(spans),
          onMouseLeave: () => setMarks([]),
          onFocus: () => setMarks(spans),
          onBlur: () => setMarks([]),
        }
      : {};
  return (
    <section className={styles.card} data-testid="understanding-card" data-state={state}>
      {note}
      <header className={styles.cardHead}>
        <h2>{u.spec.name}</h2>
        <span className="badge">{u.source === 'model' ? 'model' : 'offline parser'}</span>
        {state !== 'pending' && <span className="badge">{state}</span>}
      </header>
      {u.changes && u.changes.length > 0 && (
        <div className={styles.changes} data-testid="changes">
          <strong>Changed:</strong>
          <ul>
            {u.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
      {u.request && anyTraced && <Request text={u.request} marks={marks} />}
      <ul className={styles.rules} data-testid="summary">
        {u.summary.map((s, i) =>
          s.startsWith('Adjustable:') ? null : (
            <li key={s} {...traced(from.summary[i] ?? [])}>
              {s}
            </li>
          ),
        )}
      </ul>
      <dl className={styles.facts}>
        <dt>Market</dt>
        <dd {...traced(from.market)}>{u.market}</dd>
        <dt>Settings</dt>
        <dd {...traced(from.settings)}>{u.settings}</dd>
      </dl>
      {readAs.length > 0 && (
        <div className={styles.assumed} data-testid="read-as">
          <strong>Read as:</strong>
          <ul>
            {readAs.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </div>
      )}
      {assumed.length > 0 && (
        <div className={styles.assumed} data-testid="assumptions">
          <strong>Assumed (you did not say):</strong>
          <ul>
            {assumed.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </div>
      )}
      {unused && (
        <p className={styles.unused} data-testid="unused">
          {unused}
        </p>
      )}
      {inputs.length > 0 && (
        <table className={styles.params} data-testid="params">
          <thead>
            <tr>
              <th>Parameter</th>
              <th>Value</th>
              <th>Range (step)</th>
            </tr>
          </thead>
          <tbody>
            {inputs.map((i) => (
              <tr key={i.name}>
                <td>
                  {i.title ?? i.name} <code className="muted">{i.name}</code>
                </td>
                <td className="num">{i.value}</td>
                <td className="num">
                  {i.min} – {i.max} ({i.step})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details className={styles.program}>
        <summary>Program (.bt)</summary>
        <pre data-testid="program">{u.program}</pre>
      </details>
      {state === 'pending' && <PreviewFigures spec={u.spec} />}
      {state === 'pending' && (
        <div className={styles.actions}>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => onConfirm('run')}
            data-testid="confirm"
          >
            Confirm and run
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => onConfirm('paper')}
            data-testid="confirm-paper"
          >
            Run it on paper
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => onConfirm('edit')}>
            Edit the program
          </button>
          <button type="button" className="btn btn-ghost" disabled={busy} onClick={onChange}>
            Change something
          </button>
        </div>
      )}
    </section>
  );
}

function PreviewFigures({ spec }: { spec: unknown }) {
  const [data, setData] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Keyed on the text, not the object: a re-rendered message must not fetch again.
  const body = JSON.stringify({ spec });
  useEffect(() => {
    const ac = new AbortController();
    fetch('/api/chat/preview', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      signal: ac.signal,
    })
      .then(async (r) => {
        const body = await r.json();
        if (!r.ok) throw new Error(body.error ?? `preview failed (${r.status})`);
        setData(body.preview);
      })
      .catch((e: Error) => {
        if (!ac.signal.aborted) setError(e.message);
      });
    return () => ac.abort();
  }, [body]);
  if (error)
    return (
      <p className={styles.previewError} role="alert">
        Preview unavailable: {error}
      </p>
    );
  if (!data)
    return (
      <p className="muted" data-testid="preview-loading">
        Running a quick preview…
      </p>
    );
  const range =
    data.from != null && data.to != null
      ? `${new Date(data.from).toISOString().slice(0, 10)} → ${new Date(data.to).toISOString().slice(0, 10)}`
      : '';
  return (
    <div className={styles.preview} data-testid="preview">
      <div className={styles.previewHead}>
        Preview on {data.data}, {data.bars.toLocaleString('en-US')} bars {range && `(${range})`}
      </div>
      {data.fallback && <p className={styles.previewNote}>{data.fallback}</p>}
      <div className={styles.figures}>
        {Object.entries(data.figures).map(([k, v]) => (
          <div key={k} className={styles.figure}>
            <span className="muted">{k}</span>
            <span className={`num ${v != null && k.includes('Return') ? (v >= 0 ? 'pos' : 'neg') : ''}`}>
              {formatStat(k, v)}
            </span>
          </div>
        ))}
      </div>
      {data.markets && (
        <table className={styles.previewMarkets} data-testid="preview-markets">
          <thead>
            <tr>
              <th scope="col">Market</th>
              <th scope="col"># Trades</th>
              <th scope="col">Share of the return</th>
            </tr>
          </thead>
          <tbody>
            {data.markets.map((m) => (
              <tr key={m.symbol}>
                <th scope="row">{m.symbol}</th>
                {m.error ? (
                  <td colSpan={2} className="muted">
                    not run: {m.error}
                  </td>
                ) : (
                  <>
                    <td className="num">{m.trades ?? ''}</td>
                    <td className="num">{formatStat('Return [%]', m.contribution ?? null)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
