import { APICallError, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { describeModelError, redact } from './errors';

const apiError = (statusCode: number, message: string) =>
  new APICallError({
    message,
    url: 'http://localhost:11434/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
  });

describe('describeModelError', () => {
  it('reads the last attempt of a retried call', () => {
    const e = new RetryError({
      message: 'Failed after 2 attempts',
      reason: 'maxRetriesExceeded',
      errors: [apiError(503, 'busy'), apiError(429, 'slow down')],
    });
    expect(describeModelError(e)).toBe(
      "the model provider is rate limiting or the quota is used up (HTTP 429): wait and retry, or check the account's quota",
    );
  });

  it('quotes a redacted, bounded provider message where it helps', () => {
    const long = `Unsupported parameter 'tools' for this model; key=abc123 ${'x'.repeat(500)}`;
    const text = describeModelError(apiError(400, long));
    expect(text).toMatch(
      /^the model provider rejected the request \(HTTP 400\): "Unsupported parameter 'tools' for this model; key=\[redacted\] x+…": check BACKTALK_MODEL supports tool calls$/,
    );
    expect(text).not.toContain('abc123');
    expect(text.length).toBeLessThan(300);
  });

  it('does not quote an authentication failure (providers echo parts of the key)', () => {
    expect(describeModelError(apiError(403, 'Incorrect API key provided: sk-proj-****abcd'))).toBe(
      'the model provider refused the API key (HTTP 403): check OPENAI_API_KEY',
    );
  });

  it('recognises timeouts, cancellations and missing keys', () => {
    const timeout = Object.assign(new Error('no answer within 50 ms'), { name: 'TimeoutError' });
    expect(describeModelError(timeout)).toBe(
      'the model did not answer in time: try again, or check OPENAI_BASE_URL',
    );
    const abort = Object.assign(new Error('x'), { name: 'AbortError' });
    expect(describeModelError(abort)).toBe('the request was cancelled');
    expect(describeModelError(new Error('OpenAI API key is missing.'))).toBe(
      'the model provider has no usable API key (Error): check OPENAI_API_KEY',
    );
    expect(describeModelError('weird')).toMatch(/^the model call failed \(string\)/);
  });
});

describe('redact', () => {
  it('masks keys, bearer tokens, key=value secrets and URL credentials', () => {
    expect(redact('key sk-abcdef123456 used')).toBe('key [redacted] used');
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(redact('{"api_key": "zzz9"}')).toBe('{"api_key": "[redacted]"}');
    expect(redact('http://bob:pw@host/v1')).toBe('http://[redacted]@host/v1');
    expect(redact('model llama3 not found')).toBe('model llama3 not found');
  });
});
