// Server-only entry of request understanding: the router (offline parser or model), its streaming form
// for the chat route, and the model path's configuration, prompt and tools.
export {
  buildSystemPrompt,
  describeModelError,
  EXAMPLE_SPEC,
  modelFromEnv,
  PROMPT_VERSION,
  resolveModelConfig,
  systemPrompt,
  toUnderstandingStream,
  understandWithModel,
} from './model';
export { startUnderstanding, streamUnderstand, understand, understandingPath } from './understand';
