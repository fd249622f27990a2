// /login: where the browser signs in with the server's BACKTALK_TOKEN. The gate (server/gate.ts) sends
// signed-out pages here with ?next=<where they were going>; the form posts to /api/session, which sets
// the session cookie.
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { SESSION_COOKIE, safeNext, sessionValid } from '../../lib/http/server';
import LoginForm from './LoginForm';
import styles from './login.module.css';
import SignOut from './SignOut';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in · Backtalk' };

export default async function Login({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next: raw } = await searchParams;
  const next = safeNext(typeof raw === 'string' ? raw : undefined);
  const token = process.env.BACKTALK_TOKEN?.trim() || null;
  const signedIn =
    token !== null && sessionValid((await cookies()).get(SESSION_COOKIE)?.value, token, Date.now());

  return (
    <main className={`page-message ${styles.login}`} aria-labelledby="login-title">
      <h1 id="login-title" className={styles.title}>
        Sign in to Backtalk
      </h1>
      {token === null ? (
        <>
          <p className="muted">
            Sign-in is off: this server listens on this machine only and has no <code>BACKTALK_TOKEN</code>.
          </p>
          <Link href={next} className="btn btn-primary">
            Open Backtalk
          </Link>
        </>
      ) : signedIn ? (
        <>
          <p className="muted">You are signed in.</p>
          <div className={styles.actions}>
            <Link href={next} className="btn btn-primary">
              Continue
            </Link>
            <SignOut />
          </div>
        </>
      ) : (
        <>
          <p className="muted">
            Enter the access token set on the server as <code>BACKTALK_TOKEN</code>.
          </p>
          <LoginForm next={next} />
        </>
      )}
    </main>
  );
}
