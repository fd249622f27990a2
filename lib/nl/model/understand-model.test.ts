import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { checkSource, hasErrors } from '../../dsl';
import { describe as describeSpec } from '../../schema';
import { EXAMPLE_SPEC } from './prompt';
import {
  edit,
  hangingModel,
  KNOWN_TEXT,
  modelSpec,
  offlineDouble,
  promptText,
  scriptedModel,
  toolNames,
} from './testkit';
import { startModelRun, understandWithModel } from './understand-model';

const propose = (input: unknown, text?: string) => ({ text, calls: [{ tool: 'propose_strategy', input }] });
const EXAMPLE = modelSpec(EXAMPLE_SPEC);

describe('understandWithModel: tool calls', () => {
  it('accepts a valid propose_strategy call: the program checks clean and the summary is describe(spec)', async () => {
    const model = scriptedModel([propose(EXAMPLE, 'Here is the crossover.')]);
    const off = offlineDouble();
    const u = await understandWithModel({ text: 'golden cross on AAPL, 3% stop' }, model, { fallback: off });
    expect(u.ok).toBe(true);
    if (!u.ok) return;
    expect(u.source).toBe('model');
    expect(u.spec).toEqual(EXAMPLE_SPEC);
    const checked = checkSource(u.program);
    expect(hasErrors(checked.diagnostics)).toBe(false);
    expect(u.program).toContain('crossover(fast, slow)');
    expect(u.program).toContain('stop_loss(3%)');
    expect(u.summary).toEqual(describeSpec(EXAMPLE_SPEC).summary);
    expect(u.summary.length).toBe(3);
    expect(u.reply).toBe('Here is the crossover.');
    expect(u.changes).toBeUndefined();
    // Accepted on the first call: no further model step, and the offline parser never ran.
    expect(model.doStreamCalls.length).toBe(1);
    expect(off.calls).toEqual([]);
  });

  it('sends the system prompt and the request; revise_strategy is offered only with a pending strategy', async () => {
    const model = scriptedModel([propose(EXAMPLE)]);
    await understandWithModel({ text: 'my request' }, model, { fallback: offlineDouble(), system: 'SYS' });
    const call = model.doStreamCalls[0];
    expect(call.prompt[0]).toEqual({ role: 'system', content: 'SYS' });
    expect(promptText(call)).toContain('my request');
    expect(toolNames(call)).toEqual(['ask_clarification', 'propose_strategy']);
  });

  it('returns the issues of an invalid call to the model, which repairs it on the next step', async () => {
    const bad = modelSpec(
      edit(EXAMPLE_SPEC, (s) => {
        s.indicators = [{ ...s.indicators[0], fn: 'smaa' }, s.indicators[1]];
      }),
    );
    (bad.risk as Record<string, unknown>).stopLossPercent = 300;
    const model = scriptedModel([propose(bad, 'Building it.'), propose(EXAMPLE, 'Fixed.')]);
    const u = await understandWithModel({ text: 'x' }, model, { fallback: offlineDouble() });
    expect(model.doStreamCalls.length).toBe(2);
    const second = promptText(model.doStreamCalls[1]);
    // The server's own words, as the tool result of the first call.
    expect(second).toContain('"status":"invalid"');
    expect(second).toContain('Fix every issue and call propose_strategy again');
    expect(second).toContain("indicators[0].fn: 'smaa' is not allowed: did you mean 'sma'?");
    expect(second).toContain(
      'risk.stopLossPercent: must be between 0.01 and 99.9 (a percent number: 5 means 5%)',
    );
    expect(promptText(model.doStreamCalls[0])).not.toContain('smaa is not allowed');
    expect(u.ok && u.spec).toEqual(EXAMPLE_SPEC);
    expect(u.reply).toBe('Building it.Fixed.');
  });

  it('revises a pending strategy: the changes are listed', async () => {
    const revised = edit(EXAMPLE_SPEC, (s) => {
      s.risk = { stopLoss: 0.05 };
    });
    const model = scriptedModel([{ calls: [{ tool: 'revise_strategy', input: modelSpec(revised) }] }]);
    const u = await understandWithModel({ text: 'make the stop 5%', pending: EXAMPLE_SPEC }, model, {
      fallback: offlineDouble(),
    });
    expect(u.ok).toBe(true);
    if (!u.ok) return;
    expect(u.changes).toEqual(['stop loss 3% → 5%']);
    expect(u.program).toContain('stop_loss(5%)');
    const call = model.doStreamCalls[0];
    expect(toolNames(call)).toEqual(['ask_clarification', 'propose_strategy', 'revise_strategy']);
    // The pending spec is shown to the model before the request.
    expect(promptText(call)).toContain('"stopLossPercent":3');
  });

  it('sends a revision that changes nothing back to the model', async () => {
    const model = scriptedModel([
      { calls: [{ tool: 'revise_strategy', input: EXAMPLE }] },
      {
        calls: [
          { tool: 'revise_strategy', input: modelSpec(edit(EXAMPLE_SPEC, (s) => (s.name = 'Renamed'))) },
        ],
      },
    ]);
    const u = await understandWithModel({ text: 'rename it', pending: EXAMPLE_SPEC }, model, {
      fallback: offlineDouble(),
    });
    expect(promptText(model.doStreamCalls[1])).toContain('identical to the strategy awaiting confirmation');
    expect(u.ok && u.changes).toEqual(['name "SMA 50/200 cross" → "Renamed"']);
  });

  it('turns ask_clarification into a question', async () => {
    const model = scriptedModel([
      {
        text: 'One thing first.',
        calls: [
          {
            tool: 'ask_clarification',
            input: { question: 'When should the position be closed?', unclear: ['the exit'] },
          },
        ],
      },
    ]);
    const u = await understandWithModel({ text: 'buy AAPL when RSI is low' }, model, {
      fallback: offlineDouble(),
    });
    expect(u).toEqual({
      ok: false,
      question: 'When should the position be closed?',
      unclear: ['the exit'],
      source: 'model',
      reply: 'One thing first.',
    });
    expect(model.doStreamCalls.length).toBe(1);
  });

  it('sends a malformed clarification back for repair', async () => {
    const model = scriptedModel([
      { calls: [{ tool: 'ask_clarification', input: { question: '', unclear: 'exit' } }] },
      { calls: [{ tool: 'ask_clarification', input: { question: 'Which exit?', unclear: [] } }] },
    ]);
    const u = await understandWithModel({ text: 'hmm' }, model, { fallback: offlineDouble() });
    const second = promptText(model.doStreamCalls[1]);
    expect(second).toContain('question: write one question for the user');
    expect(second).toContain('unclear: a list of strings');
    expect(u).toMatchObject({ ok: false, question: 'Which exit?', unclear: [] });
  });
});

