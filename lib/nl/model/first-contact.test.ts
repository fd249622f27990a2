// What real providers do on first contact: write fractions into percent fields, write 600% for 6%, add an
// exit nobody asked for, or accept the connection and say nothing. Scripted with MockLanguageModelV3 and
// against local OpenAI-compatible stubs that stay silent.
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC } from './prompt';
import { modelFromEnv } from './provider';
import {
  hangingModel,
  KNOWN_TEXT,
  modelSpec,
  NO_EXIT_TEXT,
  offlineDouble,
  promptText,
  scriptedModel,
  stepParts,
} from './testkit';
import { understandWithModel } from './understand-model';

type Obj = Record<string, unknown>;
const propose = (input: unknown) => ({ calls: [{ tool: 'propose_strategy', input }] });
/** The example in the model's form with some risk fields, as the model would write them. */
const withRisk = (risk: Obj) => {
  const w = modelSpec(EXAMPLE_SPEC);
  return { ...w, risk: { ...(w.risk as Obj), ...risk } };
};

describe('unit mistakes cannot pass', () => {
  it('a fraction in a percent field goes back to the model, which repairs it', async () => {
    const text = 'golden cross on AAPL, sell on the death cross, 5% stop loss';
    const model = scriptedModel([
      propose(withRisk({ stopLossPercent: 0.05 })),
      propose(withRisk({ stopLossPercent: 5 })),
    ]);
    const u = await understandWithModel({ text }, model, { fallback: offlineDouble() });
    expect(model.doStreamCalls.length).toBe(2);
    expect(promptText(model.doStreamCalls[1])).toContain(
      'risk.stopLossPercent: 0.05 means 0.05%, but the request says \\"5%\\": write 5',
    );
    expect(u.ok && u.spec.risk).toEqual({ stopLoss: 0.05 });
  });

  it('a target of 600% the request never said is a question on the card, quoting it', async () => {
    const text = 'golden cross on AAPL, sell on the death cross, tp 6';
    const model = scriptedModel([propose(withRisk({ stopLossPercent: null, takeProfitPercent: 600 }))]);
    const u = await understandWithModel({ text }, model, { fallback: offlineDouble() });
    expect(u).toMatchObject({
      ok: false,
      source: 'model',
      question: expect.stringMatching(
        /^The take profit came out as 600%, far above the usual \(at most 500%\)\. Did you mean 6%\?/,
      ),
      ask: { kind: 'yes-no', phrases: ['6'], choices: ['6 percent'] },
    });
  });

  it('an unusual fee the request does state is confirmed, not taken silently', async () => {
    const text = 'golden cross on AAPL, sell on the death cross, 2% fee';
    const w = modelSpec(EXAMPLE_SPEC);
    const model = scriptedModel([propose({ ...w, settings: { ...(w.settings as Obj), feePercent: 2 } })]);
    const u = await understandWithModel({ text }, model, { fallback: offlineDouble() });
    expect(u.ok === false && u.question).toMatch(
      /^A fee of 2% is far above the usual \(at most 1%\)\. Is 2% what you mean\?/,
    );
  });
});

describe('never an invented exit, never schema internals', () => {
  it('an entry-only request the model gave an exit: the offline question for the exit is asked', async () => {
    const model = scriptedModel([propose(modelSpec(EXAMPLE_SPEC))]);
    const u = await understandWithModel({ text: NO_EXIT_TEXT }, model, { fallback: offlineDouble() });
    expect(u).toMatchObject({ ok: false, question: 'When should the strategy sell?', ask: { kind: 'exit' } });
  });

  it('the prompt tells the model to ask for a missing exit and never add one', async () => {
    const model = scriptedModel([{ text: 'x' }]);
    await understandWithModel({ text: NO_EXIT_TEXT }, model, { fallback: offlineDouble() });
    const system = model.doStreamCalls[0].prompt[0].content as string;
    expect(system).toMatch(
      /call\s+`ask_clarification` for the exit, even when one seems obvious: never add an exit/,
    );
  });

  it('repairs that run out: the offline strategy, with a note', async () => {
    const bad = { ...modelSpec(EXAMPLE_SPEC), indicators: [] };
    const model = scriptedModel([propose(bad)]);
    const u = await understandWithModel({ text: KNOWN_TEXT }, model, {
      fallback: offlineDouble(),
      maxSteps: 2,
    });
    expect(u).toMatchObject({ ok: true, source: 'offline', spec: EXAMPLE_SPEC });
    expect(u.reply).toBe("The model's strategy did not pass the checks; answered offline.");
  });
});

