// Public surface of alerts (pure, browser-safe): the channels a trader can be told through (a webhook,
// email, Telegram), which paper events each wants, the messages they get, and a channel as the browser
// may see it (no secret ever leaves the server). Delivery is in the server entry, server.ts.
import { z } from 'zod';

export const ALERT_EVENTS = ['signal', 'fill'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

/** http(s) only, no credentials in the address (a secret belongs in `secret`, which signs the body). */
const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address without a user or password in it');

const email = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'must be an email address');

export const webhookConfig = z.strictObject({
  url: httpUrl,
  /** Signs each body (HMAC-SHA256); the receiver checks it with the same secret. */
  secret: z.string().min(16, 'must be at least 16 characters').max(256),
});
export const emailConfig = z.strictObject({
  host: text(253),
  port: z.number().int().min(1).max(65_535),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean(),
  user: text(320).optional(),
  password: z.string().min(1).max(1024).optional(),
  from: email,
  to: z.array(email).min(1).max(20),
});
export const telegramConfig = z.strictObject({
  botToken: z
    .string()
    .trim()
    .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, 'must look like 123456:ABC… (from @BotFather)'),
  chatId: z.union([
    z.number().int(),
    z
      .string()
      .trim()
      .regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/),
  ]),
  /** The Bot API's address; tests point it at a local stub. */
  apiBase: httpUrl.optional(),
});

export const channelSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), config: webhookConfig }),
  z.strictObject({ kind: z.literal('email'), config: emailConfig }),
  z.strictObject({ kind: z.literal('telegram'), config: telegramConfig }),
]);
export type ChannelSpec = z.infer<typeof channelSchema>;
export type ChannelKind = ChannelSpec['kind'];

/** The secret fields of each kind: write-only. */
export const SECRET_FIELDS: Readonly<Record<ChannelKind, readonly string[]>> = {
  webhook: ['secret'],
  email: ['password'],
  telegram: ['botToken'],
};

/** A channel's configuration with every secret replaced by whether it is set: what the browser may see. */
export function publicConfig(spec: ChannelSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec.config };
  for (const k of SECRET_FIELDS[spec.kind]) if (k in out) out[k] = out[k] ? 'set' : 'not set';
  return out;
}

/** What an alert says, once per event: a subject line, a short text, and the JSON a webhook receives. */
export interface AlertMessage {
  readonly subject: string;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

export interface AlertContext {
  readonly run: { readonly id: string; readonly name: string; readonly market: string };
  readonly event: {
    readonly seq: number;
    readonly kind: AlertEvent;
    readonly time: number;
    readonly body: Readonly<Record<string, unknown>>;
  };
  readonly account?: Readonly<Record<string, unknown>>;
}

const num = (x: unknown, digits = 6): string =>
  typeof x === 'number' && Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : '—';
const when = (t: number) =>
  new Date(t)
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d{3}Z$/, ' UTC');

/** One line per event: "EMA on paper (yahoo:AAPL): bought 869 at 11.5 (entry) on 2024-01-08 00:00 UTC". */
export function formatAlert(ctx: AlertContext): AlertMessage {
  const { run, event } = ctx;
  const b = event.body;
  let what: string;
  if (event.kind === 'fill') {
    const verb = b.verb === 'sell' ? 'sold' : 'bought';
    const side = b.side === -1 ? 'short' : 'long';
    const reason =
      b.action === 'entry' ? `opens a ${side}` : `closes a ${side}: ${String(b.reason ?? 'signal')}`;
    what = `${verb} ${num(b.quantity)} at ${num(b.price)} (${reason})`;
  } else {
    const order =
      b.order === 'market'
        ? 'at the next open'
        : `${String(b.order)} order${b.price === undefined ? '' : ` at ${num(b.price)}`}`;
    what = `signal: ${String(b.kind)} ${order}`;
  }
  const subject = `${run.name} (${run.market}): ${what}`.slice(0, 200);
  const equity = ctx.account?.equity;
  const text = `${subject}\nBar: ${when(event.time)}${equity === undefined ? '' : `\nEquity: ${num(equity, 8)}`}`;
  return {
    subject,
    text,
    json: {
      run: { id: run.id, name: run.name, market: run.market },
      event: { seq: event.seq, kind: event.kind, time: event.time, ...event.body },
      ...(ctx.account ? { account: ctx.account } : {}),
      text: subject,
    },
  };
}

/** The outcome of one delivery, as data. */
export interface DeliveryOutcome {
  readonly ok: boolean;
  readonly attempts: number;
  /** The receiver's HTTP status (webhook, Telegram) or SMTP response code, when one was heard. */
  readonly status?: number;
  /** What went wrong, without any secret. */
  readonly error?: string;
}
