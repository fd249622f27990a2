import { describe, expect, it } from 'vitest';
import { decide, type GateConfig, type GateRequest, hostAllowed, originAllowed, safeNext } from './gate';
import { issueSession, SESSION_COOKIE } from './session';

const NOW = Date.UTC(2025, 0, 1);
const TOKEN = 'correct-horse-battery-staple';
const open: GateConfig = { token: null, allowedHosts: [], allowedOrigins: [] };
const locked: GateConfig = { ...open, token: TOKEN };

const req = (r: Partial<GateRequest> = {}): GateRequest => ({
  method: 'GET',
  url: '/',
  host: '127.0.0.1:3000',
  hasBody: false,
  ...r,
});
const post = (r: Partial<GateRequest> = {}) =>
  req({ method: 'POST', url: '/api/strategies', hasBody: true, contentType: 'application/json', ...r });
const status = (d: ReturnType<typeof decide>) =>
  d.action === 'refuse' ? d.status : d.action === 'redirect' ? `redirect ${d.location}` : 'pass';

describe('Host (DNS rebinding)', () => {
  it('answers localhost names with any port', () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'LOCALHOST:1'])
      expect(hostAllowed(host, open), host).toBe(true);
  });

  it('refuses a rebound name, a missing Host and look-alikes with 421', () => {
    for (const host of [
      'evil.example',
      'evil.example:3000',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '',
    ])
      expect(status(decide(req({ host }), open, NOW)), host).toBe(421);
    expect(status(decide(req({ host: undefined }), open, NOW))).toBe(421);
    // The rebound page's socket is refused the same way.
    expect(status(decide(req({ url: '/ws', host: 'evil.example:3000', upgrade: true }), open, NOW))).toBe(
      421,
    );
  });

  it('answers BACKTALK_ALLOWED_HOSTS: a bare name with any port, name:port with that port only', () => {
    const c = { ...open, allowedHosts: ['backtalk.lan', '10.0.0.5:3000'] };
    expect(hostAllowed('backtalk.lan:8443', c)).toBe(true);
    expect(hostAllowed('10.0.0.5:3000', c)).toBe(true);
    expect(hostAllowed('10.0.0.5:3001', c)).toBe(false);
    expect(hostAllowed('10.0.0.5', c)).toBe(false);
    expect(hostAllowed('other.lan', c)).toBe(false);
  });
});

describe('Origin and Referer (cross-site requests)', () => {
  it('refuses the text/plain POST from https://evil.example that used to create a strategy', () => {
    const d = decide(post({ origin: 'https://evil.example', contentType: 'text/plain' }), open, NOW);
    expect(d).toMatchObject({ action: 'refuse', status: 403 });
    expect((d as { hint: string }).hint).toMatch(/BACKTALK_ALLOWED_ORIGINS/);
  });

  it('refuses a cross-site JSON write and a cross-site socket, even with a valid session', () => {
    const cookie = `${SESSION_COOKIE}=${issueSession(TOKEN, NOW)}`;
    expect(status(decide(post({ origin: 'https://evil.example', cookie }), locked, NOW))).toBe(403);
    expect(
      status(decide(req({ url: '/ws', upgrade: true, origin: 'https://evil.example' }), open, NOW)),
    ).toBe(403);
  });

  it("accepts the request's own origin, listed origins, and no Origin at all", () => {
    expect(status(decide(post({ origin: 'http://127.0.0.1:3000' }), open, NOW))).toBe('pass');
    expect(status(decide(post({ origin: 'http://127.0.0.1:3001' }), open, NOW))).toBe(403); // another local app
    const c = { ...open, allowedOrigins: ['https://backtalk.example.com'] };
    expect(status(decide(post({ origin: 'https://backtalk.example.com' }), c, NOW))).toBe('pass');
    expect(status(decide(post(), open, NOW))).toBe('pass'); // curl, the CLI
  });

  it('refuses opaque and malformed origins', () => {
    for (const origin of ['null', 'file://', 'not a url', 'chrome-extension://abc'])
      expect(originAllowed(origin, '127.0.0.1:3000', open), origin).toBe(false);
  });

  it('checks the Referer of a write that has no Origin, but not of a read', () => {
    expect(status(decide(post({ referer: 'https://evil.example/page' }), open, NOW))).toBe(403);
    expect(status(decide(post({ referer: 'http://127.0.0.1:3000/strategies' }), open, NOW))).toBe('pass');
    expect(status(decide(req({ referer: 'https://search.example/?q=backtalk' }), open, NOW))).toBe('pass');
  });
});

