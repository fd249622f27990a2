// A local model (OPENAI_BASE_URL: Ollama, vLLM, LM Studio) may run with a 4,096-token context (Ollama's
// default for many models). What Backtalk sends it, the system prompt and the tool schemas as the
// OpenAI-compatible provider really sends them, is counted with Llama 3's tokenizer (llama3.1 is the
// README's example model), and must leave room for the request, the pending strategy and the answer.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import tokenizer from 'llama3-tokenizer-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategySpec } from '../../schema';
import { EXAMPLE_SPECS } from '../../schema/examples-testkit';
import { MAX_REQUEST_CHARS } from '../types';
import { modelFromEnv } from './provider';
import { modelSpec, offlineDouble } from './testkit';
import { understandWithModel } from './understand-model';
import { dropNulls } from './wire';

const CONTEXT = 4096;
/** Tokens the chat template adds around messages and tools (role headers, tool preamble): generous. */
const TEMPLATE_OVERHEAD = 150;
const tokens = (s: string) => tokenizer.encode(s, { bos: false, eos: false }).length;

interface Body {
  messages: { role: string; content: string }[];
  tools: unknown[];
}

let server: ReturnType<typeof createServer>;
let base = '';
const seen: { body?: Body } = {};
/** Read through a call: TypeScript keeps `seen.body` narrowed to undefined across the await otherwise. */
const lastBody = (): Body | undefined => seen.body;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let s = '';
    for await (const c of req) s += c;
    seen.body = JSON.parse(s) as Body;
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"measured"}}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => {
  server.close();
});

/** What the provider sent for one request: the system prompt and tools, and the conversation after them. */
async function sent(text: string, pending?: StrategySpec): Promise<{ fixed: number; conversation: number }> {
  seen.body = undefined;
  const c = modelFromEnv({ OPENAI_BASE_URL: base, BACKTALK_MODEL: 'llama3.1' });
  if (!c) throw new Error('expected a model');
  await understandWithModel({ text, pending }, c.model, { fallback: offlineDouble(), maxRetries: 0 });
  const body = lastBody();
  if (!body) throw new Error('the stub saw no request');
  const [system, ...rest] = body.messages;
  expect(system.role).toBe('system');
  return {
    fixed: tokens(system.content) + tokens(JSON.stringify(body.tools)),
    conversation: rest.reduce((n, m) => n + tokens(m.content), 0),
  };
}

/** The largest example strategy, in the form the model writes it back (its answer). */
const largest = [...EXAMPLE_SPECS].sort(
  (a, b) => JSON.stringify(modelSpec(b.spec)).length - JSON.stringify(modelSpec(a.spec)).length,
)[0].spec;

describe('the local prompt and schemas fit a 4,096-token context', () => {
  it('a new request: prompt + tools, a long request and the largest answer fit, with room to spare', async () => {
    const longest = [...EXAMPLE_SPECS].sort((a, b) => b.text.length - a.text.length)[0].text;
    const { fixed, conversation } = await sent(longest);
    const answer = tokens(JSON.stringify(modelSpec(largest)));
    expect(fixed).toBeLessThanOrEqual(2600);
    expect(fixed + conversation + answer + TEMPLATE_OVERHEAD).toBeLessThanOrEqual(CONTEXT);
    // Even a request at the length limit still leaves the answer room.
    const atLimit = tokens(
      'buy when rsi < 30 and sell when rsi > 70 '.repeat(100).slice(0, MAX_REQUEST_CHARS),
    );
    expect(fixed + atLimit + answer + TEMPLATE_OVERHEAD).toBeLessThanOrEqual(CONTEXT);
  });

  it('a revision: the pending strategy replaces one of the two spec schemas, and it still fits', async () => {
    const fresh = await sent('make the stop 4%');
    const revision = await sent('make the stop 4%', largest);
    expect(seen.body?.tools).toHaveLength(2);
    expect(revision.fixed).toBeLessThanOrEqual(fresh.fixed + 50);
    const pending = tokens(JSON.stringify(dropNulls(modelSpec(largest))));
    expect(revision.conversation).toBeGreaterThanOrEqual(pending);
    const answer = tokens(JSON.stringify(modelSpec(largest)));
    expect(revision.fixed + revision.conversation + answer + TEMPLATE_OVERHEAD).toBeLessThanOrEqual(CONTEXT);
  });
});
