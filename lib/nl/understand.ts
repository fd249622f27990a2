// The one entry point for the app and the CLI: the language model when one is configured (and not
// `offline`), else the offline parser. Both paths return the same Understanding; the model path falls
// back to the offline parser when the provider fails and says so in `reply`.
import type { LanguageModel } from 'ai';
import {
  type Env,
  type ModelRun,
  resolveModelConfig,
  startModelRun,
  toUnderstandingStream,
  type UnderstandingStream,
} from './model';
import { question, withReply } from './model/result';
import { understandOffline } from './offline';
import type { UnderstandInput, Understanding } from './types';

export interface UnderstandOptions {
  /** Never call a model (the CLI's --offline, tests). */
  readonly offline?: boolean;
  /** Where the model configuration is read from; process.env by default (server side only). */
  readonly env?: Env;
  /** A model to use instead of the configured one (tests inject MockLanguageModelV3). */
  readonly model?: LanguageModel;
  readonly abortSignal?: AbortSignal;
  /** Model calls per request, repairs included. */
  readonly maxSteps?: number;
  /** Receives raw provider errors for server logs. */
  readonly onError?: (error: unknown) => void;
}

export interface UnderstandingPath {
  readonly path: 'model' | 'offline';
  /** "OpenAI gpt-4o-mini", "llama3.1 at http://localhost:11434/v1 (OpenAI-compatible)", "offline parser". */
  readonly description: string;
  /** Why a configured model cannot be used, when that is the case. */
  readonly problem?: string;
}

/** Which path answers, for a status line in the UI or the CLI. Never includes the key. */
export function understandingPath(opts: Pick<UnderstandOptions, 'offline' | 'env'> = {}): UnderstandingPath {
  if (opts.offline) return { path: 'offline', description: 'offline parser' };
  const r = resolveModelConfig(opts.env ?? process.env);
  if (!r.ok) return { path: 'offline', description: 'offline parser', problem: r.message };
  return r.config
    ? { path: 'model', description: r.config.description }
    : { path: 'offline', description: 'offline parser' };
}

function offlineRun(input: UnderstandInput, opts: UnderstandOptions, note?: string): ModelRun {
  const understanding = Promise.resolve()
    .then(() => withReply(understandOffline(input), note))
    .catch((e: unknown) => {
      // A parser bug must not take the chat down: report it to the server, ask the user to rephrase.
      opts.onError?.(new Error('the offline parser failed', { cause: e }));
      return question(
        'Something went wrong while reading that request. Could you rephrase it?',
        [],
        'offline',
      );
    });
  return { understanding };
}

/** Starts understanding a request: the live model run (if any) and the final answer. */
export function startUnderstanding(input: UnderstandInput, opts: UnderstandOptions = {}): ModelRun {
  if (opts.offline) return offlineRun(input, opts);
  let model = opts.model;
  if (!model) {
    const r = resolveModelConfig(opts.env ?? process.env);
    if (!r.ok)
      return offlineRun(
        input,
        opts,
        `The model is not configured correctly (${r.message}); answered offline.`,
      );
    if (!r.config) return offlineRun(input, opts);
    model = r.config.model;
  }
  return startModelRun(input, model, {
    fallback: understandOffline,
    abortSignal: opts.abortSignal,
    maxSteps: opts.maxSteps,
    onError: opts.onError,
  });
}

/** The final Understanding of one request. */
export function understand(input: UnderstandInput, opts: UnderstandOptions = {}): Promise<Understanding> {
  return startUnderstanding(input, opts).understanding;
}

/**
 * For the chat route: `const { stream, understanding } = streamUnderstand(input, { abortSignal: req.signal });
 * return createUIMessageStreamResponse({ stream });` The stream carries the model's prose and then a
 * `data-understanding` part; `understanding` resolves to the same value.
 */
export function streamUnderstand(input: UnderstandInput, opts: UnderstandOptions = {}): UnderstandingStream {
  return toUnderstandingStream(startUnderstanding(input, opts));
}
