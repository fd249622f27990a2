// Alerts against local receivers: an HTTP server that checks the signature (and fails first), a real SMTP
// server with a login, and a stub of Telegram's Bot API answering with recorded responses.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { type AlertContext, channelSchema, formatAlert, publicConfig } from './index';
import { deliver, SIGNATURE_HEADER, signature } from './server';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d) => {
      s += d;
    });
    req.on('end', () => resolve(s));
  });

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ctx: AlertContext = {
  run: { id: 'r1', name: 'EMA on paper', market: 'yahoo:AAPL' },
  event: {
    seq: 3,
    kind: 'fill',
    time: Date.UTC(2024, 0, 8),
    body: { action: 'entry', side: 1, verb: 'buy', quantity: 869, price: 11.5, reason: 'entry' },
  },
  account: { equity: 10_000 },
};
const noWait = { sleep: async () => {}, backoffMs: 1 };

describe('alerts', () => {
  it('says what happened in one line', () => {
    const m = formatAlert(ctx);
    expect(m.subject).toBe('EMA on paper (yahoo:AAPL): bought 869 at 11.5 (opens a long)');
    expect(m.text).toBe(`${m.subject}\nBar: 2024-01-08 00:00 UTC\nEquity: 10000`);
    const exit = formatAlert({
      ...ctx,
      event: {
        ...ctx.event,
        body: { action: 'exit', side: 1, verb: 'sell', quantity: 869, price: 9.5, reason: 'stop loss' },
      },
    });
    expect(exit.subject).toMatch(/sold 869 at 9.5 \(closes a long: stop loss\)$/);
    const sig = formatAlert({
      ...ctx,
      event: { ...ctx.event, kind: 'signal', body: { kind: 'buy', order: 'limit', price: 101.25 } },
    });
    expect(sig.subject).toMatch(/signal: buy limit order at 101.25$/);
  });

  it('refuses bad channels with what is wrong, and never shows a secret', () => {
    const bad = channelSchema.safeParse({
      kind: 'webhook',
      config: { url: 'https://u:p@example.com/x', secret: 'short' },
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues.map((i) => i.message))).toMatch(
      /without a user or password.*at least 16 characters/,
    );
    expect(
      channelSchema.safeParse({
        kind: 'webhook',
        config: { url: 'file:///etc/passwd', secret: 'x'.repeat(16) },
      }).success,
    ).toBe(false);
    const tg = channelSchema.parse({
      kind: 'telegram',
      config: { botToken: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ', chatId: 42 },
    });
    expect(publicConfig(tg)).toEqual({ botToken: 'set', chatId: 42 });
  });

  it('posts a signed webhook, retrying after a 500', async () => {
    const secret = 'a-webhook-secret-of-32-characters';
    const got: { status: number; sig: string; body: string }[] = [];
    const url = await listen(
      createServer(async (req, res) => {
        const body = await read(req);
        const sig = String(req.headers[SIGNATURE_HEADER.toLowerCase()]);
        const status = got.length === 0 ? 500 : 204;
        got.push({ status, sig, body });
        res.writeHead(status).end();
      }),
    );
    const now = Date.UTC(2024, 0, 8, 12);
    const out = await deliver({ kind: 'webhook', config: { url: `${url}/hook`, secret } }, formatAlert(ctx), {
      ...noWait,
      now: () => now,
    });
    expect(out).toEqual({ ok: true, attempts: 2, status: 204 });
    // The receiver's check, written from the documented rule: HMAC-SHA256(secret, "<t>.<body>").
    const [t, v1] = got[1].sig.split(',').map((p) => p.split('=')[1]);
    expect(Number(t)).toBe(now / 1000);
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${got[1].body}`).digest('hex'));
    expect(JSON.parse(got[1].body)).toMatchObject({
      run: { id: 'r1' },
      event: { seq: 3, kind: 'fill', price: 11.5 },
    });
    expect(signature(secret, got[1].body, Number(t))).toBe(got[1].sig);
  });

  it('gives up on a webhook that refuses (4xx) at once, and on one that is down after its attempts', async () => {
    const url = await listen(createServer((_q, res) => res.writeHead(410).end('gone')));
    const spec = { kind: 'webhook' as const, config: { url, secret: 'x'.repeat(20) } };
    expect(await deliver(spec, formatAlert(ctx), noWait)).toEqual({
      ok: false,
      attempts: 1,
      status: 410,
      error: 'the webhook answered 410: gone',
    });
    const down = await deliver(
      { ...spec, config: { ...spec.config, url: 'http://127.0.0.1:9/' } },
      formatAlert(ctx),
      {
        ...noWait,
        attempts: 3,
      },
    );
    expect(down).toMatchObject({ ok: false, attempts: 3 });
    expect(down.error).toMatch(/could not reach 127.0.0.1:9/);
  });

  it('sends email through an SMTP server that asks for a login', async () => {
    const mails: { from?: string; to: string[]; data: string; user?: string }[] = [];
    const smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _s, cb) {
        if (auth.username === 'alerts' && auth.password === 'smtp-password-1')
          cb(null, { user: auth.username });
        else cb(new Error('bad login'));
      },
      onData(stream, session, cb) {
        let data = '';
        stream.on('data', (d) => {
          data += d;
        });
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
            user: session.user as string,
          });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => smtp.close(() => r())));
    const port = (smtp.server.address() as AddressInfo).port;
    const config = {
      host: '127.0.0.1',
      port,
      secure: false,
      user: 'alerts',
      from: 'bot@backtalk.local',
      to: ['me@example.com'],
    };
    const ok = await deliver(
      { kind: 'email', config: { ...config, password: 'smtp-password-1' } },
      formatAlert(ctx),
      noWait,
    );
    expect(ok).toEqual({ ok: true, attempts: 1, status: 250 });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: 'bot@backtalk.local', to: ['me@example.com'], user: 'alerts' });
    expect(mails[0].data).toMatch(/Subject: EMA on paper \(yahoo:AAPL\): bought 869 at 11\.5/);
    const refused = await deliver(
      { kind: 'email', config: { ...config, password: 'wrong-password-2' } },
      formatAlert(ctx),
      noWait,
    );
    expect(refused.ok).toBe(false);
    expect(refused.error).not.toContain('wrong-password-2');
  });

  it('sends Telegram messages, and says why the Bot API refused one without showing the token', async () => {
    // Recorded from the Bot API (trimmed): a sendMessage that worked, and the answer to a revoked token.
    const OK = {
      ok: true,
      result: { message_id: 5, chat: { id: 42, type: 'private' }, date: 1733616000, text: '…' },
    };
    const UNAUTHORIZED = { ok: false, error_code: 401, description: 'Unauthorized' };
    const token = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ';
    const seen: { path: string; body: Record<string, unknown> }[] = [];
    const base = await listen(
      createServer(async (req, res) => {
        seen.push({ path: String(req.url), body: JSON.parse(await read(req)) });
        const good = req.url === `/bot${token}/sendMessage`;
        res
          .writeHead(good ? 200 : 401, { 'content-type': 'application/json' })
          .end(JSON.stringify(good ? OK : UNAUTHORIZED));
      }),
    );
    const spec = { kind: 'telegram' as const, config: { botToken: token, chatId: 42, apiBase: base } };
    expect(await deliver(spec, formatAlert(ctx), noWait)).toEqual({ ok: true, attempts: 1, status: 200 });
    expect(seen[0].body).toMatchObject({ chat_id: 42, text: formatAlert(ctx).text });
    const revoked = '123456:ZZZdefGHIjklMNOpqrSTUvwxYZ';
    const bad = await deliver(
      { ...spec, config: { ...spec.config, botToken: revoked } },
      formatAlert(ctx),
      noWait,
    );
    expect(bad).toMatchObject({ ok: false, attempts: 1, status: 401 });
    expect(bad.error).toMatch(/Telegram refused the message \(401\): Unauthorized/);
    const down = await deliver(
      { ...spec, config: { ...spec.config, apiBase: 'http://127.0.0.1:9' } },
      formatAlert(ctx),
      {
        ...noWait,
        attempts: 2,
      },
    );
    expect(down.ok).toBe(false);
    expect(down.error).not.toContain(token);
  });
});
