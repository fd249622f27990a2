// Log lines without credentials. Errors are logged whole (message, cause chain, properties such as a
// failed request's URL), and those can carry a password from OPENAI_BASE_URL or REDIS_URL, an API key,
// or the sign-in token: everything written goes through `redact` first.
import { format } from 'node:util';

const MASK = '[redacted]';
/** Shorter values would mask ordinary words; real secrets are longer. */
const MIN_SECRET = 6;

/** Masks credentials in URLs (`//user:pass@`), bearer tokens, OpenAI-style keys and the given secret values. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < MIN_SECRET) continue;
    out = out.split(s).join(MASK);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join(MASK);
  }
  return out
    .replace(/\/\/[^/@\s]+@/g, `//${MASK}@`)
    .replace(/\bsk-[\w-]{16,}/g, MASK)
    .replace(/\bBearer\s+(?!\[redacted\])[^\s"',]+/gi, `Bearer ${MASK}`);
}

const SECRET_NAME = /(^|_)(KEY|TOKEN|SECRET|PASSWORD|PASS)$/i;
const URL_NAME = /_URL$/i;

/**
 * The secret values in an environment: variables named like *_KEY, *_TOKEN, *_SECRET, *_PASSWORD, and
 * the user and password inside any *_URL (OPENAI_BASE_URL, REDIS_URL).
 */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const out = new Set<string>();
  for (const [name, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!value) continue;
    if (SECRET_NAME.test(name)) out.add(value);
    else if (URL_NAME.test(name)) {
      try {
        const u = new URL(value);
        for (const part of [u.password, u.username]) if (part) out.add(decodeURIComponent(part));
      } catch {}
    }
  }
  return [...out].filter((s) => s.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
let installed = false;

/**
 * Routes every console line of this process (ours, Next's, libraries') through `redact`. Once per process;
 * the server and the scheduler call it first thing.
 */
export function redactConsole(secrets: readonly string[] = secretsFromEnv(process.env)): void {
  if (installed) return;
  installed = true;
  for (const m of METHODS) {
    const original = console[m].bind(console);
    console[m] = (...args: unknown[]) => original(redact(format(...args), secrets));
  }
}
export { describeError } from './describe';
