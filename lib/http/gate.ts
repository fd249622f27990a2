// Who may use the server, decided once for every request and socket upgrade before Next sees it:
// 1. the Host must be one this server answers to (defeats DNS rebinding);
// 2. an Origin (or, on writes, a Referer) must be this server's own or an allowed one (cross-site writes);
// 3. writes with a body must be JSON (multipart only from an allowed origin), so no HTML form or
//    `text/plain` fetch can reach a route without a CORS preflight;
// 4. with BACKTALK_TOKEN set: a bearer token or a session cookie, except on the sign-in page itself.
// Pure: the caller extracts the facts (server/gate.ts) and applies the decision.
import { bearerToken, readCookie, SESSION_COOKIE, sessionValid, tokenMatches } from './session';

export interface GateConfig {
  /** BACKTALK_TOKEN, or null: nobody signs in (the server then listens on loopback only). */
  readonly token: string | null;
  /** BACKTALK_ALLOWED_HOSTS: lowercase names, `name` (any port) or `name:port`. */
  readonly allowedHosts: readonly string[];
  /** BACKTALK_ALLOWED_ORIGINS: normalized origins (`https://backtalk.example.com`). */
  readonly allowedOrigins: readonly string[];
}

export const OPEN_GATE_DEFAULTS: GateConfig = { token: null, allowedHosts: [], allowedOrigins: [] };

/** What the gate needs to know about a request, as the client sent it. */
export interface GateRequest {
  readonly method: string;
  /** The request target as received (path and query). */
  readonly url: string;
  readonly host?: string;
  readonly origin?: string;
  readonly referer?: string;
  readonly contentType?: string;
  /** A Content-Length above 0 or a Transfer-Encoding. */
  readonly hasBody: boolean;
  readonly authorization?: string;
  readonly cookie?: string;
  /** A WebSocket upgrade rather than a plain request. */
  readonly upgrade?: boolean;
}

export type GateDecision =
  | { readonly action: 'pass' }
  | { readonly action: 'refuse'; readonly status: number; readonly error: string; readonly hint: string }
  | { readonly action: 'redirect'; readonly location: string };

export const LOGIN_PATH = '/login';
export const SESSION_PATH = '/api/session';
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Reachable signed out: the sign-in page, its session endpoint, and the build's static files (no data).
const PUBLIC_PATHS = new Set([LOGIN_PATH, SESSION_PATH, '/icon.svg', '/favicon.ico']);
const STATIC_PATH = /^\/_next\/static\/[A-Za-z0-9._~/-]+$/;

/** `host[:port]` split into a lowercase name and the port ('' when absent); null when malformed. */
export function splitHost(value: string): { name: string; port: string } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  return m ? { name: m[1].toLowerCase(), port: m[2] ?? '' } : null;
}

/** Whether the Host header names this server: a localhost name (any port) or an allowed host. */
export function hostAllowed(host: string | undefined, config: GateConfig): boolean {
  const h = host ? splitHost(host) : null;
  if (!h) return false;
  if (LOCAL_HOSTS.includes(h.name)) return true;
  return config.allowedHosts.some((a) => a === h.name || (h.port !== '' && a === `${h.name}:${h.port}`));
}

/**
 * Same-origin by default: the origin's host must be the Host the request was sent to (itself allowed),
 * or the origin must be listed in BACKTALK_ALLOWED_ORIGINS. `null` and malformed origins are refused.
 */
export function originAllowed(origin: string, host: string | undefined, config: GateConfig): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (config.allowedOrigins.includes(url.origin)) return true;
  return host !== undefined && url.host === host.trim().toLowerCase();
}

const mediaType = (ct: string | undefined) => (ct ?? '').split(';')[0].trim().toLowerCase();

function refuse(status: number, error: string, hint: string): GateDecision {
  return { action: 'refuse', status, error, hint };
}

