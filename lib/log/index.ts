// Log lines without credentials. Errors are logged whole (message, cause chain, properties such as a
// failed request's URL), and those can carry a password from OPENAI_BASE_URL or REDIS_URL, an API key,
// or the sign-in token: everything written goes through `redact` first (redactConsole, in server.ts,
// routes the process's console through it).
const MASK = '[redacted]';
/** Shorter values would mask ordinary words; real secrets are longer. */
const MIN_SECRET = 6;

/**
 * Masks credentials in URLs (`//user:pass@`), bearer tokens, OpenAI-style keys, Telegram bot tokens and
 * the given secret values.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < MIN_SECRET) continue;
    out = out.split(s).join(MASK);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join(MASK);
  }
  return (
    out
      .replace(/\/\/[^/@\s]+@/g, `//${MASK}@`)
      .replace(/\bsk-[\w-]{16,}/g, MASK)
      // A Telegram bot token, which the Bot API puts in the URL path (/bot123456:ABC…/sendMessage).
      .replace(/\b(bot)?\d{3,20}:[A-Za-z0-9_-]{30,}/g, (_m, bot: string | undefined) => `${bot ?? ''}${MASK}`)
      .replace(/\bBearer\s+(?!\[redacted\])[^\s"',]+/gi, `Bearer ${MASK}`)
  );
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

export { describeError } from './describe';
