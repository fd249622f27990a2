// The gate in front of a real HTTP server (a stand-in for Next that records what reaches it) and the
// real /ws socket: each attack from issue 9 sent over the wire.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { synthetic } from '../lib/data';
import type { GateConfig } from '../lib/http/server';
import { decodeFrame } from '../lib/transport';
import { createGate } from './gate';
import { attachWorkspaceSocket } from './ws';

const TOKEN = 'test-token-0123456789abcdef';
const reached: string[] = [];

/** The gate, then a handler standing in for Next: it creates whatever is POSTed (201), like the API. */
async function start(config: GateConfig): Promise<[Server, number]> {
  const gate = createGate(config);
  const server = createServer((req, res) => {
    void gate.handle(req, res).then((answered) => {
      if (answered) return;
      reached.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  attachWorkspaceSocket(server, {
    load: async (r) => ({
      bars: synthetic({ seed: 1, bars: 50 }),
      source: r.source,
      symbol: 'S',
      timeframe: '1d',
      issues: [],
    }),
    cacheKind: () => 'memory',
    gate,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return [server, (server.address() as AddressInfo).port];
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
) {
  return new Promise<Answer>((resolve, reject) => {
    const r = request(
      { host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

/** Opens /ws; resolves with the first frame's type, or rejects with the refusal's status. */
function socket(port: number, headers: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    ws.on('message', (data) => {
      resolve((decodeFrame(data as Buffer) as { type: string }).type);
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

beforeEach(() => {
  reached.length = 0;
});

describe('with no token (loopback)', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    [server, port] = await start({ token: null, allowedHosts: [], allowedOrigins: [] });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses the text/plain POST from https://evil.example that created a strategy (201)', async () => {
    const a = await send(
      port,
      'POST',
      '/api/strategies',
      { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      '{"name":"pwned"}',
    );
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body)).toMatchObject({ error: expect.stringContaining('evil.example') });
    expect(reached).toEqual([]);
  });

  it('refuses a text/plain write with no Origin too (415), and lets a same-origin JSON write through', async () => {
    expect((await send(port, 'POST', '/api/strategies', { 'Content-Type': 'text/plain' }, '{}')).status).toBe(
      415,
    );
    const ok = await send(
      port,
      'POST',
      '/api/strategies',
      { Origin: `http://127.0.0.1:${port}`, 'Content-Type': 'application/json' },
      '{"name":"mine"}',
    );
    expect(ok.status).toBe(201);
    expect(reached).toEqual(['POST /api/strategies']);
  });

  it('refuses a DNS-rebound Host on requests and on the socket', async () => {
    const a = await send(port, 'GET', '/api/strategies', { Host: `rebind.evil.example:${port}` });
    expect(a.status).toBe(421);
    expect(JSON.parse(a.body).hint).toMatch(/BACKTALK_ALLOWED_HOSTS/);
    await expect(socket(port, { Host: `rebind.evil.example:${port}` })).rejects.toThrow(/421/);
    expect(reached).toEqual([]);
  });

  it('refuses a cross-site socket and opens a same-origin one with no sign-in', async () => {
    await expect(socket(port, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(socket(port, { Origin: `http://127.0.0.1:${port}` })).resolves.toBe('ready');
  });

  it('says sign-in is off', async () => {
    const a = await send(port, 'GET', '/api/session');
    expect(JSON.parse(a.body)).toEqual({ required: false, signedIn: true });
    const login = await send(
      port,
      'POST',
      '/api/session',
      { 'Content-Type': 'application/json' },
      '{"token":"x"}',
    );
    expect(login.status).toBe(404);
  });
});

describe('with BACKTALK_TOKEN', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    [server, port] = await start({ token: TOKEN, allowedHosts: [], allowedOrigins: [] });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const login = (token: string, headers: Record<string, string> = {}) =>
    send(
      port,
      'POST',
      '/api/session',
      { 'Content-Type': 'application/json', ...headers },
      JSON.stringify({ token }),
    );

  it('answers the signed-out API with JSON 401, pages with a redirect to /login, the socket with 401', async () => {
    const api = await send(port, 'GET', '/api/strategies');
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({
      error: 'sign-in required',
      hint: expect.stringMatching(/Bearer/),
    });
    const page = await send(port, 'GET', '/reports');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Freports');
    expect((await send(port, 'GET', '/login')).status).toBe(200);
    await expect(socket(port)).rejects.toThrow(/401/);
    expect(reached).toEqual(['GET /login']);
  });

  it('lets API clients in with the bearer token, on requests and the socket', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    expect((await send(port, 'GET', '/api/runs', auth)).status).toBe(200);
    expect((await send(port, 'GET', '/api/runs', { Authorization: 'Bearer wrong-token' })).status).toBe(401);
    await expect(socket(port, auth)).resolves.toBe('ready');
    expect(reached).toEqual(['GET /api/runs']);
  });

  it('signs in with the token: an httpOnly, SameSite=Strict cookie without the token, good for pages and /ws', async () => {
    const a = await login(TOKEN);
    expect(a.status).toBe(200);
    const set = String(a.headers['set-cookie']);
    expect(set).toMatch(
      /^backtalk_session=v1\.\d+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    expect(set).not.toContain(TOKEN);
    const cookie = set.split(';')[0];
    expect((await send(port, 'GET', '/reports', { Cookie: cookie })).status).toBe(200);
    await expect(socket(port, { Cookie: cookie })).resolves.toBe('ready');
    expect(String((await login(TOKEN, { 'X-Forwarded-Proto': 'https' })).headers['set-cookie'])).toMatch(
      /; Secure$/,
    );

    const out = await send(port, 'DELETE', '/api/session', { Cookie: cookie });
    expect(String(out.headers['set-cookie'])).toMatch(/^backtalk_session=; .*Max-Age=0/);
  });

  it('refuses a wrong token, an oversized body, and more than 10 wrong tokens a minute', async () => {
    const wrong = await login('not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const big = await send(
      port,
      'POST',
      '/api/session',
      { 'Content-Type': 'application/json' },
      'x'.repeat(5000),
    );
    expect(big.status).toBe(413);
    for (let i = 0; i < 9; i++) await login('not-the-token-at-all');
    const limited = await login(TOKEN);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
  });

  it('refuses a cross-site sign-in and a form-encoded one', async () => {
    expect((await login(TOKEN, { Origin: 'https://evil.example' })).status).toBe(403);
    const form = await send(
      port,
      'POST',
      '/api/session',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      `token=${TOKEN}`,
    );
    expect(form.status).toBe(415);
  });
});
