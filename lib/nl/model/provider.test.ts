import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENAI_MODEL, modelFromEnv, resolveModelConfig, safeUrl } from './provider';

const KEY = 'sk-test-0123456789abcdef';

/** The provider and model id of a configured model (LanguageModelV3 objects carry both). */
function idOf(env: Record<string, string | undefined>) {
  const c = modelFromEnv(env);
  if (!c || typeof c.model === 'string') return c;
  return { provider: c.model.provider, modelId: c.model.modelId, description: c.description };
}

describe('modelFromEnv', () => {
  it('is null when nothing is configured (the offline parser answers)', () => {
    expect(modelFromEnv({})).toBeNull();
    expect(modelFromEnv({ BACKTALK_MODEL: 'gpt-4o' })).toBeNull();
    expect(modelFromEnv({ OPENAI_API_KEY: '   ', OPENAI_BASE_URL: '' })).toBeNull();
    expect(resolveModelConfig({})).toEqual({ ok: true, config: null });
  });

  it('uses OpenAI with the default model when only a key is set', () => {
    expect(idOf({ OPENAI_API_KEY: KEY })).toEqual({
      provider: 'openai.responses',
      modelId: DEFAULT_OPENAI_MODEL,
      description: `OpenAI ${DEFAULT_OPENAI_MODEL}`,
    });
  });

  it('takes the model name from BACKTALK_MODEL', () => {
    expect(idOf({ OPENAI_API_KEY: KEY, BACKTALK_MODEL: ' gpt-4.1 ' })).toMatchObject({
      modelId: 'gpt-4.1',
      description: 'OpenAI gpt-4.1',
    });
  });

  it('uses the chat-completions API of an OpenAI-compatible server, with or without a key', () => {
    const local = { OPENAI_BASE_URL: 'http://localhost:11434/v1', BACKTALK_MODEL: 'llama3.1' };
    const expected = {
      provider: 'openai-compatible.chat',
      modelId: 'llama3.1',
      description: 'llama3.1 at http://localhost:11434/v1 (OpenAI-compatible)',
    };
    expect(idOf(local)).toEqual(expected);
    expect(idOf({ ...local, OPENAI_API_KEY: KEY })).toEqual(expected);
  });

  it('requires a model name with a base URL, and a valid http(s) URL', () => {
    const noModel = resolveModelConfig({ OPENAI_BASE_URL: 'http://localhost:1234/v1', OPENAI_API_KEY: KEY });
    expect(noModel).toEqual({
      ok: false,
      message:
        'OPENAI_BASE_URL is set but BACKTALK_MODEL is not: name the model the server at http://localhost:1234/v1 serves (e.g. llama3.1)',
    });
    expect(modelFromEnv({ OPENAI_BASE_URL: 'http://localhost:1234/v1' })).toBeNull();
    const notUrl = resolveModelConfig({ OPENAI_BASE_URL: 'localhost:11434', BACKTALK_MODEL: 'm' });
    expect(notUrl.ok === false && notUrl.message).toMatch(
      /^OPENAI_BASE_URL must start with http:\/\/ or https:\/\//,
    );
    const garbage = resolveModelConfig({ OPENAI_BASE_URL: 'not a url', BACKTALK_MODEL: 'm' });
    expect(garbage.ok === false && garbage.message).toMatch(/^OPENAI_BASE_URL is not a URL/);
  });

  it('never puts the key or URL credentials in a description or message', () => {
    const withCreds = {
      OPENAI_BASE_URL: 'https://bob:pa55word@llm.example.com/v1?token=abc',
      BACKTALK_MODEL: 'm',
    };
    const c = modelFromEnv({ ...withCreds, OPENAI_API_KEY: KEY });
    expect(c?.description).toBe('m at https://llm.example.com/v1 (OpenAI-compatible)');
    const r = resolveModelConfig({ OPENAI_BASE_URL: withCreds.OPENAI_BASE_URL, OPENAI_API_KEY: KEY });
    const text = JSON.stringify([c?.description, r]);
    for (const secret of [KEY, 'pa55word', 'token=abc']) expect(text).not.toContain(secret);
  });
});

describe('safeUrl', () => {
  it('keeps scheme, host and path only', () => {
    expect(safeUrl('http://u:p@h:8080/v1/?q=1#f')).toBe('http://h:8080/v1');
    expect(safeUrl('::')).toBe('(not a URL)');
  });
});
