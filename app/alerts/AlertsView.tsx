'use client';
// Alert channels: add one (the fields of its kind), send a test, switch it off or remove it; the latest
// deliveries with their outcome below.
import { type FormEvent, useId, useState } from 'react';
import type { AlertDelivery } from '../../lib/store';
import { ApiFailure, api } from '../components/api';
import styles from '../portfolios/portfolios.module.css';

export interface ChannelRow {
  id: string;
  name: string;
  kind: 'webhook' | 'email' | 'telegram';
  events: ('signal' | 'fill')[];
  enabled: boolean;
  config: Record<string, unknown>;
}
export type DeliveryRow = AlertDelivery;
type Problem = { message: string; hint?: string };

const asProblem = (e: unknown): Problem =>
  e instanceof ApiFailure ? { message: e.message, hint: e.hint } : { message: (e as Error).message };

const FIELDS: Record<ChannelRow['kind'], { key: string; label: string; type?: string; help?: string }[]> = {
  webhook: [
    { key: 'url', label: 'URL', type: 'url', help: 'Receives a JSON POST per alert.' },
    {
      key: 'secret',
      label: 'Signing secret',
      type: 'password',
      help: 'At least 16 characters; signs each body (HMAC-SHA256).',
    },
  ],
  email: [
    { key: 'host', label: 'SMTP host' },
    { key: 'port', label: 'Port', type: 'number' },
    { key: 'user', label: 'User (optional)' },
    { key: 'password', label: 'Password (optional)', type: 'password' },
    { key: 'from', label: 'From', type: 'email' },
    { key: 'to', label: 'To (comma-separated)' },
  ],
  telegram: [
    { key: 'botToken', label: 'Bot token', type: 'password', help: 'From @BotFather, like 123456:ABC…' },
    { key: 'chatId', label: 'Chat id', help: 'A number, or @channelname.' },
  ],
};

