import { inspect } from 'node:util';
import { generateText } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveModelConfig } from '../nl/server';
import { redact, secretsFromEnv } from '.';

describe('redact', () => {
  it('masks credentials in URLs, bearer tokens, OpenAI-style keys and the given secrets', () => {
    expect(redact('GET http://bob:pw%40x@host:11434/v1 failed')).toBe(
      'GET http://[redacted]@host:11434/v1 failed',
    );
    expect(redact('redis://:hunter2hunter2@redis:6379')).toBe('redis://[redacted]@redis:6379');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(redact('key sk-proj-abcdefghijklmnop1234')).toBe('key [redacted]');
    expect(redact('token was 5f9c0c2a1b then 5f9c0c2a1b', ['5f9c0c2a1b'])).toBe(
      'token was [redacted] then [redacted]',
    );
    expect(redact('p%C3%A4ssw%C3%B6rd!', ['pässwörd!'])).toBe('[redacted]');
    expect(
      redact('POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage'),
    ).toBe('POST https://api.telegram.org/bot[redacted]/sendMessage');
  });

  it('leaves ordinary lines alone', () => {
    for (const line of [
      'ready on http://localhost:3000 (production)',
      'cache key: bars:BTC-USD:1d',
      'schedule k3j9x0a1b2c4: tick skipped',
      'bar 2024-01-08 12:30:00 closed',
    ])
      expect(redact(line, ['short'])).toBe(line);
  });
});

describe('secretsFromEnv', () => {
  it('takes *_KEY, *_TOKEN, *_SECRET, *_PASSWORD values and the user and password in *_URL values', () => {
    const secrets = secretsFromEnv({
      OPENAI_API_KEY: 'sk-test-0123456789',
      BACKTALK_TOKEN: 'tok-0123456789abcdef',
      OPENAI_BASE_URL: 'http://alice:s3cret%2Fpw@127.0.0.1:9/v1',
      REDIS_URL: 'redis://127.0.0.1:6379',
      HOME: '/home/someone',
      BACKTALK_MODEL: 'llama3.1',
    });
    expect(secrets.sort()).toEqual(['s3cret/pw', 'sk-test-0123456789', 'tok-0123456789abcdef'].sort());
  });
});

describe('redactConsole', () => {
  const restore: Array<() => void> = [];
  afterEach(() => {
    for (const r of restore.splice(0)) r();
  });

  it('keeps the OPENAI_BASE_URL password out of the line the chat route logs when the model fails', async () => {
    // The attack, exactly: a model server URL with credentials, and the chat route's log call.
    const env = { OPENAI_BASE_URL: 'http://user:s3cretpw@127.0.0.1:9/v1', BACKTALK_MODEL: 'llama3.1' };
    const config = resolveModelConfig(env);
    if (!config.ok || !config.config) throw new Error('the model configuration was refused');
    const error = await generateText({ model: config.config.model, prompt: 'hi', maxRetries: 0 }).then(
      () => null,
      (e: unknown) => new Error('understanding the request failed', { cause: e }),
    );
    expect(inspect(error)).toContain('s3cretpw'); // what the log showed before

    const lines: string[] = [];
    const originals = { log: console.log, error: console.error };
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    console.error = (...a: unknown[]) => void lines.push(a.join(' '));
    restore.push(() => Object.assign(console, originals));
    vi.resetModules();
    const fresh = await import('./server');
    fresh.redactConsole(secretsFromEnv(env));
    console.error('[backtalk] chat: the model failed:', error);
    console.log(`[backtalk] model: ${env.OPENAI_BASE_URL}`);

    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('the model failed: Error: understanding the request failed');
    expect(lines[0]).toContain('127.0.0.1:9'); // still says where
    for (const line of lines) {
      expect(line).not.toContain('s3cretpw');
      expect(line).toContain('[redacted]');
    }
  });
});
