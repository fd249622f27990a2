// Where the server may listen, decided from its environment before it starts: loopback by default;
// any other interface only with BACKTALK_TOKEN, since everyone who can reach it could otherwise read,
// change and delete everything. A refusal says exactly what to set.
import type { GateConfig } from './gate';
import { splitHost } from './gate';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3000;
export const MIN_TOKEN_LENGTH = 16;

export type ListenPlan =
  | { readonly ok: true; readonly host: string; readonly port: number; readonly gate: GateConfig }
  | { readonly ok: false; readonly message: string };

type Env = Readonly<Record<string, string | undefined>>;

const TOKEN_HOW = 'e.g. BACKTALK_TOKEN=$(openssl rand -hex 32) in .env or the environment';

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The server's host, port and gate from its environment, or why it must not start. */
export function planListen(env: Env): ListenPlan {
  const bad = (message: string): ListenPlan => ({ ok: false, message });
  const host = env.HOST?.trim() || DEFAULT_HOST;
  const rawPort = env.PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535)
    return bad(`PORT must be a whole number from 0 to 65535, got '${rawPort.slice(0, 40)}'`);

  const token = env.BACKTALK_TOKEN?.trim() || null;
  if (token !== null && token.length < MIN_TOKEN_LENGTH)
    return bad(
      `BACKTALK_TOKEN is too short (${token.length} characters): use at least ${MIN_TOKEN_LENGTH} random characters, ${TOKEN_HOW}`,
    );
  if (token === null && !isLoopback(host))
    return bad(
      `HOST=${host} lets other machines reach the server, so it needs a sign-in token: set BACKTALK_TOKEN (${TOKEN_HOW}), or unset HOST to listen on ${DEFAULT_HOST} only`,
    );

  const allowedHosts: string[] = [];
  for (const entry of list(env.BACKTALK_ALLOWED_HOSTS)) {
    const h = splitHost(entry);
    if (!h)
      return bad(
        `BACKTALK_ALLOWED_HOSTS has '${entry.slice(0, 80)}', which is not a host name: list names like backtalk.example.com or 192.168.1.20:3000, comma-separated`,
      );
    allowedHosts.push(h.port ? `${h.name}:${h.port}` : h.name);
  }
  // A specific address to listen on is also a name the server answers to (an IP cannot be rebound).
  const bound = splitHost(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  if (bound && !isLoopback(host) && bound.name !== '0.0.0.0' && bound.name !== '[::]')
    allowedHosts.push(bound.name);

  const allowedOrigins: string[] = [];
  for (const entry of list(env.BACKTALK_ALLOWED_ORIGINS)) {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {}
    const plain = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!url || !plain || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      return bad(
        `BACKTALK_ALLOWED_ORIGINS has '${entry.slice(0, 80)}', which is not an origin: list them like https://backtalk.example.com (scheme, host and port only), comma-separated`,
      );
    allowedOrigins.push(url.origin);
  }
  return { ok: true, host, port, gate: { token, allowedHosts, allowedOrigins } };
}
