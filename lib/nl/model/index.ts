// Public surface of the language-model path (the router in ../understand.ts is what the app calls).
export { describeModelError, redact, SilentModelError } from './errors';
export {
  buildSystemPrompt,
  EXAMPLE_SPEC,
  functionsReference,
  PROMPT_VERSION,
  systemPrompt,
} from './prompt';
export type { ConfiguredModel, Env, ModelConfigResult, ModelProfile } from './provider';
export { DEFAULT_OPENAI_MODEL, modelFromEnv, modelProfile, resolveModelConfig, safeUrl } from './provider';
export type { BacktalkUIChunk, BacktalkUIMessage, UnderstandingStream } from './stream';
export { toUnderstandingStream } from './stream';
export type { Outcome, ToolResult } from './tools';
export { TOOL_NAMES } from './tools';
export type { ModelOptions, ModelRun, OfflineParser } from './understand-model';
export {
  buildMessages,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_STEPS,
  startModelRun,
  understandWithModel,
} from './understand-model';
export { fromModelSpec, modelSpecJsonSchema, PERCENT_FIELDS, toModelSpec } from './wire';
