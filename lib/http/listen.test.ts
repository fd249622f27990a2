import { describe, expect, it } from 'vitest';
import { isLoopback, planListen } from './listen';

const TOKEN = 'a'.repeat(32);

describe('planListen', () => {
  it('listens on 127.0.0.1:3000 with no configuration (it used to be 0.0.0.0)', () => {
    expect(planListen({})).toEqual({
      ok: true,
      host: '127.0.0.1',
      port: 3000,
      gate: { token: null, allowedHosts: [], allowedOrigins: [] },
    });
    expect(planListen({ HOST: '', PORT: '' })).toMatchObject({ ok: true, host: '127.0.0.1', port: 3000 });
  });

  it('refuses to listen on every interface without BACKTALK_TOKEN, and says how to set one', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'backtalk.lan']) {
      const plan = planListen({ HOST });
      expect(plan.ok, HOST).toBe(false);
      if (!plan.ok) {
        expect(plan.message).toContain(`HOST=${HOST}`);
        expect(plan.message).toMatch(/set BACKTALK_TOKEN/);
        expect(plan.message).toMatch(/openssl rand -hex 32/);
        expect(plan.message).toMatch(/unset HOST/);
      }
    }
  });

  it('listens on every interface with a token', () => {
    expect(planListen({ HOST: '0.0.0.0', BACKTALK_TOKEN: ` ${TOKEN} ` })).toMatchObject({
      ok: true,
      host: '0.0.0.0',
      gate: { token: TOKEN, allowedHosts: [] },
    });
  });

  it('loopback addresses need no token', () => {
    for (const HOST of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(planListen({ HOST }).ok, HOST).toBe(true);
  });

  it('refuses a short token wherever it listens', () => {
    const plan = planListen({ BACKTALK_TOKEN: 'hunter2' });
    expect(plan).toMatchObject({ ok: false });
    expect(!plan.ok && plan.message).toMatch(/BACKTALK_TOKEN is too short \(7 characters\): use at least 16/);
  });

  it('reads BACKTALK_ALLOWED_HOSTS and ORIGINS, and answers to a specific address it listens on', () => {
    const plan = planListen({
      HOST: '192.168.1.20',
      BACKTALK_TOKEN: TOKEN,
      BACKTALK_ALLOWED_HOSTS: ' Backtalk.LAN , 10.0.0.5:3000,',
      BACKTALK_ALLOWED_ORIGINS: 'https://backtalk.example.com/,http://10.0.0.5:3000',
    });
    expect(plan).toMatchObject({
      ok: true,
      gate: {
        allowedHosts: ['backtalk.lan', '10.0.0.5:3000', '192.168.1.20'],
        allowedOrigins: ['https://backtalk.example.com', 'http://10.0.0.5:3000'],
      },
    });
  });

  it('refuses malformed hosts, origins and ports with the variable to fix', () => {
    const msg = (env: Record<string, string>) => {
      const p = planListen(env);
      return p.ok ? '' : p.message;
    };
    expect(msg({ BACKTALK_ALLOWED_HOSTS: 'http://x.example/' })).toMatch(/^BACKTALK_ALLOWED_HOSTS has 'http/);
    expect(msg({ BACKTALK_ALLOWED_ORIGINS: 'x.example' })).toMatch(
      /^BACKTALK_ALLOWED_ORIGINS has 'x.example'/,
    );
    expect(msg({ BACKTALK_ALLOWED_ORIGINS: 'https://x.example/app' })).toMatch(/not an origin/);
    expect(msg({ PORT: '3000abc' })).toMatch(/^PORT must be a whole number/);
    expect(msg({ PORT: '70000' })).toMatch(/^PORT must be/);
  });

  it('isLoopback', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('128.0.0.1')).toBe(false);
    expect(isLoopback('localhost.evil.example')).toBe(false);
  });
});