describe('understandWithModel: no usable tool call', () => {
  it('falls back to the offline parser when the model answers in prose only', async () => {
    const model = scriptedModel([{ text: 'Sounds like a classic crossover!' }]);
    const off = offlineDouble();
    const u = await understandWithModel({ text: KNOWN_TEXT }, model, { fallback: off });
    expect(off.calls).toEqual([KNOWN_TEXT]);
    expect(u.ok).toBe(true);
    expect(u.source).toBe('offline');
    expect(u.reply).toBe('Sounds like a classic crossover!');
  });

  it("asks the offline parser's question, with the prose, when neither understood", async () => {
    const model = scriptedModel([{ text: 'Could you tell me more?' }]);
    const u = await understandWithModel({ text: 'make me rich' }, model, { fallback: offlineDouble() });
    expect(u).toEqual({
      ok: false,
      question: 'What should open a position?',
      unclear: ['the entry rule'],
      source: 'offline',
      reply: 'Could you tell me more?',
    });
  });

  it('stops after maxSteps invalid calls with the offline answer, never a question of schema internals', async () => {
    const bad = modelSpec(
      edit(EXAMPLE_SPEC, (s) => {
        s.rules = [s.rules[0]];
        s.risk = {};
      }),
    );
    for (const [text, maxSteps] of [
      ['buy the cross', undefined],
      [KNOWN_TEXT, 2],
    ] as const) {
      const model = scriptedModel([propose(bad)]);
      const off = offlineDouble();
      const logged: unknown[] = [];
      const u = await understandWithModel({ text }, model, {
        fallback: off,
        maxSteps,
        onError: (e) => logged.push(e),
      });
      expect(model.doStreamCalls.length).toBe(maxSteps ?? 4);
      // The offline reading: a strategy when it has one, else its own question about the request.
      expect(u).toEqual({
        ...off({ text }),
        reply: "The model's strategy did not pass the checks; answered offline.",
      });
      expect(JSON.stringify(u)).not.toMatch(/rules\[|risk\.|never closed/);
      // The issues are kept for the server log.
      expect(String(logged[0])).toMatch(/rules: positions are bought but never closed/);
    }
  });
});

describe('understandWithModel: provider failures', () => {
  const apiError = (statusCode: number | undefined, message: string, cause?: unknown) =>
    new APICallError({
      message,
      url: 'https://user:hunter2@api.example.com/v1/chat/completions?key=zzz',
      requestBodyValues: {},
      statusCode,
      cause,
      isRetryable: statusCode === 429 || statusCode === undefined,
    });

  const cases: [string, Error, RegExp][] = [
    [
      '401',
      apiError(401, 'Incorrect API key provided: sk-live-abcdef123456'),
      /HTTP 401\): check OPENAI_API_KEY/,
    ],
    ['429', apiError(429, 'Rate limit reached'), /HTTP 429\): wait and retry/],
    [
      '404',
      apiError(404, 'The model `gpt-9` does not exist'),
      /not found at https:\/\/api\.example\.com\/v1\/chat\/completions \(HTTP 404\).*gpt-9.*check BACKTALK_MODEL/,
    ],
    [
      'connection refused',
      apiError(undefined, 'Cannot connect to API: connect ECONNREFUSED', new Error('connect ECONNREFUSED')),
      /could not reach the model server at https:\/\/api\.example\.com.*check OPENAI_BASE_URL/,
    ],
    ['500', apiError(500, 'boom'), /internal error \(HTTP 500\)/],
    [
      'a non-API error',
      new TypeError('x is not a function'),
      /model call failed \(TypeError\): check OPENAI_API_KEY, OPENAI_BASE_URL and BACKTALK_MODEL/,
    ],
  ];

  it.each(cases)(
    '%s: answers offline and says what to check, without secrets',
    async (_, error, expected) => {
      const model = scriptedModel([error]);
      const off = offlineDouble();
      const logged: unknown[] = [];
      const u = await understandWithModel({ text: KNOWN_TEXT }, model, {
        fallback: off,
        maxRetries: 0,
        onError: (e) => logged.push(e),
      });
      expect(u.ok).toBe(true);
      expect(u.source).toBe('offline');
      expect(u.reply).toMatch(/^The model is unavailable \(/);
      expect(u.reply).toMatch(expected);
      expect(u.reply).toMatch(/; answered offline\.$/);
      for (const secret of ['sk-live', 'hunter2', 'zzz']) expect(u.reply).not.toContain(secret);
      expect(logged).toEqual([error]);
      expect(off.calls).toEqual([KNOWN_TEXT]);
    },
  );

  it('a run that exceeds its time limit says so', async () => {
    const model = hangingModel();
    const keepAlive = setTimeout(() => {}, 5000); // AbortSignal.timeout does not hold the event loop
    const u = await understandWithModel({ text: KNOWN_TEXT }, model, {
      fallback: offlineDouble(),
      timeoutMs: 50,
    });
    clearTimeout(keepAlive);
    expect(u.reply).toMatch(/did not answer in time/);
    expect(u.ok).toBe(true);
  });

  it('a cancelled request is reported as cancelled', async () => {
    const ac = new AbortController();
    const pending = understandWithModel({ text: KNOWN_TEXT }, hangingModel(), {
      fallback: offlineDouble(),
      abortSignal: ac.signal,
    });
    setTimeout(() => ac.abort(), 10);
    const u = await pending;
    expect(u.reply).toBe('The model is unavailable (the request was cancelled); answered offline.');
  });

  it('a fallback parser that throws still yields a question', async () => {
    const model = scriptedModel([{ text: 'prose' }]);
    const logged: unknown[] = [];
    const u = await understandWithModel({ text: 'x' }, model, {
      fallback: () => {
        throw new Error('parser bug');
      },
      onError: (e) => logged.push(e),
    });
    expect(u).toMatchObject({ ok: false, source: 'model', reply: 'prose' });
    expect((logged[0] as Error).cause).toEqual(new Error('parser bug'));
  });
});

describe('startModelRun: answers without a model call', () => {
  it('exposes the live result only when the model is called', async () => {
    const model = scriptedModel([propose(EXAMPLE, 'ok')]);
    const run = startModelRun({ text: 'x' }, model, { fallback: offlineDouble() });
    expect(run.result).toBeDefined();
    expect(await run.result?.text).toBe('ok');
    expect((await run.understanding).ok).toBe(true);
    const early = startModelRun({ text: '   ' }, model, { fallback: offlineDouble() });
    expect(early.result).toBeUndefined();
    expect(await early.understanding).toMatchObject({ ok: false, unclear: ['the request is empty'] });
  });

  it('refuses an invalid pending strategy with a question', async () => {
    const model = scriptedModel([propose(EXAMPLE)]);
    const pending = edit(EXAMPLE_SPEC, (s) => (s.rules = []));
    const u = await understandWithModel({ text: 'tighten the stop', pending }, model, {
      fallback: offlineDouble(),
    });
    expect(u).toMatchObject({ ok: false, unclear: ['the pending strategy'] });
    expect(u.ok === false && u.question).toMatch(/^The strategy awaiting confirmation is not valid \(rules/);
    expect(model.doStreamCalls.length).toBe(0);
  });
});