function configOf(
  kind: ChannelRow['kind'],
  v: Record<string, string>,
  secure: boolean,
): Record<string, unknown> {
  if (kind === 'webhook') return { url: v.url, secret: v.secret };
  if (kind === 'telegram')
    return { botToken: v.botToken, chatId: /^-?\d+$/.test(v.chatId ?? '') ? Number(v.chatId) : v.chatId };
  return {
    host: v.host,
    port: Number(v.port || (secure ? 465 : 587)),
    secure,
    ...(v.user ? { user: v.user } : {}),
    ...(v.password ? { password: v.password } : {}),
    from: v.from,
    to: (v.to ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

export default function AlertsView({
  initial,
  deliveries,
  loadError,
}: {
  initial: ChannelRow[];
  deliveries: DeliveryRow[];
  loadError: Problem | null;
}) {
  const ids = useId();
  const [rows, setRows] = useState(initial);
  const [problem, setProblem] = useState<Problem | null>(loadError);
  const [notice, setNotice] = useState('');
  const [kind, setKind] = useState<ChannelRow['kind']>('webhook');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [secure, setSecure] = useState(false);
  const [events, setEvents] = useState({ signal: true, fill: true });
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const chosen = (['signal', 'fill'] as const).filter((k) => events[k]);
      const { channel } = await api<{ channel: ChannelRow }>('/api/alerts', {
        method: 'POST',
        body: {
          name: name.trim() || `My ${kind}`,
          kind,
          config: configOf(kind, values, secure),
          events: chosen,
        },
      });
      setRows((r) => [...r, channel]);
      setValues({});
      setName('');
      setNotice(`Added ${channel.name}. Send a test to check it.`);
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  const test = async (row: ChannelRow) => {
    setNotice(`Sending a test through ${row.name}…`);
    try {
      const { outcome } = await api<{ outcome: { ok: boolean; error?: string; attempts: number } }>(
        `/api/alerts/${row.id}/test`,
        { method: 'POST' },
      );
      setNotice(
        outcome.ok
          ? `Test sent through ${row.name}.`
          : `The test through ${row.name} failed: ${outcome.error}`,
      );
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  const toggle = async (row: ChannelRow) => {
    try {
      const { channel } = await api<{ channel: ChannelRow }>(`/api/alerts/${row.id}`, {
        method: 'PATCH',
        body: { enabled: !row.enabled },
      });
      setRows((r) => r.map((x) => (x.id === row.id ? channel : x)));
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  const remove = async (row: ChannelRow) => {
    if (!window.confirm(`Remove the alert channel '${row.name}'?`)) return;
    try {
      await api(`/api/alerts/${row.id}`, { method: 'DELETE' });
      setRows((r) => r.filter((x) => x.id !== row.id));
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  return (
    <main className={styles.page} id="main" tabIndex={-1}>
      <div className={styles.top}>
        <div>
          <h1 className={styles.title}>Alerts</h1>
          <p className="muted">Be told when a strategy running on paper places an order or fills one.</p>
        </div>
      </div>
      {problem && (
        <div className={styles.problem} role="alert" data-testid="alerts-error">
          <strong>{problem.message}</strong>
          {problem.hint && <span> — {problem.hint}</span>}
        </div>
      )}
      <p role="status" aria-live="polite" className="muted" data-testid="alerts-notice">
        {notice}
      </p>

      <section className={styles.panel} aria-labelledby={`${ids}-list`}>
        <h2 id={`${ids}-list`}>Channels</h2>
        {rows.length === 0 ? (
          <p className="muted">No channel yet: add one below.</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="alert-channels">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Sends</th>
                  <th scope="col">Settings</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.name}</th>
                    <td>{r.kind}</td>
                    <td>{r.enabled ? r.events.join(', ') : 'off'}</td>
                    <td className="mono">
                      {Object.entries(r.config)
                        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
                        .join(' · ')}
                    </td>
                    <td>
                      <div className={styles.actions}>
                        <button type="button" className="btn btn-sm" onClick={() => test(r)}>
                          Send test
                        </button>
                        <button type="button" className="btn btn-sm btn-ghost" onClick={() => toggle(r)}>
                          {r.enabled ? 'Switch off' : 'Switch on'}
                        </button>
                        <button type="button" className="btn btn-sm btn-danger" onClick={() => remove(r)}>
                          Remove
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <form className={styles.panel} onSubmit={create} aria-labelledby={`${ids}-new`} data-testid="new-alert">
        <h2 id={`${ids}-new`}>Add a channel</h2>
        <div className={styles.grid}>
          <label className={styles.field}>
            Kind
            <select
              className="select"
              value={kind}
              onChange={(e) => setKind(e.target.value as ChannelRow['kind'])}
            >
              <option value="webhook">Webhook</option>
              <option value="email">Email (SMTP)</option>
              <option value="telegram">Telegram</option>
            </select>
          </label>
          <label className={styles.field}>
            Name
            <input className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </label>
          {FIELDS[kind].map((f) => (
            <label className={styles.field} key={`${kind}-${f.key}`}>
              {f.label}
              <input
                className="input"
                type={f.type ?? 'text'}
                value={values[f.key] ?? ''}
                autoComplete={f.type === 'password' ? 'new-password' : 'off'}
                onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              />
              {f.help && <span className={styles.help}>{f.help}</span>}
            </label>
          ))}
          {kind === 'email' && (
            <label className={styles.field}>
              <span>
                <input type="checkbox" checked={secure} onChange={(e) => setSecure(e.target.checked)} /> TLS
                from the start (port 465)
              </span>
            </label>
          )}
        </div>
        <fieldset>
          <legend>Send on</legend>
          <label>
            <input
              type="checkbox"
              checked={events.signal}
              onChange={(e) => setEvents((v) => ({ ...v, signal: e.target.checked }))}
            />{' '}
            signals (an order placed at a bar's close)
          </label>{' '}
          <label>
            <input
              type="checkbox"
              checked={events.fill}
              onChange={(e) => setEvents((v) => ({ ...v, fill: e.target.checked }))}
            />{' '}
            fills
          </label>
        </fieldset>
        <div className={styles.actions}>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Add channel
          </button>
        </div>
      </form>

      <section className={styles.panel} aria-labelledby={`${ids}-log`}>
        <h2 id={`${ids}-log`}>Latest deliveries</h2>
        {deliveries.length === 0 ? (
          <p className="muted">Nothing sent yet.</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="alert-deliveries">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Paper run · event</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{new Date(d.createdAt).toISOString().replace('T', ' ').slice(0, 19)} UTC</td>
                    <td>{rows.find((r) => r.id === d.channelId)?.name ?? 'removed'}</td>
                    <td>{d.runId === null ? 'test' : `${d.runId} · #${d.eventSeq}`}</td>
                    <td>
                      {d.status}
                      {d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}
                      {d.error ? ` — ${d.error}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
