// Server-only entry of alerts: delivering a message through a channel. Every delivery is bounded in
// time and attempts, retried with back-off where a retry can help (network errors, 429, 5xx), and
// answers with its outcome as data; no secret reaches an error text (the Telegram token sits in the
// request's URL, so errors are redacted with it).
import { createHmac } from 'node:crypto';
import { redact } from '../log';
import type { AlertMessage, ChannelSpec, DeliveryOutcome } from './index';

export interface DeliverDeps {
  readonly fetch?: typeof fetch;
  /** Makes a nodemailer transport; tests may pass their own. */
  readonly mailer?: (config: Extract<ChannelSpec, { kind: 'email' }>['config']) => Mailer;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Per attempt. */
  readonly timeoutMs?: number;
  readonly attempts?: number;
  /** First back-off; doubles per attempt. */
  readonly backoffMs?: number;
  readonly now?: () => number;
  /** Ends a delivery early (the process is shutting down). */
  readonly signal?: AbortSignal;
}

export interface Mailer {
  sendMail(mail: {
    from: string;
    to: string[];
    subject: string;
    text: string;
  }): Promise<{ response?: string }>;
}

export const SIGNATURE_HEADER = 'X-Backtalk-Signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the time is signed too, so a replay can be refused. */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class Retryable extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Runs `attempt` up to `attempts` times while it throws Retryable; anything else ends it. */
async function withRetries(
  deps: DeliverDeps,
  secrets: readonly string[],
  attempt: () => Promise<number | undefined>,
): Promise<DeliveryOutcome> {
  const max = Math.max(1, deps.attempts ?? 4);
  const wait = deps.sleep ?? pause;
  let backoff = deps.backoffMs ?? 1_000;
  for (let i = 1; ; i++) {
    if (deps.signal?.aborted)
      return { ok: false, attempts: i - 1, error: 'not sent: the server is shutting down' };
    try {
      const status = await attempt();
      return { ok: true, attempts: i, ...(status === undefined ? {} : { status }) };
    } catch (e) {
      if (deps.signal?.aborted)
        return { ok: false, attempts: i, error: 'not sent: the server is shutting down' };
      const error = redact((e as Error).message, secrets);
      const status = (e as Retryable).status;
      if (!(e instanceof Retryable) || i >= max)
        return { ok: false, attempts: i, error, ...(status === undefined ? {} : { status }) };
      await wait(backoff);
      backoff *= 2;
    }
  }
}

async function post(
  deps: DeliverDeps,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const f = deps.fetch ?? fetch;
  let res: Response;
  try {
    res = await f(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      redirect: 'error',
      signal: deps.signal
        ? AbortSignal.any([deps.signal, AbortSignal.timeout(deps.timeoutMs ?? 10_000)])
        : AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
  } catch (e) {
    const cause = (e as Error).cause as Error | undefined;
    throw new Retryable(`could not reach ${new URL(url).host}: ${cause?.message ?? (e as Error).message}`);
  }
  const text = (await res.text()).slice(0, 500);
  if (res.status === 429 || res.status >= 500)
    throw new Retryable(`${new URL(url).host} answered ${res.status}`, res.status);
  return { status: res.status, text };
}

export async function deliver(
  spec: ChannelSpec,
  message: AlertMessage,
  deps: DeliverDeps = {},
): Promise<DeliveryOutcome> {
  switch (spec.kind) {
    case 'webhook': {
      const { url, secret } = spec.config;
      const body = JSON.stringify(message.json);
      return withRetries(deps, [secret], async () => {
        const t = Math.floor((deps.now ?? Date.now)() / 1000);
        const res = await post(deps, url, body, { [SIGNATURE_HEADER]: signature(secret, body, t) });
        if (res.status >= 300)
          throw Object.assign(new Error(`the webhook answered ${res.status}: ${res.text}`), {
            status: res.status,
          });
        return res.status;
      });
    }
    case 'telegram': {
      const { botToken, chatId, apiBase } = spec.config;
      const url = `${(apiBase ?? 'https://api.telegram.org').replace(/\/+$/, '')}/bot${botToken}/sendMessage`;
      const body = JSON.stringify({ chat_id: chatId, text: message.text, disable_web_page_preview: true });
      return withRetries(deps, [botToken], async () => {
        const res = await post(deps, url, body, {});
        let answer: { ok?: boolean; description?: string } = {};
        try {
          answer = JSON.parse(res.text);
        } catch {
          // not JSON: judged by the status alone
        }
        if (res.status >= 300 || answer.ok === false)
          throw Object.assign(
            new Error(`Telegram refused the message (${res.status}): ${answer.description ?? res.text}`),
            {
              status: res.status,
            },
          );
        return res.status;
      });
    }
    case 'email': {
      const c = spec.config;
      const secrets = c.password ? [c.password] : [];
      const mailer = (deps.mailer ?? nodemailerTransport)(c);
      return withRetries(deps, secrets, async () => {
        try {
          await mailer.sendMail({ from: c.from, to: c.to, subject: message.subject, text: message.text });
          return 250;
        } catch (e) {
          const err = e as { responseCode?: number; code?: string; message: string };
          // 4xx replies and connection failures are worth another try; 5xx replies are final.
          const status = err.responseCode;
          const retry = status === undefined ? err.code !== 'EAUTH' : status < 500;
          const msg = `the mail server refused the message: ${err.message}`;
          throw retry ? new Retryable(msg, status) : Object.assign(new Error(msg), { status });
        }
      });
    }
  }
}

function nodemailerTransport(c: Extract<ChannelSpec, { kind: 'email' }>['config']): Mailer {
  // Loaded when first used, so the app's other routes do not pay for it.
  const ready = import('nodemailer').then((m) =>
    m.createTransport({
      host: c.host,
      port: c.port,
      secure: c.secure,
      ...(c.user ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    }),
  );
  return { sendMail: async (mail) => (await ready).sendMail(mail) };
}
