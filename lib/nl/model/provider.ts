// Which language model to use, from the server's environment only. The key is handed to the provider and
// never appears in a description, an error message or a log line.
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai';

export type Env = Readonly<Record<string, string | undefined>>;

/** The provider name of models served by OPENAI_BASE_URL (model.provider is `openai-compatible.chat`). */
const LOCAL_PROVIDER = 'openai-compatible';

/** What a model's provider needs from a run. */
export interface ModelProfile {
  /** OpenAI itself: tools are declared strict, so its structured outputs enforce the schema. */
  readonly strict: boolean;
  /** A local OpenAI-compatible server: the compact prompt and schema, sized for a 4,096-token context. */
  readonly local: boolean;
}

export function modelProfile(model: LanguageModel): ModelProfile {
  const p = typeof model === 'string' ? '' : model.provider;
  return {
    strict: p === 'openai.responses' || p === 'openai.chat',
    local: p.startsWith(`${LOCAL_PROVIDER}.`),
  };
}

/** The default on OpenAI: cheap, fast, and good at tool calls. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
const OPENAI_URL = 'https://api.openai.com/v1';

export interface ConfiguredModel {
  readonly model: LanguageModel;
  /** For logs and the UI: provider, model and server, never the key. */
  readonly description: string;
}

export type ModelConfigResult =
  | { readonly ok: true; readonly config: ConfiguredModel | null }
  | { readonly ok: false; readonly message: string };

const value = (env: Env, k: string): string | undefined => {
  const v = env[k]?.trim();
  return v ? v : undefined;
};

/** The URL without credentials, query or fragment: safe to show. */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}

/**
 * Reads OPENAI_API_KEY, OPENAI_BASE_URL (any OpenAI-compatible server: Ollama, vLLM, LM Studio) and
 * BACKTALK_MODEL. Nothing set: `config: null` (the offline parser answers). A base URL needs a model
 * name, since no default fits every local server; a base URL that is not http(s) is refused.
 */
export function resolveModelConfig(env: Env): ModelConfigResult {
  const key = value(env, 'OPENAI_API_KEY');
  const baseURL = value(env, 'OPENAI_BASE_URL');
  const name = value(env, 'BACKTALK_MODEL');
  if (baseURL) {
    let url: URL;
    try {
      url = new URL(baseURL);
    } catch (cause) {
      return bad(`OPENAI_BASE_URL is not a URL: set it like http://localhost:11434/v1`, cause);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return bad(`OPENAI_BASE_URL must start with http:// or https:// (e.g. http://localhost:11434/v1)`);
    if (!name)
      return bad(
        `OPENAI_BASE_URL is set but BACKTALK_MODEL is not: name the model the server at ${safeUrl(baseURL)} serves (e.g. llama3.1)`,
      );
    // The chat-completions API is the one local servers implement (not OpenAI's Responses API).
    const provider = createOpenAI({ baseURL, apiKey: key ?? 'not-needed', name: LOCAL_PROVIDER });
    return ok(provider.chat(name), `${name} at ${safeUrl(baseURL)} (OpenAI-compatible)`);
  }
  if (!key) return { ok: true, config: null };
  const model = name ?? DEFAULT_OPENAI_MODEL;
  // baseURL is explicit so a stray process-wide OPENAI_BASE_URL cannot redirect an injected env.
  return ok(createOpenAI({ apiKey: key, baseURL: OPENAI_URL })(model), `OpenAI ${model}`);
}

function ok(model: LanguageModel, description: string): ModelConfigResult {
  return { ok: true, config: { model, description } };
}

function bad(message: string, cause?: unknown): ModelConfigResult {
  // The cause is a URL parse error on the configured value, which may hold credentials: keep only its kind.
  const kind = cause instanceof Error ? ` (${cause.name})` : '';
  return { ok: false, message: `${message}${kind}` };
}

/**
 * The configured model, or null when none is configured or the configuration is unusable (the caller then
 * answers offline; `resolveModelConfig` says what is wrong).
 */
export function modelFromEnv(env: Env = process.env): ConfiguredModel | null {
  const r = resolveModelConfig(env);
  return r.ok ? r.config : null;
}
