// Issue 9's "who may use it" attacks against the real server (npm start's server/main.ts), and the
// sign-in page in the browser: loopback by default, no start on other interfaces without a token,
// cross-site and rebound requests refused, unknown API paths answered in JSON, credentials kept out of
// the log, and a signed-in browser that still builds and runs a strategy over the socket.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, startApp, useSession } from './harness';

const TOKEN = 'e2e-token-5b7f0c1d9a3e4f26';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with exactly these headers (fetch would not let a test set Host or Origin freely). */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
) {
  const { hostname, port, host } = new URL(base);
  return new Promise<Answer>((resolve, reject) => {
    const r = request({ host: hostname, port, method, path, headers: { Host: host, ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

describe.skipIf(skipReason !== null)('access with no configuration', () => {
  // HOST unset (the harness's 127.0.0.1 cleared), and a model server URL with a password in it.
  const s = useSession({
    HOST: '',
    OPENAI_BASE_URL: 'http://backtalk:s3cretpw@127.0.0.1:9/v1',
    BACKTALK_MODEL: 'llama3.1',
  });

  it('listens on 127.0.0.1 only', () => {
    expect(s.app.log()).toMatch(/ready on .*listening on 127\.0\.0\.1, no sign-in/);
  });

  it('refuses the text/plain POST from https://evil.example, and creates nothing', async () => {
    const a = await send(
      s.app.url,
      'POST',
      '/api/strategies',
      { Origin: 'https://evil.example', 'Content-Type': 'text/plain;charset=UTF-8' },
      JSON.stringify({ name: 'planted' }),
    );
    expect(a.status).toBe(403);
    expect(JSON.parse(a.body)).toMatchObject({ hint: expect.stringMatching(/BACKTALK_ALLOWED_ORIGINS/) });
    const list = await send(s.app.url, 'GET', '/api/strategies');
    expect(list.status).toBe(200);
    expect(list.body).not.toContain('planted');
  });

  it('refuses a DNS-rebound Host', async () => {
    const port = new URL(s.app.url).port;
    const a = await send(s.app.url, 'GET', '/api/strategies', { Host: `rebind.evil.example:${port}` });
    expect(a.status).toBe(421);
    expect(a.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers an unknown API path with a JSON 404, and known ones as before', async () => {
    const a = await send(s.app.url, 'GET', '/api/no-such-thing');
    expect(a.status).toBe(404);
    expect(a.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(a.body)).toEqual({
      error: 'there is no API at GET /api/no-such-thing',
      hint: expect.any(String),
    });
    const known = await send(s.app.url, 'GET', '/api/strategies');
    expect(known.status).toBe(200);
    expect(JSON.parse(known.body)).toHaveProperty('strategies');
  });

  it('keeps the OPENAI_BASE_URL password out of the server log when the model fails', async () => {
    const a = await send(
      s.app.url,
      'POST',
      '/api/chat',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ id: 'e2e-access-redact', text: 'buy when the 10 day average crosses the 30 day' }),
    );
    expect(a.status).toBe(200);
    const log = s.app.log();
    expect(log).toMatch(/chat: the model failed/);
    expect(log).toContain('[redacted]@127.0.0.1:9');
    expect(log).not.toContain('s3cretpw');
  });
});

describe.skipIf(skipReason !== null)('listening on every interface', () => {
  it('refuses to start without BACKTALK_TOKEN and says how to set it', async () => {
    await expect(startApp({ HOST: '0.0.0.0' })).rejects.toThrow(
      /exited \(2\)[\s\S]*not started: HOST=0\.0\.0\.0 .*set BACKTALK_TOKEN \(e\.g\. BACKTALK_TOKEN=\$\(openssl rand -hex 32\)/,
    );
  });
});

describe.skipIf(skipReason !== null)('access with BACKTALK_TOKEN', () => {
  const s = useSession({ HOST: '0.0.0.0', BACKTALK_TOKEN: TOKEN });

  it('asks API clients for the bearer token', async () => {
    expect(s.app.log()).toMatch(/listening on 0\.0\.0\.0, sign-in required/);
    const a = await send(s.app.url, 'GET', '/api/strategies');
    expect(a.status).toBe(401);
    expect(JSON.parse(a.body)).toMatchObject({ error: 'sign-in required' });
    const ok = await send(s.app.url, 'GET', '/api/strategies', { Authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
  });

  it('signs the browser in at /login, then the app works, socket included', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(`${s.app.url}/strategies`);
    await page.waitForURL(`${s.app.url}/login?next=%2Fstrategies`);
    await page.getByRole('heading', { name: 'Sign in to Backtalk' }).waitFor();
    await screenshot(page, 'access-1-login');

    await page.getByLabel('Access token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // (Next's route announcer is an alert too: look for ours by its text.)
    await page.getByRole('alert').filter({ hasText: 'that is not the token' }).waitFor();
    await expect(page.getByLabel('Access token').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'access-2-wrong-token');

    await page.getByLabel('Access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${s.app.url}/strategies`);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'backtalk_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });
    expect(session?.value).not.toContain(TOKEN);

    // A strategy from an example: a JSON write, then the workspace runs it over /ws.
    await page.locator('button[data-testid="example-sma-cross"]').click();
    await page.waitForURL(/\/strategies\/[A-Za-z0-9_-]+$/);
    await page.locator('[data-testid="chart"] canvas').first().waitFor();
    await screenshot(page, 'access-3-signed-in-workspace');

    // Signing out at /login clears the session: pages send the browser back to sign in.
    await page.goto(`${s.app.url}/login`);
    await page.getByText('You are signed in.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').waitFor();
    await page.goto(`${s.app.url}/reports`);
    await page.waitForURL(`${s.app.url}/login?next=%2Freports`);

    // The wrong token's 401 is the only console error the browser may report.
    const unexpected = errors.filter((e) => !/status of 401/.test(e));
    expect(unexpected, s.app.log()).toEqual([]);
  });
});
