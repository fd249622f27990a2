// The real OpenAI provider against a local OpenAI-compatible server (what Ollama, vLLM and LM Studio
// offer): the request shape, the tools sent, a streamed tool call end to end, and failures.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC } from './prompt';
import { modelFromEnv } from './provider';
import { KNOWN_TEXT, modelSpec, offlineDouble } from './testkit';
import { understandWithModel } from './understand-model';
import { modelSpecJsonSchema } from './wire';

interface Seen {
  path: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}

type Reply = (res: ServerResponse, body: Record<string, unknown>) => void;

let server: Server;
let base = '';
const seen: Seen[] = [];
let reply: Reply = () => {};

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let s = '';
  for await (const c of req) s += c;
  return JSON.parse(s) as Record<string, unknown>;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
    reply(res, body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => {
  server.close();
});

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'llama3', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function sse(res: ServerResponse, events: string[]) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const e of events) res.write(e);
  res.end('data: [DONE]\n\n');
}

const env = () => ({ OPENAI_BASE_URL: base, BACKTALK_MODEL: 'llama3' });

describe('an OpenAI-compatible server', () => {
  it('is called on /chat/completions with the model name and a placeholder key', async () => {
    seen.length = 0;
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 0,
          model: 'llama3',
          choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    };
    const c = modelFromEnv(env());
    if (!c) throw new Error('expected a model');
    const r = await generateText({ model: c.model, prompt: 'ping' });
    expect(r.text).toBe('pong');
    expect(seen[0]).toMatchObject({ path: '/v1/chat/completions', auth: 'Bearer not-needed' });
    expect(seen[0].body.model).toBe('llama3');
  });

  it('streams a proposed strategy end to end, with the spec schema as the tool parameters', async () => {
    seen.length = 0;
    const args = JSON.stringify(modelSpec(EXAMPLE_SPEC));
    reply = (res) =>
      sse(res, [
        chunk({ role: 'assistant', content: 'Sure. ' }),
        chunk({
          tool_calls: [
            {
              index: 0,
              id: 'call_1',
              type: 'function',
              function: { name: 'propose_strategy', arguments: '' },
            },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, 50) } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(50) } }] }),
        chunk({}, 'tool_calls'),
      ]);
    const c = modelFromEnv({ ...env(), OPENAI_API_KEY: 'local-key' });
    if (!c) throw new Error('expected a model');
    const u = await understandWithModel({ text: 'golden cross on AAPL with a 3% stop' }, c.model, {
      fallback: offlineDouble(),
    });
    expect(u).toMatchObject({ ok: true, source: 'model', reply: 'Sure.', spec: EXAMPLE_SPEC });
    expect(seen.length).toBe(1);
    expect(seen[0].auth).toBe('Bearer local-key');
    const body = seen[0].body as {
      stream: boolean;
      tools: { function: { name: string; parameters: unknown } }[];
    };
    expect(body.stream).toBe(true);
    expect(body.tools.map((t) => t.function.name).sort()).toEqual(['ask_clarification', 'propose_strategy']);
    // A local server gets the compact schema (and the compact prompt): see budget.test.ts.
    const params = body.tools.find((t) => t.function.name === 'propose_strategy')?.function.parameters;
    expect(params).toEqual(modelSpecJsonSchema({ compact: true }));
  });

  it('a 401 from the server: answered offline, told to check the key', async () => {
    reply = (res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: 'Incorrect API key provided: sk-abc***xyz', type: 'invalid_request_error' },
        }),
      );
    };
    const c = modelFromEnv(env());
    if (!c) throw new Error('expected a model');
    const u = await understandWithModel({ text: KNOWN_TEXT }, c.model, {
      fallback: offlineDouble(),
      maxRetries: 0,
    });
    expect(u.reply).toBe(
      'The model is unavailable (the model provider refused the API key (HTTP 401): check OPENAI_API_KEY); answered offline.',
    );
  });

  it("OpenAI's Responses API gets the tools strict, with the strict schema", async () => {
    seen.length = 0;
    reply = (res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'no' } }));
    };
    // The same provider call as modelFromEnv's OpenAI branch, pointed at the local server.
    const model = createOpenAI({ apiKey: 'k', baseURL: base })('gpt-4o-mini');
    await understandWithModel({ text: KNOWN_TEXT }, model, { fallback: offlineDouble(), maxRetries: 0 });
    expect(seen[0].path).toBe('/v1/responses');
    const tools = (seen[0].body as { tools: { name: string; strict: boolean; parameters: unknown }[] }).tools;
    expect(tools.map((t) => [t.name, t.strict]).sort()).toEqual([
      ['ask_clarification', true],
      ['propose_strategy', true],
    ]);
    expect(tools.find((t) => t.name === 'propose_strategy')?.parameters).toEqual(modelSpecJsonSchema());
    // The full prompt, not the local one.
    const input = (seen[0].body as { input: { role: string; content: string }[] }).input;
    expect(input[0]).toMatchObject({ role: 'system' });
    expect(input[0].content).toContain('# Vocabulary');
  });

  it('a local server gets no strict flag (its support varies), and the compact prompt', async () => {
    seen.length = 0;
    reply = (res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'no' } }));
    };
    const c = modelFromEnv(env());
    if (!c) throw new Error('expected a model');
    await understandWithModel({ text: KNOWN_TEXT }, c.model, { fallback: offlineDouble(), maxRetries: 0 });
    const body = seen[0].body as {
      tools: { function: { strict?: boolean } }[];
      messages: { role: string; content: string }[];
    };
    expect(body.tools.map((t) => t.function.strict)).toEqual([false, false]);
    expect(body.messages[0].role).toBe('system');
    expect(body.messages[0].content).not.toContain('# Vocabulary');
    expect(body.messages[0].content).toContain('Percents are percent numbers');
  });

  it('a 404 for an unknown model names BACKTALK_MODEL', async () => {
    reply = (res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'model "llama9" not found, try pulling it first' } }));
    };
    const c = modelFromEnv(env());
    if (!c) throw new Error('expected a model');
    const u = await understandWithModel({ text: KNOWN_TEXT }, c.model, {
      fallback: offlineDouble(),
      maxRetries: 0,
    });
    expect(u.reply).toMatch(
      /model or endpoint was not found at http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions \(HTTP 404\)/,
    );
    expect(u.reply).toMatch(/llama9.*check BACKTALK_MODEL and OPENAI_BASE_URL/);
  });

  it('a server that is not running: told to check OPENAI_BASE_URL', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const c = modelFromEnv({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, BACKTALK_MODEL: 'llama3' });
    if (!c) throw new Error('expected a model');
    const u = await understandWithModel({ text: KNOWN_TEXT }, c.model, {
      fallback: offlineDouble(),
      maxRetries: 0,
    });
    expect(u.ok).toBe(true);
    expect(u.reply).toBe(
      `The model is unavailable (could not reach the model server at http://127.0.0.1:${port}/v1/chat/completions: check OPENAI_BASE_URL and the network); answered offline.`,
    );
  });
});
