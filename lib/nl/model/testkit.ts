// Test helpers for the model path (not part of the public surface): scripted mock models and a local
// stand-in for the offline parser, so these tests do not depend on the real one's coverage.
import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import type { StrategySpec } from '../../schema';
import type { UnderstandInput, Understanding } from '../types';
import { EXAMPLE_SPEC } from './prompt';
import { fromSpec, question } from './result';
import { toModelSpec } from './wire';

// The provider-level types, taken from the mock (the 'ai' package does not re-export them).
type CallOptions = MockLanguageModelV3['doStreamCalls'][number];
type StreamOf<T> = T extends ReadableStream<infer P> ? P : never;
type StreamPart = StreamOf<Awaited<ReturnType<MockLanguageModelV3['doStream']>>['stream']>;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 10, text: 10, reasoning: 0 },
};

/** One model step: optional prose, then tool calls (input as a value, or raw text). */
export interface Step {
  readonly text?: string;
  readonly calls?: readonly { readonly tool: string; readonly input: unknown; readonly raw?: boolean }[];
}

let callId = 0;

export function stepParts(step: Step): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'stream-start', warnings: [] }];
  if (step.text) {
    parts.push({ type: 'text-start', id: 't' });
    // Two deltas, so the prose really streams.
    const half = Math.ceil(step.text.length / 2);
    parts.push({ type: 'text-delta', id: 't', delta: step.text.slice(0, half) });
    parts.push({ type: 'text-delta', id: 't', delta: step.text.slice(half) });
    parts.push({ type: 'text-end', id: 't' });
  }
  for (const c of step.calls ?? [])
    parts.push({
      type: 'tool-call',
      toolCallId: `call-${++callId}`,
      toolName: c.tool,
      input: c.raw ? String(c.input) : JSON.stringify(c.input),
    });
  const calls = step.calls?.length ?? 0;
  parts.push({
    type: 'finish',
    finishReason: { unified: calls ? 'tool-calls' : 'stop', raw: undefined },
    usage,
  });
  return parts;
}

/**
 * A model that plays `script` one step per call (the last entry repeats); an Error entry is thrown by
 * that call, like a provider failure.
 */
export function scriptedModel(script: readonly (Step | Error)[]): MockLanguageModelV3 {
  let i = 0;
  return new MockLanguageModelV3({
    doStream: async () => {
      const s = script[Math.min(i++, script.length - 1)];
      if (s instanceof Error) throw s;
      return { stream: simulateReadableStream({ chunks: stepParts(s), chunkDelayInMs: null }) };
    },
  });
}

/** Everything the model was sent in one call as plain text: prose, tool inputs and tool results. */
export function promptText(call: CallOptions): string {
  const out: string[] = [];
  for (const m of call.prompt) {
    if (typeof m.content === 'string') {
      out.push(m.content);
      continue;
    }
    for (const p of m.content) {
      if (p.type === 'text') out.push(p.text);
      else if (p.type === 'tool-call') out.push(JSON.stringify(p.input));
      else if (p.type === 'tool-result') out.push(JSON.stringify(p.output));
    }
  }
  return out.join('\n');
}

/** A model that answers only when aborted (by the caller or the run's time limit). */
export function hangingModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: (o) =>
      new Promise((_, reject) =>
        o.abortSignal?.addEventListener('abort', () => reject(o.abortSignal?.reason)),
      ),
  });
}

export const toolNames = (call: CallOptions): string[] => (call.tools ?? []).map((t) => t.name).sort();

/**
 * The offline parser's stand-in: knows one sentence, asks for the exit of another, asks about anything
 * else. Records its inputs.
 */
export function offlineDouble(): ((input: UnderstandInput) => Understanding) & { calls: string[] } {
  const calls: string[] = [];
  const f = (input: UnderstandInput): Understanding => {
    calls.push(input.text);
    if (input.text === KNOWN_TEXT) return fromSpec(EXAMPLE_SPEC, 'offline');
    if (input.text === NO_EXIT_TEXT)
      return {
        ...question('When should the strategy sell?', ['exit rule'], 'offline'),
        ask: { kind: 'exit', phrases: [], choices: [], action: 'sell' },
      };
    return question('What should open a position?', ['the entry rule'], 'offline');
  };
  return Object.assign(f, { calls });
}

export const KNOWN_TEXT =
  'Buy AAPL when the 50-day average crosses above the 200-day; sell on the cross back; 3% stop';
/** An entry and nothing else: the double asks for the exit. */
export const NO_EXIT_TEXT = 'Buy AAPL when the 50-day average crosses above the 200-day';

/** A spec in the model's form (percent numbers, nulls): what a model's tool call carries. */
export const modelSpec = (spec: StrategySpec) => toModelSpec(spec);

/** A deep copy with changes, for revisions. */
export function edit(
  spec: StrategySpec,
  change: (s: { -readonly [K in keyof StrategySpec]: StrategySpec[K] }) => void,
): StrategySpec {
  const copy = structuredClone(spec) as { -readonly [K in keyof StrategySpec]: StrategySpec[K] };
  change(copy);
  return copy;
}