/** The path of a request target, or null when it is not one (absolute-form targets keep only the path). */
function pathOf(url: string): string | null {
  const raw = url.split('?')[0];
  if (raw.startsWith('/')) return raw;
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

function isPublic(path: string): boolean {
  return PUBLIC_PATHS.has(path) || (STATIC_PATH.test(path) && !path.includes('..'));
}

/** Signed in: a matching bearer token, or a session cookie issued from the token and not expired. */
export function authenticated(req: GateRequest, token: string, nowMs: number): boolean {
  const given = bearerToken(req.authorization);
  if (given !== undefined) return tokenMatches(given, token);
  return sessionValid(readCookie(req.cookie, SESSION_COOKIE), token, nowMs);
}

/** Where the sign-in page sends the browser back to: a path on this site, never elsewhere. */
export function safeNext(value: string | null | undefined): string {
  // `//evil.example` and `/\evil.example` are other sites to a browser.
  const ok = value && /^\/(?![/\\])/.test(value) && value.length <= 2000 && !/[\s\\]/.test(value);
  return ok ? value : '/';
}

/** The one decision for a request or socket upgrade. */
export function decide(req: GateRequest, config: GateConfig, nowMs: number): GateDecision {
  if (!hostAllowed(req.host, config))
    return refuse(
      421,
      `this server does not answer to the host name '${(req.host ?? '(none)').slice(0, 100)}'`,
      'open it as http://localhost:<port>, or add the name to BACKTALK_ALLOWED_HOSTS on the server',
    );
  const path = pathOf(req.url);
  if (path === null)
    return refuse(400, 'the request target is not a path', 'request a path such as /api/runs');

  const write = !SAFE_METHODS.has(req.method.toUpperCase()) && !req.upgrade;
  if (req.origin !== undefined && !originAllowed(req.origin, req.host, config))
    return refuse(
      403,
      `requests from the origin '${req.origin.slice(0, 100)}' are not allowed`,
      'use the app from its own address, or add the origin to BACKTALK_ALLOWED_ORIGINS on the server',
    );
  // Writes without an Origin: a Referer, when sent, must still be this site's.
  if (write && req.origin === undefined && req.referer !== undefined) {
    let refOrigin: string | null = null;
    try {
      refOrigin = new URL(req.referer).origin;
    } catch {}
    if (refOrigin === null || !originAllowed(refOrigin, req.host, config))
      return refuse(
        403,
        'requests from another site are not allowed',
        'use the app from its own address, or add the origin to BACKTALK_ALLOWED_ORIGINS on the server',
      );
  }
  if (write && req.hasBody) {
    const type = mediaType(req.contentType);
    // A checked Origin or Referer, or an Authorization header (which no cross-site form can send).
    const vouched = req.origin !== undefined || req.referer !== undefined || req.authorization !== undefined;
    // Next's dev overlay posts JSON untyped to its own /__nextjs_* endpoints, always with an Origin.
    const devTool = path.startsWith('/__nextjs_') && req.origin !== undefined;
    if (type !== 'application/json' && !(type === 'multipart/form-data' && vouched) && !devTool)
      return refuse(
        415,
        `the request body must be JSON, not '${type.slice(0, 60) || 'untyped'}'`,
        'send the body with Content-Type: application/json',
      );
  }

  if (config.token === null || isPublic(path) || authenticated(req, config.token, nowMs))
    return { action: 'pass' };
  const page = !req.upgrade && !write && path !== '/api' && !path.startsWith('/api/');
  if (page)
    return { action: 'redirect', location: `${LOGIN_PATH}?next=${encodeURIComponent(safeNext(req.url))}` };
  return refuse(
    401,
    'sign-in required',
    req.upgrade || !path.startsWith('/api')
      ? `sign in at ${LOGIN_PATH} first`
      : `send Authorization: Bearer <BACKTALK_TOKEN>, or sign in at ${LOGIN_PATH}`,
  );
}
