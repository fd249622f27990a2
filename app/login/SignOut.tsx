'use client';
// Ends this browser's session (DELETE /api/session clears the cookie), then shows the sign-in form.
import { useState } from 'react';

export default function SignOut() {
  const [error, setError] = useState<string | null>(null);
  const signOut = async () => {
    try {
      const res = await fetch('/api/session', { method: 'DELETE', cache: 'no-store' });
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      window.location.reload();
    } catch (e) {
      setError(`not signed out: ${(e as Error).message}`);
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={signOut}>
        Sign out
      </button>
      {error && <p role="alert">{error}</p>}
    </>
  );
}
