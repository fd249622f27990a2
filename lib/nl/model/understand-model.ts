// The language-model path: one streamText run with three tools, bounded steps, the server validating
// every call. startModelRun returns the live result (for a chat route to stream) and a promise of the
// final Understanding that never rejects; understandWithModel is the promise alone.
//
// Outcomes, in order of precedence:
// - a tool call the server accepted: ok, with the model's prose in `reply`, unless a check of it against
//   the request asks first (checks.ts: a value outside the usual ranges, an exit the request never gave);
// - ask_clarification: the model's question;
// - a provider or network failure, a provider silent for idleTimeoutMs (15 s), a cancelled request, or a
//   hostile tool call: the offline parser answers, and `reply` says "The model is unavailable (what to
//   check); answered offline." The chat stays useful when the key is wrong or the local server is down
//   or stuck, and the reason is never hidden;
// - invalid calls until the step bound: the offline parser's answer (never a question made of schema
//   internals), with a note, and the last issues in the server log;
// - prose only: the offline parser's answer on the same text, with the prose in `reply`.
import {
  type LanguageModel,
  type ModelMessage,
  type StreamTextResult,
  stepCountIs,
  streamText,
  type ToolSet,
} from 'ai';
import { validateSpec } from '../../schema';
import type { UnderstandInput, Understanding } from '../types';
import { inventedExit, unusualValue } from './checks';
import { describeModelError, SilentModelError } from './errors';
import { systemPrompt } from './prompt';
import { type ModelProfile, modelProfile } from './provider';
import { precheck, question, withReply } from './result';
import { issueText, ToolSession } from './tools';
import { dropNulls, toModelSpec } from './wire';

export type OfflineParser = (input: UnderstandInput) => Understanding;

export interface ModelOptions {
  readonly abortSignal?: AbortSignal;
  /** Model calls per request (each repair is one more). Default 4. */
  readonly maxSteps?: number;
  /** Retries of a failed call (429, 5xx, network). Default 1. */
  readonly maxRetries?: number;
  /** Whole-run time limit. Default 60 s. */
  readonly timeoutMs?: number;
  /** A provider that sends nothing for this long is abandoned for the offline answer. Default 15 s. */
  readonly idleTimeoutMs?: number;
  /** Overrides what the model's provider implies (strict tools for OpenAI, compact prompt for local servers). */
  readonly profile?: Partial<ModelProfile>;
  readonly maxOutputTokens?: number;
  /** Who answers when the model cannot. The router passes understandOffline. */
  readonly fallback: OfflineParser;
  /** Receives the raw provider error (with its cause) for server logs; never sent to the client. */
  readonly onError?: (error: unknown) => void;
  /** Replaces the built system prompt (tests). */
  readonly system?: string;
}

export const DEFAULT_MAX_STEPS = 4;
const MAX_STEPS_LIMIT = 10;
const MAX_REPLY = 2000;
const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 15_000;

export interface ModelRun {
  /** The live model run, for streaming; undefined when the input was answered without calling it. */
  readonly result?: StreamTextResult<ToolSet, never>;
  /** The final answer. Never rejects. */
  readonly understanding: Promise<Understanding>;
}

/**
 * The conversation sent to the model: the pending strategy (as the assistant's earlier proposal, in the
 * model's own form; without its nulls for a compact prompt), then the request.
 */
export function buildMessages(input: UnderstandInput, compact = false): ModelMessage[] {
  const messages: ModelMessage[] = [];
  if (input.pending) {
    const shown = toModelSpec(input.pending);
    messages.push({
      role: 'assistant',
      content: `The strategy awaiting your confirmation, as a spec:\n${JSON.stringify(compact ? dropNulls(shown) : shown)}`,
    });
  }
  messages.push({ role: 'user', content: input.text });
  return messages;
}

