'use client';
// The token field: posted as JSON to /api/session; on success the browser loads `next` with its new cookie.
import { type FormEvent, useState } from 'react';
import styles from './login.module.css';

export default function LoginForm({ next }: { next: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token }),
        cache: 'no-store',
      });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { error?: string; hint?: string };
      setError(`${body.error ?? `sign-in failed (${res.status})`}${body.hint ? ` — ${body.hint}` : ''}`);
    } catch (err) {
      setError(`cannot reach the server (${(err as Error).message})`);
    }
    setBusy(false);
  };

  return (
    <form className={styles.form} onSubmit={submit}>
      <label htmlFor="login-token">Access token</label>
      <input
        id="login-token"
        name="token"
        type="password"
        className="input"
        autoComplete="current-password"
        // biome-ignore lint/a11y/noAutofocus: the page has one field and nothing else to do
        autoFocus
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'login-error' : undefined}
      />
      <button type="submit" className="btn btn-primary" disabled={busy || token === ''}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error && (
        <p id="login-error" role="alert" className={styles.error}>
          {error}
        </p>
      )}
    </form>
  );
}
