import { describe, expect, it, vi } from 'vitest';
import { EXAMPLE_SPEC } from './model/prompt';
import { fromSpec, question } from './model/result';
import { KNOWN_TEXT, modelSpec, scriptedModel } from './model/testkit';
import { streamUnderstand, understand, understandingPath } from './understand';

// The router is tested against a stand-in for the offline parser (lib/nl/offline has its own tests):
// what matters here is which path answers.
const offline = vi.hoisted(() => ({ calls: [] as string[] }));
// The rest of the module (the vocabulary the model prompt lists) stays real.
vi.mock('./offline', async (original) => ({
  ...(await original<typeof import('./offline')>()),
  understandOffline: (input: { text: string }) => {
    offline.calls.push(input.text);
    return input.text === KNOWN_TEXT
      ? fromSpec(EXAMPLE_SPEC, 'offline')
      : question('What should open a position?', ['the entry rule'], 'offline');
  },
}));

const propose = { calls: [{ tool: 'propose_strategy', input: modelSpec(EXAMPLE_SPEC) }] };

describe('understand', () => {
  it('uses the offline parser when no model is configured', async () => {
    offline.calls.length = 0;
    const u = await understand({ text: KNOWN_TEXT }, { env: {} });
    expect(u).toEqual(fromSpec(EXAMPLE_SPEC, 'offline'));
    expect(offline.calls).toEqual([KNOWN_TEXT]);
  });

  it('uses the model when one is given, and never with offline: true', async () => {
    offline.calls.length = 0;
    const model = scriptedModel([propose]);
    const viaModel = await understand({ text: 'golden cross' }, { model, env: {} });
    expect(viaModel).toMatchObject({ ok: true, source: 'model' });
    expect(model.doStreamCalls.length).toBe(1);
    const forced = await understand({ text: KNOWN_TEXT }, { model, offline: true });
    expect(forced.source).toBe('offline');
    expect(model.doStreamCalls.length).toBe(1);
  });

  it('answers offline, and says why, when the model configuration is unusable', async () => {
    const u = await understand(
      { text: KNOWN_TEXT },
      { env: { OPENAI_BASE_URL: 'http://localhost:11434/v1' } },
    );
    expect(u.source).toBe('offline');
    expect(u.reply).toBe(
      'The model is not configured correctly (OPENAI_BASE_URL is set but BACKTALK_MODEL is not: name the model the server at http://localhost:11434/v1 serves (e.g. llama3.1)); answered offline.',
    );
  });

  it('a model failure falls back to the same offline parser', async () => {
    offline.calls.length = 0;
    const model = scriptedModel([Object.assign(new Error('boom'), { name: 'FetchError' })]);
    const u = await understand({ text: KNOWN_TEXT }, { model });
    expect(offline.calls).toEqual([KNOWN_TEXT]);
    expect(u).toMatchObject({ ok: true, source: 'offline' });
    expect(u.reply).toMatch(/^The model is unavailable/);
  });
});

describe('streamUnderstand', () => {
  it('streams the offline answer as a data part', async () => {
    const { stream, understanding } = streamUnderstand({ text: 'hello' }, { offline: true });
    const reader = stream.getReader();
    const types: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) types.push(r.value.type);
    expect(types).toEqual(['start', 'data-understanding', 'finish']);
    expect(await understanding).toMatchObject({ ok: false, question: 'What should open a position?' });
  });
});

describe('understandingPath', () => {
  it('names the path that answers, never the key', () => {
    expect(understandingPath({ env: {} })).toEqual({ path: 'offline', description: 'offline parser' });
    expect(understandingPath({ env: { OPENAI_API_KEY: 'sk-secret' } })).toEqual({
      path: 'model',
      description: 'OpenAI gpt-4o-mini',
    });
    expect(understandingPath({ env: { OPENAI_API_KEY: 'sk-secret' }, offline: true }).path).toBe('offline');
    expect(understandingPath({ env: { OPENAI_BASE_URL: 'ftp://x' } })).toMatchObject({
      path: 'offline',
      problem: expect.stringMatching(/^OPENAI_BASE_URL must start with http/),
    });
  });
});