export function startModelRun(input: UnderstandInput, model: LanguageModel, opts: ModelOptions): ModelRun {
  const early = precheck(input.text);
  if (early) return { understanding: Promise.resolve(early) };
  if (input.pending) {
    const v = validateSpec(input.pending);
    if (!v.ok)
      return {
        understanding: Promise.resolve(
          question(
            `The strategy awaiting confirmation is not valid (${v.issues.slice(0, 3).map(issueText).join('; ')}). Could you describe the whole strategy again?`,
            ['the pending strategy'],
            'model',
          ),
        ),
      };
  }
  const profile = { ...modelProfile(model), ...opts.profile };
  let system: string;
  try {
    system = opts.system ?? systemPrompt(profile.local ? 'local' : 'full');
  } catch (cause) {
    // A deployment without prompts/: the model cannot be briefed, so the offline parser answers. The
    // details (a server path) go to the log, not to the user.
    opts.onError?.(new Error('the model prompt could not be built', { cause }));
    return {
      understanding: settle(opts, undefined, () =>
        withReply(
          opts.fallback(input),
          'The model prompt could not be loaded (see the server log); answered offline.',
        ),
      ),
    };
  }
  const session = new ToolSession({
    pending: input.pending,
    text: input.text,
    strict: profile.strict,
    compact: profile.local,
  });
  const idle = new Silence(opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  const asked = Number.isFinite(opts.maxSteps) ? Math.floor(opts.maxSteps as number) : DEFAULT_MAX_STEPS;
  const maxSteps = Math.min(Math.max(1, asked), MAX_STEPS_LIMIT);
  let result: StreamTextResult<ToolSet, never>;
  try {
    result = streamText({
      model,
      system,
      messages: buildMessages(input, profile.local),
      tools: session.tools(),
      toolChoice: 'auto',
      stopWhen: [
        stepCountIs(maxSteps),
        ({ steps }) => {
          session.observe(steps.at(-1)?.content ?? []);
          return session.done;
        },
      ],
      maxRetries: opts.maxRetries ?? 1,
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxOutputTokens: opts.maxOutputTokens ?? 8192,
      abortSignal: opts.abortSignal ? AbortSignal.any([opts.abortSignal, idle.signal]) : idle.signal,
      // Errors are read from the stream (collect); the default handler would print them to the console.
      onError: () => {},
    });
  } catch (error) {
    // streamText validates its arguments synchronously (a bad model id, for one).
    idle.stop();
    return { understanding: settle(opts, undefined, () => unavailable(input, error, opts)) };
  }
  return { result, understanding: collect(result, session, input, opts, idle) };
}

/**
 * The silence timer: aborts the run when the provider has sent nothing for `ms` (no headers, or a stream
 * that stalls). Every part of the stream restarts it; a slow but steady answer is never cut.
 */
class Silence {
  private readonly ac = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly ms: number) {
    this.heard();
  }

  get signal(): AbortSignal {
    return this.ac.signal;
  }

  get fired(): boolean {
    return this.ac.signal.aborted;
  }

  heard(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.ac.abort(new SilentModelError(this.ms)), this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

export function understandWithModel(
  input: UnderstandInput,
  model: LanguageModel,
  opts: ModelOptions,
): Promise<Understanding> {
  return startModelRun(input, model, opts).understanding;
}

async function collect(
  result: StreamTextResult<ToolSet, never>,
  session: ToolSession,
  input: UnderstandInput,
  opts: ModelOptions,
  idle: Silence,
): Promise<Understanding> {
  let prose = '';
  let error: unknown;
  try {
    for await (const part of result.fullStream) {
      idle.heard();
      if (part.type === 'text-delta') {
        if (prose.length < MAX_REPLY) prose += part.text;
      } else if (part.type === 'error') error ??= part.error;
      else if (part.type === 'abort') error ??= abortReason(opts.abortSignal, opts.timeoutMs);
    }
  } catch (e) {
    error ??= e;
  } finally {
    idle.stop();
  }
  // The silence timer's abort reaches the stream as a generic abort: name the real reason.
  if (idle.fired) error = idle.signal.reason;
  const reply = prose.trim().slice(0, MAX_REPLY) || undefined;
  return settle(opts, reply, () => finish(session, input, opts, reply, error));
}

/** Runs the last stage; only a bug in the fallback parser can throw there, and the request still gets an answer. */
async function settle(
  opts: ModelOptions,
  reply: string | undefined,
  run: () => Understanding,
): Promise<Understanding> {
  try {
    return run();
  } catch (e) {
    opts.onError?.(new Error('understanding the request failed', { cause: e }));
    return question(
      'Something went wrong while reading that request. Could you rephrase it?',
      [],
      'model',
      reply,
    );
  }
}

/** The caller's abort is a cancellation; any other abort is the run's own time limit. */
function abortReason(signal: AbortSignal | undefined, timeoutMs = DEFAULT_TIMEOUT_MS): Error {
  if (signal?.aborted) {
    const r = signal.reason;
    return r instanceof Error
      ? r
      : Object.assign(new Error('the request was cancelled'), { name: 'AbortError' });
  }
  return Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' });
}

function finish(
  session: ToolSession,
  input: UnderstandInput,
  opts: ModelOptions,
  reply: string | undefined,
  error: unknown,
): Understanding {
  const o = session.outcome;
  if (o?.kind === 'spec') return withReply(review(o.understanding, input, opts), reply);
  if (o?.kind === 'question') return question(o.question, o.unclear, 'model', reply);
  if (error !== undefined) return unavailable(input, error, opts);
  if (o?.kind === 'rejected')
    return withReply(
      opts.fallback(input),
      `The model's answer was rejected (${o.reason}); answered offline.`,
    );
  if (session.invalidCalls > 0) {
    // Repairs ran out. The issues are the schema's words, not the user's: they go to the log, and the
    // offline reading (or its question, which quotes the request) answers.
    opts.onError?.(
      new Error(
        `the model's strategy was still invalid after ${session.invalidCalls} call(s): ${session.lastIssues.join('; ')}`,
      ),
    );
    return withReply(opts.fallback(input), "The model's strategy did not pass the checks; answered offline.");
  }
  // Prose only: the model did not use its tools. The offline parser reads the same text; its question,
  // when it has one, names what is missing more precisely than free prose would.
  return withReply(opts.fallback(input), reply);
}

/** An accepted strategy checked against the request: a question first when a value or an exit needs one. */
function review(
  u: Extract<Understanding, { ok: true }>,
  input: UnderstandInput,
  opts: ModelOptions,
): Understanding {
  return unusualValue(u.spec, input.text, input.pending) ?? inventedExit(u.spec, input, opts.fallback) ?? u;
}

function unavailable(input: UnderstandInput, error: unknown, opts: ModelOptions): Understanding {
  opts.onError?.(error);
  return withReply(
    opts.fallback(input),
    `The model is unavailable (${describeModelError(error)}); answered offline.`,
  );
}