describe('a provider that sends nothing is abandoned for the offline answer', () => {
  it('silent from the start (no answer at all): offline, with a note', async () => {
    const u = await understandWithModel({ text: KNOWN_TEXT }, hangingModel(), {
      fallback: offlineDouble(),
      idleTimeoutMs: 100,
    });
    expect(u).toMatchObject({ ok: true, source: 'offline' });
    expect(u.reply).toMatch(
      /^The model is unavailable \(the model sent nothing for 0\.1 s: .*\); answered offline\.$/,
    );
  });

  it('silent mid-stream: abandoned too; a slow but steady stream is not', async () => {
    const stalls = new MockLanguageModelV3({
      doStream: async (o) => {
        const parts = stepParts({ text: 'Working on it' });
        return {
          stream: new ReadableStream({
            start(c) {
              c.enqueue(parts[0]);
              c.enqueue(parts[1]);
              o.abortSignal?.addEventListener('abort', () => c.error(o.abortSignal?.reason));
            },
          }),
        };
      },
    });
    const u = await understandWithModel({ text: KNOWN_TEXT }, stalls, {
      fallback: offlineDouble(),
      idleTimeoutMs: 100,
    });
    expect(u.reply).toMatch(/the model sent nothing for 0\.1 s/);
    // Parts every 40 ms for ~400 ms in all, with 150 ms of allowed silence: never cut.
    const steady = new MockLanguageModelV3({
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: stepParts({
            text: 'one two three four five six seven eight',
            ...propose(modelSpec(EXAMPLE_SPEC)),
          }),
          chunkDelayInMs: 40,
        }),
      }),
    });
    const ok = await understandWithModel({ text: KNOWN_TEXT }, steady, {
      fallback: offlineDouble(),
      idleTimeoutMs: 150,
    });
    expect(ok).toMatchObject({ ok: true, source: 'model' });
  });

  describe('against local OpenAI-compatible servers', () => {
    const open: ServerResponse[] = [];
    const servers: ReturnType<typeof createServer>[] = [];
    async function serve(onRequest: (res: ServerResponse) => void): Promise<string> {
      const s = createServer((req, res) => {
        req.resume();
        open.push(res);
        onRequest(res);
      });
      servers.push(s);
      s.listen(0, '127.0.0.1');
      await once(s, 'listening');
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1`;
    }
    afterAll(() => {
      for (const r of open) r.destroy();
      for (const s of servers) s.close();
    });

    it('accepts the request and never answers', async () => {
      const base = await serve(() => {});
      const c = modelFromEnv({ OPENAI_BASE_URL: base, BACKTALK_MODEL: 'llama3.1' });
      if (!c) throw new Error('expected a model');
      const u = await understandWithModel({ text: KNOWN_TEXT }, c.model, {
        fallback: offlineDouble(),
        idleTimeoutMs: 300,
      });
      expect(u).toMatchObject({ ok: true, source: 'offline', spec: EXAMPLE_SPEC });
      expect(u.reply).toMatch(/^The model is unavailable \(the model sent nothing for 0\.3 s: /);
    });

    it('sends the headers and a first chunk, then stalls', async () => {
      const base = await serve((res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hm' }, finish_reason: null }] })}\n\n`,
        );
      });
      const c = modelFromEnv({ OPENAI_BASE_URL: base, BACKTALK_MODEL: 'llama3.1' });
      if (!c) throw new Error('expected a model');
      const u = await understandWithModel({ text: KNOWN_TEXT }, c.model, {
        fallback: offlineDouble(),
        idleTimeoutMs: 300,
      });
      expect(u).toMatchObject({ ok: true, source: 'offline' });
      expect(u.reply).toMatch(/the model sent nothing for 0\.3 s/);
    });
  });
});
