// The alerts API: channels with write-only secrets, clear 400s, a test send through a local receiver.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestEnv, apiTestEnv } from '../../../lib/store/test-utils';
import { closeAlerts } from '../../../server/alerts';
import { closeServices } from '../../../server/services';
import * as one from './[id]/route';
import * as test from './[id]/test/route';
import * as deliveries from './deliveries/route';
import * as alerts from './route';

let env: ApiTestEnv;
let server: Server;
let url = '';
const got: string[] = [];

beforeAll(async () => {
  env = apiTestEnv('backtalk-alerts-api-');
  server = createServer((req, res) => {
    let b = '';
    req.on('data', (d) => {
      b += d;
    });
    req.on('end', () => {
      got.push(b);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await closeAlerts();
  await closeServices();
  await new Promise((r) => server.close(r));
  env.restore();
});

const req = (path: string, method = 'GET', body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
async function call(res: Promise<Response>): Promise<{ status: number; body: any }> {
  const r = await res;
  return { status: r.status, body: r.status === 204 ? null : await r.json() };
}

const SECRET = 'webhook-secret-0123456789';

describe('alerts API', () => {
  it('adds a channel, never shows its secret, sends a test and records it', async () => {
    const created = await call(
      alerts.POST(
        req('/api/alerts', 'POST', {
          name: 'Hook',
          kind: 'webhook',
          config: { url, secret: SECRET },
          events: ['fill'],
        }),
      ),
    );
    expect(created.status).toBe(201);
    expect(created.body.channel).toMatchObject({
      name: 'Hook',
      kind: 'webhook',
      events: ['fill'],
      config: { url, secret: 'set' },
    });
    const id = created.body.channel.id;
    const listed = await alerts.GET();
    const text = await listed.text();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).channels).toHaveLength(1);

    const sent = await call(test.POST(req(`/api/alerts/${id}/test`, 'POST'), params(id)));
    expect(sent.body.outcome).toEqual({ ok: true, attempts: 1, status: 200 });
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]).run.name).toBe('Backtalk test alert');
    const recorded = await call(deliveries.GET(req(`/api/alerts/deliveries?channelId=${id}`)));
    expect(recorded.body.deliveries.map((d: { status: string }) => d.status)).toEqual(['sent']);

    const off = await call(one.PATCH(req(`/api/alerts/${id}`, 'PATCH', { enabled: false }), params(id)));
    expect(off.body.channel).toMatchObject({ enabled: false, config: { secret: 'set' } });
    expect((await call(one.DELETE(req(`/api/alerts/${id}`, 'DELETE'), params(id)))).status).toBe(204);
    expect((await call(one.GET(req(`/api/alerts/${id}`), params(id)))).status).toBe(404);
  });

  it('says what is wrong with a channel', async () => {
    const cases: [unknown, RegExp][] = [
      ['{', /not valid JSON/],
      [{ name: 'x', kind: 'sms', config: {} }, /kind/],
      [
        { name: 'x', kind: 'webhook', config: { url: 'https://a:b@x.example/', secret: SECRET } },
        /without a user or password/,
      ],
      [{ name: 'x', kind: 'webhook', config: { url, secret: 'short' } }, /at least 16 characters/],
      [{ name: 'x', kind: 'telegram', config: { botToken: 'nope', chatId: 1 } }, /@BotFather/],
      [
        {
          name: 'x',
          kind: 'email',
          config: { host: 'h', port: 99999, secure: false, from: 'a@b.c', to: ['d@e.f'] },
        },
        /port/,
      ],
      [{ name: 'x', kind: 'webhook', config: { url, secret: SECRET }, extra: 1 }, /extra|unrecognized/i],
    ];
    for (const [body, message] of cases) {
      const r = await call(alerts.POST(req('/api/alerts', 'POST', body)));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toMatch(message);
      expect(r.body.hint).toBeTruthy();
    }
    expect((await call(one.GET(req('/api/alerts/..%2F'), params('../')))).status).toBe(400);
  });
});
