// Who is signed in: the bearer token (API clients) or a session cookie issued from it (the browser).
// The cookie never holds the token: it holds an expiry and an HMAC of that expiry keyed by the token, so
// changing BACKTALK_TOKEN signs everyone out and a stolen cookie cannot be turned back into the token.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'backtalk_session';
/** How long a sign-in lasts. */
export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of what the client sent with the token (hashed first: equal lengths). */
export function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(sha256(given), sha256(token));
}

function mac(token: string, expires: number): string {
  return createHmac('sha256', token).update(`backtalk-session:v1:${expires}`).digest('base64url');
}

/** A session value valid until now + maxAge: `v1.<expiry seconds>.<hmac>`. */
export function issueSession(token: string, nowMs: number, maxAgeS = SESSION_MAX_AGE_S): string {
  const expires = Math.floor(nowMs / 1000) + maxAgeS;
  return `v1.${expires}.${mac(token, expires)}`;
}

/** True when `value` was issued from `token` and has not expired. */
export function sessionValid(value: string | undefined, token: string, nowMs: number): boolean {
  if (!value || value.length > 200) return false;
  const m = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return false;
  const expires = Number(m[1]);
  if (expires * 1000 <= nowMs) return false;
  return timingSafeEqual(Buffer.from(m[2]), Buffer.from(mac(token, expires)));
}

/** The Set-Cookie value: httpOnly, SameSite=Strict, Secure when the request came over https. */
export function sessionCookie(value: string, secure: boolean, maxAgeS = SESSION_MAX_AGE_S): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeS}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The Set-Cookie value that signs the browser out. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', secure, 0);
}

/** One cookie's value from a Cookie header (the first one of that name). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
  return m ? m[1] : undefined;
}