describe('Content-Type of writes', () => {
  it('refuses bodies that are not JSON with 415, whatever the origin', () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined])
      expect(status(decide(post({ contentType }), open, NOW)), String(contentType)).toBe(415);
    expect(status(decide(post({ method: 'PATCH', contentType: 'text/plain' }), open, NOW))).toBe(415);
  });

  it('accepts JSON with parameters, and bodiless writes (DELETE, run now)', () => {
    expect(status(decide(post({ contentType: 'application/json; charset=utf-8' }), open, NOW))).toBe('pass');
    const del = req({ method: 'DELETE', url: '/api/strategies/abc', hasBody: false });
    expect(status(decide(del, open, NOW))).toBe('pass');
  });

  it("lets Next's dev overlay post untyped JSON to its /__nextjs_ endpoints from the app's own origin", () => {
    const dev = { url: '/__nextjs_original-stack-frames', contentType: 'text/plain;charset=UTF-8' };
    expect(status(decide(post({ ...dev, origin: 'http://127.0.0.1:3000' }), open, NOW))).toBe('pass');
    expect(status(decide(post(dev), open, NOW))).toBe(415);
    expect(status(decide(post({ ...dev, origin: 'https://evil.example' }), open, NOW))).toBe(403);
  });

  it('accepts multipart only when an allowed Origin, a Referer or an Authorization header vouches for it', () => {
    const mp = { contentType: 'multipart/form-data; boundary=x', url: '/api/data/upload' };
    expect(status(decide(post(mp), open, NOW))).toBe(415);
    expect(status(decide(post({ ...mp, origin: 'http://127.0.0.1:3000' }), open, NOW))).toBe('pass');
    expect(status(decide(post({ ...mp, origin: 'https://evil.example' }), open, NOW))).toBe(403);
    expect(status(decide(post({ ...mp, authorization: `Bearer ${TOKEN}` }), locked, NOW))).toBe('pass');
  });
});

describe('sign-in with BACKTALK_TOKEN', () => {
  it('with no token set, nobody signs in', () => {
    expect(status(decide(req({ url: '/api/strategies' }), open, NOW))).toBe('pass');
    expect(status(decide(req({ url: '/ws', upgrade: true }), open, NOW))).toBe('pass');
  });

  it('sends signed-out pages to /login (keeping where they were going) and answers the API with 401', () => {
    expect(status(decide(req({ url: '/reports?x=1' }), locked, NOW))).toBe(
      `redirect /login?next=${encodeURIComponent('/reports?x=1')}`,
    );
    const api = decide(req({ url: '/api/strategies' }), locked, NOW);
    expect(api).toMatchObject({ action: 'refuse', status: 401 });
    expect((api as { hint: string }).hint).toMatch(/Authorization: Bearer/);
    expect(status(decide(post(), locked, NOW))).toBe(401);
    expect(status(decide(req({ url: '/ws', upgrade: true }), locked, NOW))).toBe(401);
    expect(status(decide(req({ method: 'POST', url: '/strategies' }), locked, NOW))).toBe(401);
  });

  it('lets the sign-in page, its endpoint and static build files through signed out', () => {
    for (const url of [
      '/login',
      '/login?next=%2F',
      '/api/session',
      '/_next/static/chunks/app-1a2b.js',
      '/icon.svg',
    ])
      expect(status(decide(req({ url }), locked, NOW)), url).toBe('pass');
    for (const url of ['/_next/static/../../api/strategies', '/_next/static/%2e%2e/api/runs', '/login/x'])
      expect(status(decide(req({ url }), locked, NOW)), url).not.toBe('pass');
  });

  it('accepts the bearer token and refuses a wrong one', () => {
    const api = (authorization: string) => decide(req({ url: '/api/runs', authorization }), locked, NOW);
    expect(status(api(`Bearer ${TOKEN}`))).toBe('pass');
    expect(status(api(`bearer ${TOKEN}`))).toBe('pass');
    expect(status(api(`Bearer ${TOKEN}x`))).toBe(401);
    expect(status(api(`Basic ${TOKEN}`))).toBe(401);
    expect(
      status(decide(req({ url: '/ws', upgrade: true, authorization: `Bearer ${TOKEN}` }), locked, NOW)),
    ).toBe('pass');
  });

  it('accepts a session cookie issued from the token until it expires; not one from another token', () => {
    const cookie = (v: string) => `theme=dark; ${SESSION_COOKIE}=${v}`;
    const value = issueSession(TOKEN, NOW, 3600);
    expect(value).not.toContain(TOKEN);
    const page = (c: string, now = NOW) => status(decide(req({ url: '/reports', cookie: c }), locked, now));
    expect(page(cookie(value))).toBe('pass');
    expect(status(decide(req({ url: '/ws', upgrade: true, cookie: cookie(value) }), locked, NOW))).toBe(
      'pass',
    );
    expect(page(cookie(value), NOW + 3601_000)).toMatch(/^redirect/);
    expect(page(cookie(issueSession('another-token-of-16+chars', NOW)))).toMatch(/^redirect/);
    expect(page(cookie(`${value.slice(0, -1)}A`))).toMatch(/^redirect/);
    expect(page(cookie(TOKEN))).toMatch(/^redirect/);
  });
});

describe('safeNext', () => {
  it('keeps paths on this site and drops everything else', () => {
    expect(safeNext('/reports/abc?x=1')).toBe('/reports/abc?x=1');
    for (const v of ['//evil.example', '/\\evil.example', 'https://evil.example', '', null, '/a b'])
      expect(safeNext(v), String(v)).toBe('/');
  });
});
